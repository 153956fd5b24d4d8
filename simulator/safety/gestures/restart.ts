/**
 * §5.2 H restart (guards closed, heat soak done, no padlock, semi-automatic first cycle), start-up scrap,
 * first-article inspection, release to AUTOMATIC; §5.2 J measurements with a stated instrument and sample.
 */
import { MODE } from '../cell-bridge.ts';
import type { SafetyModel } from '../safety-model.ts';
import { TECH } from '../safety-model.ts';

/** defects a person sees on the part (not the weight or dimension drifts, not internal voids) */
const VISIBLE = new Set([
  'short_shot',
  'flash',
  'sink',
  'warpage',
  'burn_marks',
  'dark_streaks',
  'splay',
  'jetting',
  'flow_lines',
  'ejector_marks',
  'cold_slug',
]);
const r2 = (v: number) => Math.round(v * 100) / 100;
const r3 = (v: number) => Math.round(v * 1000) / 1000;
const stats = (xs: number[]) => {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, xs.length - 1));
  return { mean: r3(mean), min: r3(Math.min(...xs)), max: r3(Math.max(...xs)), sd: r3(sd), n: xs.length };
};

export function registerRestartGestures(m: SafetyModel): void {
  const s = () => m.s;
  const b = () => m.b;

  m.gesture('act.restart_semi', {
    check: () => {
      if (!b().hasMachine) return 'no machine on this station';
      if (s().locks.length) return `padlock(s) still applied by ${m.lockHolders()}: restart refused`;
      if (Object.values(s().isolated).some(Boolean)) return 'an energy is still isolated: unlock first';
      const busy = m.busy();
      if (busy) return busy;
      if (s().robot.doorLockedBy) return `someone (${s().robot.doorLockedBy}) is inside the robot cell`;
      if (b().cycling) return 'a cycle is already running';
      if (!b().guardsClosed) return 'close the guards first';
      if (b().estopLatched) return 'emergency stop active: reset it first';
      if (b().state === 'STOPPED') return 'machine stopped on an alarm: reset it first (imm.safety_reset)';
      if (!b().bool('heaters')) return 'the barrel heaters are off';
      if (!b().bool('pump')) return 'start the hydraulic power unit first';
      if (!b().heatSoakDone) return 'barrel not at temperature (heat soak not finished)';
      return null;
    },
    apply: (_a, c) => {
      if (!b().carriageForward) b().carriageForwardMove();
      b().set('mode', MODE.SEMI_AUTOMATIC);
      b().semiStart();
      s().restart = { t: c.t, scrapped: 0, faiT: null, releasedT: null };
      s().purge = { ...s().purge, shots: 0, nozzleChecked: false, disposed: false };
      s().dissipated = s().dissipated.filter((d) => d !== 'screw_decompress');
      return { mode: 'SEMI_AUTOMATIC', cycle: 'started', carriage: 'forward' };
    },
  });

  m.gesture('act.scrap', {
    apply: (a) => {
      s().restart.scrapped += a.n;
      return { scrapped_shots: a.n, parts: 2 * a.n, total: s().restart.scrapped };
    },
  });

  m.gesture('act.fai', {
    check: () => {
      const last = s().shots[s().shots.length - 1];
      const since = s().restart.t;
      if (!last) return 'no part produced yet';
      return since !== null && last.t_end < since ? 'no part produced since the restart yet' : null;
    },
    apply: (a, c) => {
      const last = s().shots[s().shots.length - 1]!;
      const all = a.weight === undefined && a.key_dims === undefined && a.visual === undefined;
      s().restart.faiT = c.t;
      return {
        shot: last.shot_id,
        ...(all || a.weight ? { weights_g: last.weights.map(r2) } : {}),
        ...(all || a.key_dims ? { key_dims_mm: last.dimensions.map(r3) } : {}),
        ...(all || a.visual
          ? { visible_defects: last.defects.filter((d) => VISIBLE.has(d)), vision: last.vision }
          : {}),
      };
    },
  });

  m.gesture('act.release', {
    check: () => {
      if (!b().hasMachine) return 'no machine on this station';
      const r = s().restart;
      if (r.faiT === null) return 'first-article inspection first (act.fai)';
      if (s().locks.length) return `padlock(s) still applied by ${m.lockHolders()}`;
      return b().autoBlocker();
    },
    apply: (_a, c) => {
      b().set('mode', MODE.AUTOMATIC);
      s().restart.releasedT = c.t;
      return { mode: 'AUTOMATIC', released: true };
    },
  });

  m.gesture('act.measure', {
    roles: TECH.concat(['operator']),
    check: (a) => {
      if (a.instrument === 'multimeter')
        return 'a multimeter measures a component: use act.diag (resistance)';
      if (a.instrument === 'hand_probe' && s().purge.lastMeltC === null)
        return 'probe the melt of an air shot: purge first (act.purge)';
      if ((a.instrument === 'scale' || a.instrument === 'caliper') && s().shots.length === 0)
        return 'no part produced yet';
      return null;
    },
    apply: (a) => {
      const shots = s().shots.slice(-Math.ceil(a.n / 2));
      const cell = m.engine?.cell;
      switch (a.instrument) {
        case 'scale': {
          const w = shots.flatMap((x) => x.weights).slice(-a.n);
          return { instrument: 'scale (0.01 g)', unit: 'g', ...stats(w.map(r2)) };
        }
        case 'caliper': {
          const d = shots.flatMap((x) => x.dimensions).slice(-a.n);
          return { instrument: 'caliper (0.01 mm)', unit: 'mm', ...stats(d.map(r2)) };
        }
        case 'thermometer': {
          const last = s().shots[s().shots.length - 1];
          const mould = cell?.mould;
          return {
            instrument: 'contact thermometer',
            mould_fixed_c: mould ? r2(mould.fixedC) : last ? r2(last.mould[0]) : null,
            mould_moving_c: mould ? r2(mould.movingC) : last ? r2(last.mould[1]) : null,
          };
        }
        case 'hand_probe':
          return { instrument: 'melt probe in an air shot', melt_c: s().purge.lastMeltC };
        case 'moisture_analyser':
          return {
            instrument: 'moisture analyser',
            moisture_pct: cell?.dryer ? r3(cell.dryer.s.mOut) : null,
          };
        case 'flowmeter': {
          const f = cell?.mould?.s.flow ?? [];
          return {
            instrument: 'flowmeter',
            a1_lpm: r2(f[0] ?? 0),
            a2_lpm: r2(f[1] ?? 0),
            b1_lpm: r2(f[2] ?? 0),
            b2_lpm: r2(f[3] ?? 0),
          };
        }
        case 'pressure_gauge':
          return {
            instrument: 'pressure gauge',
            accumulator_bar: s().dissipated.includes('accumulator_discharge') ? 0 : 140,
            water_bar: s().dissipated.includes('depressurise_water') ? 0 : 3,
            air_bar: s().dissipated.includes('vent_air') ? 0 : (cell?.ambient?.faults.supplyAirBar ?? 6),
          };
        default: {
          const v = cell?.vision;
          return {
            instrument: 'golden parts',
            brightness_pct: v ? r2(v.brightness()) : null,
            golden_dimension_mm: v && cell?.imm ? r3(cell.imm.job.lKeyMm * (1 + v.faults.scaleError)) : null,
          };
        }
      }
    },
  });
}
