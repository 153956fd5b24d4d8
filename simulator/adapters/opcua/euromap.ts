/**
 * What the OPC UA adapter knows of EUROMAP 77/83/82.x and OPC 40010 by name (standards.md §1.1–1.3,
 * §1.7, §1.11). The official NodeSets carry the same facts when they are loaded; this catalogue gives the
 * built-in model the same BrowseNames, enumerations and data types without them.
 */

/** Namespace URIs of the companion specifications (standards.md §1.1–1.3, §2.1). */
export const NS = {
  di: 'http://opcfoundation.org/UA/DI/',
  robotics: 'http://opcfoundation.org/UA/Robotics/',
  general: 'http://opcfoundation.org/UA/PlasticsRubber/GeneralTypes/',
  imm: 'http://opcfoundation.org/UA/PlasticsRubber/IMM2MES/',
  tcd: 'http://opcfoundation.org/UA/PlasticsRubber/TCD/',
  hrd: 'http://opcfoundation.org/UA/PlasticsRubber/HotRunner/',
} as const;

/** The official NodeSet files, in load order (shared/nodesets/euromap/README.md). */
export const EUROMAP_FILES = [
  'Opc.Ua.PlasticsRubber.GeneralTypes.NodeSet2.xml',
  'Opc.Ua.PlasticsRubber.IMM2MES.NodeSet2.xml',
  'Opc.Ua.PlasticsRubber.TCD.NodeSet2.xml',
  'Opc.Ua.PlasticsRubber.HotRunner.NodeSet2.xml',
] as const;

export type DeviceKind = 'imm' | 'tcu' | 'hrd' | 'robot' | 'other';

/** Device kind of a `DeviceSet` child by its BrowseName (`IMM_1`, `TCU_2`, `HRD_1`, `Robot_1`…). */
export function deviceKind(name: string): DeviceKind {
  if (/^IMM_\d+$/.test(name)) return 'imm';
  if (/^TCU_\d+$/.test(name)) return 'tcu';
  if (/^HRD_\d+$/.test(name)) return 'hrd';
  if (/^Robot_\d+$/.test(name)) return 'robot';
  return 'other';
}

/** The official root type of each device kind: [namespace URI, type BrowseName]. */
export const DEVICE_TYPES: Partial<Record<DeviceKind, readonly [string, string]>> = {
  imm: [NS.imm, 'IMM_MES_InterfaceType'],
  tcu: [NS.tcd, 'TCD_InterfaceType'],
  hrd: [NS.hrd, 'HRD_InterfaceType'],
  robot: [NS.robotics, 'MotionDeviceSystemType'],
};

/** DeviceClass of each kind (OPC 40077 §8.1 for the IMM). */
export const DEVICE_CLASS: Record<DeviceKind, string> = {
  imm: 'Injection Moulding Machine',
  tcu: 'Temperature Control Device',
  hrd: 'Hot Runner Device',
  robot: 'Cartesian Robot',
  other: 'Peripheral',
};

/** EUROMAP enumerations [verified from the NodeSets, standards.md §1.1 and §1.3]. */
export const ENUMERATIONS: Record<string, readonly string[]> = {
  MachineModeEnumeration: ['OTHER', 'AUTOMATIC', 'SEMI_AUTOMATIC', 'MANUAL', 'SETUP', 'SLEEP'],
  ProductionStatusEnumeration: [
    'OTHER',
    'NO_PRODUCTION',
    'START_UP',
    'READY_FOR_PRODUCTION',
    'PRODUCTION',
    'DRY_RUN',
  ],
  JobStatusEnumeration: [
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
  ],
  CycleQualityEnumeration: ['GOOD_CYCLE', 'BAD_CYCLE', 'TEST_SAMPLE_CYCLE', 'FAILED_CYCLE'],
  MouldStatusEnumeration: ['OTHER', 'MOULD_NOT_INSTALLED', 'MOULD_CHANGE', 'MOULD_INSTALLED'],
  ControlModeEnumeration: ['OTHER', 'OFF', 'AUTOMATIC', 'TUNING', 'STANDBY', 'OPEN_LOOP', 'ONLY_MEASUREMENT'],
  OperatingModeEnumeration: [
    'OTHER',
    'READY_TO_OPERATE',
    'NORMAL_OPERATION',
    'LEAK_STOPPER',
    'MOULD_EVACUATION',
    'PRESSURE_RELIEF',
    'COOLING',
    'SAFETY_COOLING',
    'ECO',
    'BOOST',
  ],
};

/** The enumeration a leaf BrowseName carries in the EUROMAP types (built-in mode picks it by name). */
export const ENUM_OF_LEAF: Record<string, string> = {
  MachineMode: 'MachineModeEnumeration',
  ProductionStatus: 'ProductionStatusEnumeration',
  JobStatus: 'JobStatusEnumeration',
  CycleQuality: 'CycleQualityEnumeration',
  MouldStatus: 'MouldStatusEnumeration',
  ControlMode: 'ControlModeEnumeration',
  OperatingMode: 'OperatingModeEnumeration',
};

/** Leaves EUROMAP declares UInt64 (the job counters, standards.md §1.1 ActiveCyclicJobValuesType). */
export const UINT64_LEAVES: ReadonlySet<string> = new Set([
  'JobCycleCounter',
  'JobPartsCounter',
  'JobGoodPartsCounter',
  'JobBadPartsCounter',
  'JobTestSamplesCounter',
  'MachineCycleCounter',
  'BoxCycleCounter',
  'BoxPartsCounter',
  'BoxGoodPartsCounter',
  'BoxBadPartsCounter',
  'BoxTestSamplesCounter',
  'NominalParts',
  'NominalBoxParts',
]);

/** Leaves EUROMAP declares Duration (ms, Double). */
export const DURATION_LEAVES: ReadonlySet<string> = new Set([
  'LastCycleTime',
  'AverageCycleTime',
  'ExpectedCycleTime',
  'CycleTime',
  'DosingTime',
  'InjectionTime',
]);

/** A value that turns an enum signal's entry into a lookup key (`Semi-automatic` ≡ `SEMI_AUTOMATIC`). */
export const enumKey = (s: string): string => s.toUpperCase().replace(/[^A-Z0-9]/g, '');

/**
 * Map a signal's enum values (indices) onto an enumeration's values by name. Every name of the signal
 * must exist in the enumeration; otherwise null (the signal then keeps its own Int32 + EnumStrings).
 */
export function enumMapping(signalValues: readonly string[], names: readonly string[]): number[] | null {
  const byKey = new Map(names.map((n, i) => [enumKey(n), i]));
  const out: number[] = [];
  for (const v of signalValues) {
    const i = byKey.get(enumKey(v));
    if (i === undefined) return null;
    out.push(i);
  }
  return out;
}

/** Static identification values of the nodes no signal feeds (the nameplate of a simulated machine). */
export function nameplate(kind: DeviceKind, device: string, station: string, lab: string) {
  return {
    Manufacturer: 'plastlab',
    Model: `plastlab simulated ${kind === 'other' ? device : kind.toUpperCase()}`,
    SerialNumber: `${lab}-${station}-${device}`,
    DeviceClass: DEVICE_CLASS[kind],
    ControllerName: 'plastlab simulator',
    UserMachineName: `${device} (${station})`,
    LocationName: `${lab}/${station}`,
  };
}

/** The per-shot process values of `InjectionUnitCycleParametersType` (standards.md §1.2). */
export const INJECTION_UNIT_CYCLE_PARAMETERS = [
  'CushionVolume',
  'DosingTime',
  'InjectionTime',
  'PlastificationVolume',
  'SpecificPressureMaximum',
  'BackPressure',
  'CavityPressureMaximum',
  'CushionStroke',
  'DecompressionVolumeAfterPlastification',
  'DecompressionVolumeBeforePlastification',
  'FlowIndex',
  'HoldHydraulicPressureAverage',
  'HoldHydraulicPressureMaximum',
  'HoldSpecificPressureAverage',
  'HoldSpecificPressureMaximum',
  'HydraulicPressureMaximum',
  'InjectionSpeedAverage',
  'InjectionSpeedMaximum',
  'InjectionStartPosition',
  'PlastificationRotationalSpeedAverage',
  'PlastificationRotationalSpeedMaximum',
  'PlastificationSpecificPressureAverage',
  'PlastificationSpecificPressureMaximum',
  'TransferCavityPressure',
  'TransferHydraulicPressure',
  'TransferSpecificPressure',
  'TransferStroke',
  'TransferVolume',
  'VPChangeOverPosition',
] as const;

/** The mandatory fields of `CycleParametersEventType` plus the optional machine counter (§1.1). */
export const CYCLE_EVENT_FIELDS = [
  'JobName',
  'JobStatus',
  'CurrentLotName',
  'CycleTime',
  'CycleQuality',
  'JobCycleCounter',
  'JobPartsCounter',
  'JobGoodPartsCounter',
  'JobBadPartsCounter',
  'JobTestSamplesCounter',
  'MachineCycleCounter',
] as const;
