/**
 * Signal declarations of the injection-moulding machine (`imm`), EUROMAP 77/83 browse paths under
 * `DeviceSet/IMM_1` (standards.md §1.1, §1.2, §1.11), project names where EUROMAP has none.
 * Modbus: the EUROMAP-style status words at HR 0–25 and the zones at IR/HR 101–105 (×10 °C) follow the
 * standards.md §1.11 example; everything else is allocated from 200 upwards; the EUROMAP 67 IMM → robot
 * signals sit as discrete inputs in the robot's block (1600+), next to the robot → IMM coils.
 */
import type { SignalDefInput } from '../../kernel/signal-schema.ts';
import type { Job } from '../materials.ts';
import { MODBUS_BLOCKS } from '../modbus-plan.ts';
import { OP_WRITE, SAFETY_WRITE, SignalBuilder } from '../signals.ts';
import { TRANSFER_MODES } from './shot-model.ts';

/** EUROMAP 83 MachineModeEnumeration (NodeSet order) */
export const MACHINE_MODES = ['OTHER', 'AUTOMATIC', 'SEMI_AUTOMATIC', 'MANUAL', 'SETUP', 'SLEEP'] as const;
export const MODE = { OTHER: 0, AUTOMATIC: 1, SEMI_AUTOMATIC: 2, MANUAL: 3, SETUP: 4, SLEEP: 5 } as const;
/** EUROMAP 83 ProductionStatusEnumeration */
export const PRODUCTION_STATUS = [
  'OTHER',
  'NO_PRODUCTION',
  'START_UP',
  'READY_FOR_PRODUCTION',
  'PRODUCTION',
  'DRY_RUN',
] as const;
/** EUROMAP 83 JobStatusEnumeration */
export const JOB_STATUS = [
  'OTHER',
  'TRANSFERRED_ASSIGNED',
  'SET_UP_ACTIVE',
  'SET_UP_INTERRUPTED',
  'SET_UP_FINISHED',
  'START_UP_ACTIVE',
  'JOB_IN_PRODUCTION',
  'JOB_INTERRUPTED',
  'JOB_FINISHED',
  'TEAR_DOWN_ACTIVE',
  'TEAR_DOWN_INTERRUPTED',
  'TEAR_DOWN_FINISHED',
] as const;
/** §2.2 cycle states */
export const CYCLE_STATES = [
  'STOPPED',
  'HEATING',
  'READY',
  'CLOSING',
  'MOULD_PROTECT',
  'LOCKUP',
  'INJECTION',
  'HOLDING',
  'COOLING',
  'OPENING',
  'EJECTING',
] as const;
export type CycleState = (typeof CYCLE_STATES)[number];
export const DOSING_STATES = ['IDLE', 'ROTATE', 'DECOMPRESS', 'DOSED', 'TIMEOUT'] as const;
export type DosingState = (typeof DOSING_STATES)[number];

export const ZONE_LABELS = [
  { fr: 'Zone 1 (alimentation)', en: 'Zone 1 (feed)' },
  { fr: 'Zone 2', en: 'Zone 2' },
  { fr: 'Zone 3', en: 'Zone 3' },
  { fr: 'Zone 4 (avant)', en: 'Zone 4 (front)' },
  { fr: 'Buse', en: 'Nozzle' },
];

export function declareImm(job: Job, refs: { doseTimeoutS: number }, initialMode: number): SignalDefInput[] {
  const s = job.settings;
  const b = new SignalBuilder(
    'imm',
    'DeviceSet/IMM_1',
    { ...MODBUS_BLOCKS.imm, input: 200, holding: 200 },
    300,
  );
  const iu = 'InjectionUnits/InjectionUnit_1';
  const pv = `${iu}/ProcessValues`;
  const sp = `${iu}/ProcessSetpoints`;
  const last = `${iu}/LastCycleValues`;
  const av = 'Jobs/ActiveJobValues';
  const hr = (address: number, encoding: 'uint16' | 'uint32' | 'float32' = 'uint32') => ({
    table: 'holding' as const,
    address,
    encoding,
  });
  // machine status and job values (EUROMAP 77/83)
  b.enumeration(
    'mode',
    { fr: 'Mode machine', en: 'Machine mode' },
    MACHINE_MODES,
    initialMode,
    'MachineStatus/MachineMode',
    { write: OP_WRITE, kind: 'setpoint', mb: hr(0, 'uint16') },
  )
    .enumeration(
      'production_status',
      { fr: 'État de production', en: 'Production status' },
      PRODUCTION_STATUS,
      1,
      'MachineMESStatus/ProductionControl/ProductionStatus',
      { mb: hr(1, 'uint16') },
    )
    .enumeration(
      'cycle_state',
      { fr: 'Étape du cycle', en: 'Cycle state' },
      CYCLE_STATES,
      1,
      'MachineStatus/CycleState',
      { mb: hr(2, 'uint16') },
    )
    .enumeration(
      'job.status',
      { fr: "État de l'ordre", en: 'Job status' },
      JOB_STATUS,
      6,
      `${av}/JobStatus`,
      { mb: hr(3, 'uint16') },
    )
    .counter(
      'job.cycle_counter',
      { fr: 'Compteur de cycles (ordre)', en: 'Job cycle counter' },
      `${av}/JobCycleCounter`,
      { mb: hr(10) },
    )
    .counter(
      'job.parts_counter',
      { fr: 'Compteur de pièces (ordre)', en: 'Job parts counter' },
      `${av}/JobPartsCounter`,
      { mb: hr(12) },
    )
    .counter(
      'job.good_parts',
      { fr: 'Pièces bonnes (ordre)', en: 'Job good parts' },
      `${av}/JobGoodPartsCounter`,
      { mb: hr(14) },
    )
    .counter(
      'job.bad_parts',
      { fr: 'Pièces mauvaises (ordre)', en: 'Job bad parts' },
      `${av}/JobBadPartsCounter`,
      { mb: hr(16) },
    )
    .counter(
      'job.test_samples',
      { fr: 'Échantillons de test (ordre)', en: 'Job test samples' },
      `${av}/JobTestSamplesCounter`,
      { mb: hr(18) },
    )
    .counter(
      'job.machine_cycle_counter',
      { fr: 'Compteur de cycles machine', en: 'Machine cycle counter' },
      `${av}/MachineCycleCounter`,
      { mb: hr(20) },
    )
    .measurement(
      'job.last_cycle_time',
      { fr: 'Dernier temps de cycle', en: 'Last cycle time' },
      'ms',
      { min: 0, max: 600000 },
      `${av}/LastCycleTime`,
      { mb: hr(22, 'float32') },
    )
    .measurement(
      'job.average_cycle_time',
      { fr: 'Temps de cycle moyen', en: 'Average cycle time' },
      'ms',
      { min: 0, max: 600000 },
      `${av}/AverageCycleTime`,
      { mb: hr(24, 'float32') },
    )
    .text('job.name', { fr: 'Ordre actif', en: 'Active job' }, job.id, 'Jobs/ActiveJob/JobName')
    .text('job.material', { fr: 'Matière', en: 'Material' }, job.material, 'Jobs/ActiveJob/Material')
    .text('job.lot', { fr: 'Lot en cours', en: 'Current lot' }, '', `${av}/CurrentLotName`)
    .measurement(
      'job.num_cavities',
      { fr: "Nombre d'empreintes", en: 'Number of cavities' },
      '',
      { min: 0, max: 64 },
      'Jobs/ActiveJob/NumCavities',
      { type: 'int', initial: 2, mb: hr(26, 'uint16') },
    );
  // barrel zones Z1..Z4 + nozzle (TemperatureZone_5)
  for (let n = 1; n <= 5; n++) {
    const z = `${iu}/TemperatureZones/TemperatureZone_${n}`;
    const L = ZONE_LABELS[n - 1]!;
    b.measurement(
      `zone${n}.temp_actual`,
      { fr: `${L.fr} : température`, en: `${L.en}: temperature` },
      '°C',
      { min: 0, max: 500 },
      `${z}/ActualTemperature`,
      { sigma: 0.3, mb: { address: 100 + n, encoding: 'int16', scale: 10 } },
    )
      .setpoint(
        `zone${n}.temp_sp`,
        { fr: `${L.fr} : consigne`, en: `${L.en}: set point` },
        '°C',
        { min: 0, max: 350 },
        s.zones[n - 1]!,
        `${z}/NominalTemperature`,
        { mb: { address: 100 + n, encoding: 'int16', scale: 10 } },
      )
      .measurement(
        `zone${n}.output_pct`,
        { fr: `${L.fr} : sortie chauffe`, en: `${L.en}: heating output` },
        '%',
        { min: 0, max: 100 },
        `${z}/HeatingOutput`,
        { sigma: 1 },
      )
      .measurement(
        `zone${n}.current`,
        { fr: `${L.fr} : courant`, en: `${L.en}: heater current` },
        'A',
        { min: 0, max: 30 },
        `${z}/HeaterCurrent`,
        { sigma: 0.1 },
      )
      .hidden(
        `zone${n}.temp_true`,
        { fr: `${L.fr} : température vraie`, en: `${L.en}: true temperature` },
        '°C',
      );
  }
  b.bool(
    'heaters_on',
    { fr: 'Chauffage fourreau en marche', en: 'Barrel heating on' },
    true,
    `${iu}/HeatingOn`,
    { write: OP_WRITE, kind: 'setpoint' },
  )
    .measurement(
      'feed_throat_temp',
      { fr: "Température goulotte d'alimentation", en: 'Feed throat temperature' },
      '°C',
      { min: 0, max: 150 },
      `${iu}/FeedThroatTemperature`,
      { sigma: 0.3 },
    )
    .setpoint(
      'heat_soak_time_sp',
      { fr: 'Temps de maintien en température', en: 'Heat soak time' },
      's',
      { min: 0, max: 3600 },
      600,
      `${sp}/HeatSoakTime`,
    );
  // live process values, 10 Hz
  b.measurement(
    'screw_position',
    { fr: 'Position vis', en: 'Screw position' },
    'mm',
    { min: -5, max: 200 },
    `${pv}/ScrewPosition`,
    { sigma: 0.05 },
  )
    .measurement(
      'injection_velocity',
      { fr: "Vitesse d'injection", en: 'Injection velocity' },
      'mm/s',
      { min: -50, max: 300 },
      `${pv}/InjectionVelocity`,
      { sigma: 0.4 },
    )
    .measurement(
      'injection_pressure',
      { fr: "Pression d'injection (spécifique)", en: 'Injection pressure (specific)' },
      'MPa',
      { min: -5, max: 250 },
      `${pv}/InjectionPressure`,
      { sigma: 0.3 },
    )
    .measurement(
      'hydraulic_pressure',
      { fr: 'Pression hydraulique', en: 'Hydraulic pressure' },
      'bar',
      { min: -5, max: 250 },
      `${pv}/HydraulicPressure`,
      { sigma: 0.3 },
    )
    .measurement(
      'screw_rpm',
      { fr: 'Vitesse de rotation vis', en: 'Screw speed' },
      'rpm',
      { min: 0, max: 500 },
      `${pv}/ScrewRotationalSpeed`,
      { sigma: 2 },
    )
    .measurement(
      'screw_torque',
      { fr: 'Couple vis', en: 'Screw torque' },
      'N·m',
      { min: 0, max: 600 },
      `${pv}/ScrewTorque`,
      { sigma: 3 },
    )
    .measurement(
      'back_pressure',
      { fr: 'Contre-pression', en: 'Back pressure' },
      'MPa',
      { min: -1, max: 40 },
      `${pv}/BackPressure`,
      { sigma: 0.1 },
    )
    .measurement(
      'melt_temp',
      { fr: 'Température matière (sonde buse)', en: 'Melt temperature (nozzle probe)' },
      '°C',
      { min: 0, max: 400 },
      `${pv}/MeltTemperature`,
      { sigma: 0.5 },
    )
    .bool(
      'carriage_forward',
      { fr: 'Buse en appui (groupe avancé)', en: 'Nozzle in contact (carriage forward)' },
      true,
      `${iu}/CarriageForward`,
    )
    .enumeration(
      'dosing_state',
      { fr: 'État du dosage', en: 'Dosing state' },
      DOSING_STATES,
      3,
      `${iu}/DosingState`,
    );
  // last-cycle values (updated at each cycle end)
  const lv = (id: string, fr: string, en: string, unit: string, max: number, path: string) =>
    b.measurement(`last.${id}`, { fr, en }, unit, { min: 0, max }, `${last}/${path}`);
  lv('cycle_time', 'Dernier temps de cycle', 'Last cycle time', 's', 600, 'CycleTime');
  lv('cushion', 'Dernier matelas', 'Last cushion', 'mm', 200, 'CushionStroke');
  lv('fill_time', 'Dernier temps de remplissage', 'Last fill time', 's', 20, 'InjectionTime');
  lv('dose_time', 'Dernier temps de dosage', 'Last dosing time', 's', 120, 'DosingTime');
  lv(
    'peak_pressure',
    "Dernière pression d'injection max",
    'Last peak injection pressure',
    'MPa',
    250,
    'SpecificPressureMaximum',
  );
  lv(
    'transfer_pressure',
    'Dernière pression à la commutation',
    'Last transfer pressure',
    'MPa',
    250,
    'TransferSpecificPressure',
  );
  lv(
    'transfer_position',
    'Dernière position de commutation',
    'Last transfer position',
    'mm',
    200,
    'VPChangeOverPosition',
  );
  lv(
    'rv',
    'Dernière viscosité relative (P×t)',
    'Last relative viscosity (P×t)',
    'MPa·s',
    1000,
    'RelativeViscosity',
  );
  lv(
    'melt_temp',
    'Température matière du dernier cycle',
    'Last cycle melt temperature',
    '°C',
    400,
    'MeltTemperature',
  );
  for (const [i, n] of ['cav1_gate', 'cav1_eof', 'cav2_gate', 'cav2_eof'].entries()) {
    const c = (i >> 1) + 1;
    const pos = i & 1 ? { fr: 'fin d’écoulement', en: 'end of flow' } : { fr: 'seuil', en: 'gate' };
    lv(
      `${n}_pmax`,
      `Pression empreinte ${c} ${pos.fr} max`,
      `Cavity ${c} ${pos.en} peak pressure`,
      'MPa',
      250,
      `CavityPressureMaximum_${i + 1}`,
    );
  }
  // process set points (technician)
  b.setpoint(
    'shot_size_sp',
    { fr: 'Course de dosage', en: 'Shot size' },
    'mm',
    { min: 10, max: 150 },
    s.shotSizeMm,
    `${sp}/ShotSize`,
  )
    .setpoint(
      'decompression_sp',
      { fr: 'Décompression', en: 'Decompression' },
      'mm',
      { min: 0, max: 15 },
      s.decompressionMm,
      `${sp}/Decompression`,
    )
    .setpoint(
      'injection_speed_sp',
      { fr: "Vitesse d'injection", en: 'Injection speed' },
      'mm/s',
      { min: 5, max: 200 },
      s.injSpeedMmS,
      `${sp}/InjectionSpeed`,
    )
    .enumeration(
      'transfer_mode',
      { fr: 'Mode de commutation V/P', en: 'V/P transfer mode' },
      TRANSFER_MODES,
      0,
      `${sp}/TransferMode`,
      { write: ['technician', 'trainer'] },
    )
    .setpoint(
      'transfer_position_sp',
      { fr: 'Position de commutation V/P', en: 'V/P transfer position' },
      'mm',
      { min: 0, max: 100 },
      s.transferMm,
      `${sp}/TransferPosition`,
    )
    .setpoint(
      'transfer_pressure_sp',
      { fr: 'Pression de commutation', en: 'Transfer pressure' },
      'MPa',
      { min: 10, max: 200 },
      80,
      `${sp}/TransferPressure`,
    )
    .setpoint(
      'transfer_time_sp',
      { fr: 'Temps de commutation', en: 'Transfer time' },
      's',
      { min: 0.1, max: 10 },
      1.0,
      `${sp}/TransferTime`,
    )
    .setpoint(
      'transfer_cavity_pressure_sp',
      { fr: 'Pression empreinte de commutation', en: 'Transfer cavity pressure' },
      'MPa',
      { min: 1, max: 100 },
      5,
      `${sp}/TransferCavityPressure`,
    )
    .setpoint(
      'transfer_time_max',
      { fr: 'Temps de sécurité commutation', en: 'Transfer time back-up' },
      's',
      { min: 0.2, max: 10 },
      s.transferTimeMaxS,
      `${sp}/TransferTimeMax`,
    )
    .setpoint(
      'injection_pressure_limit',
      { fr: "Limite de pression d'injection", en: 'Injection pressure limit' },
      'MPa',
      { min: 20, max: 200 },
      s.pressureLimitMPa,
      `${sp}/InjectionPressureLimit`,
    )
    .setpoint(
      'hold_pressure_sp',
      { fr: 'Pression de maintien', en: 'Hold pressure' },
      'MPa',
      { min: 0, max: 150 },
      s.holdMPa,
      `${sp}/HoldPressure`,
    )
    .setpoint(
      'hold_time_sp',
      { fr: 'Temps de maintien', en: 'Hold time' },
      's',
      { min: 0, max: 30 },
      s.holdS,
      `${sp}/HoldTime`,
    )
    .setpoint(
      'cooling_time_sp',
      { fr: 'Temps de refroidissement', en: 'Cooling time' },
      's',
      { min: 0, max: 120 },
      s.coolS,
      `${sp}/CoolingTime`,
    )
    .setpoint(
      'screw_speed_sp',
      { fr: 'Vitesse de rotation vis', en: 'Screw speed' },
      'rpm',
      { min: 20, max: 450 },
      s.rpm,
      `${sp}/ScrewSpeed`,
    )
    .setpoint(
      'back_pressure_sp',
      { fr: 'Contre-pression', en: 'Back pressure' },
      'MPa',
      { min: 0, max: 30 },
      s.backPressureMPa,
      `${sp}/BackPressure`,
    )
    .setpoint(
      'dose_timeout_sp',
      { fr: 'Temps de dosage maximal', en: 'Dosing time-out' },
      's',
      { min: 1, max: 60 },
      refs.doseTimeoutS,
      `${sp}/DosingTimeMax`,
    )
    .setpoint(
      'feed_throat_temp_sp',
      { fr: 'Consigne eau goulotte', en: 'Feed throat water set point' },
      '°C',
      { min: 10, max: 80 },
      s.feedThroatC,
      `${sp}/FeedThroatTemperature`,
    );
  // clamp, mould movement, ejector
  const cu = 'ClampingUnits/ClampingUnit_1';
  b.setpoint(
    'clamp_force_sp',
    { fr: 'Force de fermeture', en: 'Clamp force' },
    'kN',
    { min: 100, max: 1500 },
    s.clampKN,
    `${cu}/ProcessSetpoints/ClampForce`,
  )
    .measurement(
      'clamp_force',
      { fr: 'Force de fermeture réelle', en: 'Clamp force actual' },
      'kN',
      { min: 0, max: 2000 },
      `${cu}/ProcessValues/ClampForce`,
      { sigma: 4 },
    )
    .measurement(
      'mould_position',
      { fr: 'Position plateau mobile', en: 'Moving platen position' },
      'mm',
      { min: -5, max: 600 },
      `${cu}/ProcessValues/MouldPosition`,
      { sigma: 0.05 },
    );
  for (let i = 1; i <= 4; i++) {
    b.measurement(
      `tiebar${i}`,
      { fr: `Effort colonne ${i}`, en: `Tie-bar ${i} force` },
      'kN',
      { min: 0, max: 600 },
      `${cu}/ProcessValues/TieBarForce_${i}`,
      { sigma: 1 },
    );
  }
  b.measurement(
    'ejector_position',
    { fr: 'Position éjecteur', en: 'Ejector position' },
    'mm',
    { min: -5, max: 150 },
    'Ejectors/Ejector_1/ProcessValues/EjectorPosition',
    { sigma: 0.05 },
  );
  for (let g = 1; g <= 4; g++) {
    b.measurement(
      `ejector.group${g}_force_peak`,
      { fr: `Effort éjection groupe ${g} (crête)`, en: `Ejector pin group ${g} force (peak)` },
      'kN',
      { min: 0, max: 20 },
      `Ejectors/Ejector_1/ProcessValues/PinGroupForce_${g}`,
      { sigma: 0.02 },
    );
  }
  // quality monitoring windows (the controller's tolerance monitoring)
  const qm = 'QualityMonitoring';
  b.bool(
    'monitor.enabled',
    { fr: 'Surveillance qualité active', en: 'Quality monitoring enabled' },
    true,
    `${qm}/Enabled`,
    { write: ['technician', 'trainer'], kind: 'setpoint' },
  )
    .setpoint(
      'monitor.cushion_min',
      { fr: 'Matelas mini', en: 'Cushion minimum' },
      'mm',
      { min: 0, max: 100 },
      6.5,
      `${qm}/CushionMin`,
    )
    .setpoint(
      'monitor.cushion_max',
      { fr: 'Matelas maxi', en: 'Cushion maximum' },
      'mm',
      { min: 0, max: 100 },
      9.5,
      `${qm}/CushionMax`,
    )
    .setpoint(
      'monitor.fill_time_max',
      { fr: 'Temps de remplissage maxi', en: 'Fill time maximum' },
      's',
      { min: 0.05, max: 20 },
      Math.round((1.15 * 100 * (s.shotSizeMm + s.decompressionMm - s.transferMm)) / s.injSpeedMmS) / 100 +
        0.05,
      `${qm}/FillTimeMax`,
    )
    .setpoint(
      'monitor.cav_gate_pmax_min',
      { fr: 'Pression empreinte seuil mini', en: 'Cavity gate peak minimum' },
      'MPa',
      { min: 0, max: 250 },
      Math.round(0.94 * s.holdMPa * 0.8 * 1.05 * 10) / 10,
      `${qm}/CavityGatePeakMin`,
    )
    .setpoint(
      'monitor.cav_gate_pmax_max',
      { fr: 'Pression empreinte seuil maxi', en: 'Cavity gate peak maximum' },
      'MPa',
      { min: 0, max: 250 },
      Math.round(1.06 * s.holdMPa * 0.8 * 1.05 * 10) / 10,
      `${qm}/CavityGatePeakMax`,
    );
  // hydraulics
  const pu = 'PowerUnits/PowerUnit_1';
  b.measurement(
    'oil.temp',
    { fr: 'Température huile', en: 'Oil temperature' },
    '°C',
    { min: 0, max: 120 },
    `${pu}/ActualTemperature`,
    { sigma: 0.2 },
  )
    .measurement(
      'oil.cooler_valve',
      { fr: 'Ouverture vanne refroidisseur huile', en: 'Oil cooler valve opening' },
      '%',
      { min: 0, max: 100 },
      `${pu}/CoolerValvePosition`,
      { sigma: 0.5 },
    )
    .bool(
      'pump_running',
      { fr: 'Groupe hydraulique en marche', en: 'Power unit running' },
      true,
      `${pu}/PowerOn`,
    )
    .bool(
      'pump_on',
      { fr: 'Commande groupe hydraulique', en: 'Power unit command' },
      true,
      `${pu}/PumpEnable`,
      { write: [...OP_WRITE, 'maintenance'], kind: 'setpoint' },
    );
  // safety devices (project namespace: EUROMAP 77 excludes safety signals)
  b.bool(
    'safety.front_guard_closed',
    { fr: 'Protecteur avant fermé', en: 'Front guard closed' },
    true,
    'Safety/FrontGuardClosed',
    { write: SAFETY_WRITE },
  )
    .bool(
      'safety.rear_guard_closed',
      { fr: 'Protecteur arrière fermé', en: 'Rear guard closed' },
      true,
      'Safety/RearGuardClosed',
      { write: SAFETY_WRITE },
    )
    .bool(
      'safety.purge_guard_closed',
      { fr: 'Écran de purge fermé', en: 'Purge guard closed' },
      true,
      'Safety/PurgeGuardClosed',
      { write: SAFETY_WRITE },
    )
    .bool(
      'safety.estop_pressed',
      { fr: "Arrêt d'urgence enfoncé", en: 'Emergency stop pressed' },
      false,
      'Safety/EmergencyStopPressed',
      { write: SAFETY_WRITE },
    )
    .bool(
      'safety.estop_active',
      { fr: "Arrêt d'urgence actif (à réarmer)", en: 'Emergency stop active (reset required)' },
      false,
      'Safety/EmergencyStopActive',
    );
  // EUROMAP 67 IMM → robot (discrete inputs in the robot block)
  const em = 'Euromap67Signals';
  const di = (address: number) => ({ table: 'discrete' as const, address });
  b.bool(
    'em67.emergency_stop_machine',
    { fr: "EM67 circuit arrêt d'urgence machine fermé", en: 'EM67 machine emergency-stop circuit closed' },
    true,
    `${em}/EmergencyStopOfMachine`,
    { mb: di(1650) },
  )
    .bool(
      'em67.safety_devices',
      { fr: 'EM67 dispositifs de sécurité machine', en: 'EM67 machine safety devices' },
      true,
      `${em}/SafetyDevicesOfMachine`,
      { mb: di(1651) },
    )
    .bool('em67.reject', { fr: 'EM67 rebut', en: 'EM67 reject' }, false, `${em}/Reject`, { mb: di(1652) })
    .bool(
      'em67.mould_closed',
      { fr: 'EM67 moule fermé', en: 'EM67 mould closed' },
      false,
      `${em}/MouldClosed`,
      { mb: di(1653) },
    )
    .bool(
      'em67.mould_open_position',
      { fr: 'EM67 position moule ouvert', en: 'EM67 mould open position' },
      false,
      `${em}/MouldOpenPosition`,
      { mb: di(1654) },
    )
    .bool(
      'em67.enable_operation_with_robot',
      { fr: 'EM67 autorisation fonctionnement avec robot', en: 'EM67 enable operation with robot' },
      true,
      `${em}/EnableOperationWithRobot`,
      { mb: di(1655) },
    )
    .bool(
      'em67.ejector_back_position',
      { fr: 'EM67 éjecteur en arrière', en: 'EM67 ejector back position' },
      true,
      `${em}/EjectorBackPosition`,
      { mb: di(1656) },
    )
    .bool(
      'em67.ejector_forward_position',
      { fr: 'EM67 éjecteur en avant', en: 'EM67 ejector forward position' },
      false,
      `${em}/EjectorForwardPosition`,
      { mb: di(1657) },
    );
  // the IMM's opc path root is DeviceSet/IMM_1; the EM67 folder sits under the robot for both directions
  for (const d of b.list) {
    const op = d.channels?.opcua;
    if (op && d.id.startsWith('em67.'))
      op.browsePath = op.browsePath.replace('DeviceSet/IMM_1/', 'DeviceSet/Robot_1/FromMachine/');
  }
  return b.list;
}
