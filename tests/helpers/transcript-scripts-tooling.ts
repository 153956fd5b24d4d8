/**
 * Transcript scripts of the connected tooling (vents, mould wear, stale TCU + cooling) exercises (see transcript-personas.ts): the
 * signature each fault leaves in the shot records, the expert, the wrong answer, the shotgun and the
 * unsafe variants.
 */
import { MIN } from './transcript.ts';
import {
  controlledStop,
  type ExerciseScript,
  loto,
  restart,
  type Shape,
  unlock,
} from './transcript-personas.ts';
import { dx, r2, rise, v, verifyTrend } from './transcript-script-kit.ts';

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
