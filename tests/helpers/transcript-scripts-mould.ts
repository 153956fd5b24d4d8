/**
 * Transcript scripts of the connected tooling (cooling blockage, hot runner, cavity sensor) exercises (see transcript-personas.ts): the
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
