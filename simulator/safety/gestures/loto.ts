/**
 * §5.2 C lockout/tagout (INRS ED 6109 / OSHA 1910.147): identify → isolate → lock → tag → dissipate →
 * verify, one padlock and tag per person; déconsignation: tools removed, guards refitted, area clear, each
 * person removes their own padlock; the energies come back when the last padlock is off. Every isolation
 * switches the real controls off (heaters, pump, TCUs, hot runner) and interlocks keep them off on every
 * channel while isolated.
 */
import type { ActionContext } from '../../kernel/actions.ts';
import type { Key } from '../cell-bridge.ts';
import { MODE } from '../cell-bridge.ts';
import { lockOf } from '../requirements.ts';
import type { SafetyModel } from '../safety-model.ts';
import type { SafetyState } from '../state.ts';

/** the dissipations each identified energy needs before a verification */
const NEEDS: Record<string, { dissipation: string; point: keyof SafetyState['isolated'] }> = {
  hydraulic: { dissipation: 'accumulator_discharge', point: 'main' },
  accumulator: { dissipation: 'accumulator_discharge', point: 'main' },
  pneumatic: { dissipation: 'vent_air', point: 'air' },
  water: { dissipation: 'depressurise_water', point: 'water' },
};

const DISSIPATION_POINT: Record<string, keyof SafetyState['isolated'] | null> = {
  accumulator_discharge: 'main',
  vent_air: 'air',
  depressurise_water: 'water',
  screw_decompress: null,
  cool_down: null,
};

export function registerLotoGestures(m: SafetyModel): void {
  const s = () => m.s;
  const b = () => m.b;
  const stopped = (): string | null => {
    if (b().cycling) return 'controlled stop first: SEMI_AUTOMATIC to finish the cycle, then MANUAL';
    if (b().hasMachine && !b().manual && !b().estopLatched) return 'controlled stop first: select MANUAL';
    return null;
  };
  const identified = (...e: string[]) => e.some((x) => s().identified.includes(x));

  /** switch controls off, remembering their state for the re-energising */
  const isolate = (point: keyof SafetyState['isolated'], keys: readonly Key[]) => {
    for (const k of keys) {
      if (!b().has(k)) continue;
      s().saved[k] = b().get(k);
      b().set(k, false);
    }
    s().isolated[point] = true;
    m.publishState();
  };

  m.gesture('act.loto_identify', {
    apply: (a) => {
      for (const e of a.energies) if (!s().identified.includes(e)) s().identified.push(e);
      return { energies: [...s().identified] };
    },
  });

  m.gesture('act.isolate_main', {
    check: () => {
      if (!identified('electric', 'hydraulic', 'accumulator'))
        return 'identify the energies first (act.loto_identify)';
      if (s().isolated.main) return 'the main switch is already isolated';
      return stopped();
    },
    apply: () => {
      isolate('main', ['heaters', 'pump', 'conveyorRun']);
      return { main_switch: 'off', heaters: 'off', hydraulic_pump: 'off' };
    },
  });

  m.gesture('act.isolate_air', {
    check: () => {
      if (!identified('pneumatic')) return 'identify the pneumatic energy first (act.loto_identify)';
      return s().isolated.air ? 'the compressed air is already isolated' : null;
    },
    apply: () => {
      isolate('air', []);
      return { compressed_air: 'valve closed' };
    },
  });

  m.gesture('act.isolate_water', {
    check: () => {
      if (!identified('water', 'thermal'))
        return 'identify the water/thermal energy first (act.loto_identify)';
      if (s().isolated.water) return 'the water is already isolated';
      return stopped();
    },
    apply: () => {
      isolate('water', ['tcu1On', 'tcu2On']);
      return { tcu: 'off', valves: 'closed' };
    },
  });

  m.gesture('act.isolate_hr', {
    check: () => {
      if (!b().has('hrPower')) return 'this cell has no hot-runner controller';
      if (!identified('electric')) return 'identify the electric energy first (act.loto_identify)';
      return s().isolated.hr ? 'the hot-runner controller is already isolated' : null;
    },
    apply: () => {
      isolate('hr', ['hrPower']);
      return { hot_runner: 'off' };
    },
  });

  m.gesture('act.lock', {
    check: (_a, c) => {
      if (!Object.values(s().isolated).some(Boolean)) return 'isolate an energy first (act.isolate_*)';
      return lockOf(s(), c.actor.user) ? 'you already have a padlock on' : null;
    },
    apply: (a, c) => {
      const padlock = a.padlock || `PL-${c.actor.user}`;
      s().locks.push({ user: c.actor.user, padlock, t: c.t, tag: null });
      s().restore = { tools: false, guards: false, area: false };
      m.publishState();
      return { padlock, locks: s().locks.length };
    },
  });

  m.gesture('act.tag', {
    check: (_a, c) => (lockOf(s(), c.actor.user) ? null : 'apply your padlock first (act.lock)'),
    apply: (a, c) => {
      const lock = lockOf(s(), c.actor.user)!;
      lock.tag = {
        ...(a.name ? { name: a.name } : {}),
        ...(a.reason ? { reason: a.reason } : {}),
        ...(a.date ? { date: a.date } : {}),
      };
      const missing = (['name', 'reason', 'date'] as const).filter((k) => !a[k]);
      return { tagged: true, ...(missing.length ? { missing } : {}) };
    },
  });

  m.gesture('act.dissipate', {
    check: (a, c) => {
      const lock = lockOf(s(), c.actor.user);
      if (!lock) return 'apply your padlock first (act.lock)';
      if (!lock.tag) return 'tag your padlock first (act.tag)';
      for (const w of a.what) {
        const p = DISSIPATION_POINT[w];
        if (p && !s().isolated[p]) return `${w}: isolate that energy first`;
        if (w === 'screw_decompress' && b().cycling) return 'stop the machine first';
      }
      return null;
    },
    apply: (a) => {
      for (const w of a.what) if (!s().dissipated.includes(w)) s().dissipated.push(w);
      return { dissipated: [...s().dissipated] };
    },
  });

  m.gesture('act.verify', {
    check: (_a, c) => {
      const lock = lockOf(s(), c.actor.user);
      if (!lock) return 'apply your padlock first (act.lock)';
      if (!lock.tag) return 'tag your padlock first (act.tag)';
      for (const e of s().identified) {
        const n = NEEDS[e];
        if (n && s().isolated[n.point] && !s().dissipated.includes(n.dissipation))
          return `dissipate the stored ${e} energy first (act.dissipate ${n.dissipation})`;
      }
      return null;
    },
    apply: (a) => {
      for (const h of a.how) if (!s().verified.includes(h)) s().verified.push(h);
      m.publishState();
      // try-start: the machine does not start; gauges read zero; no voltage
      return {
        verified: [...s().verified],
        try_start: a.how.includes('try_start') ? 'no movement' : undefined,
        pressure_bar: a.how.includes('pressure_gauge_zero') ? 0 : undefined,
        voltage_v: a.how.includes('voltage_absence_test') ? 0 : undefined,
      };
    },
  });

  const afterWork = (c: ActionContext): string | null => {
    if (!lockOf(s(), c.actor.user) && s().locks.length === 0) return 'no lockout in progress';
    return m.busy();
  };

  m.gesture('act.tools_removed', {
    check: (_a, c) => afterWork(c),
    apply: () => {
      s().restore.tools = true;
      return { tools_removed: true };
    },
  });

  m.gesture('act.guards_refitted', {
    check: (_a, c) => afterWork(c),
    apply: () => {
      s().restore.guards = true;
      for (const k of ['front', 'rear'] as const) b().set(k, true);
      return { guards: 'refitted and closed' };
    },
  });

  m.gesture('act.area_clear', {
    check: (_a, c) => afterWork(c),
    apply: () => {
      s().restore.area = true;
      return { area_clear: true };
    },
  });

  m.gesture('act.unlock', {
    check: (_a, c) => {
      const mine = lockOf(s(), c.actor.user);
      if (!mine) {
        return s().locks.length
          ? `only the person who applied a padlock removes it (applied by ${m.lockHolders()})`
          : 'you have no padlock to remove';
      }
      const busy = m.busy();
      if (busy) return busy;
      const r = s().restore;
      if (!r.tools) return 'déconsignation: confirm the tools are removed first (act.tools_removed)';
      if (!r.guards) return 'déconsignation: refit the guards first (act.guards_refitted)';
      if (!r.area) return 'déconsignation: check the area is clear first (act.area_clear)';
      return null;
    },
    apply: (_a, c) => {
      s().locks = s().locks.filter((l) => l.user !== c.actor.user);
      let energised = false;
      if (s().locks.length === 0) {
        // the last padlock is off: the isolators are closed again, the controls back as they were
        for (const [k, v] of Object.entries(s().saved)) b().set(k as Key, v !== 0);
        s().saved = {};
        s().isolated = { main: false, air: false, water: false, hr: false };
        s().identified = [];
        s().dissipated = [];
        s().verified = [];
        if (b().has('mode') && b().get('mode') !== MODE.MANUAL) b().set('mode', MODE.MANUAL);
        energised = true;
      }
      m.publishState();
      return { locks_left: s().locks.length, energised };
    },
  });
}
