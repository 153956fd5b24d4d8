/**
 * Transcript scripts of the robotics and peripherals (vacuum loss, robot offset, vision drift, conveyor jam) exercises (see transcript-personas.ts): the
 * signature each fault leaves in the shot records, the expert, the wrong answer, the shotgun and the
 * unsafe variants.
 */
import { MIN } from './transcript.ts';
import {
  controlledStop,
  type ExerciseScript,
  loto,
  restart,
  robotEntry,
  type Shape,
  unlock,
} from './transcript-personas.ts';
import { dx, r2, restartWithLock, v, verifyTrend } from './transcript-script-kit.ts';

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
