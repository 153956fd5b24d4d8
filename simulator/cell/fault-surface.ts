/**
 * The fault surface (for issue 4): the physical parameters each §4 fault acts on, held by each model as a
 * plain, typed `faults` object (part of the model's snapshot, never a signal). Every field is at its
 * nominal value by default; setting it changes the physics through the §3 equations, so the symptoms
 * propagate to every channel consistently (DESIGN.md principle 5). Ramps, steps and intermittency are the
 * fault engineer's business: write the field each tick or per shot.
 */

/** IMM (`imm` model). */
export interface ImmFaults {
  /** heater health H_i per zone Z1..Z4, nozzle (0 = open band … 1 = healthy); F01, F11 heater variant */
  heaterHealth: [number, number, number, number, number];
  /** thermocouple drift per zone, K (reading = true + drift); F02 (−20 K on Z3 reads low) */
  tcDriftK: [number, number, number, number, number];
  /** thermocouple open per zone (upscale burnout: reading at range max, heater off, alarm); F02 variant */
  tcOpen: [boolean, boolean, boolean, boolean, boolean];
  /** check ring gap δ (mm), closing volume V_close (cm³), its relative scatter σ_cr and flyer probability; F03 */
  checkRing: { deltaMm: number; vCloseCm3: number; sigmaCr: number; pFly: number };
  /** oil-cooler UA factor (1 = clean, 0.2 = F09), cooler valve stuck closed; F09 */
  oilCoolerUaFactor: number;
  oilCoolerValveStuckClosed: boolean;
  /** clamp force loss, kN (actual = set − loss); F10 */
  clampForceLossKN: number;
  /** nozzle restriction R_noz (1 nominal, 1.8 F11, 2.2 severe) */
  nozzleRestriction: number;
  /** vent clog 0…1 (F12: → 0.8) */
  ventClog: number;
  /** broken ejector pin: pin group 1..4, or 0 = none; F13 */
  brokenEjectorGroup: number;
  /** parting-line wear: local gap (mm) and affected fraction of the perimeter; F20 (0.08 mm, 0.05) */
  partingLineGapMm: number;
  partingLineLength: number;
}

export interface CavitySensorFault {
  /** offset, MPa, growing during the shot (charge-amplifier drift): 0.3·offset at injection start → offset */
  offsetMPa: number;
  gain: number;
  /** open sensor: the reading stays at 0 */
  flatLine: boolean;
  /** spikes (damaged cable), MPa σ */
  noiseMPa: number;
}

/** Mould (`mould` model): cooling-circuit flow factor per circuit [A1, A2, B1, B2] (F04: B2 → 0.1) and the
 *  cavity-pressure sensors' measurement path [cav1 gate, cav1 eof, cav2 gate, cav2 eof] (F14). */
export interface MouldFaults {
  circuitFlowFactor: [number, number, number, number];
  cavitySensors: [CavitySensorFault, CavitySensorFault, CavitySensorFault, CavitySensorFault];
}

/** Temperature control unit (`tcu1`, `tcu2`); F05 (a)–(d). */
export interface TcuFaults {
  pumpRunning: boolean;
  heaterStuckOn: boolean;
  coolingValve: 'ok' | 'stuck_open' | 'stuck_closed';
}

/** Dryer (`dryer`); F06. */
export interface DryerFaults {
  /** regeneration health 0…1 → dew-point target DP_set + (DP_ambient − DP_set)·(1 − health) */
  regenHealth: number;
  /** process-air heater health 0…1 (drying temperature falls) */
  processHeaterHealth: number;
  /** airflow factor 0…1 (clogged filter) */
  airflowFactor: number;
}

/** Material, blender and feed (`blender`); F07, F08, F25. */
export interface BlenderFaults {
  /** MFI of the lot at the screw relative to nominal (F07: 18/12 = 1.5) */
  mfiFactor: number;
  /** moisture of pellets entering the dryer, %; null = material default (F06 variant: wet bags) */
  moistureInPct: number | null;
  /** actual regrind ratio (fraction), null = the blender set point (F08: 0.40) */
  regrindActual: number | null;
  /** feed factor at the throat: mean, relative scatter σ, intermittent drop probability per shot and level; F08/F25 */
  feedFactorMean: number;
  feedScatter: number;
  feedIntermittentP: number;
  feedIntermittentFactor: number;
}

/** Hopper/loader (`hopper`); F25 cause. */
export interface HopperFaults {
  /** loader conveys nothing (filter blocked, vacuum pump fault) */
  loaderFailed: boolean;
}

/** Robot (`robot`); F15, F16. */
export interface RobotFaults {
  /** vacuum leak (dimensionless, p_eq = p_gen·(1 − leak/(leak + k_seal))); nominal 0.02; F15: ≈ 1.1 */
  vacuumLeak: number;
  /** pick-point error e, mm (F16: 3–6 mm) and whether the program differs from the validated one */
  pickOffsetMm: number;
  programChanged: boolean;
}

/** Conveyor (`conveyor`); F18. */
export interface ConveyorFaults {
  jam: boolean;
}

/** Vision (`vision`); F17. */
export interface VisionFaults {
  /** lighting brightness gain (LED ageing: 0.75) */
  brightnessGain: number;
  /** mm-per-pixel scale error (fraction, +0.002) */
  scaleError: number;
  /** ROI offset, mm (camera bumped) */
  roiOffsetMm: number;
}

/** Hot runner (`hotrunner`): [manifold, drop 1, drop 2]; F19. */
export interface HotRunnerFaults {
  heaterHealth: [number, number, number];
  tcOpen: [boolean, boolean, boolean];
}

/** Ambient and utilities (`ambient`); F15 air, F21 (d), F24. */
export interface AmbientFaults {
  /** ambient dew point override, °C (F24: 18 °C); null = from T and RH */
  dewPointC: number | null;
  /** relative humidity override, %; null = nominal 50 % */
  humidityPct: number | null;
  /** mains voltage factor (F21 d: 0.9 → heater power ×0.81) */
  mainsVoltageFactor: number;
  /** compressed-air supply, bar (F15 variant: 6 → 4) */
  supplyAirBar: number;
  /** plant cooling water supply temperature, °C (common cause of F09/F05) */
  plantWaterC: number;
}

export const nominalImmFaults = (): ImmFaults => ({
  heaterHealth: [1, 1, 1, 1, 1],
  tcDriftK: [0, 0, 0, 0, 0],
  tcOpen: [false, false, false, false, false],
  checkRing: { deltaMm: 0.05, vCloseCm3: 1.0, sigmaCr: 0.05, pFly: 0 },
  oilCoolerUaFactor: 1,
  oilCoolerValveStuckClosed: false,
  clampForceLossKN: 0,
  nozzleRestriction: 1,
  ventClog: 0,
  brokenEjectorGroup: 0,
  partingLineGapMm: 0.01,
  partingLineLength: 0,
});
const okSensor = (): CavitySensorFault => ({ offsetMPa: 0, gain: 1, flatLine: false, noiseMPa: 0 });
export const nominalMouldFaults = (): MouldFaults => ({
  circuitFlowFactor: [1, 1, 1, 1],
  cavitySensors: [okSensor(), okSensor(), okSensor(), okSensor()],
});
export const nominalTcuFaults = (): TcuFaults => ({
  pumpRunning: true,
  heaterStuckOn: false,
  coolingValve: 'ok',
});
export const nominalDryerFaults = (): DryerFaults => ({
  regenHealth: 1,
  processHeaterHealth: 1,
  airflowFactor: 1,
});
export const nominalBlenderFaults = (): BlenderFaults => ({
  mfiFactor: 1,
  moistureInPct: null,
  regrindActual: null,
  feedFactorMean: 1,
  feedScatter: 0.005,
  feedIntermittentP: 0,
  feedIntermittentFactor: 0.6,
});
export const nominalHopperFaults = (): HopperFaults => ({ loaderFailed: false });
export const nominalRobotFaults = (): RobotFaults => ({
  vacuumLeak: 0.02,
  pickOffsetMm: 0,
  programChanged: false,
});
export const nominalConveyorFaults = (): ConveyorFaults => ({ jam: false });
export const nominalVisionFaults = (): VisionFaults => ({ brightnessGain: 1, scaleError: 0, roiOffsetMm: 0 });
export const nominalHotRunnerFaults = (): HotRunnerFaults => ({
  heaterHealth: [1, 1, 1],
  tcOpen: [false, false, false],
});
export const nominalAmbientFaults = (): AmbientFaults => ({
  dewPointC: null,
  humidityPct: null,
  mainsVoltageFactor: 1,
  supplyAirBar: 6,
  plantWaterC: 20,
});
