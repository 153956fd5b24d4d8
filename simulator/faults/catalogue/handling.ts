/**
 * Handling and inspection faults: F15 (gripper vacuum), F16 (robot position offset), F17 (vision drift),
 * F18 (conveyor jam).
 */
import { VAC_GEN, VAC_K_SEAL } from '../../cell/robot.ts';
import type { FaultDef } from '../types.ts';
import { lerp, num, SAME } from './common.ts';

/** nominal cup leak (fault-surface.ts) and the equilibrium vacuum it gives */
const LEAK_NOMINAL = 0.02;
const pEq = (leak: number) => VAC_GEN * (1 - leak / (leak + VAC_K_SEAL));
/** leak giving the equilibrium vacuum p (kPa, negative) */
const leakFor = (p: number) => VAC_K_SEAL * (VAC_GEN / Math.min(-1, p) - 1);

export const F15: FaultDef = {
  id: 'F15',
  name: { fr: 'Perte de vide du préhenseur', en: 'Robot gripper vacuum loss' },
  tags: ['Mc'],
  equipment: ['robot'],
  components: [
    { id: 'robot.suction_cup', variants: ['leak'] },
    { id: 'robot.vacuum_hose', variants: ['leak'] },
    { id: 'robot.venturi', variants: ['leak'] },
    { id: 'robot.air_supply', variants: ['air_supply'] },
  ],
  defaultComponent: 'robot.suction_cup',
  variants: ['leak', 'air_supply'],
  defaultVariant: 'leak',
  params: {
    p_eq_kpa: {
      type: 'number',
      default: -35,
      min: -75,
      max: -5,
      unit: 'kPa',
      doc: 'equilibrium vacuum reached (−75 nominal, threshold −50)',
    },
    supply_bar: {
      type: 'number',
      default: 4,
      min: 0,
      max: 6,
      unit: 'bar',
      doc: 'air supply reached (air variant)',
    },
  },
  severity: { default: 1, min: 0, max: 1.2 },
  profile: { kind: 'ramp', duration_s: 600 },
  time: {
    real: 'days (cup wear) or a step (hose torn, air drop)',
    exam: 'ramp 10 min, or intermittent',
    signatureS: 900,
  },
  inject: 'leak area ↑ so p_eq −75 → −35 kPa; or supply pressure 6 → 4 bar',
  leading: 'vacuum during pick above the −50 kPa threshold, part not confirmed, retries; vacuum test fails',
  repairs: [{ steps: [{ component: SAME, ops: ['replace', 'clean', 'restore', 'adjust'] }] }],
  apply(cell, x, inst) {
    if (x <= 0) return;
    if (inst.variant === 'air_supply') {
      const a = cell.ambient!.faults;
      a.supplyAirBar = Math.min(a.supplyAirBar, lerp(6, num(inst, 'supply_bar', 4), x));
      return;
    }
    const p = lerp(pEq(LEAK_NOMINAL), num(inst, 'p_eq_kpa', -35), x);
    const f = cell.robot!.faults;
    f.vacuumLeak = Math.max(f.vacuumLeak, leakFor(p));
  },
};

export const F16: FaultDef = {
  id: 'F16',
  name: { fr: 'Décalage de position du robot', en: 'Robot position offset' },
  tags: ['Mc', 'Mo'],
  equipment: ['robot'],
  components: [
    { id: 'robot.eoat', variants: ['eoat'] },
    { id: 'robot.robot_program', variants: ['program'] },
  ],
  defaultComponent: 'robot.eoat',
  variants: ['eoat', 'program'],
  defaultVariant: 'eoat',
  params: {
    offset_mm: {
      type: 'number',
      default: 4,
      min: 0,
      max: 10,
      unit: 'mm',
      doc: 'take-out position error e (3–6 mm)',
    },
  },
  severity: { default: 1, min: 0, max: 1.5 },
  profile: { kind: 'step' },
  time: {
    real: 'step (collision, tool change, re-teach)',
    exam: 'step, optionally drifting (ramp)',
    signatureS: 300,
  },
  inject: 'take-out position error e = 3–6 mm (step)',
  leading: 'vision placement offset ≥ 3 mm (controller actual = taught); program diff for a re-taught point',
  repairs: [
    {
      variants: ['eoat'],
      steps: [
        { component: 'robot.eoat', ops: ['reseat', 'replace'] },
        { component: 'robot.robot_program', ops: ['recalibrate'] },
      ],
    },
    { variants: ['program'], steps: [{ component: 'robot.robot_program', ops: ['recalibrate', 'restore'] }] },
  ],
  apply(cell, x, inst) {
    if (x <= 0) return;
    const f = cell.robot!.faults;
    f.pickOffsetMm = Math.max(f.pickOffsetMm, x * num(inst, 'offset_mm', 4));
    if (inst.variant === 'program') f.programChanged = true;
  },
};

export const F17: FaultDef = {
  id: 'F17',
  name: {
    fr: 'Dérive de la vision (étalonnage, éclairage)',
    en: 'Vision camera calibration drift / lighting change',
  },
  tags: ['Mc', 'Mi'],
  equipment: ['vision'],
  components: [
    { id: 'vision.lighting', variants: ['lighting'] },
    { id: 'vision.optics', variants: ['lighting'] },
    { id: 'vision.calibration', variants: ['scale', 'roi'] },
  ],
  defaultComponent: 'vision.lighting',
  variants: ['lighting', 'scale', 'roi'],
  defaultVariant: 'lighting',
  params: {
    brightness_gain: {
      type: 'number',
      default: 0.75,
      min: 0.2,
      max: 1.5,
      doc: 'lighting gain reached (LED ageing)',
    },
    scale_error: {
      type: 'number',
      default: 0.002,
      min: -0.02,
      max: 0.02,
      doc: 'mm/px scale error reached (+0.2 %)',
    },
    roi_offset_mm: {
      type: 'number',
      default: 6,
      min: -20,
      max: 20,
      unit: 'mm',
      doc: 'ROI offset reached (camera bumped)',
    },
  },
  severity: { default: 1, min: 0, max: 1.5 },
  profile: { kind: 'ramp', duration_s: 600 },
  time: {
    real: 'months (LED ageing) or a step (camera bumped)',
    exam: 'ramp 10 min (lighting) or a step',
    signatureS: 900,
  },
  inject: 'brightness gain × 0.75 (ramp), or mm/px scale +0.2 %, or ROI offset',
  leading:
    'vision reject rate 0.5 → 5–15 % (false rejects), brightness ↓; weight, cavity pressure, cushion unchanged',
  repairs: [
    { variants: ['lighting'], steps: [{ component: 'vision.lighting', ops: ['replace', 'adjust'] }] },
    { variants: ['lighting'], steps: [{ component: 'vision.optics', ops: ['clean'] }] },
    { variants: ['scale', 'roi'], steps: [{ component: 'vision.calibration', ops: ['recalibrate'] }] },
  ],
  apply(cell, x, inst) {
    const f = cell.vision!.faults;
    switch (inst.variant) {
      case 'scale':
        f.scaleError += x * num(inst, 'scale_error', 0.002);
        break;
      case 'roi':
        f.roiOffsetMm += x * num(inst, 'roi_offset_mm', 8.5);
        break;
      default:
        f.brightnessGain *= Math.max(0.05, 1 - x * (1 - num(inst, 'brightness_gain', 0.75)));
    }
  },
};

export const F18: FaultDef = {
  id: 'F18',
  name: { fr: 'Bourrage du convoyeur', en: 'Conveyor jam' },
  tags: ['Mc'],
  equipment: ['conveyor', 'robot'],
  components: [{ id: 'conveyor.belt' }, { id: 'conveyor.drive' }],
  defaultComponent: 'conveyor.belt',
  variants: ['jam'],
  defaultVariant: 'jam',
  params: {},
  severity: { default: 1, min: 1, max: 1 },
  profile: { kind: 'step' },
  time: { real: 'event', exam: 'event; motor current +80 % then a trip after 3 s', signatureS: 120 },
  inject: 'event: conveyor speed → 0, motor current +80 % then trip after 3 s',
  leading: 'conveyor trip, end photo-eye blocked; robot waits at place; the machine stops (availability)',
  repairs: [
    { steps: [{ component: SAME, ops: ['clean'] }] },
    { steps: [{ component: 'conveyor', ops: ['clean'] }] },
  ],
  apply(cell, x) {
    if (x > 0) cell.conveyor!.faults.jam = true;
  },
};
