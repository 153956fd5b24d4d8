/**
 * Mechanical and hydraulic faults of the machine and the mould: F03 (check ring), F09 (oil cooler),
 * F10 (clamp force), F12 (vents), F13 (ejector pin), F20 (parting-line wear).
 */
import type { FaultDef } from '../types.ts';
import { clamp01, lerp, num, SAME } from './common.ts';

export const F03: FaultDef = {
  id: 'F03',
  name: { fr: 'Clapet anti-retour usé', en: 'Worn check ring (non-return valve)' },
  tags: ['Mc'],
  equipment: ['imm'],
  components: [{ id: 'injection_unit.check_ring' }],
  defaultComponent: 'injection_unit.check_ring',
  variants: ['worn'],
  defaultVariant: 'worn',
  params: {
    delta_mm: { type: 'number', default: 0.16, min: 0.05, max: 0.3, unit: 'mm', doc: 'ring gap δ reached' },
    v_close_cm3: { type: 'number', default: 1.5, min: 1, max: 3, unit: 'cm³', doc: 'closing volume reached' },
    sigma_cr: { type: 'number', default: 0.5, min: 0.05, max: 1, doc: 'relative scatter of V_close reached' },
    p_fly: {
      type: 'number',
      default: 0.05,
      min: 0,
      max: 0.3,
      doc: 'probability of a flyer per shot reached',
    },
  },
  severity: { default: 1, min: 0, max: 1.5 },
  profile: { kind: 'ramp', duration_s: 1800 },
  time: { real: 'weeks (10⁵–10⁶ shots)', exam: '20–40 min ramp (default 30 min)', signatureS: 1800 },
  inject: 'δ 0.05 → 0.16 mm, V_close 1.0 → 1.5 cm³, σ_cr 0.05 → 0.5, p_fly 0 → 0.05 (ramp)',
  leading: 'cushion mean 8 → ≈ 2.5 mm with σ 0.5–1.5 mm',
  repairs: [{ steps: [{ component: SAME, ops: ['replace'] }] }],
  apply(cell, x, inst) {
    const c = cell.imm!.faults.checkRing;
    c.deltaMm = Math.max(c.deltaMm, lerp(0.05, num(inst, 'delta_mm', 0.16), x));
    c.vCloseCm3 = Math.max(c.vCloseCm3, lerp(1, num(inst, 'v_close_cm3', 1.5), x));
    c.sigmaCr = Math.max(c.sigmaCr, lerp(0.05, num(inst, 'sigma_cr', 0.5), x));
    c.pFly = Math.max(c.pFly, clamp01(lerp(0, num(inst, 'p_fly', 0.05), x)));
  },
};

export const F09: FaultDef = {
  id: 'F09',
  name: { fr: "Surchauffe de l'huile hydraulique", en: 'Hydraulic oil overheating' },
  tags: ['Mc', 'Mi'],
  equipment: ['imm'],
  components: [{ id: 'hydraulics.oil_cooler' }],
  defaultComponent: 'hydraulics.oil_cooler',
  variants: ['fouled', 'valve_stuck_closed'],
  defaultVariant: 'fouled',
  params: {
    ua_factor: { type: 'number', default: 0.2, min: 0, max: 1, doc: 'oil-cooler UA factor at full severity' },
  },
  severity: { default: 1, min: 0, max: 1.25 },
  profile: { kind: 'step' },
  time: {
    real: 'τ ≈ 1.6 h with the servo pump (55 °C alarm after ≈ 1.5–2 h)',
    exam: 'τ ≈ 10 min (C_oil ÷ 10 in the physics, docs/physics.md)',
    signatureS: 3600,
  },
  inject: 'UA_cooler × 0.2 (step); variant cooler valve stuck closed',
  leading: 'oil temperature 45 → ≈ 60 °C, alarm at 55 °C, no stop',
  repairs: [{ steps: [{ component: SAME, ops: ['clean', 'replace'] }] }],
  apply(cell, x, inst) {
    const f = cell.imm!.faults;
    if (inst.variant === 'valve_stuck_closed') {
      if (x > 0) f.oilCoolerValveStuckClosed = true;
    } else f.oilCoolerUaFactor *= clamp01(1 - x * (1 - num(inst, 'ua_factor', 0.2)));
  },
};

export const F10: FaultDef = {
  id: 'F10',
  name: { fr: 'Perte de force de fermeture', en: 'Clamp force loss' },
  tags: ['Mc'],
  equipment: ['imm'],
  components: [{ id: 'clamp.clamp_hydraulics' }, { id: 'clamp.mould_height' }],
  defaultComponent: 'clamp.clamp_hydraulics',
  variants: ['leak'],
  defaultVariant: 'leak',
  params: {
    clamp_kn: { type: 'number', default: 600, min: 100, max: 900, unit: 'kN', doc: 'clamp force reached' },
  },
  severity: { default: 1, min: 0, max: 1.5 },
  profile: { kind: 'ramp', duration_s: 900 },
  time: {
    real: 'hours to days (seal wear, die-height drift)',
    exam: 'ramp 10–20 min, or a step',
    signatureS: 1200,
  },
  inject: 'F_clamp 900 → 600 kN',
  leading: 'clamp force actual ↓; near-gate cavity peak clipped at ≈ 27 MPa; flash all around',
  repairs: [
    { steps: [{ component: 'clamp.mould_height', ops: ['adjust'] }] },
    { steps: [{ component: 'clamp.clamp_hydraulics', ops: ['replace'] }] },
  ],
  apply(cell, x, inst) {
    const f = cell.imm!.faults;
    const sp = cell.imm!.sp('clamp_force_sp');
    f.clampForceLossKN += Math.max(0, x * (900 - num(inst, 'clamp_kn', 600)) * (sp / 900));
  },
};

export const F12: FaultDef = {
  id: 'F12',
  name: { fr: 'Évents bouchés (brûlures, effet diesel)', en: 'Vent blockage (burn marks / dieseling)' },
  tags: ['Mc', 'Mt'],
  equipment: ['imm'],
  components: [{ id: 'mould.vents' }],
  defaultComponent: 'mould.vents',
  variants: ['clogged'],
  defaultVariant: 'clogged',
  params: { vent_clog: { type: 'number', default: 0.8, min: 0, max: 1, doc: 'vent clog reached (0…1)' } },
  severity: { default: 1, min: 0, max: 1.25 },
  profile: { kind: 'ramp', duration_s: 1800 },
  time: { real: 'thousands of cycles', exam: '20–40 min ramp (default 30 min)', signatureS: 1800 },
  inject: 'vent_clog 0 → 0.8 (ramp)',
  leading: 'burn marks at the end of flow (vision), end-of-flow cavity peak ↓',
  repairs: [{ steps: [{ component: SAME, ops: ['clean'] }] }],
  apply(cell, x, inst) {
    const f = cell.imm!.faults;
    f.ventClog = Math.max(f.ventClog, clamp01(x * num(inst, 'vent_clog', 0.8)));
  },
};

export const F13: FaultDef = {
  id: 'F13',
  name: { fr: "Casse d'une broche d'éjection", en: 'Ejector pin breakage' },
  tags: ['Mc'],
  equipment: ['imm', 'robot'],
  components: [{ id: 'mould.ejector_pins' }],
  defaultComponent: 'mould.ejector_pins',
  variants: ['broken'],
  defaultVariant: 'broken',
  params: {
    pin_group: { type: 'number', default: 3, min: 1, max: 4, doc: 'pin group (1…4) of the broken pin' },
  },
  severity: { default: 1, min: 1, max: 1 },
  profile: { kind: 'step' },
  time: { real: 'discrete event at shot k', exam: 'as real', signatureS: 300 },
  inject: 'one pin missing (discrete event)',
  leading: 'ejector force ↓ on one pin group, part not picked, mould-protection trip; vacuum test passes',
  repairs: [{ steps: [{ component: SAME, ops: ['replace'] }] }],
  apply(cell, x, inst) {
    if (x > 0) cell.imm!.faults.brokenEjectorGroup = Math.round(num(inst, 'pin_group', 3));
  },
};

export const F20: FaultDef = {
  id: 'F20',
  name: {
    fr: 'Usure du plan de joint (bavure localisée)',
    en: 'Mould wear at the parting line (localized flash)',
  },
  tags: ['Mc'],
  equipment: ['imm'],
  components: [{ id: 'mould.parting_line' }],
  defaultComponent: 'mould.parting_line',
  variants: ['worn'],
  defaultVariant: 'worn',
  params: {
    gap_mm: { type: 'number', default: 0.08, min: 0.01, max: 0.2, unit: 'mm', doc: 'local gap reached' },
    length_fraction: {
      type: 'number',
      default: 0.05,
      min: 0.005,
      max: 0.5,
      doc: 'share of the parting-line perimeter worn (ℓ_PL)',
    },
  },
  severity: { default: 1, min: 0, max: 1.5 },
  profile: { kind: 'ramp', duration_s: 1200 },
  time: {
    real: 'months (repeated over-packing, crushed land)',
    exam: 'ramp over the exam (default 20 min)',
    signatureS: 1200,
  },
  inject: 'local gap_PL 0.01 → 0.08 mm at one location (ℓ_PL ≈ 0.05)',
  leading: 'flash at one repeatable location; clamp force and cavity curves normal',
  // a toolroom repair (1–3 days): the action records the ticket; containment is a hold-pressure reduction
  repairs: [{ steps: [{ component: SAME, ops: ['restore'] }], ticketOnly: true }],
  apply(cell, x, inst) {
    const f = cell.imm!.faults;
    if (x <= 0) return;
    f.partingLineGapMm = Math.max(f.partingLineGapMm, lerp(0.01, num(inst, 'gap_mm', 0.08), x));
    f.partingLineLength = Math.max(f.partingLineLength, num(inst, 'length_fraction', 0.05));
  },
};
