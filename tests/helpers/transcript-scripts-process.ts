/**
 * Transcript scripts of the process control (heater band, thermocouple drift, check ring) exercises (see transcript-personas.ts): the
 * signature each fault leaves in the shot records, the expert, the wrong answer, the shotgun and the
 * unsafe variants.
 */
import { diagnosis, MIN } from './transcript.ts';
import {
  controlledStop,
  type ExerciseScript,
  loto,
  purge,
  restart,
  type Shape,
  unlock,
} from './transcript-personas.ts';
import { dx, r2, rise, v, verifyTrend } from './transcript-script-kit.ts';

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
