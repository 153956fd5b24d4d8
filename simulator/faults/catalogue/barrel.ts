/**
 * Heater and thermocouple faults of the barrel and the hot runner: F01 (heater band), F02 (thermocouple
 * drift or open), F11 (nozzle blockage or nozzle heater), F19 (hot-runner drop).
 */
import type { FaultDef } from '../types.ts';
import { clamp01, indexed, indexOf, num, SAME } from './common.ts';

const HEATERS = indexed([
  'barrel.z1_heater',
  'barrel.z2_heater',
  'barrel.z3_heater',
  'barrel.z4_heater',
  'barrel.nozzle_heater',
]);
const TCS = indexed(['barrel.z1_tc', 'barrel.z2_tc', 'barrel.z3_tc', 'barrel.z4_tc', 'barrel.nozzle_tc']);

export const F01: FaultDef = {
  id: 'F01',
  name: {
    fr: 'Collier chauffant défaillant (zone ouverte)',
    en: 'Barrel heater band failure (open circuit)',
  },
  tags: ['Mc'],
  equipment: ['imm'],
  components: HEATERS,
  defaultComponent: 'barrel.z2_heater',
  variants: ['open_band', 'partial'],
  defaultVariant: 'open_band',
  params: {
    health: {
      type: 'number',
      min: 0,
      max: 1,
      doc: 'heater health H left at full severity (open band 0; partial 0.3–0.6, default 0.5)',
    },
  },
  severity: { default: 1, min: 0, max: 1 },
  profile: { kind: 'step' },
  time: {
    real: 'step; T_Z2 falls with τ ≈ 4–5 min towards −30…−55 K',
    exam: 'as real (a partial failure H = 0.3–0.6 tunes the severity)',
    signatureS: 900,
  },
  inject: 'H_Z2 = 0 (step)',
  leading: 'zone output 100 % while the zone actual falls 30–55 K below set point',
  repairs: [{ steps: [{ component: SAME, ops: ['replace'] }] }],
  apply(cell, x, inst) {
    const f = cell.imm!.faults;
    const i = indexOf(HEATERS, inst.component);
    const left = num(inst, 'health', inst.variant === 'partial' ? 0.5 : 0);
    f.heaterHealth[i] = clamp01(f.heaterHealth[i]! * (1 - x * (1 - left)));
  },
};

export const F02: FaultDef = {
  id: 'F02',
  name: { fr: 'Dérive ou déplacement de thermocouple', en: 'Thermocouple drift or displaced thermocouple' },
  tags: ['Mc'],
  equipment: ['imm'],
  components: TCS,
  defaultComponent: 'barrel.z3_tc',
  variants: ['drift', 'tc_open'],
  defaultVariant: 'drift',
  params: {
    drift_k: {
      type: 'number',
      default: -20,
      min: -40,
      max: 40,
      unit: 'K',
      doc: 'reading error at full severity (negative: reads low, the zone runs hot)',
    },
  },
  severity: { default: 1, min: 0, max: 2 },
  profile: { kind: 'ramp', duration_s: 900 },
  time: {
    real: 'days to weeks',
    exam: '10–20 min ramp (default 15 min)',
    signatureS: 2400,
  },
  inject: 'drift_Z3 ramps to −20 K (the reading is low); variant TC open (upscale burnout)',
  leading: 'zone displayed on set point while its output % rises 10–20 points',
  repairs: [{ steps: [{ component: SAME, ops: ['reseat', 'replace'] }] }],
  apply(cell, x, inst) {
    const f = cell.imm!.faults;
    const i = indexOf(TCS, inst.component);
    if (inst.variant === 'tc_open') {
      if (x > 0) f.tcOpen[i] = true;
    } else f.tcDriftK[i] = f.tcDriftK[i]! + x * num(inst, 'drift_k', -20);
  },
};

export const F11: FaultDef = {
  id: 'F11',
  name: { fr: 'Buse obstruée ou figée', en: 'Nozzle blockage / nozzle freeze-off' },
  tags: ['Mc', 'Ma'],
  equipment: ['imm'],
  components: [
    { id: 'injection_unit.nozzle_tip', variants: ['blocked'] },
    { id: 'barrel.nozzle_heater', variants: ['heater'] },
  ],
  defaultComponent: 'injection_unit.nozzle_tip',
  variants: ['blocked', 'heater'],
  defaultVariant: 'blocked',
  params: {
    r_noz: {
      type: 'number',
      default: 1.8,
      min: 1,
      max: 2.6,
      doc: 'nozzle restriction factor R_noz at full severity (1.8 default, 2.2 severe)',
    },
  },
  severity: { default: 1, min: 0, max: 2 },
  profile: { kind: 'step' },
  time: {
    real: 'step (contamination) or a few shots; nozzle freeze-off 2–4 min',
    exam: 'step or ramp; the heater variant loses 30–60 K in 2–4 min',
    signatureS: 300,
  },
  inject: 'R_noz 1 → 1.8 (up to 2.2 severe), or nozzle heater H = 0',
  leading: 'injection pressure at the 90 MPa limit, velocity below set, fill time +30 %',
  repairs: [
    { steps: [{ component: 'injection_unit.nozzle_tip', ops: ['clean', 'replace'] }] },
    { steps: [{ component: 'barrel.nozzle_heater', ops: ['replace'] }] },
  ],
  apply(cell, x, inst) {
    const f = cell.imm!.faults;
    if (inst.variant === 'heater') f.heaterHealth[4] = clamp01(f.heaterHealth[4]! * (1 - x));
    else f.nozzleRestriction *= 1 + x * (num(inst, 'r_noz', 1.8) - 1);
  },
};

const DROPS = indexed(['hot_runner.manifold_heater', 'hot_runner.drop_a_heater', 'hot_runner.drop_b_heater']);
const DROP_TCS = indexed(
  ['hot_runner.manifold_tc', 'hot_runner.drop_a_tc', 'hot_runner.drop_b_tc'],
  'tc_open',
);

export const F19: FaultDef = {
  id: 'F19',
  name: { fr: 'Zone de canal chaud défaillante', en: 'Hot-runner zone failure' },
  tags: ['Mc'],
  equipment: ['hotrunner', 'imm'],
  components: [...DROPS.map((d) => ({ ...d, variants: ['heater'] })), ...DROP_TCS],
  defaultComponent: 'hot_runner.drop_b_heater',
  variants: ['heater', 'tc_open'],
  defaultVariant: 'heater',
  params: {},
  severity: { default: 1, min: 0, max: 1 },
  profile: { kind: 'step' },
  time: {
    real: 'step; the drop falls 230 → 180 °C over 3–6 min',
    exam: 'as real',
    signatureS: 600,
  },
  inject: 'drop B heater H = 0 (or drop B TC open: upscale burnout, zone off)',
  leading: 'drop B actual ↓ with output 100 % (or TC open); cavity B peak ↓, cavity A over-packed',
  repairs: [{ steps: [{ component: SAME, ops: ['replace'] }] }],
  check: (cell) =>
    cell.hotrunner ? null : 'this station has no hot runner (hot-runner job R-PP-HR required)',
  apply(cell, x, inst) {
    const f = cell.hotrunner!.faults;
    if (inst.variant === 'tc_open') {
      if (x > 0) f.tcOpen[indexOf(DROP_TCS, inst.component)] = true;
    } else {
      const i = indexOf(DROPS, inst.component);
      f.heaterHealth[i] = clamp01(f.heaterHealth[i]! * (1 - x));
    }
  },
};
