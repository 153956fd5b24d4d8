/**
 * Material faults: F06 (wet material / dryer failure), F07 (lot change, MFI shift), F08 (regrind ratio),
 * F25 (material starvation).
 */
import { DRYER_DP_SET } from '../../cell/dryer.ts';
import { MATERIALS } from '../../cell/materials.ts';
import { SCENARIO_ACTOR, SHIFT_ACTOR, STORES_ACTOR } from '../actors.ts';
import { isPersistent } from '../profile.ts';
import type { FaultDef, FaultInstance } from '../types.ts';
import { clamp01, memoNum, num, SAME, str } from './common.ts';

export const F06: FaultDef = {
  id: 'F06',
  name: { fr: 'Matière humide / défaillance du dessiccateur', en: 'Wet material / dryer failure' },
  tags: ['Ma', 'Mc'],
  equipment: ['dryer', 'blender', 'imm'],
  components: [
    { id: 'dryer.regen_heater', variants: ['regen_heater'] },
    { id: 'dryer.desiccant', variants: ['desiccant'] },
    { id: 'dryer.regen_valve', variants: ['regen_valve'] },
    { id: 'dryer.process_heater', variants: ['process_heater'] },
    { id: 'dryer.dryer_filter', variants: ['filter'] },
    { id: 'material.resin_moisture', variants: ['wet_bags'] },
  ],
  defaultComponent: 'dryer.regen_heater',
  variants: ['regen_heater', 'desiccant', 'regen_valve', 'process_heater', 'filter', 'wet_bags'],
  defaultVariant: 'regen_heater',
  params: {
    dew_point_c: {
      type: 'number',
      default: -5,
      min: -40,
      max: 15,
      unit: '°C',
      doc: 'dew point reached at full severity (regeneration variants)',
    },
    moisture_pct: {
      type: 'number',
      default: 0.6,
      min: 0,
      max: 3,
      unit: '%',
      doc: 'moisture of the pellets entering the dryer (wet-bags variant)',
    },
  },
  severity: { default: 1, min: 0, max: 1.3 },
  profile: { kind: 'step' },
  time: {
    real: '1–4 h',
    exam: 'dew point changes over 5–10 min (τ_DP 7 min), moisture reaches the part 10–20 min later',
    signatureS: 3000,
  },
  inject: 'dew point −40 → −5 °C; resin moisture follows with the transport delay (PA6 0.25 %, ABS 0.12 %)',
  leading: 'dryer dew point ↑ (first and strongest), then splay from the gate; PA6 pressure −11…−19 %',
  repairs: [{ steps: [{ component: SAME, ops: ['replace', 'clean', 'restore'] }] }],
  check: (cell) => {
    const m = cell.imm ? MATERIALS[cell.imm.job.material] : undefined;
    return m && !m.hygroscopic
      ? `F06 is an ABS or PA6 scenario: this station runs ${m.id}, which is not hygroscopic (its dryer is off)`
      : null;
  },
  apply(cell, x, inst) {
    const f = cell.dryer!.faults;
    switch (inst.variant) {
      case 'process_heater':
        f.processHeaterHealth *= clamp01(1 - 0.8 * x);
        break;
      case 'filter':
        f.airflowFactor *= clamp01(1 - 0.75 * x);
        break;
      case 'wet_bags': {
        const b = cell.blender!.faults;
        const m = cell.imm ? MATERIALS[cell.imm.job.material].Min : 0.1;
        b.moistureInPct = m + x * (num(inst, 'moisture_pct', 0.6) - m);
        break;
      }
      default: {
        const dpAmb = cell.ambient?.s.dpC ?? 14;
        const dp = num(inst, 'dew_point_c', -5);
        const health = clamp01(1 - (dp - DRYER_DP_SET) / Math.max(1, dpAmb - DRYER_DP_SET));
        f.regenHealth *= clamp01(1 - x * (1 - health));
      }
    }
  },
};

/** the new lot's MFI relative to the material's nominal grade */
function mfiFactor(inst: Pick<FaultInstance, 'params'>, nominal: number): number {
  return num(inst, 'mfi', nominal * 1.5) / nominal;
}

export const F07: FaultDef = {
  id: 'F07',
  name: { fr: 'Changement de lot matière (indice de fluidité)', en: 'Material lot change / MFI shift' },
  tags: ['Ma'],
  equipment: ['blender', 'imm'],
  components: [{ id: 'material.lot' }],
  defaultComponent: 'material.lot',
  variants: ['high_mfi', 'low_mfi'],
  defaultVariant: 'high_mfi',
  params: {
    mfi: {
      type: 'number',
      min: 1,
      max: 200,
      unit: 'g/10 min',
      doc: 'MFI of the new lot (default: nominal × 1.5, e.g. PP 12 → 18; low_mfi: nominal × 2/3)',
    },
    lot: { type: 'string', doc: 'lot number of the new lot (default generated)' },
    delay_min: {
      type: 'number',
      default: 5,
      min: 0,
      max: 30,
      unit: 'min',
      doc: 'transport delay from the hopper change to the screw (real 5–15 min)',
    },
  },
  severity: { default: 1, min: 0, max: 2 },
  profile: { kind: 'step' },
  time: {
    real: 'step when the new lot reaches the screw (hopper change + 5–15 min)',
    exam: 'lot event at onset, MFI step after the transport delay (default 5 min)',
    signatureS: 900,
  },
  inject: 'MFI step 12 → 18 g/10 min when the new lot reaches the screw; lot change logged in the MES',
  leading: 'peak injection pressure and RV step −11…−12 %, at the lot-change time',
  repairs: [{ steps: [{ component: 'material.lot', ops: ['swap'] }] }],
  apply(cell, x, inst, env) {
    const delay = 60 * num(inst, 'delay_min', 5);
    if (env.t - inst.onset_t / 1000 < delay) return;
    const nominal = cell.imm ? MATERIALS[cell.imm.job.material].mfiNominal : 12;
    const target =
      inst.variant === 'low_mfi' && inst.params.mfi === undefined ? 2 / 3 : mfiFactor(inst, nominal);
    cell.blender!.faults.mfiFactor *= Math.max(0.1, 1 + x * (target - 1));
  },
  activate(inst, env) {
    const nominal = env.cell.imm ? MATERIALS[env.cell.imm.job.material].mfiNominal : 12;
    const material = env.cell.imm?.job.material ?? 'PP';
    const lot = str(inst, 'lot', `${material}-L2409-${String(31 + env.rng.int(0, 60)).padStart(3, '0')}`);
    const lotKey = env.registry.get('blender.lot');
    inst.memo.prevLot = lotKey ? env.store.getStr(lotKey.index) : null;
    inst.memo.lot = lot;
    const mfi =
      inst.variant === 'low_mfi' && inst.params.mfi === undefined
        ? Math.round(nominal * (2 / 3) * 10) / 10
        : num(inst, 'mfi', nominal * 1.5);
    if (env.hasAction('mes.lot_change')) {
      env.submit(STORES_ACTOR, { kind: 'action', action: 'mes.lot_change', args: { lot, mfi } });
    } else if (lotKey) {
      env.submit(STORES_ACTOR, {
        kind: 'write',
        signal: 'blender.lot',
        value: lot,
        reason: `lot change (CoA MFI ${mfi})`,
      });
    }
  },
  deactivate(inst, env, how) {
    // a trainer's clear puts the previous lot back; a swap (`act.swap_material`) names its own lot
    const prev = inst.memo.prevLot;
    if (how !== 'clear' || typeof prev !== 'string' || !prev) return;
    if (env.hasAction('mes.lot_change')) {
      env.submit(SCENARIO_ACTOR, { kind: 'action', action: 'mes.lot_change', args: { lot: prev } });
    } else if (env.registry.get('blender.lot')) {
      env.submit(SCENARIO_ACTOR, {
        kind: 'write',
        signal: 'blender.lot',
        value: prev,
        reason: 'scenario cleared',
      });
    }
  },
};

export const F08: FaultDef = {
  id: 'F08',
  name: { fr: 'Variation du taux de rebroyé', en: 'Regrind ratio change' },
  tags: ['Ma', 'Mt'],
  equipment: ['blender', 'imm'],
  components: [
    { id: 'feeding.blender_ratio', variants: ['actual', 'setpoint'] },
    { id: 'material.regrind', variants: ['actual'] },
  ],
  defaultComponent: 'feeding.blender_ratio',
  variants: ['actual', 'setpoint'],
  defaultVariant: 'actual',
  params: {
    regrind_pct: { type: 'number', default: 40, min: 0, max: 40, unit: '%', doc: 'regrind ratio reached' },
  },
  severity: { default: 1, min: 0, max: 1 },
  profile: { kind: 'step' },
  time: { real: 'step (set point changed, bin empty)', exam: 'as real', signatureS: 600 },
  inject: 'regrind 15 → 40 % (step), feed-factor scatter ×3 (from the physics of the blend)',
  leading: 'dosing time ↑ 5–20 % with scatter (σ ×2–4)',
  repairs: [
    { steps: [{ component: 'feeding.blender_ratio', ops: ['restore', 'adjust'] }] },
    { steps: [{ component: 'material.regrind', ops: ['restore', 'adjust'] }] },
  ],
  apply(cell, x, inst, env) {
    if (inst.variant === 'setpoint' || x <= 0) return;
    const sp = env.store.get(env.store.handle('blender.regrind_sp'));
    const r = sp + x * (num(inst, 'regrind_pct', 40) - sp);
    const b = cell.blender!.faults;
    b.regrindActual = clamp01(r / 100);
    // §4 F08 "with feed-factor noise σ ↑ ×3" (fines, bulk-density scatter), on top of the blend's own
    b.feedScatter *= 1 + 2 * Math.min(1, x);
  },
  activate(inst, env) {
    if (inst.variant !== 'setpoint') return;
    inst.memo.prev = env.store.get(env.store.handle('blender.regrind_sp'));
    const v = num(inst, 'regrind_pct', 40);
    env.submit(SHIFT_ACTOR, {
      kind: 'write',
      signal: 'blender.regrind_sp',
      value: v,
      reason: 'use up the regrind bin',
    });
    inst.memo.written = v;
  },
  deactivate(inst, env, _how, by) {
    if (inst.variant !== 'setpoint') return;
    const prev = memoNum(inst, 'prev');
    const now = env.store.get(env.store.handle('blender.regrind_sp'));
    if (prev === undefined || now !== memoNum(inst, 'written')) return;
    env.submit(by ?? SCENARIO_ACTOR, {
      kind: 'write',
      signal: 'blender.regrind_sp',
      value: prev,
      reason: by ? 'regrind ratio restored to the validated value' : 'scenario cleared',
    });
  },
};

export const F25: FaultDef = {
  id: 'F25',
  name: {
    fr: 'Manque matière (trémie vide, voûte, chargeur)',
    en: 'Material starvation (hopper, bridging, loader)',
  },
  tags: ['Ma', 'Mc'],
  equipment: ['blender', 'hopper', 'imm'],
  components: [
    { id: 'feeding.hopper', variants: ['bridging'] },
    { id: 'barrel.feed_throat', variants: ['bridging'] },
    { id: 'feeding.loader', variants: ['loader'] },
  ],
  defaultComponent: 'feeding.hopper',
  variants: ['bridging', 'loader'],
  defaultVariant: 'bridging',
  params: {
    feed_factor: { type: 'number', default: 0.3, min: 0, max: 1, doc: 'feed factor of the persistent phase' },
    drop_factor: {
      type: 'number',
      default: 0.6,
      min: 0.3,
      max: 1,
      doc: 'feed factor of an intermittent drop (0.5–0.7)',
    },
    p_shot: {
      type: 'number',
      default: 0.5,
      min: 0,
      max: 1,
      doc: 'probability of a drop per shot (intermittent phase)',
    },
  },
  severity: { default: 1, min: 0, max: 1 },
  profile: { kind: 'intermittent', on_s: 240, off_s: 120, persistent_after_s: 900 },
  time: {
    real: 'minutes to hours (filter clogging, bridging)',
    exam: 'intermittent drops drawn per shot, persistent 0.3 after 15 min (dosing time-out ends AUTO)',
    signatureS: 1200,
  },
  inject: 'feed_factor 1 → 0.5–0.7 intermittently (drawn per shot), then persistently 0.3',
  leading: 'dosing time ↑↑ with scatter, then dosing time-out ("shot size not reached"); cushion ↓ → 0',
  repairs: [{ steps: [{ component: SAME, ops: ['clean', 'replace'] }] }],
  apply(cell, x, inst, env) {
    if (x <= 0) return;
    // a failed loader lets the hopper run down (loader alarm, level trend); the exam compresses the
    // starvation that follows into the same feed-factor course as a bridge
    if (inst.variant === 'loader') cell.hopper!.faults.loaderFailed = true;
    const b = cell.blender!.faults;
    if (isPersistent(inst.profile, env.t, inst.onset_t / 1000)) {
      b.feedFactorMean *= clamp01(1 - x * (1 - num(inst, 'feed_factor', 0.3)));
    } else {
      // the surface's nominal drop level only counts once another fault has set a drop probability
      const level = clamp01(1 - x * (1 - num(inst, 'drop_factor', 0.6)));
      b.feedIntermittentFactor = b.feedIntermittentP > 0 ? Math.min(b.feedIntermittentFactor, level) : level;
      b.feedIntermittentP = Math.max(b.feedIntermittentP, clamp01(num(inst, 'p_shot', 0.5)));
    }
  },
};
