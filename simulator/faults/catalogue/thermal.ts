/**
 * Mould temperature faults: F04 (cooling channel blockage), F05 (TCU failure), F24 (condensation on a
 * mould below the ambient dew point).
 */
import { dewPoint } from '../../cell/ambient.ts';
import { SCENARIO_ACTOR } from '../actors.ts';
import { TCU_OF } from '../cell-access.ts';
import type { ComponentOption, FaultDef } from '../types.ts';
import { clamp01, EQUIPMENT, indexed, indexOf, lerp, memoNum, num, SAME } from './common.ts';

const CIRCUITS = indexed(['mould.circuit_a1', 'mould.circuit_a2', 'mould.circuit_b1', 'mould.circuit_b2']);

export const F04: FaultDef = {
  id: 'F04',
  name: {
    fr: 'Obstruction partielle d’un circuit de refroidissement',
    en: 'Mould cooling channel partial blockage',
  },
  tags: ['Mc', 'Mt'],
  equipment: ['mould'],
  components: CIRCUITS,
  defaultComponent: 'mould.circuit_b2',
  variants: ['blocked'],
  defaultVariant: 'blocked',
  params: {
    flow_lpm: {
      type: 'number',
      default: 0.8,
      min: 0,
      max: 8,
      unit: 'L/min',
      doc: 'circuit flow reached (8 nominal)',
    },
  },
  severity: { default: 1, min: 0, max: 1.2 },
  profile: { kind: 'step' },
  time: {
    real: 'weeks (scale, corrosion)',
    exam: 'a step, or a 10 min ramp; the mould half follows with τ ≈ 15–30 min',
    signatureS: 4500,
  },
  inject: 'circuit B2 flow 8 → 0.8 L/min (Re ≈ 25 700 → 2 600)',
  leading: 'moving-half surface at B2 +8 K, B2 ΔT 0.5 → 2.9 K; TCU supply normal',
  repairs: [{ steps: [{ component: SAME, ops: ['clean', 'replace'] }] }],
  apply(cell, x, inst) {
    const f = cell.mould!.faults;
    const i = indexOf(CIRCUITS, inst.component);
    f.circuitFlowFactor[i] = f.circuitFlowFactor[i]! * clamp01(1 - x * (1 - num(inst, 'flow_lpm', 0.8) / 8));
  },
};

const tcuOptions: ComponentOption[] = (['tcu_fixed', 'tcu_moving'] as const).flatMap((t) => [
  { id: t, variants: ['valve_stuck_closed', 'pump_stop', 'heater_stuck_on', 'valve_stuck_open'] },
  { id: `${t}.pump`, variants: ['pump_stop'] },
  { id: `${t}.heater`, variants: ['heater_stuck_on'] },
  { id: `${t}.cooling_valve`, variants: ['valve_stuck_closed', 'valve_stuck_open'] },
]);

/** the cell's TCU model id of a TCU component (`tcu_moving.pump` → `tcu2`) */
export const tcuModelOf = (component: string): 'tcu1' | 'tcu2' => TCU_OF[component.split('.')[0]!] ?? 'tcu2';

export const F05: FaultDef = {
  id: 'F05',
  name: { fr: 'Défaillance du thermorégulateur', en: 'TCU failure' },
  tags: ['Mc'],
  equipment: ['tcu1', 'tcu2', 'mould'],
  components: tcuOptions,
  defaultComponent: 'tcu_moving.cooling_valve',
  variants: ['valve_stuck_closed', 'pump_stop', 'heater_stuck_on', 'valve_stuck_open'],
  defaultVariant: 'valve_stuck_closed',
  params: {},
  severity: { default: 1, min: 1, max: 1 },
  profile: { kind: 'step' },
  time: {
    real: 'step (pump trip, welded contactor, stuck solenoid valve)',
    exam: 'as real; the supply creeps off its set point, the mould half follows with τ ≈ 15 min',
    signatureS: 3600,
  },
  inject: '(a) pump stop, (b) heater stuck on, (c) cooling valve stuck closed, (d) stuck open',
  leading: 'TCU supply temperature leaves its set point (unlike F04); both circuits of that half follow',
  repairs: [
    { steps: [{ component: EQUIPMENT, ops: ['replace'] }] },
    { steps: [{ component: SAME, ops: ['replace'] }] },
  ],
  apply(cell, x, inst) {
    if (x <= 0) return;
    const f = cell[tcuModelOf(inst.component)]!.faults;
    switch (inst.variant) {
      case 'pump_stop':
        f.pumpRunning = false;
        break;
      case 'heater_stuck_on':
        f.heaterStuckOn = true;
        break;
      case 'valve_stuck_open':
        f.coolingValve = 'stuck_open';
        break;
      default:
        f.coolingValve = 'stuck_closed';
    }
  },
};

const TCU_SP = ['tcu1.temp_sp', 'tcu2.temp_sp'] as const;

export const F24: FaultDef = {
  id: 'F24',
  name: { fr: 'Condensation sur le moule', en: 'Mould condensation (mould below the ambient dew point)' },
  tags: ['Mi', 'Mt'],
  equipment: ['ambient', 'mould', 'tcu1', 'tcu2'],
  components: [{ id: 'mould.mould_surface' }, { id: 'environment.ambient' }],
  defaultComponent: 'mould.mould_surface',
  variants: ['cold_mould'],
  defaultVariant: 'cold_mould',
  params: {
    dew_point_c: {
      type: 'number',
      default: 22,
      min: 0,
      max: 30,
      unit: '°C',
      doc: 'ambient dew point (humid day)',
    },
    mould_c: {
      type: 'number',
      default: 12,
      min: 5,
      max: 40,
      unit: '°C',
      doc: 'TCU set points of the cold mould (chilled water at 8 °C)',
    },
  },
  severity: { default: 1, min: 0, max: 1 },
  profile: { kind: 'step' },
  time: {
    real: 'a humid day with a chilled mould; worst after stops',
    exam: 'as real; the mould cools with τ ≈ 15–30 min',
    signatureS: 3000,
  },
  inject: 'ambient dew point above the mould surface (cold mould set by the scenario, chiller water)',
  leading: 'water marks and dull patches not linked to the dryer; ambient dew point > mould surface',
  repairs: [
    { steps: [{ component: 'mould.mould_temperature', ops: ['adjust'] }] },
    { steps: [{ component: 'environment.ambient', ops: ['adjust', 'restore'] }] },
  ],
  apply(cell, x, inst) {
    if (x <= 0) return;
    const a = cell.ambient!.faults;
    const nominal = dewPoint(cell.ambient!.s.tC, a.humidityPct ?? 50);
    a.dewPointC = lerp(nominal, num(inst, 'dew_point_c', 22), Math.min(1, x));
    a.plantWaterC = Math.min(a.plantWaterC, 8);
  },
  activate(inst, env) {
    const v = num(inst, 'mould_c', 12);
    TCU_SP.forEach((key, k) => {
      inst.memo[`prev${k}`] = env.store.get(env.store.handle(key));
      env.submit(SCENARIO_ACTOR, { kind: 'write', signal: key, value: v, reason: 'chilled mould set-up' });
    });
  },
  deactivate(inst, env, _how, by) {
    // the mould back to its validated temperature (the repair `mould_temperature adjust`, or a clear)
    const cold = num(inst, 'mould_c', 12);
    TCU_SP.forEach((key, k) => {
      const prev = memoNum(inst, `prev${k}`);
      const now = env.store.get(env.store.handle(key));
      if (prev === undefined || Math.abs(now - cold) > 0.05) return;
      env.submit(by ?? SCENARIO_ACTOR, {
        kind: 'write',
        signal: key,
        value: prev,
        reason: by ? 'mould temperature above the dew point + 3–5 K' : 'scenario cleared',
      });
    });
  },
};
