/**
 * Transcript scripts of the data and cyber (stale sensor, unauthorised write) exercises (see transcript-personas.ts): the
 * signature each fault leaves in the shot records, the expert, the wrong answer, the shotgun and the
 * unsafe variants.
 */
import { MIN } from './transcript.ts';
import type { ExerciseScript, Shape } from './transcript-personas.ts';
import { dx, intruder, restartWithLock, v, verifyTrend } from './transcript-script-kit.ts';

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
