/**
 * §5.2 A–B: announce, PPE, controlled stop (semi-automatic, then manual), quarantine, guards, and the
 * emergency stop (for emergencies: using it as a routine stop is a minor error the scorer counts).
 */
import { MODE } from '../cell-bridge.ts';
import { lockOf } from '../requirements.ts';
import type { SafetyModel } from '../safety-model.ts';

export function registerStopGestures(m: SafetyModel): void {
  const s = () => m.s;
  const b = () => m.b;

  m.gesture('act.notify', {
    apply: (a) => {
      s().notified++;
      return { notified: a.to?.length ? a.to : ['team_leader', 'neighbours'] };
    },
  });

  m.gesture('act.ppe', {
    apply: (a) => {
      for (const i of a.items) if (!s().ppe.includes(i)) s().ppe.push(i);
      return { wearing: [...s().ppe] };
    },
  });

  m.gesture('act.mode_semi', {
    check: () => {
      if (!b().has('mode')) return 'no machine mode on this station';
      const mode = b().get('mode');
      if (mode === MODE.SEMI_AUTOMATIC) return 'already in SEMI_AUTOMATIC';
      return mode === MODE.AUTOMATIC ? null : 'the machine is not in AUTOMATIC (nothing to stop)';
    },
    apply: () => {
      b().set('mode', MODE.SEMI_AUTOMATIC);
      return { mode: 'SEMI_AUTOMATIC', cycle: b().cycling ? 'finishing' : 'ended' };
    },
  });

  m.gesture('act.mode_manual', {
    check: () => {
      if (!b().has('mode')) return 'no machine mode on this station';
      // a controlled stop: from AUTOMATIC, SEMI_AUTOMATIC first so the cycle ends (a stalled cycle may be
      // interrupted from SEMI_AUTOMATIC)
      if (b().cycling && b().get('mode') === MODE.AUTOMATIC)
        return 'a cycle is running: select SEMI_AUTOMATIC first so that it ends (act.mode_semi)';
      return b().get('mode') === MODE.MANUAL ? 'already in MANUAL' : null;
    },
    apply: () => {
      b().set('mode', MODE.MANUAL);
      return { mode: 'MANUAL' };
    },
  });

  m.gesture('act.quarantine', {
    check: (a) => {
      if (a.to_shot !== undefined && a.to_shot < a.from_shot) return 'to_shot is before from_shot';
      return a.from_shot > s().lastShotId
        ? `shot ${a.from_shot} has not been made yet (last: ${s().lastShotId})`
        : null;
    },
    apply: (a, c) => {
      const to = a.to_shot ?? s().lastShotId;
      s().quarantines.push({
        from: a.from_shot,
        ...(a.to_shot !== undefined ? { to: a.to_shot } : {}),
        t: c.t,
        by: c.actor.user,
      });
      const shots = Math.max(0, to - a.from_shot + 1);
      return {
        from_shot: a.from_shot,
        to_shot: to,
        shots,
        parts: 2 * shots,
        label: 'QUARANTINE — do not use',
      };
    },
  });

  const guardKey = (g: 'front' | 'rear' | 'purge' | undefined): 'front' | 'rear' | 'purgeGuard' =>
    g === 'rear' ? 'rear' : g === 'purge' ? 'purgeGuard' : 'front';

  m.gesture('act.guard_open', {
    check: (a, c) => {
      const key = guardKey(a.guard);
      if (!b().has(key)) return 'no such guard on this station';
      if (!b().bool(key)) return `the ${a.guard ?? 'front'} guard is already open`;
      if (a.guard === 'rear' && !lockOf(s(), c.actor.user)) {
        return 'the rear guard is opened for set-up or maintenance only, under lockout (apply your padlock first)';
      }
      return null;
    },
    apply: (a) => {
      b().set(guardKey(a.guard), false);
      // the interlock stops a running cycle (GUARD_OPEN alarm): that is the machine's reaction
      return {
        guard: a.guard ?? 'front',
        open: true,
        machine: b().cycling ? 'stopping (guard interlock)' : 'stopped',
      };
    },
  });

  m.gesture('act.guard_close', {
    check: (a) => {
      if (a.guard === undefined) {
        return (['front', 'rear', 'purgeGuard'] as const).some((k) => b().has(k) && !b().bool(k))
          ? null
          : 'every guard is already closed';
      }
      const key = guardKey(a.guard);
      if (!b().has(key)) return 'no such guard on this station';
      return b().bool(key) ? `the ${a.guard} guard is already closed` : null;
    },
    apply: (a) => {
      const keys = a.guard === undefined ? (['front', 'rear', 'purgeGuard'] as const) : [guardKey(a.guard)];
      for (const k of keys) b().set(k, true);
      return { closed: a.guard ?? 'all' };
    },
  });

  m.gesture('act.estop', {
    check: () =>
      b().has('estop')
        ? b().bool('estop')
          ? 'the emergency stop is already pressed'
          : null
        : 'no emergency stop on this station',
    apply: (_a, c) => {
      b().set('estop', true);
      s().estopT = c.t;
      return { estop: 'pressed' };
    },
  });

  m.gesture('act.estop_reset', {
    check: () => {
      if (!b().has('estop')) return 'no emergency stop on this station';
      if (!b().estopLatched) return 'the emergency stop is not active';
      return b().guardsClosed ? null : 'close the guards before the reset';
    },
    apply: () => {
      b().set('estop', false);
      b().safetyReset();
      return { estop: 'released', mode: 'MANUAL' };
    },
  });
}
