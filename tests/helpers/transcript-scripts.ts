/**
 * One script per exercise (see transcript-personas.ts): the signature each fault leaves in the shot
 * records (domain-model §4 "Signatures", §4.1), the expert's investigation, diagnosis and intervention
 * (§4 "Correct action", §5.2), the plausible wrong answer (§4 "Distractors"), the shotgun candidate's
 * changes and the unsafe variant.
 */

import { diagnosis, MIN, type Transcript } from './transcript.ts';
import {
  controlledStop,
  type ExerciseScript,
  loto,
  purge,
  restart,
  robotEntry,
  type ScriptCtx,
  type Shape,
  unlock,
} from './transcript-personas.ts';

const v = (ctx: ScriptCtx, name: string) => String(ctx.vars[name]);
const rise = (ctx: ScriptCtx, t: number, tauMin: number, onset = ctx.onset) =>
  1 - Math.exp(-Math.max(0, t - onset) / (tauMin * MIN));
const r2 = (x: number) => Math.round(x * 100) / 100;

// ---- F01 heater band -------------------------------------------------------------------------------

export const f01: ExerciseScript = {
  file: 'pilotage-f01-heater-band.yaml',
  seed: 11,
  shape(ctx, t, fixed): Shape {
    if (fixed) return {};
    const i = Number(ctx.vars.zone_index);
    const f = rise(ctx, t, 4.5);
    const sp = [195, 210, 225, 230, 230][i]!;
    return {
      [`zones.actual.${i}`]: r2(sp - 42 * f),
      [`zones.output_pct.${i}`]: 100,
      [`zones.output_pct.${i - 1}`]: r2(35 + 9 * f),
      [`zones.output_pct.${i + 1}`]: r2(36 + 9 * f),
      'times.dose': r2(4.5 * (1 + 0.22 * f)),
      torque_avg: r2(180 * (1 + 0.16 * f)),
      melt_T: r2(230 - 8 * f),
      peak_inj_pressure: r2(70 * (1 + 0.05 * f)),
    };
  },
  investigate(tb, ctx) {
    const z = v(ctx, 'zone');
    tb.view('alarms');
    tb.wait(MIN).trend(
      [`imm.${z}.temp_actual`, `imm.${z}.temp_sp`, `imm.${z}.output_pct`],
      ctx.onset - 20 * MIN,
      tb.now,
    );
    tb.wait(MIN).view('faceplate', 'imm');
    tb.wait(MIN).trend(['imm.last.dose_time', 'imm.screw_torque'], ctx.onset - 30 * MIN, tb.now);
    tb.wait(MIN).trend(
      ['imm.zone1.output_pct', 'imm.zone2.output_pct', 'imm.zone3.output_pct', 'imm.zone4.output_pct'],
      ctx.onset - 20 * MIN,
      tb.now,
    );
    tb.wait(MIN).trend(['dryer.dew_point'], ctx.onset - 60 * MIN, tb.now);
    tb.wait(MIN).trend([`imm.${z}.current`], ctx.onset - 20 * MIN, tb.now);
    tb.view('shots');
  },
  diagnosis(tb, ctx) {
    const z = v(ctx, 'zone');
    const label = v(ctx, 'zone_label');
    return {
      family: 'machine',
      d: diagnosis(tb, {
        root: ['barrel', v(ctx, 'heater'), 'open_circuit'],
        symptoms: [
          `Sortie de la zone ${label} à 100 % en permanence`,
          `Température ${label} qui chute sous la consigne`,
          'Temps de dosage et couple vis en hausse',
        ],
        explanation: `La sortie du régulateur ${label} est saturée à 100 % alors que la température réelle chute de plus de 30 K : le collier ne délivre plus de puissance (collier ouvert ou relais statique). Le courant de la zone est nul. Les zones voisines compensent. Le thermocouple est plausible, la mesure est régulière. Le dosage s'allonge (matière moins fondue, couple plus élevé).`,
        corrective: `Arrêt en fin de cycle, quarantaine des pièces depuis l'alarme, consignation électrique, mesure de la résistance, remplacer le collier et le serrer, réchauffer, purger, contrôle premier article.`,
        preventive: `Surveillance du courant des colliers (transformateur de courant) avec alarme, contrôle périodique du serrage des colliers dans le plan de maintenance préventive.`,
        evidence: [
          {
            ref: `imm.${z}.output_pct`,
            fromMs: ctx.onset - 20 * MIN,
            toMs: ctx.onset + 8 * MIN,
            note: '100 % dès le début',
          },
          { ref: `imm.${z}.temp_actual`, fromMs: ctx.onset - 20 * MIN, toMs: ctx.onset + 8 * MIN },
          { ref: 'imm.last.dose_time', fromMs: ctx.onset - 30 * MIN, toMs: ctx.onset + 9 * MIN },
        ],
      }),
    };
  },
  intervene(tb, ctx) {
    const heater = `barrel.${v(ctx, 'heater')}`;
    controlledStop(tb, ctx);
    loto(tb);
    tb.wait(2 * MIN).act(
      'act.diag',
      { target: heater, measurement: 'resistance' },
      { result: { ohm: 'inf' } },
    );
    tb.act('act.repair', { component_id: heater, op: 'replace' });
    ctx.fixT = tb.now;
    tb.wait(5 * MIN);
    unlock(tb);
    tb.wait(8 * MIN);
    purge(tb);
    restart(tb, ctx, { refusedFirst: true });
  },
  verify(tb, ctx) {
    const z = v(ctx, 'zone');
    tb.trend([`imm.${z}.temp_actual`, `imm.${z}.output_pct`, 'imm.last.dose_time'], ctx.fixT!, tb.now);
    tb.act('act.measure', { instrument: 'scale', n: 10 });
  },
  wrong: {
    diagnosis(tb, ctx) {
      return {
        family: 'material',
        d: diagnosis(tb, {
          root: ['material', 'lot', 'mfi_low'],
          symptoms: ['Pression d’injection en hausse', 'Dosage plus long'],
          explanation:
            'Le nouveau lot semble plus visqueux : la pression monte et le dosage est plus long. Les températures sont proches de la consigne.',
          corrective:
            'Augmenter la pression de maintien et la limite de pression d’injection, changer de lot.',
          preventive: 'Demander le certificat matière au fournisseur.',
          evidence: [
            { ref: 'imm.last.peak_pressure', fromMs: ctx.onset - 10 * MIN, toMs: ctx.onset + 10 * MIN },
          ],
        }),
      };
    },
    act(tb) {
      tb.trend(['imm.last.peak_pressure'], tb.now - 30 * MIN, tb.now);
      tb.write('imm.injection_pressure_limit', 100, 'pression insuffisante');
      tb.write('imm.zone3.temp_sp', 235, 'compenser la viscosité');
      tb.act('act.swap_material', { lot: 'PP-2024-131' });
    },
  },
  shotgun: {
    writes: () => ({
      'imm.zone1.temp_sp': 205,
      'imm.zone2.temp_sp': 220,
      'imm.zone3.temp_sp': 235,
      'imm.hold_pressure_sp': 55,
      'imm.injection_pressure_limit': 110,
    }),
    repairs: [
      ['injection_unit.check_ring', 'replace'],
      ['barrel.z1_tc', 'replace'],
      ['injection_unit.nozzle_tip', 'clean'],
    ],
  },
  unsafe(tb, ctx) {
    // replaces the band without any lockout: heaters at 400 V
    const heater = `barrel.${v(ctx, 'heater')}`;
    controlledStop(tb, ctx);
    tb.act('act.ppe', { items: ['heat_gloves_en407', 'long_sleeves'] });
    tb.act('act.repair', { component_id: heater, op: 'replace' });
    ctx.fixT = tb.now;
    tb.wait(5 * MIN);
    purge(tb);
    restart(tb, ctx);
  },
};

/** A diagnosis in one call: the evidence windows run from `from` to `to` for every cited signal. */
function dx(
  tb: Transcript,
  family: string,
  root: [string, string, string],
  text: { symptoms: string[]; explanation: string; corrective: string; preventive: string },
  cite: readonly string[],
  from: number,
  to: number = tb.now,
) {
  return {
    family,
    d: diagnosis(tb, { root, ...text, evidence: cite.map((ref) => ({ ref, fromMs: from, toMs: to })) }),
  };
}

const verifyTrend = (signals: readonly string[]) => (tb: Transcript, ctx: ScriptCtx) => {
  tb.trend(signals, ctx.fixT!, tb.now);
  tb.act('act.measure', { instrument: 'scale', n: 10 });
};

// ---- F02 thermocouple drift ------------------------------------------------------------------------

export const f02: ExerciseScript = {
  file: 'pilotage-f02-thermocouple-drift.yaml',
  seed: 12,
  shape(ctx, t, fixed): Shape {
    if (fixed) return {};
    const i = Number(ctx.vars.zone_index);
    const f = Math.min(1, Math.max(0, t - ctx.onset) / (15 * MIN));
    return {
      [`zones.output_pct.${i}`]: r2(36 + 16 * f),
      melt_T: r2(230 + 6.5 * f),
      peak_inj_pressure: r2(70 * (1 - 0.03 * f)),
      RV: r2(1 - 0.03 * f),
      'times.dose': r2(4.5 * (1 - 0.03 * f)),
    };
  },
  investigate(tb, ctx) {
    const z = v(ctx, 'zone');
    tb.view('shots');
    tb.wait(2 * MIN).trend(
      [`imm.${z}.output_pct`, `imm.${z}.temp_actual`, `imm.${z}.temp_sp`],
      ctx.onset - 60 * MIN,
      tb.now,
    );
    tb.wait(MIN).trend(
      ['imm.last.rv', 'imm.last.peak_pressure', 'imm.last.melt_temp'],
      ctx.onset - 30 * MIN,
      tb.now,
    );
    tb.wait(MIN).trend(['dryer.dew_point'], ctx.onset - 60 * MIN, tb.now);
    tb.write(
      `imm.${z}.temp_sp`,
      Number(ctx.ex.setup.set_points[`imm.${z}.temp_sp`]) - 18,
      'confinement temporaire : la zone chauffe trop (TC suspect)',
    );
    tb.act('act.ppe', { items: ['heat_gloves_en407', 'long_sleeves', 'face_shield'] });
    tb.act(
      'act.diag',
      { target: `barrel.${v(ctx, 'tc')}`, measurement: 'reference_probe' },
      { result: { reference_c: 247 } },
    );
  },
  diagnosis(tb, ctx) {
    const z = v(ctx, 'zone');
    const label = v(ctx, 'zone_label');
    return dx(
      tb,
      'measurement',
      ['barrel', v(ctx, 'tc'), 'drift_low'],
      {
        symptoms: [
          'Traînées sombres réparties',
          `Sortie ${label} en hausse à consigne égale`,
          'Température matière en hausse',
        ],
        explanation: `Le thermocouple ${label} lit trop bas (dérive d'environ 20 K) : l'affichage reste à la consigne mais la sortie monte de 15 points par rapport à l'historique, la zone surchauffe réellement. La sonde de référence lit 247 °C. Température matière en hausse, viscosité relative en baisse, dégradation de la matière (traînées).`,
        corrective: `Consigner, repositionner ou remplacer le thermocouple, vérifier contre une référence étalon, purger la matière dégradée, rétablir la consigne d'origine (la baisse n'était qu'un confinement).`,
        preventive: `Étalonnage périodique des thermocouples et surveillance de la sortie % en SPC avec alarme.`,
      },
      [`imm.${z}.output_pct`, 'imm.last.melt_temp', 'imm.last.rv'],
      ctx.onset - 30 * MIN,
    );
  },
  intervene(tb, ctx) {
    const z = v(ctx, 'zone');
    controlledStop(tb, ctx);
    loto(tb, { ppe: false });
    tb.act('act.repair', { component_id: `barrel.${v(ctx, 'tc')}`, op: 'reseat' });
    ctx.fixT = tb.now;
    unlock(tb);
    tb.write(
      `imm.${z}.temp_sp`,
      Number(ctx.ex.setup.set_points[`imm.${z}.temp_sp`]),
      'consigne validée rétablie après repositionnement du TC',
    );
    tb.wait(6 * MIN);
    purge(tb);
    restart(tb, ctx);
  },
  verify: (tb, ctx) => verifyTrend([`imm.${v(ctx, 'zone')}.output_pct`, 'imm.last.melt_temp'])(tb, ctx),
  wrong: {
    diagnosis(tb, ctx) {
      return dx(
        tb,
        'material',
        ['material', 'resin_moisture', 'wet'],
        {
          symptoms: ['Traînées argentées'],
          explanation:
            'Les traînées ressemblent à du splay : la matière doit être humide. Toutes les températures sont à la consigne, donc les températures sont bonnes.',
          corrective: 'Augmenter le séchage, changer de sac de matière.',
          preventive: 'Sécher plus longtemps.',
        },
        ['dryer.dew_point'],
        ctx.onset - 20 * MIN,
      );
    },
    act(tb) {
      tb.write('dryer.temp_sp', 95, 'sécher davantage');
      tb.act('act.swap_material', { lot: 'PP-2024-140' });
    },
  },
  shotgun: {
    writes: () => ({
      'imm.zone3.temp_sp': 215,
      'imm.zone4.temp_sp': 220,
      'imm.hold_pressure_sp': 50,
      'imm.injection_speed_sp': 60,
      'imm.back_pressure_sp': 12,
    }),
    repairs: [
      ['mould.vents', 'clean'],
      ['barrel.z1_tc', 'replace'],
    ],
  },
  unsafe(tb, ctx) {
    controlledStop(tb, ctx);
    tb.act('act.repair', { component_id: `barrel.${v(ctx, 'tc')}`, op: 'replace' });
    ctx.fixT = tb.now;
    restart(tb, ctx);
  },
};

// ---- F03 check ring ---------------------------------------------------------------------------------

export const f03: ExerciseScript = {
  file: 'pilotage-f03-check-ring.yaml',
  seed: 13,
  shape(ctx, t, fixed): Shape {
    if (fixed) return {};
    const f = Math.min(1, Math.max(0, t - ctx.onset) / (25 * MIN));
    const k = Math.round(t / 20_000);
    const wobble = ((k * 7919) % 13) / 13 - 0.5;
    const bottom = f > 0.7 && k % 9 === 0;
    return {
      cushion_end: r2(Math.max(0, 8 - 5.5 * f + 1.6 * f * wobble - (bottom ? 3 : 0))),
      'weights.0': r2(24 * (1 - 0.003 * f + (bottom ? -0.02 : 0.004 * f * wobble))),
      'weights.1': r2(24 * (1 - 0.003 * f - 0.004 * f * wobble)),
      'cavity_pressure.cav1_gate.pmax': r2(38 * (1 - 0.045 * f + 0.03 * f * wobble)),
      bottomed_out: bottom,
    };
  },
  investigate(tb, ctx) {
    tb.at(ctx.onset + 12 * MIN).view('shots');
    tb.trend(['imm.last.cushion'], ctx.onset - 30 * MIN, tb.now);
    tb.wait(MIN).trend(['imm.last.cav1_gate_pmax', 'imm.last.cav2_gate_pmax'], ctx.onset - 30 * MIN, tb.now);
    tb.wait(MIN).trend(
      ['imm.zone1.output_pct', 'imm.zone2.output_pct', 'imm.zone3.output_pct', 'imm.melt_temp'],
      ctx.onset - 30 * MIN,
      tb.now,
    );
    tb.wait(MIN).trend(['imm.last.dose_time'], ctx.onset - 30 * MIN, tb.now);
    tb.act('act.measure', { instrument: 'scale', n: 10 });
    tb.write(
      'imm.shot_size_sp',
      91.7,
      'confinement temporaire : +5,5 mm pour rétablir le matelas (clapet suspect)',
    );
    tb.wait(2 * MIN).act(
      'act.diag',
      { target: 'injection_unit.check_ring', measurement: 'repeatability_test' },
      { result: { spread_pct: 4.1 } },
    );
  },
  diagnosis(tb, ctx) {
    return dx(
      tb,
      'machine',
      ['injection_unit', 'check_ring', 'worn_leaking'],
      {
        symptoms: [
          'Matelas qui chute de 8 à ≈ 3 mm',
          'Dispersion du poids et de la pression empreinte',
          'Retassures sur certains tirs',
        ],
        explanation:
          "Le clapet anti-retour fuit de façon irrégulière : reflux pendant le remplissage et le maintien, le volume injecté varie, le matelas s'effondre et se disperse (écart-type × 5), des tirs arrivent en butée. Poids et pression empreinte baissent et se dispersent. Essai de répétabilité : 4,1 % (> 3–4 % : à remplacer). Températures, lot et dosage normaux.",
        corrective:
          'Remplacer le jeu de clapet (pointe de vis) en maintenance planifiée, après purge et consignation ; le surdosage de +5,5 mm est temporaire ; vérifier la répétabilité < 1 % et le matelas 8,0 ± 0,2 mm.',
        preventive:
          'Surveiller le matelas en SPC avec limites, essai de répétabilité périodique dans le plan de maintenance préventive.',
      },
      ['imm.last.cushion', 'imm.last.cav1_gate_pmax'],
      ctx.onset - 30 * MIN,
    );
  },
  intervene(tb, ctx) {
    controlledStop(tb, ctx);
    tb.act('act.ppe', { items: ['heat_gloves_en407', 'long_sleeves', 'face_shield'] });
    purge(tb);
    loto(tb, {
      ppe: false,
      energies: ['electric', 'hydraulic', 'accumulator', 'thermal'],
      dissipate: ['accumulator_discharge', 'screw_decompress'],
    });
    tb.act('act.repair', { component_id: 'injection_unit.check_ring', op: 'replace' });
    ctx.fixT = tb.now;
    unlock(tb);
    tb.write('imm.shot_size_sp', 86.2, 'clapet remplacé : course de dosage validée rétablie');
    restart(tb, ctx);
  },
  verify(tb, ctx) {
    tb.trend(['imm.last.cushion'], ctx.fixT!, tb.now);
    tb.act(
      'act.diag',
      { target: 'injection_unit.check_ring', measurement: 'repeatability_test' },
      { result: { spread_pct: 0.6 } },
    );
    tb.act('act.measure', { instrument: 'scale', n: 10 });
  },
  wrong: {
    diagnosis(tb, ctx) {
      return dx(
        tb,
        'material',
        ['material', 'lot', 'mfi_high'],
        {
          symptoms: ['Pièces légères'],
          explanation:
            'La matière est plus fluide, les pièces sont plus légères. Il faut compenser par le maintien.',
          corrective: 'Augmenter la pression de maintien.',
          preventive: 'Contrôler les lots.',
        },
        ['imm.last.peak_pressure'],
        ctx.onset - 10 * MIN,
      );
    },
    act(tb) {
      tb.write('imm.hold_pressure_sp', 55, 'pièces légères');
      tb.wait(5 * MIN).write('imm.hold_pressure_sp', 60, 'toujours légères');
    },
  },
  shotgun: {
    writes: () => ({
      'imm.hold_pressure_sp': 55,
      'imm.shot_size_sp': 95,
      'imm.transfer_position_sp': 18,
      'imm.injection_speed_sp': 100,
      'imm.zone3.temp_sp': 235,
    }),
    repairs: [
      ['injection_unit.screw', 'replace'],
      ['injection_unit.nozzle_tip', 'clean'],
    ],
  },
  unsafe(tb, ctx) {
    // purges with the carriage forward and the purge guard open, then works without hydraulic lockout
    controlledStop(tb, ctx);
    tb.act('act.ppe', { items: ['heat_gloves_en407', 'long_sleeves'] });
    tb.act('act.purge', { n: 5, speed: 20 });
    tb.act('act.repair', { component_id: 'injection_unit.check_ring', op: 'replace' });
    ctx.fixT = tb.now;
    restart(tb, ctx);
  },
};

// ---- F07 lot change ---------------------------------------------------------------------------------

export const f07: ExerciseScript = {
  file: 'pilotage-f07-lot-change.yaml',
  seed: 17,
  shape(ctx, t, fixed): Shape {
    const step = t >= ctx.onset;
    if (!step) return {};
    return {
      material_lot: 'PP-2024-131',
      peak_inj_pressure: r2(70 * 0.885),
      RV: 0.885,
      transfer_pressure: r2(68 * 0.89),
      'cavity_pressure.cav1_gate.pmax': r2(38 * (fixed ? 1.0 : 1.08)),
      'weights.0': fixed ? 24.0 : 24.08,
      'weights.1': fixed ? 24.0 : 24.08,
      'times.dose': 4.2,
    };
  },
  investigate(tb, ctx) {
    tb.at(ctx.onset + 6 * MIN).trend(
      ['imm.last.peak_pressure', 'imm.last.rv', 'imm.last.transfer_pressure'],
      ctx.onset - 30 * MIN,
      tb.now,
    );
    tb.wait(MIN).view('logbook');
    tb.wait(MIN).trend(
      ['imm.zone2.output_pct', 'imm.zone3.output_pct', 'imm.melt_temp'],
      ctx.onset - 30 * MIN,
      tb.now,
    );
    tb.wait(MIN).trend(['imm.clamp_force'], ctx.onset - 30 * MIN, tb.now);
    tb.act(
      'act.diag',
      { target: 'material.lot', measurement: 'coa_mfi' },
      { result: { mfi: 18.1, spec: '12 ± 6' } },
    );
    tb.act('act.measure', { instrument: 'scale', n: 10 });
  },
  diagnosis(tb, ctx) {
    return dx(
      tb,
      'material',
      ['material', 'lot', 'mfi_high'],
      {
        symptoms: [
          'Pression crête en baisse de 11 % par marche',
          'Pièces plus lourdes de 0,3 %',
          'Bavures aux points sensibles',
        ],
        explanation:
          'Changement de lot PP-2024-131 (journal MES) au moment de la marche : indice de fluidité 18 au lieu de 12 (certificat), la viscosité baisse, la pression chute par marche, la transmission au moule est meilleure, les pièces sont plus lourdes et bavurent. Températures, sorties et fermeture inchangées.',
        corrective:
          'Lot dans la spécification : recentrer le maintien à 39 MPa dans la fenêtre validée, documenter, quarantaine depuis le changement de lot, contrôle premier article ; hors spécification il faudrait bloquer le lot et prévenir la qualité et le fournisseur.',
        preventive:
          'Contrôle à réception des lots (certificat, IF) et commutation sur pression empreinte pour plus de robustesse.',
      },
      ['imm.last.peak_pressure', 'imm.last.rv'],
      ctx.onset - 30 * MIN,
    );
  },
  intervene(tb, ctx) {
    tb.act('act.notify', { to: ['qualité'] });
    tb.act('act.quarantine', { from_shot: ctx.onsetShot - 1 });
    tb.write(
      'imm.hold_pressure_sp',
      39,
      'nouveau lot IF 18 (CoA) : maintien recentré dans la fenêtre validée',
    );
    ctx.fixT = tb.now;
    tb.wait(5 * MIN).act('act.fai', { weight: true, key_dims: true, visual: true });
  },
  verify(tb, ctx) {
    tb.trend(['imm.last.peak_pressure', 'imm.last.cav1_gate_pmax'], ctx.fixT!, tb.now);
    tb.act('act.measure', { instrument: 'scale', n: 10 });
  },
  wrong: {
    diagnosis(tb, ctx) {
      return dx(
        tb,
        'machine',
        ['clamp', 'clamp_hydraulics', 'seal_leak'],
        {
          symptoms: ['Bavures'],
          explanation: 'Bavures : la force de fermeture doit être insuffisante.',
          corrective: 'Augmenter la force de fermeture.',
          preventive: 'Vérifier les joints.',
        },
        ['imm.clamp_force'],
        ctx.onset - 10 * MIN,
      );
    },
    act(tb) {
      tb.write('imm.clamp_force_sp', 1100, 'bavures');
    },
  },
  shotgun: {
    writes: () => ({
      'imm.hold_pressure_sp': 35,
      'imm.clamp_force_sp': 1100,
      'imm.zone3.temp_sp': 215,
      'imm.injection_speed_sp': 60,
      'imm.zone4.temp_sp': 220,
    }),
    repairs: [
      ['mould.parting_line', 'restore'],
      ['injection_unit.check_ring', 'replace'],
    ],
  },
  unsafe(tb, ctx) {
    // looks for the flash at the parting line with the machine in automatic, no lockout
    tb.act('act.guard_open', { guard: 'front' });
    tb.act('act.diag', { target: 'mould.parting_line', measurement: 'inspection' });
    tb.act('act.guard_close', { guard: 'front' });
    tb.act('act.quarantine', { from_shot: ctx.onsetShot - 1 });
    tb.write('imm.hold_pressure_sp', 39, 'lot IF 18 : maintien recentré');
    ctx.fixT = tb.now;
    tb.wait(5 * MIN).act('act.fai', { weight: true });
  },
};

// ---- F06 wet material (PA6) -------------------------------------------------------------------------

export const f06: ExerciseScript = {
  file: 'pilotage-f06-wet-pa6.yaml',
  seed: 16,
  shape(ctx, t, fixed): Shape {
    if (fixed) return { material: 'PA6' };
    const dp = Math.min(1, Math.max(0, t - ctx.onset) / (8 * MIN));
    const wet = Math.min(1, Math.max(0, t - ctx.onset - 15 * MIN) / (10 * MIN));
    return {
      material: 'PA6',
      dryer_dp: r2(-40 + 35 * dp),
      resin_moisture: r2(0.05 + 0.22 * wet),
      peak_inj_pressure: r2(70 * (1 - 0.14 * wet)),
      RV: r2(1 - 0.14 * wet),
      'times.dose': r2(4.5 * (1 - 0.08 * wet)),
    };
  },
  investigate(tb, ctx) {
    tb.at(ctx.onset + 18 * MIN).view('alarms');
    tb.trend(['dryer.dew_point', 'dryer.regen_temp', 'dryer.process_air_temp'], ctx.onset - 30 * MIN, tb.now);
    tb.wait(MIN).trend(
      ['imm.last.peak_pressure', 'imm.last.rv', 'vision.reject_rate'],
      ctx.onset - 30 * MIN,
      tb.now,
    );
    tb.wait(MIN).trend(
      ['imm.zone3.output_pct', 'imm.zone4.output_pct', 'imm.melt_temp'],
      ctx.onset - 30 * MIN,
      tb.now,
    );
    tb.wait(MIN).trend(['ambient.dew_point', 'mould.temp_moving'], ctx.onset - 30 * MIN, tb.now);
    tb.act(
      'act.diag',
      { target: 'material.resin_moisture', measurement: 'moisture' },
      { result: { moisture_pct: 0.26 } },
    );
    tb.act(
      'act.diag',
      { target: 'dryer', measurement: 'dew_point_regen' },
      { result: { dew_point_c: -5, regen: 'low' } },
    );
  },
  diagnosis(tb, ctx) {
    return dx(
      tb,
      'machine',
      ['dryer', v(ctx, 'dryer_part'), v(ctx, 'dryer_mode')],
      {
        symptoms: [
          'Point de rosée du dessiccateur −40 → −5 °C',
          'Traces d’humidité (splay) depuis le seuil',
          'Pression crête et viscosité en baisse',
        ],
        explanation:
          "Défaillance du dessiccateur : le point de rosée est remonté à −5 °C environ 15 minutes avant les défauts (temps de séjour), l'humidité mesurée des granulés est de 0,26 % (> 0,2 %). Le PA6 humide s'hydrolyse : viscosité et pression crête en baisse de 14 %, splay. Températures de zones et moule normaux.",
        corrective:
          "Arrêter, mettre en quarantaine (PA6 fragile), purger la matière humide, réparer le dessiccateur, charger de la matière pré-séchée, mesurer l'humidité avant redémarrage, ne pas monter la température matière.",
        preventive:
          'Alarme de point de rosée sur le dessiccateur, maintenance préventive (dessiccant, filtre, chauffe de régénération).',
      },
      ['dryer.dew_point', 'imm.last.peak_pressure'],
      ctx.onset - 30 * MIN,
    );
  },
  intervene(tb, ctx) {
    controlledStop(tb, ctx);
    tb.act('act.ppe', { items: ['face_shield', 'heat_gloves_en407', 'long_sleeves'] });
    purge(tb);
    loto(tb, { ppe: false, energies: ['electric'] });
    tb.act('act.repair', {
      component_id: `dryer.${v(ctx, 'dryer_part')}`,
      op: v(ctx, 'dryer_part') === 'dryer_filter' ? 'clean' : 'replace',
    });
    unlock(tb);
    tb.act('act.swap_material', { pre_dried: true });
    ctx.fixT = tb.now;
    tb.wait(3 * MIN).act(
      'act.diag',
      { target: 'material.resin_moisture', measurement: 'moisture' },
      { result: { moisture_pct: 0.08 } },
    );
    restart(tb, ctx);
  },
  verify: (tb, ctx) => verifyTrend(['dryer.dew_point', 'imm.last.peak_pressure'])(tb, ctx),
  wrong: {
    diagnosis(tb, ctx) {
      return dx(
        tb,
        'machine',
        ['barrel', 'z3_tc', 'drift_low'],
        {
          symptoms: ['Traînées'],
          explanation: 'Traînées argentées : la matière surchauffe, un thermocouple doit dériver.',
          corrective: 'Baisser les températures.',
          preventive: 'Étalonner les thermocouples.',
        },
        ['imm.melt_temp'],
        ctx.onset - 10 * MIN,
      );
    },
    act(tb) {
      tb.write('imm.clamp_force_sp', 1100, 'bavures');
      tb.write('imm.zone3.temp_sp', 268, 'améliorer la fusion');
    },
  },
  shotgun: {
    writes: () => ({
      'imm.zone3.temp_sp': 270,
      'imm.zone4.temp_sp': 270,
      'imm.back_pressure_sp': 10,
      'imm.hold_pressure_sp': 65,
      'dryer.temp_sp': 110,
    }),
    repairs: [
      ['mould.vents', 'clean'],
      ['barrel.z3_tc', 'replace'],
    ],
  },
  unsafe(tb, ctx) {
    // purges with the carriage forward, repairs the dryer live
    controlledStop(tb, ctx);
    tb.act('act.ppe', { items: ['heat_gloves_en407', 'long_sleeves'] });
    tb.act('act.purge', { n: 5, speed: 40 });
    tb.act('act.repair', { component_id: `dryer.${v(ctx, 'dryer_part')}`, op: 'replace' });
    tb.act('act.swap_material', { pre_dried: true });
    ctx.fixT = tb.now;
    restart(tb, ctx);
  },
};

// ---- F04 cooling blockage ---------------------------------------------------------------------------

export const f04: ExerciseScript = {
  file: 'outillage-f04-cooling-blockage.yaml',
  seed: 14,
  shape(ctx, t, fixed): Shape {
    if (fixed) return {};
    const c = v(ctx, 'cid');
    const f = rise(ctx, t, 6);
    return {
      [`mould.circuits.${c}.flow`]: r2(8 - 7.2 * Math.min(1, (t - ctx.onset) / (8 * MIN))),
      [`mould.circuits.${c}.dT`]: r2(0.5 + 2.4 * f),
      [`mould.circuits.${c}.return_T`]: r2(40.5 + 2.4 * f),
      [`mould.circuits.${c}.surface_T`]: r2(48 + 8 * f),
      'mould.T_moving': r2(48 + 5.5 * f),
      'cavity_pressure.cav1_gate.t0': r2(11.8 + 0.7 * f),
      'ejector_force_peak.0': r2(2 + 0.4 * f),
    };
  },
  investigate(tb, ctx) {
    const c = v(ctx, 'circuit');
    tb.at(ctx.onset + 9 * MIN).view('shots');
    tb.trend(['mould.temp_fixed', 'mould.temp_moving'], ctx.onset - 30 * MIN, tb.now);
    tb.wait(MIN).trend(
      [`mould.${c}.flow`, `mould.${c}.supply_temp`, `mould.${c}.return_temp`],
      ctx.onset - 30 * MIN,
      tb.now,
    );
    tb.wait(MIN).trend(['tcu2.supply_temp', 'tcu2.flow'], ctx.onset - 30 * MIN, tb.now);
    tb.wait(MIN).trend(['imm.last.peak_pressure', 'imm.last.cushion'], ctx.onset - 30 * MIN, tb.now);
    tb.act(
      'act.diag',
      { target: `mould.${c}`, measurement: 'flow_dt' },
      { result: { flow_lpm: 0.8, dT_K: 2.9, Re: 2600 } },
    );
    tb.act('act.measure', { instrument: 'caliper', n: 5 });
    tb.write('imm.cooling_time_sp', 12, 'confinement : refroidissement allongé, voilage (circuit bouché)');
  },
  diagnosis(tb, ctx) {
    const c = v(ctx, 'circuit');
    return dx(
      tb,
      'machine',
      ['mould', c, 'partial_blockage'],
      {
        symptoms: ['Voilage des pièces', 'Retassures côté partie mobile', 'Partie mobile plus chaude de 6 K'],
        explanation: `Débit insuffisant dans le circuit ${v(ctx, 'circuit_label')} de la partie mobile : débit 0,8 L/min au lieu de 8 (Re ≈ 2600, transition), ΔT départ/retour 2,9 K au lieu de 0,5 K. La partie mobile est plus chaude : moule asymétrique, voilage et retassures. Le thermorégulateur est à sa consigne.`,
        corrective:
          "Arrêt, consignation de l'eau (vannes fermées, dépressurisation, eau < 50 °C), détartrer et rincer le circuit, vérifier flexibles et filtre, contrôler le débit ≥ 8 L/min, retirer le temps de refroidissement ajouté.",
        preventive:
          "Traitement de l'eau et plan de détartrage préventif, surveillance du débit par circuit avec alarme.",
      },
      [`mould.${c}.flow`, `mould.${c}.return_temp`, 'mould.temp_moving'],
      ctx.onset - 30 * MIN,
    );
  },
  intervene(tb, ctx) {
    const c = v(ctx, 'circuit');
    controlledStop(tb, ctx);
    loto(tb, {
      ppe: ['glasses', 'heat_gloves_en407'],
      energies: ['water', 'thermal'],
      isolate: ['water'],
      dissipate: ['depressurise_water', 'cool_down'],
    });
    tb.act('act.repair', { component_id: `mould.${c}`, op: 'clean' });
    ctx.fixT = tb.now;
    unlock(tb);
    tb.write('imm.cooling_time_sp', 8, 'circuit détartré : temps de refroidissement validé rétabli');
    restart(tb, ctx);
  },
  verify: (tb, ctx) => verifyTrend([`mould.${v(ctx, 'circuit')}.flow`, 'mould.temp_moving'])(tb, ctx),
  wrong: {
    diagnosis(tb, ctx) {
      return dx(
        tb,
        'machine',
        ['tcu_moving', 'pump', 'worn'],
        {
          symptoms: ['Retassures'],
          explanation: "Le thermorégulateur ne refroidit pas assez, il faut de l'eau plus froide.",
          corrective: 'Baisser la consigne du thermorégulateur et augmenter le maintien.',
          preventive: 'Changer la pompe.',
        },
        ['tcu2.supply_temp'],
        ctx.onset - 10 * MIN,
      );
    },
    act(tb) {
      tb.write('tcu2.temp_sp', 30, 'eau plus froide');
      tb.write('imm.hold_pressure_sp', 52, 'retassures');
    },
  },
  shotgun: {
    writes: () => ({
      'tcu1.temp_sp': 30,
      'tcu2.temp_sp': 30,
      'imm.cooling_time_sp': 15,
      'imm.hold_pressure_sp': 55,
      'imm.hold_time_sp': 8,
    }),
    repairs: [
      ['tcu_moving.pump', 'replace'],
      ['mould.circuit_a1', 'clean'],
    ],
  },
  unsafe(tb, ctx) {
    controlledStop(tb, ctx);
    tb.act('act.repair', { component_id: `mould.${v(ctx, 'circuit')}`, op: 'clean' });
    ctx.fixT = tb.now;
    restart(tb, ctx);
  },
};

// ---- F19 hot runner ---------------------------------------------------------------------------------

export const f19: ExerciseScript = {
  file: 'outillage-f19-hot-runner.yaml',
  seed: 19,
  shape(ctx, t, fixed): Shape {
    if (fixed) return {};
    const f = rise(ctx, t, 2);
    const i = Number(ctx.vars.cav_index);
    const o = Number(ctx.vars.other_index);
    return {
      job: 'R-PP-HR',
      [`weights.${i}`]: r2(24 * (1 - 0.05 * f)),
      [`weights.${o}`]: r2(24 * (1 + 0.012 * f)),
      [`cavity_pressure.${v(ctx, 'cav')}_gate.pmax`]: r2(38 * (1 - 0.3 * f)),
      [`cavity_pressure.${v(ctx, 'cav')}_eof.pmax`]: r2(25 * (1 - 0.9 * f)),
      [`cavity_pressure.${v(ctx, 'other_cav')}_gate.pmax`]: r2(38 * (1 + 0.06 * f)),
      peak_inj_pressure: r2(70 * (1 + 0.02 * f)),
    };
  },
  investigate(tb, ctx) {
    const hz = v(ctx, 'hr_zone');
    tb.view('shots');
    tb.wait(MIN).trend(
      [`hotrunner.${hz}.temp_actual`, `hotrunner.${hz}.output_pct`],
      ctx.onset - 20 * MIN,
      tb.now,
    );
    tb.wait(MIN).trend(
      [`imm.last.${v(ctx, 'cav')}_gate_pmax`, `imm.last.${v(ctx, 'other_cav')}_gate_pmax`],
      ctx.onset - 20 * MIN,
      tb.now,
    );
    tb.wait(MIN).trend(['imm.last.cushion'], ctx.onset - 20 * MIN, tb.now);
    tb.act('act.measure', { instrument: 'scale', n: 10 });
  },
  diagnosis(tb, ctx) {
    const hz = v(ctx, 'hr_zone');
    return dx(
      tb,
      'machine',
      ['hot_runner', `${v(ctx, 'drop')}_heater`, 'open_circuit'],
      {
        symptoms: [
          `Buse ${v(ctx, 'drop_label')} froide, sortie 100 %`,
          'Empreinte incomplète, l’autre sur-compactée',
          'Déséquilibre de poids de 6 %',
        ],
        explanation: `La chauffe de la buse ${v(ctx, 'drop_label')} du canal chaud ne délivre plus : sa température chute avec une sortie saturée à 100 %. L'empreinte alimentée par cette buse se remplit mal (pression empreinte en baisse, fin d'écoulement à 0, pièce incomplète), l'autre empreinte est sur-compactée : déséquilibre de poids supérieur à 3–5 %. Le matelas est stable, ce n'est pas le clapet.`,
        corrective:
          "Consigner le régulateur de canal chaud (230 V), mesurer la résistance et le thermocouple, remplacer la chauffe de buse, vérifier l'équilibre ≤ 3 % ; à défaut fermer l'empreinte selon la procédure, avec accord.",
        preventive:
          'Surveillance des sorties et du courant du canal chaud avec alarme, contrôle préventif des connecteurs et du câblage.',
      },
      [`hotrunner.${hz}.output_pct`, `imm.last.${v(ctx, 'cav')}_gate_pmax`],
      ctx.onset - 20 * MIN,
    );
  },
  intervene(tb, ctx) {
    const heater = `hot_runner.${v(ctx, 'drop')}_heater`;
    controlledStop(tb, ctx);
    loto(tb, {
      ppe: ['heat_gloves_en407', 'long_sleeves'],
      energies: ['electric', 'thermal'],
      isolate: ['hr'],
    });
    tb.act(
      'act.diag',
      { target: heater, measurement: 'resistance_tc' },
      { result: { ohm: 'inf', tc: 'ok' } },
    );
    tb.act('act.repair', { component_id: heater, op: 'replace' });
    ctx.fixT = tb.now;
    unlock(tb);
    tb.wait(6 * MIN);
    restart(tb, ctx);
  },
  verify: (tb, ctx) =>
    verifyTrend([`hotrunner.${v(ctx, 'hr_zone')}.temp_actual`, `imm.last.${v(ctx, 'cav')}_gate_pmax`])(
      tb,
      ctx,
    ),
  wrong: {
    diagnosis(tb, ctx) {
      return dx(
        tb,
        'machine',
        ['injection_unit', 'check_ring', 'worn_leaking'],
        {
          symptoms: ['Pièces incomplètes'],
          explanation: 'Le clapet fuit, le volume injecté manque.',
          corrective: 'Remplacer le clapet et augmenter le maintien.',
          preventive: 'Contrôle du clapet.',
        },
        ['imm.last.cushion'],
        ctx.onset - 10 * MIN,
      );
    },
    act(tb) {
      tb.write('imm.hold_pressure_sp', 55, 'incomplètes');
      tb.act('act.mode_semi').act('act.mode_manual');
      loto(tb, { energies: ['electric', 'hydraulic'], dissipate: ['accumulator_discharge'] });
      tb.act('act.repair', { component_id: 'injection_unit.check_ring', op: 'replace' });
      unlock(tb);
    },
  },
  shotgun: {
    writes: () => ({
      'hotrunner.zone2.temp_sp': 250,
      'hotrunner.zone3.temp_sp': 250,
      'imm.hold_pressure_sp': 55,
      'imm.injection_pressure_limit': 110,
      'hotrunner.zone1.temp_sp': 245,
    }),
    repairs: [
      ['injection_unit.check_ring', 'replace'],
      ['mould.vents', 'clean'],
    ],
  },
  unsafe(tb, ctx) {
    controlledStop(tb, ctx);
    tb.act('act.ppe', { items: ['heat_gloves_en407', 'long_sleeves'] });
    tb.act('act.repair', { component_id: `hot_runner.${v(ctx, 'drop')}_heater`, op: 'replace' });
    ctx.fixT = tb.now;
    restart(tb, ctx);
  },
};

// ---- F14 cavity-pressure sensor ---------------------------------------------------------------------

export const f14: ExerciseScript = {
  file: 'outillage-f14-cavity-sensor.yaml',
  seed: 24,
  shape(ctx, t, fixed): Shape {
    if (fixed) return {};
    const f = Math.min(1, Math.max(0, t - ctx.onset) / (10 * MIN));
    return {
      [`cavity_pressure.${v(ctx, 'sensor')}.pmax`]: r2(38 + 4 * f),
      quality: f > 0.5 ? 'bad' : 'good',
      quality_reason: f > 0.5 ? 'cavity pressure envelope' : '',
    };
  },
  investigate(tb, ctx) {
    tb.view('alarms');
    tb.wait(MIN).view('curves');
    tb.wait(MIN).trend(
      [`mould.${v(ctx, 'cavity_n')}.${v(ctx, 'pos')}_pressure`, `imm.last.${v(ctx, 'sensor')}_pmax`],
      ctx.onset - 20 * MIN,
      tb.now,
    );
    tb.wait(MIN).trend(['imm.last.peak_pressure', 'imm.last.cushion'], ctx.onset - 20 * MIN, tb.now);
    tb.wait(MIN).trend(
      [
        'imm.last.cav1_gate_pmax',
        'imm.last.cav2_gate_pmax',
        'imm.last.cav1_eof_pmax',
        'imm.last.cav2_eof_pmax',
      ],
      ctx.onset - 20 * MIN,
      tb.now,
    );
    tb.act('act.measure', { instrument: 'scale', n: 10 });
    tb.view('faceplate', 'mould');
    tb.act(
      'act.diag',
      { target: `mould.${v(ctx, 'sensor_comp')}`, measurement: 'zero_and_cross_check' },
      { result: { zero_mpa: 3.1 } },
    );
  },
  diagnosis(tb, ctx) {
    return dx(
      tb,
      'measurement',
      ['mould', v(ctx, 'sensor_comp'), 'offset_drift'],
      {
        symptoms: ['Rejets par l’enveloppe de pression empreinte', 'Pièces rejetées bonnes à la pesée'],
        explanation: `La chaîne de mesure du capteur ${v(ctx, 'sensor_label')} dérive : le zéro avant injection est décalé de 3 MPa (offset), le pic mesuré monte alors que le poids, le matelas, la pression machine et les autres capteurs sont normaux. Le procédé n'est pas en cause : ce sont de faux rejets.`,
        corrective:
          "Ne pas toucher aux consignes procédé ; remise à zéro de l'amplificateur, vérifier le câble, recalibrer ou remplacer le capteur ; suspendre temporairement le tri sur courbe et surveiller le poids (dérogation documentée) ; réinspecter les pièces rejetées.",
        preventive:
          "Revalider l'enveloppe sur pièces de référence, vérification périodique des capteurs (MSA).",
      },
      [`mould.${v(ctx, 'cavity_n')}.${v(ctx, 'pos')}_pressure`, 'imm.last.peak_pressure'],
      ctx.onset - 20 * MIN,
    );
  },
  intervene(tb, ctx) {
    tb.act('act.notify', { to: ['qualité'] });
    tb.write('imm.monitor.enabled', false, 'dérogation : tri sur courbe suspendu, surveillance du poids');
    tb.act('act.repair', { component_id: 'mould.charge_amplifier', op: 'recalibrate' });
    ctx.fixT = tb.now;
    tb.write('imm.monitor.enabled', true, 'capteur remis à zéro, tri rétabli');
    tb.wait(3 * MIN).act('act.measure', { instrument: 'scale', n: 10 });
  },
  verify: (tb, ctx) => verifyTrend([`imm.last.${v(ctx, 'sensor')}_pmax`])(tb, ctx),
  wrong: {
    diagnosis(tb, ctx) {
      return dx(
        tb,
        'method',
        ['injection_unit', 'injection_settings', 'hold_pressure_wrong'],
        {
          symptoms: ['Pression empreinte trop haute'],
          explanation: 'La pression empreinte est trop haute : le procédé sur-compacte.',
          corrective: 'Baisser le maintien et la vitesse.',
          preventive: 'Revoir le réglage.',
        },
        [`imm.last.${v(ctx, 'sensor')}_pmax`],
        ctx.onset - 10 * MIN,
      );
    },
    act(tb) {
      tb.write('imm.hold_pressure_sp', 40, 'pression empreinte trop haute');
      tb.write('imm.injection_speed_sp', 70, 'pression empreinte trop haute');
    },
  },
  shotgun: {
    writes: () => ({
      'imm.hold_pressure_sp': 40,
      'imm.injection_speed_sp': 70,
      'imm.transfer_position_sp': 24,
      'imm.hold_time_sp': 4,
      'imm.cooling_time_sp': 10,
    }),
    repairs: [
      ['mould.vents', 'clean'],
      ['injection_unit.check_ring', 'replace'],
    ],
  },
  unsafe(tb, ctx) {
    // replaces the sensor in the mould with the machine in automatic
    tb.act('act.notify');
    tb.act('act.repair', { component_id: `mould.${v(ctx, 'sensor_comp')}`, op: 'replace' });
    ctx.fixT = tb.now;
    tb.wait(3 * MIN).act('act.measure', { instrument: 'scale', n: 10 });
  },
};

// ---- F12 vent blockage ------------------------------------------------------------------------------

export const f12: ExerciseScript = {
  file: 'outillage-f12-vent-blockage.yaml',
  seed: 22,
  shape(ctx, t, fixed): Shape {
    if (fixed) return {};
    const f = Math.min(1, Math.max(0, t - ctx.onset) / (25 * MIN));
    return {
      'cavity_pressure.cav1_eof.pmax': r2(25 * (1 - 0.2 * f)),
      'cavity_pressure.cav2_eof.pmax': r2(25 * (1 - 0.2 * f)),
      'cavity_pressure.cav1_eof.t_arrival': r2(0.3 + 0.05 * f),
      'weights.0': r2(24 * (1 - 0.005 * f)),
      'weights.1': r2(24 * (1 - 0.005 * f)),
      peak_inj_pressure: r2(70 * (1 + 0.02 * f)),
    };
  },
  investigate(tb, ctx) {
    tb.at(ctx.onset + 14 * MIN).view('shots');
    tb.trend(['vision.reject_rate'], ctx.onset - 20 * MIN, tb.now);
    tb.wait(MIN).trend(['imm.last.cav1_eof_pmax', 'imm.last.cav2_eof_pmax'], ctx.onset - 20 * MIN, tb.now);
    tb.wait(MIN).trend(
      ['imm.zone3.output_pct', 'imm.zone4.output_pct', 'imm.melt_temp'],
      ctx.onset - 20 * MIN,
      tb.now,
    );
    tb.wait(MIN).trend(['dryer.dew_point'], ctx.onset - 60 * MIN, tb.now);
    tb.act('act.notify', { to: ['chef d’équipe'] });
    tb.write(
      'imm.injection_speed_sp',
      60,
      'confinement : ralentir la fin d’injection (brûlures en fin d’écoulement)',
    );
    tb.wait(3 * MIN).view('shots');
  },
  diagnosis(tb, ctx) {
    return dx(
      tb,
      'machine',
      ['mould', 'vents', 'clogged'],
      {
        symptoms: [
          'Brûlures au dernier point de remplissage',
          'Pression fin d’écoulement plus basse',
          'Pièces plus légères',
        ],
        explanation:
          "Évents bouchés : l'air piégé en fin de remplissage est comprimé (effet diesel) et brûle la matière au dernier point rempli, opposé au seuil. La pression fin d'écoulement arrive plus tard et plus bas. Le défaut diminue quand la vitesse baisse. Températures et séchage normaux.",
        corrective:
          "Confinement : ralentir la fin d'injection (documenté) ; arrêt, consignation, nettoyer les évents (outils doux, solvant), vérifier la profondeur 0,013–0,03 mm, rétablir la vitesse.",
        preventive:
          'Nettoyage des évents dans le plan de maintenance préventive, périodique selon le nombre de cycles.',
      },
      ['imm.last.cav1_eof_pmax', 'vision.reject_rate'],
      ctx.onset - 20 * MIN,
    );
  },
  intervene(tb, ctx) {
    tb.act('act.mode_semi');
    tb.wait(25_000).act('act.mode_manual');
    ctx.stopT = tb.now;
    tb.act('act.quarantine', { from_shot: ctx.onsetShot - 1 });
    loto(tb, {
      ppe: ['glasses', 'cut_gloves'],
      energies: ['electric', 'hydraulic', 'accumulator'],
      dissipate: ['accumulator_discharge'],
    });
    tb.act(
      'act.diag',
      { target: 'mould.vents', measurement: 'depth_gauge' },
      { result: { depth_mm: 0.004 } },
    );
    tb.act('act.repair', { component_id: 'mould.vents', op: 'clean' });
    ctx.fixT = tb.now;
    unlock(tb);
    tb.write('imm.injection_speed_sp', 80, 'évents nettoyés : vitesse validée rétablie');
    restart(tb, ctx);
  },
  verify: (tb, ctx) => verifyTrend(['imm.last.cav1_eof_pmax'])(tb, ctx),
  wrong: {
    diagnosis(tb, ctx) {
      return dx(
        tb,
        'material',
        ['material', 'degradation', 'overheated'],
        {
          symptoms: ['Taches brunes'],
          explanation: 'La matière surchauffe et se dégrade.',
          corrective: 'Baisser la température.',
          preventive: 'Surveiller les températures.',
        },
        ['imm.melt_temp'],
        ctx.onset - 10 * MIN,
      );
    },
    act(tb) {
      tb.write('imm.zone3.temp_sp', 215, 'surchauffe');
      tb.write('imm.zone4.temp_sp', 220, 'surchauffe');
    },
  },
  shotgun: {
    writes: () => ({
      'imm.injection_speed_sp': 50,
      'imm.zone3.temp_sp': 215,
      'imm.zone4.temp_sp': 220,
      'imm.hold_pressure_sp': 50,
      'imm.transfer_position_sp': 24,
    }),
    repairs: [
      ['mould.parting_line', 'restore'],
      ['injection_unit.nozzle_tip', 'clean'],
    ],
  },
  unsafe(tb, ctx) {
    // cleans the vents in the open mould with the machine still in automatic
    tb.act('act.guard_open', { guard: 'front' });
    tb.act('act.repair', { component_id: 'mould.vents', op: 'clean' });
    ctx.fixT = tb.now;
    tb.act('act.guard_close', { guard: 'front' });
  },
};

// ---- F20 mould wear ---------------------------------------------------------------------------------

export const f20: ExerciseScript = {
  file: 'outillage-f20-mould-wear.yaml',
  seed: 20,
  shape(ctx, t): Shape {
    const f = Math.min(1, Math.max(0, t - ctx.onset) / (50 * MIN));
    return {
      'weights.0': r2(24 * (1 + 0.0025 * f)),
      'weights.1': r2(24 * (1 + 0.0025 * f)),
      quality: f > 0.3 ? 'bad' : 'good',
      quality_reason: f > 0.3 ? 'flash' : '',
    };
  },
  investigate(tb, ctx) {
    tb.at(ctx.onset + 15 * MIN).view('shots');
    tb.trend(['vision.reject_rate'], ctx.onset - 20 * MIN, tb.now);
    tb.wait(MIN).view('twin');
    tb.wait(MIN).trend(['imm.clamp_force'], ctx.onset - 20 * MIN, tb.now);
    tb.wait(MIN).view('logbook');
    tb.wait(MIN).view('curves');
    tb.act('act.notify', { to: ['qualité', 'outillage'] });
    tb.act('act.quarantine', { from_shot: ctx.onsetShot - 1 });
    tb.write(
      'imm.hold_pressure_sp',
      42,
      'confinement : bavure locale, maintien réduit dans la fenêtre validée',
    );
    tb.wait(3 * MIN).act('act.measure', { instrument: 'caliper', n: 10 });
    tb.act('act.mode_semi');
    tb.wait(25_000).act('act.mode_manual');
    loto(tb, {
      ppe: ['glasses', 'cut_gloves'],
      energies: ['electric', 'hydraulic'],
      dissipate: ['accumulator_discharge'],
    });
    tb.act(
      'act.diag',
      { target: 'mould.parting_line', measurement: 'inspection' },
      { result: { wear: 'local, 0.07 mm' } },
    );
    unlock(tb);
  },
  diagnosis(tb, ctx) {
    return dx(
      tb,
      'machine',
      ['mould', 'parting_line', 'local_wear'],
      {
        symptoms: ['Bavure toujours au même endroit', 'Pièces légèrement plus lourdes'],
        explanation:
          "Usure locale du plan de joint : la bavure apparaît à un endroit répétable et grandit, la force de fermeture est normale et les courbes de pression empreinte aussi, pas de changement de lot. L'inspection montre un jeu local de 0,07 mm.",
        corrective:
          "Demande d'intervention outillage pour réparer le plan de joint ; d'ici là trier et ébavurer les pièces, maintien légèrement réduit dans la fenêtre validée et documenté.",
        preventive:
          'Inspection périodique du plan de joint selon le compteur de cycles ; éviter le sur-compactage et les corps étrangers (protection moule).',
      },
      ['vision.reject_rate', 'imm.clamp_force'],
      ctx.onset - 20 * MIN,
    );
  },
  intervene(tb, ctx) {
    tb.act('act.repair', { component_id: 'mould.parting_line', op: 'restore' });
    ctx.fixT = tb.now;
    tb.act('act.restart_semi');
    tb.wait(3 * MIN).act('act.measure', { instrument: 'caliper', n: 10 });
  },
  verify: (tb, ctx) => verifyTrend(['vision.reject_rate'])(tb, ctx),
  wrong: {
    diagnosis(tb, ctx) {
      return dx(
        tb,
        'machine',
        ['clamp', 'clamp_hydraulics', 'seal_leak'],
        {
          symptoms: ['Bavure'],
          explanation: 'La fermeture ne tient pas.',
          corrective: 'Augmenter la force de fermeture.',
          preventive: 'Vérifier le circuit de fermeture.',
        },
        ['imm.clamp_force'],
        ctx.onset - 10 * MIN,
      );
    },
    act(tb) {
      tb.write('imm.clamp_force_sp', 1200, 'bavure');
    },
  },
  shotgun: {
    writes: () => ({
      'imm.clamp_force_sp': 1200,
      'imm.hold_pressure_sp': 35,
      'imm.zone4.temp_sp': 220,
      'imm.injection_speed_sp': 60,
      'imm.cooling_time_sp': 10,
    }),
    repairs: [
      ['clamp.clamp_hydraulics', 'replace'],
      ['mould.vents', 'clean'],
    ],
  },
  unsafe(tb, ctx) {
    // inspects the parting line in the open mould, machine in automatic
    tb.act('act.notify');
    tb.act('act.quarantine', { from_shot: ctx.onsetShot - 1 });
    tb.act('act.guard_open', { guard: 'front' });
    tb.act('act.diag', { target: 'mould.parting_line', measurement: 'inspection' });
    tb.act('act.guard_close', { guard: 'front' });
    tb.act('act.repair', { component_id: 'mould.parting_line', op: 'restore' });
    ctx.fixT = tb.now;
  },
};

// ---- F15 vacuum loss --------------------------------------------------------------------------------

export const f15: ExerciseScript = {
  file: 'robotique-f15-vacuum-loss.yaml',
  seed: 15,
  shape(ctx, t, fixed): Shape {
    if (fixed) return {};
    const f = Math.min(1, Math.max(0, t - ctx.onset) / (10 * MIN));
    return { vacuum_min: r2(-75 + 38 * f), cycle_time: r2(19.7 + 2 * f), 'times.robot': r2(2.7 + 2 * f) };
  },
  investigate(tb, ctx) {
    tb.view('alarms');
    tb.wait(MIN).trend(['robot.vacuum', 'robot.part_present'], ctx.onset - 20 * MIN, tb.now);
    tb.wait(MIN).trend(['ambient.air_pressure'], ctx.onset - 20 * MIN, tb.now);
    tb.wait(MIN).trend(
      ['imm.ejector.group1_force_peak', 'imm.ejector.group2_force_peak'],
      ctx.onset - 20 * MIN,
      tb.now,
    );
    tb.wait(MIN).trend(['vision.last_offset'], ctx.onset - 20 * MIN, tb.now);
  },
  diagnosis(tb, ctx) {
    return dx(
      tb,
      'machine',
      ['robot', v(ctx, 'vac_part'), v(ctx, 'vac_mode')],
      {
        symptoms: [
          'Pièces non confirmées, reprises',
          'Pièces tombées dans le moule',
          'Temps de cycle en hausse',
        ],
        explanation:
          "Perte de vide du préhenseur : le vide pendant la prise reste au-dessus de −50 kPa (≈ −38 kPa), la pièce n'est pas confirmée et tombe. Fuite sur la ventouse ou le flexible, ou venturi colmaté. Pression réseau normale, efforts d'éjection normaux, position de prise conforme. Le test de vide sur plaque le confirmera.",
        corrective:
          'Robot arrêté en T1, porte condamnée, consignation pneumatique, remplacer la ventouse ou le flexible, nettoyer le venturi, vérifier −65 kPa au test de vide et 20 prises.',
        preventive:
          "Remplacement préventif des ventouses selon l'usure, surveillance du niveau de vide avec seuil d'alerte.",
      },
      ['robot.vacuum', 'ambient.air_pressure'],
      ctx.onset - 20 * MIN,
    );
  },
  intervene(tb, ctx) {
    const part = v(ctx, 'vac_part');
    controlledStop(tb, ctx);
    tb.act('act.robot_stop').act('act.robot_t1');
    tb.act('act.vacuum_test', {}, { result: { kpa: -38 } });
    tb.act('act.enable_device').act('act.door_lock');
    loto(tb, { ppe: ['glasses'], energies: ['pneumatic'], isolate: ['air'], dissipate: ['vent_air'] });
    tb.act('act.repair', { component_id: `robot.${part}`, op: part === 'venturi' ? 'clean' : 'replace' });
    ctx.fixT = tb.now;
    unlock(tb);
    tb.act('act.vacuum_test', {}, { result: { kpa: -72 } });
    tb.act('act.robot_auto');
    restart(tb, ctx);
  },
  verify: (tb, ctx) => verifyTrend(['robot.vacuum', 'robot.part_present'])(tb, ctx),
  wrong: {
    diagnosis(tb, ctx) {
      return dx(
        tb,
        'machine',
        ['mould', 'ejector_pins', 'broken_pin'],
        {
          symptoms: ['Pièces restées dans le moule'],
          explanation: 'Un éjecteur est cassé, la pièce reste collée.',
          corrective: 'Remplacer l’éjecteur, ralentir le robot.',
          preventive: 'Contrôler les éjecteurs.',
        },
        ['imm.ejector.group1_force_peak'],
        ctx.onset - 10 * MIN,
      );
    },
    act(tb) {
      tb.write('robot.speed_x', 800, 'fiabiliser la prise');
      tb.write('robot.speed_y', 800, 'fiabiliser la prise');
    },
  },
  shotgun: {
    writes: () => ({
      'robot.speed_x': 800,
      'robot.speed_y': 800,
      'robot.speed_z': 500,
      'robot.takeout_y': 610,
      'robot.takeout_z': 160,
    }),
    repairs: [
      ['mould.ejector_pins', 'replace'],
      ['robot.eoat', 'reseat'],
    ],
  },
  unsafe(tb, ctx) {
    // enters the cell and changes the cup with the robot still in automatic
    controlledStop(tb, ctx);
    tb.act('act.repair', { component_id: `robot.${v(ctx, 'vac_part')}`, op: 'replace' });
    ctx.fixT = tb.now;
    restart(tb, ctx);
  },
};

// ---- F16 robot offset -------------------------------------------------------------------------------

export const f16: ExerciseScript = {
  file: 'robotique-f16-robot-offset.yaml',
  seed: 26,
  shape(_ctx, _t, fixed): Shape {
    if (fixed) return {};
    return {
      'parts.0.vision.placement_offset_mm': 4.6,
      'parts.1.vision.placement_offset_mm': 4.4,
      vacuum_min: -66,
    };
  },
  investigate(tb, ctx) {
    tb.view('shots');
    tb.wait(MIN).trend(['vision.last_offset'], ctx.onset - 20 * MIN, tb.now);
    tb.wait(MIN).trend(['robot.vacuum'], ctx.onset - 20 * MIN, tb.now);
    tb.wait(MIN).trend(['robot.program_checksum'], ctx.onset - 20 * MIN, tb.now);
    tb.act(
      'act.diag',
      { target: 'robot.robot_program', measurement: 'program_diff' },
      { result: { changed: v(ctx, 'offset_part') === 'robot_program' } },
    );
  },
  diagnosis(tb, ctx) {
    return dx(
      tb,
      'machine',
      ['robot', v(ctx, 'offset_part'), v(ctx, 'offset_mode')],
      {
        symptoms: ['Dépose décalée de 4,5 mm', 'Rayures sur les pièces', 'Vide atteint tardivement'],
        explanation:
          "Décalage de la position de prise/dépose d'environ 4,5 mm mesuré par la vision ; le contrôleur affiche la position apprise : l'erreur est dans l'outil (préhenseur décalé) ou dans le point appris lui-même (programme modifié). Le vide est correct.",
        corrective:
          'Arrêt, entrée en cellule (arrêt robot, T1, dispositif de validation, porte condamnée), inspecter le préhenseur, le remettre en place, re-référencer et ré-apprendre en T1 ; essai à vitesse réduite puis 20 prises.',
        preventive:
          'Gestion des versions de programme avec validation des modifications (checksum), vérification après toute collision ou choc.',
      },
      ['vision.last_offset', 'robot.program_checksum'],
      ctx.onset - 20 * MIN,
    );
  },
  intervene(tb, ctx) {
    controlledStop(tb, ctx);
    robotEntry(tb);
    tb.act('act.inspect_eoat', {}, { result: { shifted_mm: 4.5 } });
    tb.act('act.repair', { component_id: 'robot.eoat', op: 'reseat' });
    tb.act('act.repair', { component_id: 'robot.robot_program', op: 'recalibrate' });
    ctx.fixT = tb.now;
    tb.act('act.robot_auto');
    restart(tb, ctx);
  },
  verify: (tb, ctx) => verifyTrend(['vision.last_offset'])(tb, ctx),
  wrong: {
    diagnosis(tb, ctx) {
      return dx(
        tb,
        'machine',
        ['robot', 'suction_cup', 'worn'],
        {
          symptoms: ['Prise difficile'],
          explanation: 'Les ventouses sont usées, la pièce glisse.',
          corrective: 'Changer les ventouses et décaler le point de dépose.',
          preventive: 'Changer les ventouses régulièrement.',
        },
        ['robot.vacuum'],
        ctx.onset - 10 * MIN,
      );
    },
    act(tb) {
      tb.write('robot.place_x', 1195, 'recentrer la dépose');
      tb.write('robot.place_y', 396, 'recentrer la dépose');
    },
  },
  shotgun: {
    writes: () => ({
      'robot.place_x': 1195,
      'robot.place_y': 396,
      'robot.takeout_y': 604,
      'robot.takeout_z': 146,
      'robot.speed_x': 900,
    }),
    repairs: [
      ['robot.suction_cup', 'replace'],
      ['vision.calibration', 'recalibrate'],
    ],
  },
  unsafe(tb, ctx) {
    // inspects and re-seats the EOAT with the robot in automatic
    controlledStop(tb, ctx);
    tb.act('act.inspect_eoat');
    tb.act('act.repair', { component_id: 'robot.eoat', op: 'reseat' });
    ctx.fixT = tb.now;
    restart(tb, ctx);
  },
};

/** Restarts the machine while the candidate's own lock is still applied (§5.3 critical). */
function restartWithLock(
  tb: Transcript,
  ctx: ScriptCtx,
  energies: string[],
  isolate: ('main' | 'air' | 'water' | 'hr')[],
): void {
  loto(tb, { ppe: ['glasses'], energies, isolate });
  tb.act('act.restart_semi');
  ctx.restartT = tb.now;
}

// ---- F17 vision drift -------------------------------------------------------------------------------

export const f17: ExerciseScript = {
  file: 'robotique-f17-vision-drift.yaml',
  seed: 27,
  shape(ctx, t, fixed): Shape {
    if (fixed) return {};
    const f = Math.min(1, Math.max(0, t - ctx.onset) / (15 * MIN));
    return {
      'parts.0.vision.dimension_mm': r2(113 + 0.23 * f),
      'parts.1.vision.dimension_mm': r2(113 + 0.23 * f),
      'parts.0.vision.brightness_pct': r2(92 - 22 * f),
      quality: f > 0.5 ? 'bad' : 'good',
    };
  },
  investigate(tb, ctx) {
    tb.view('alarms');
    tb.act('act.notify', { to: ['qualité'] });
    tb.wait(MIN).trend(
      ['vision.reject_rate', 'vision.brightness', 'vision.last_dimension'],
      ctx.onset - 20 * MIN,
      tb.now,
    );
    tb.wait(MIN).trend(['imm.last.cav1_gate_pmax', 'imm.last.cushion'], ctx.onset - 20 * MIN, tb.now);
    tb.act('act.measure', { instrument: 'caliper', n: 10 });
    tb.act('act.measure', { instrument: 'golden_parts', n: 10 });
  },
  diagnosis(tb, ctx) {
    return dx(
      tb,
      'measurement',
      ['vision', v(ctx, 'vis_part'), v(ctx, 'vis_mode')],
      {
        symptoms: [
          'Taux de rejet vision 0,5 → 8 %',
          'Pièces rejetées bonnes au pied à coulisse',
          'Luminosité de l’image en baisse',
        ],
        explanation:
          "Dérive du système de vision (éclairage, optique ou étalonnage mm/pixel) : faux rejets. Le contrôle sur pièces étalons échoue, la cote mesurée au pied à coulisse est bonne. Poids, pression empreinte et matelas sont inchangés : le procédé n'a pas bougé.",
        corrective:
          "Ne pas modifier le procédé ; nettoyer l'optique, corriger l'éclairage, recalibrer avec la mire, revérifier le seuil sur pièces étalons, réinspecter les rejets en quarantaine.",
        preventive:
          "Contrôle périodique sur pièces étalons en début de poste, protection de l'éclairage et suivi de la luminosité (vieillissement des LED).",
      },
      ['vision.reject_rate', 'vision.brightness', 'imm.last.cav1_gate_pmax'],
      ctx.onset - 20 * MIN,
    );
  },
  intervene(tb, ctx) {
    const part = v(ctx, 'vis_part');
    tb.act('act.repair', {
      component_id: `vision.${part}`,
      op: part === 'optics' ? 'clean' : part === 'lighting' ? 'replace' : 'recalibrate',
    });
    ctx.fixT = tb.now;
    tb.wait(2 * MIN).act('act.measure', { instrument: 'golden_parts', n: 10 });
  },
  verify(tb, ctx) {
    tb.trend(['vision.reject_rate', 'vision.last_dimension'], ctx.fixT!, tb.now);
    tb.act('act.measure', { instrument: 'caliper', n: 10 });
  },
  wrong: {
    diagnosis(tb, ctx) {
      return dx(
        tb,
        'method',
        ['injection_unit', 'injection_settings', 'hold_pressure_wrong'],
        {
          symptoms: ['Cote trop grande'],
          explanation: 'Les pièces sont trop grandes : retrait insuffisant, il faut moins de maintien.',
          corrective: 'Baisser le maintien, élargir la tolérance de la vision en attendant.',
          preventive: 'Surveiller la cote.',
        },
        ['vision.last_dimension'],
        ctx.onset - 10 * MIN,
      );
    },
    act(tb) {
      tb.write('imm.hold_pressure_sp', 40, 'cote trop grande');
      tb.write('vision.dim_tol', 0.5, 'trop de rejets');
    },
  },
  shotgun: {
    writes: () => ({
      'imm.hold_pressure_sp': 40,
      'imm.cooling_time_sp': 10,
      'tcu2.temp_sp': 35,
      'vision.dim_tol': 0.5,
      'vision.exposure_ms': 6,
    }),
    repairs: [
      ['mould.vents', 'clean'],
      ['robot.eoat', 'reseat'],
    ],
  },
  unsafe(tb, ctx) {
    // locks out the cell to check parts, then restarts with the lock still on
    tb.act('act.notify');
    restartWithLock(tb, ctx, ['electric'], ['main']);
    tb.act('act.repair', { component_id: `vision.${v(ctx, 'vis_part')}`, op: 'recalibrate' });
    ctx.fixT = tb.now;
  },
};

// ---- F18 conveyor jam -------------------------------------------------------------------------------

export const f18: ExerciseScript = {
  file: 'robotique-f18-conveyor-jam.yaml',
  seed: 18,
  shape(ctx, t, fixed): Shape {
    if (fixed || t < ctx.onset) return {};
    return { cycle_time: 45, alarms: 'conveyor' };
  },
  investigate(tb, ctx) {
    tb.view('alarms');
    tb.act('act.estop');
    ctx.stopT = tb.now;
    tb.view('overview');
    tb.trend(['conveyor.motor_current', 'conveyor.photo_eye'], ctx.onset - 10 * MIN, tb.now);
    tb.trend(['robot.cycle_step'], ctx.onset - 10 * MIN, tb.now);
    tb.trend(['robot.vacuum'], ctx.onset - 10 * MIN, tb.now);
  },
  diagnosis(tb, ctx) {
    return dx(
      tb,
      'machine',
      ['conveyor', 'belt', 'jam'],
      {
        symptoms: ['Convoyeur arrêté, moteur disjoncté', 'Robot en attente en dépose', 'Presse arrêtée'],
        explanation:
          "Bourrage du convoyeur : le courant moteur a monté puis le moteur a disjoncté, la cellule de fin de convoyeur est occultée. Le robot attend en dépose, la presse attend « zone moule libre » : arrêt de la cellule. Le robot n'est pas en défaut.",
        corrective:
          "Arrêt du convoyeur, consignation de l'entraînement, dégager la pièce coincée, vérifier les guides ; redémarrer, écarter les pièces de démarrage jusqu'à stabilité ; enregistrer le motif d'arrêt pour le TRS.",
        preventive: "Réglage des guides et détecteur d'accumulation ; inspection périodique du convoyeur.",
      },
      ['conveyor.motor_current', 'robot.cycle_step'],
      ctx.onset - 10 * MIN,
    );
  },
  intervene(tb, ctx) {
    tb.act('act.notify', { to: ['chef d’équipe', 'maintenance'] });
    loto(tb, { ppe: ['glasses', 'cut_gloves'], energies: ['electric'] });
    tb.act('act.repair', { component_id: 'conveyor.belt', op: 'clean' });
    ctx.fixT = tb.now;
    unlock(tb);
    tb.act('act.estop_reset');
    restart(tb, ctx, { scrap: 12 });
  },
  verify(tb, ctx) {
    tb.trend(['mould.temp_moving', 'imm.last.cushion'], ctx.fixT!, tb.now);
    tb.trend(['conveyor.motor_current'], ctx.fixT!, tb.now);
  },
  wrong: {
    diagnosis(tb, ctx) {
      return dx(
        tb,
        'machine',
        ['robot', 'eoat', 'damaged'],
        {
          symptoms: ['Robot bloqué'],
          explanation: 'Le robot est en défaut, il ne dépose plus.',
          corrective: 'Réparer le robot.',
          preventive: 'Maintenance du robot.',
        },
        ['robot.cycle_step'],
        ctx.onset - 10 * MIN,
      );
    },
    act(tb) {
      tb.act('act.repair', { component_id: 'robot.eoat', op: 'reseat' });
      tb.write('imm.cooling_time_sp', 12, 'stabiliser');
    },
  },
  shotgun: {
    writes: () => ({
      'conveyor.speed_sp': 15,
      'imm.hold_pressure_sp': 50,
      'imm.cooling_time_sp': 12,
      'robot.speed_x': 1000,
      'robot.speed_y': 1000,
    }),
    repairs: [
      ['robot.eoat', 'reseat'],
      ['conveyor.drive', 'replace'],
    ],
  },
  unsafe(tb, ctx) {
    // reaches into the conveyor with the drive only stopped by the E-stop, no lockout
    tb.act('act.notify');
    tb.act('act.repair', { component_id: 'conveyor.belt', op: 'clean' });
    ctx.fixT = tb.now;
    tb.act('act.estop_reset');
    restart(tb, ctx);
  },
};

// ---- F22 stale sensor -------------------------------------------------------------------------------

export const f22: ExerciseScript = {
  file: 'data-f22-stale-sensor.yaml',
  seed: 22,
  shape(): Shape {
    return {};
  },
  investigate(tb, ctx) {
    const tcu = v(ctx, 'tcu');
    tb.at(ctx.onset + 8 * MIN).view('overview');
    tb.act('act.notify', { to: ['maintenance', 'informatique industrielle'] });
    tb.trend([`${tcu}.supply_temp`, `${tcu}.return_temp`, `${tcu}.flow`], ctx.onset - 20 * MIN, tb.now);
    tb.wait(MIN).view('faceplate', tcu);
    tb.act(
      'act.diag',
      { target: 'data.modbus_link', measurement: 'status_timestamp' },
      { result: { status: 'Bad_CommunicationError', last_update_s: 490 } },
    );
    tb.act(
      'act.diag',
      { target: v(ctx, 'tcu_eq'), measurement: 'local_reading' },
      { result: { supply_c: 40.2 } },
    );
    tb.wait(MIN).trend(['mould.temp_fixed', 'mould.temp_moving'], ctx.onset - 20 * MIN, tb.now);
  },
  diagnosis(tb, ctx) {
    const tcu = v(ctx, 'tcu');
    return dx(
      tb,
      'measurement',
      ['data', 'modbus_link', 'stale_value'],
      {
        symptoms: [
          `Valeurs ${tcu} parfaitement plates (variance nulle)`,
          'Horodatage source arrêté',
          'Qualité Bad',
        ],
        explanation: `Perte de communication Modbus avec ${tcu} : valeur figée à sa dernière valeur, variance nulle, horodatage source arrêté depuis 8 minutes, qualité Bad_CommunicationError. La lecture locale sur l'afficheur donne la vraie valeur (40,2 °C). Le procédé n'est pas touché ; il ne faut pas régler sur cette donnée périmée.`,
        corrective:
          "Rétablir la liaison (câble, port, adresse IP, numéro d'esclave, redémarrer le client), vérifier la valeur sur place, documenter le trou de données dans le rapport.",
        preventive:
          'Surveiller la qualité et la fraîcheur des données (alarme de valeur figée, watchdog) ; recoupement par une seconde mesure.',
      },
      [`${tcu}.supply_temp`, `${tcu}.flow`],
      ctx.onset - 20 * MIN,
    );
  },
  intervene(tb, ctx) {
    tb.act('act.repair', { component_id: 'data.modbus_link', op: 'reseat' });
    ctx.fixT = tb.now;
  },
  verify: (tb, ctx) => verifyTrend([`${v(ctx, 'tcu')}.supply_temp`])(tb, ctx),
  wrong: {
    diagnosis(tb, ctx) {
      return dx(
        tb,
        'machine',
        [v(ctx, 'tcu_eq'), 'heater', 'failed'],
        {
          symptoms: ['Température d’eau constante'],
          explanation:
            'Le thermorégulateur est parfaitement stable, le procédé va bien ; on ajuste la consigne pour optimiser.',
          corrective: 'Modifier la consigne du thermorégulateur.',
          preventive: 'Rien.',
        },
        [`${v(ctx, 'tcu')}.supply_temp`],
        ctx.onset - 10 * MIN,
      );
    },
    act(tb, ctx) {
      tb.write(`${v(ctx, 'tcu')}.temp_sp`, 38, 'optimisation');
    },
  },
  shotgun: {
    writes: (ctx) => ({
      [`${v(ctx, 'tcu')}.temp_sp`]: 35,
      'imm.cooling_time_sp': 10,
      'imm.hold_pressure_sp': 50,
      'tcu1.temp_sp': 35,
      'imm.injection_speed_sp': 70,
    }),
    repairs: [
      ['tcu_moving.pump', 'replace'],
      ['tcu_fixed.heater', 'replace'],
    ],
  },
  unsafe(tb, ctx) {
    tb.act('act.notify');
    restartWithLock(tb, ctx, ['electric', 'water'], ['main', 'water']);
    tb.act('act.repair', { component_id: 'data.modbus_link', op: 'reseat' });
    ctx.fixT = tb.now;
  },
};

// ---- F23 unauthorised write --------------------------------------------------------------------------

const intruder = {
  user: 'maint',
  roles: ['maintenance' as const],
  channel: 'opcua' as const,
  client: 'ENG-PC-07',
};

export const f23: ExerciseScript = {
  file: 'data-f23-unauthorised-write.yaml',
  seed: 23,
  atOnset(tb, ctx) {
    tb.foreignWrite('imm.hold_pressure_sp', Number(ctx.inst.faults[0]!.params.value), intruder);
  },
  shape(_ctx, _t, fixed): Shape {
    if (fixed) return {};
    return {
      hold_p_avg: 32,
      hold_p_max: 32.4,
      'weights.0': 23.86,
      'weights.1': 23.86,
      cushion_end: 8.5,
      'cavity_pressure.cav1_gate.p_end_hold': 8,
    };
  },
  investigate(tb, ctx) {
    tb.view('alarms');
    tb.wait(MIN).trend(['imm.last.cav1_gate_pmax', 'imm.last.cushion'], ctx.onset - 20 * MIN, tb.now);
    tb.wait(MIN).view('logbook');
    tb.wait(MIN).view('parameters');
    tb.trend(
      ['imm.hold_pressure_sp', 'imm.hold_time_sp', 'imm.injection_speed_sp', 'imm.cooling_time_sp'],
      ctx.onset - 20 * MIN,
      tb.now,
    );
    tb.act(
      'act.diag',
      { target: 'cyber.dataset', measurement: 'dataset_diff' },
      { result: { differs: ['imm.hold_pressure_sp'] } },
    );
    tb.act(
      'act.diag',
      { target: 'cyber.dataset', measurement: 'audit_log' },
      { result: { user: 'maint', client: 'ENG-PC-07' } },
    );
  },
  diagnosis(tb, ctx) {
    return dx(
      tb,
      'manpower',
      ['cyber', 'dataset', 'unauthorised_write'],
      {
        symptoms: [
          'Pression de maintien passée de 45 à 32 MPa sans action opérateur',
          'Retassures, pièces légères',
        ],
        explanation:
          "Écriture non autorisée de la pression de maintien par le client ENG-PC-07, utilisateur « maint », sans demande de modification MES (journal d'audit). Le jeu de paramètres actif diffère du jeu validé (diff). Effet : plateau de pression empreinte en baisse, retassures, poids en baisse. Aucun autre paramètre modifié.",
        corrective:
          "Procédure d'incident : prévenir le superviseur et la sécurité OT, déclarer l'incident, conserver les journaux, isoler le client inconnu, restaurer le jeu validé depuis le dépôt (checksum) plutôt que ressaisir une valeur, quarantaine depuis t0, contrôle premier article.",
        preventive:
          "Réinitialiser les identifiants, comptes nominatifs, droits d'écriture par rôle (moindre privilège, esprit IEC 62443), fermer l'accès anonyme.",
      },
      ['imm.last.cav1_gate_pmax', 'imm.hold_pressure_sp'],
      ctx.onset - 20 * MIN,
    );
  },
  intervene(tb, ctx) {
    tb.act('act.notify', { to: ['superviseur', 'sécurité OT'] });
    tb.act('act.sec_incident_report', { text: 'écriture non autorisée ENG-PC-07 / maint' });
    tb.act('act.preserve_logs');
    tb.act('act.isolate_client', { client: 'ENG-PC-07' });
    tb.act('act.quarantine', { from_shot: ctx.onsetShot - 1 });
    tb.act(
      'act.restore_dataset',
      { validated: true, checksum: 'a3f9c2' },
      { result: { restored: ctx.ex.setup.set_points } },
    );
    tb.restoreValidated(ctx.ex.setup.set_points);
    ctx.fixT = tb.now;
    tb.wait(3 * MIN).act('act.fai', { weight: true, key_dims: true, visual: true });
  },
  verify: (tb, ctx) => verifyTrend(['imm.last.cav1_gate_pmax'])(tb, ctx),
  wrong: {
    diagnosis(tb, ctx) {
      return dx(
        tb,
        'material',
        ['material', 'lot', 'mfi_low'],
        {
          symptoms: ['Retassures'],
          explanation: 'La matière a changé, les pièces retassent.',
          corrective: 'Augmenter le temps de maintien et compenser.',
          preventive: 'Contrôler les lots.',
        },
        ['imm.last.cav1_gate_pmax'],
        ctx.onset - 10 * MIN,
      );
    },
    act(tb) {
      tb.write('imm.hold_time_sp', 7, 'retassures');
      tb.write('imm.hold_pressure_sp', 45, 'remise à la valeur');
    },
  },
  shotgun: {
    writes: () => ({
      'imm.hold_pressure_sp': 50,
      'imm.hold_time_sp': 7,
      'imm.injection_speed_sp': 90,
      'imm.cooling_time_sp': 10,
      'tcu2.temp_sp': 45,
    }),
    repairs: [
      ['injection_unit.check_ring', 'replace'],
      ['mould.vents', 'clean'],
    ],
  },
  unsafe(tb, ctx) {
    tb.act('act.notify');
    tb.act('act.sec_incident_report');
    restartWithLock(tb, ctx, ['electric'], ['main']);
    tb.act(
      'act.restore_dataset',
      { validated: true, checksum: 'a3f9c2' },
      { result: { restored: ctx.ex.setup.set_points } },
    );
    tb.restoreValidated(ctx.ex.setup.set_points);
    ctx.fixT = tb.now;
  },
};

// ---- combined F22 + F04 -------------------------------------------------------------------------------

export const f22f04: ExerciseScript = {
  file: 'combined-f22-f04-stale-tcu-cooling.yaml',
  seed: 2204,
  shape(ctx, t, fixed): Shape {
    const block = ctx.onsets.block!;
    if (fixed || t < block) return {};
    const c = v(ctx, 'cid');
    const f = rise(ctx, t, 6, block);
    return {
      [`mould.circuits.${c}.flow`]: r2(8 - 7.2 * Math.min(1, (t - block) / (8 * MIN))),
      [`mould.circuits.${c}.dT`]: r2(0.5 + 2.4 * f),
      [`mould.circuits.${c}.surface_T`]: r2(48 + 8 * f),
      'mould.T_moving': r2(48 + 5.5 * f),
    };
  },
  investigate(tb, ctx) {
    const c = v(ctx, 'circuit');
    const block = ctx.onsets.block!;
    tb.at(block + 8 * MIN).view('shots');
    tb.trend(['mould.temp_fixed', 'mould.temp_moving'], block - 30 * MIN, tb.now);
    tb.wait(MIN).trend(['tcu2.supply_temp', 'tcu2.flow'], block - 30 * MIN, tb.now);
    tb.wait(MIN).view('faceplate', 'tcu2');
    tb.act(
      'act.diag',
      { target: 'data.modbus_link', measurement: 'status_timestamp' },
      { result: { status: 'Bad_CommunicationError' } },
    );
    tb.act(
      'act.diag',
      { target: 'tcu_moving', measurement: 'local_reading' },
      { result: { supply_c: 40.1, flow_lpm: 15 } },
    );
    tb.wait(MIN).trend(
      [`mould.${c}.flow`, `mould.${c}.supply_temp`, `mould.${c}.return_temp`],
      block - 30 * MIN,
      tb.now,
    );
    tb.act(
      'act.diag',
      { target: `mould.${c}`, measurement: 'flow_dt' },
      { result: { flow_lpm: 0.8, dT_K: 2.9 } },
    );
    tb.write('imm.cooling_time_sp', 12, 'confinement : refroidissement allongé (circuit bouché)');
  },
  diagnosis(tb, ctx) {
    const c = v(ctx, 'circuit');
    return dx(
      tb,
      'machine',
      ['mould', c, 'partial_blockage'],
      {
        symptoms: [
          'Voilage',
          'Partie mobile plus chaude',
          'Valeurs du thermorégulateur mobile parfaitement plates',
        ],
        explanation: `Deux dérives. (1) Le circuit ${v(ctx, 'circuit_label')} de la partie mobile est partiellement bouché : débit 0,8 L/min, ΔT 2,9 K, partie mobile plus chaude, voilage. (2) La liaison Modbus du thermorégulateur mobile est perdue : valeurs figées, horodatage arrêté, qualité Bad ; cette donnée figée masquait la dérive côté eau. La lecture locale confirme que le thermorégulateur est à sa consigne.`,
        corrective:
          "Consignation de l'eau, détartrer et rincer le circuit, vérifier le débit ≥ 8 L/min ; rétablir la communication et documenter le trou de données ; retirer le temps de refroidissement ajouté.",
        preventive:
          "Alarme de donnée figée (fraîcheur, horodatage), traitement de l'eau et surveillance du débit par circuit.",
      },
      [`mould.${c}.flow`, 'mould.temp_moving', 'tcu2.supply_temp'],
      ctx.onsets.block! - 30 * MIN,
    );
  },
  intervene(tb, ctx) {
    const c = v(ctx, 'circuit');
    controlledStop(tb, ctx);
    loto(tb, {
      ppe: ['glasses', 'heat_gloves_en407'],
      energies: ['water', 'thermal'],
      isolate: ['water'],
      dissipate: ['depressurise_water', 'cool_down'],
    });
    tb.act('act.repair', { component_id: `mould.${c}`, op: 'clean' });
    unlock(tb);
    tb.act('act.repair', { component_id: 'data.modbus_link', op: 'reseat' });
    ctx.fixT = tb.now;
    tb.write('imm.cooling_time_sp', 8, 'circuit détartré : refroidissement validé rétabli');
    restart(tb, ctx);
  },
  verify: (tb, ctx) => verifyTrend([`mould.${v(ctx, 'circuit')}.flow`, 'mould.temp_moving'])(tb, ctx),
  wrong: {
    diagnosis(tb, ctx) {
      return dx(
        tb,
        'method',
        ['mould', 'mould_temperature', 'setpoint_too_high'],
        {
          symptoms: ['Voilage'],
          explanation:
            'Le thermorégulateur est stable à 40 °C, le moule est trop chaud : on baisse la consigne.',
          corrective: 'Baisser la consigne du thermorégulateur et augmenter le maintien.',
          preventive: 'Rien.',
        },
        ['tcu2.supply_temp'],
        ctx.onsets.block! - 10 * MIN,
      );
    },
    act(tb) {
      tb.write('tcu2.temp_sp', 32, 'moule trop chaud');
      tb.write('imm.hold_pressure_sp', 52, 'retassures');
    },
  },
  shotgun: {
    writes: () => ({
      'tcu1.temp_sp': 32,
      'tcu2.temp_sp': 32,
      'imm.cooling_time_sp': 15,
      'imm.hold_pressure_sp': 55,
      'imm.hold_time_sp': 7,
    }),
    repairs: [
      ['tcu_moving.pump', 'replace'],
      ['mould.circuit_a2', 'clean'],
    ],
  },
  unsafe(tb, ctx) {
    controlledStop(tb, ctx);
    tb.act('act.repair', { component_id: `mould.${v(ctx, 'circuit')}`, op: 'clean' });
    ctx.fixT = tb.now;
    restart(tb, ctx);
  },
};

// ---- combined F01 + F25 -----------------------------------------------------------------------------

export const f01f25: ExerciseScript = {
  file: 'combined-f01-f25-heater-starvation.yaml',
  seed: 125,
  shape(ctx, t, fixed): Shape {
    if (fixed) return {};
    const i = Number(ctx.vars.zone_index);
    const f = rise(ctx, t, 4.5, ctx.onsets.heater);
    const sp = [195, 210, 225, 230, 230][i]!;
    const out: Record<string, number | string | boolean> = {
      [`zones.actual.${i}`]: r2(sp - 40 * f),
      [`zones.output_pct.${i}`]: 100,
      'times.dose': r2(4.5 * (1 + 0.2 * f)),
      torque_avg: r2(180 * (1 + 0.15 * f)),
    };
    if (t >= ctx.onsets.starve!) {
      const k = Math.round(t / 20_000);
      const scatter = ((k * 104729) % 17) / 17;
      out['times.dose'] = r2(6 + 2.5 * scatter);
      out.cushion_end = r2(Math.max(0, 2 - 2 * scatter));
      out.torque_avg = r2(150 - 20 * scatter);
    }
    return out;
  },
  investigate(tb, ctx) {
    const z = v(ctx, 'zone');
    tb.at(ctx.onsets.starve! + 6 * MIN).view('alarms');
    tb.trend([`imm.${z}.temp_actual`, `imm.${z}.output_pct`], ctx.onsets.heater! - 10 * MIN, tb.now);
    tb.wait(MIN).trend(['imm.last.dose_time', 'imm.last.cushion'], ctx.onsets.heater! - 10 * MIN, tb.now);
    tb.wait(MIN).trend(['hopper.level', 'hopper.loader_active'], ctx.onsets.starve! - 20 * MIN, tb.now);
    tb.act('act.measure', { instrument: 'scale', n: 10 });
  },
  diagnosis(tb, ctx) {
    const z = v(ctx, 'zone');
    return dx(
      tb,
      'machine',
      ['barrel', v(ctx, 'heater'), 'open_circuit'],
      {
        symptoms: [
          `Sortie ${v(ctx, 'zone_label')} à 100 %, zone qui chute`,
          'Dosage long et très dispersé',
          'Niveau trémie bas, matelas qui s’effondre',
        ],
        explanation: `Deux causes au dosage long. (1) Le collier ${v(ctx, 'zone_label')} est ouvert : sortie saturée à 100 % et température qui chute, dosage plus long. (2) En plus, manque matière : le niveau de la trémie baisse, le chargeur n'alimente plus (filtre bouché), le dosage devient très dispersé, le matelas s'effondre et le couple baisse.`,
        corrective:
          "Consigner, remplacer le collier ; nettoyer le filtre du chargeur machine arrêtée, trémie fermée, sans les mains dans la goulotte ; rétablir l'alimentation, purger, premier article.",
        preventive:
          'Alarme de niveau trémie et de chargeur ; maintenance préventive des filtres et contrôle des colliers.',
      },
      [`imm.${z}.output_pct`, 'hopper.level', 'imm.last.dose_time'],
      ctx.onsets.heater! - 10 * MIN,
    );
  },
  intervene(tb, ctx) {
    const heater = `barrel.${v(ctx, 'heater')}`;
    controlledStop(tb, ctx);
    loto(tb);
    tb.act('act.diag', { target: heater, measurement: 'resistance' }, { result: { ohm: 'inf' } });
    tb.act('act.repair', { component_id: heater, op: 'replace' });
    tb.act(
      'act.diag',
      { target: 'feeding.loader', measurement: 'level_filter' },
      { result: { filter: 'blocked' } },
    );
    tb.act('act.repair', { component_id: 'feeding.loader', op: 'clean' });
    ctx.fixT = tb.now;
    unlock(tb);
    tb.wait(8 * MIN);
    purge(tb);
    restart(tb, ctx);
  },
  verify: (tb, ctx) =>
    verifyTrend([`imm.${v(ctx, 'zone')}.temp_actual`, 'imm.last.dose_time', 'hopper.level'])(tb, ctx),
  wrong: {
    diagnosis(tb, ctx) {
      return dx(
        tb,
        'machine',
        ['injection_unit', 'check_ring', 'worn_leaking'],
        {
          symptoms: ['Matelas qui chute'],
          explanation: 'Le clapet fuit, le matelas chute.',
          corrective: 'Remplacer le clapet, augmenter la vitesse de vis.',
          preventive: 'Contrôler le clapet.',
        },
        ['imm.last.cushion'],
        ctx.onsets.starve! - 10 * MIN,
      );
    },
    act(tb) {
      tb.write('imm.screw_speed_sp', 320, 'dosage trop long');
      tb.write('imm.back_pressure_sp', 10, 'homogénéité');
    },
  },
  shotgun: {
    writes: () => ({
      'imm.screw_speed_sp': 320,
      'imm.back_pressure_sp': 12,
      'imm.zone1.temp_sp': 205,
      'imm.zone2.temp_sp': 220,
      'imm.shot_size_sp': 92,
    }),
    repairs: [
      ['injection_unit.check_ring', 'replace'],
      ['barrel.z1_tc', 'replace'],
    ],
  },
  unsafe(tb, ctx) {
    // clears the loader and the feed throat with the machine in automatic
    tb.act('act.notify');
    tb.act('act.repair', { component_id: 'feeding.loader', op: 'clean' });
    controlledStop(tb, ctx);
    loto(tb);
    tb.act('act.repair', { component_id: `barrel.${v(ctx, 'heater')}`, op: 'replace' });
    ctx.fixT = tb.now;
    unlock(tb);
    restart(tb, ctx);
  },
};

export const SCRIPTS: readonly ExerciseScript[] = [
  f01,
  f02,
  f03,
  f06,
  f07,
  f04,
  f19,
  f14,
  f12,
  f20,
  f15,
  f16,
  f17,
  f18,
  f22,
  f23,
  f22f04,
  f01f25,
];
