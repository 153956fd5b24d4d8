/**
 * Transcript scripts of the material (lot change, wet PA6, heater + starvation) exercises (see transcript-personas.ts): the
 * signature each fault leaves in the shot records, the expert, the wrong answer, the shotgun and the
 * unsafe variants.
 */
import { MIN } from './transcript.ts';
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
