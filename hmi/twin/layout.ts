/**
 * Where everything stands in the twin's scene: metres, Y up, the machine axis along X (injection unit
 * towards −X, clamp towards +X), the operator side towards +Z, the robot cell and conveyor behind (−Z).
 * Proportions follow the reference cell (domain-model §1.1: a 150 t horizontal machine, a 2-cavity mould
 * of ≈ 300 kg, two TCUs, a desiccant dryer, a cartesian take-out robot, a 3 m belt with vision and laser
 * marking). Moving parts are driven 1:1 by the signals they show: platen by the mould opening (mm), ejector
 * by its stroke (mm), robot axes by their positions (mm).
 */

/** height of the mould's centre line (machine axis) */
export const AXIS_Y = 1.2;
/** top of the machine bed */
export const BED_TOP = 0.8;
export const BED = { x0: -3.1, x1: 2.2, z: 0.62 } as const;

/** fixed platen, mould halves and moving platen along X when the mould is closed */
export const PLATEN = { size: 0.92, thick: 0.18 } as const;
export const FIXED_PLATEN_X = [-0.2, 0] as const;
export const MOULD = { half: 0.22, h: 0.5, w: 0.46 } as const;
/** parting line when closed */
export const PARTING_X = FIXED_PLATEN_X[1] + MOULD.half;
export const MOVING_PLATEN_X = [PARTING_X + MOULD.half, PARTING_X + MOULD.half + PLATEN.thick] as const;
export const REAR_PLATEN_X = [1.45, 1.63] as const;
export const TIE_BAR = { offset: 0.34, r: 0.042, x0: -0.26, x1: 1.72 } as const;

/** the two cavities: lids of Ø113 mm stacked vertically on the parting face (domain-model §1.2) */
export const PART = { d: 0.113, h: 0.016 } as const;
export const CAVITY_Y = [AXIS_Y + 0.075, AXIS_Y - 0.075] as const;

/** injection unit: nozzle tip against the fixed platen when the carriage is forward */
export const NOZZLE_X = FIXED_PLATEN_X[0];
export const CARRIAGE_BACK = 0.08;
export const BARREL = { r: 0.055, x0: -1.72, x1: -0.3 } as const;
/** heater band spans along X, zone 1 (feed) … zone 4, then the nozzle band (zone 5) */
export const ZONE_SPANS: readonly (readonly [number, number, number])[] = [
  [-1.6, -1.36, 0.082],
  [-1.31, -1.07, 0.082],
  [-1.02, -0.78, 0.082],
  [-0.73, -0.49, 0.082],
  [-0.34, -0.27, 0.05],
];
export const FEED_X = -1.68;
export const HOPPER = { x: FEED_X, y0: AXIS_Y + 0.16, y1: AXIS_Y + 0.95, r: 0.24 } as const;

/** guards: sliding doors over the mould area (front = operator side, rear), hinged purge guard */
export const GUARD = { x0: -0.28, x1: 0.98, y0: BED_TOP + 0.04, y1: 1.86, z: 0.68, slide: 1.0 } as const;
export const PURGE = { x0: -0.62, x1: -0.22, y: AXIS_Y + 0.3, r: 0.28 } as const;

/**
 * Cartesian take-out robot on the fixed platen: X traverses from above the mould towards the rear (−Z)
 * to the conveyor, Y descends (0 = up), Z approaches the moving half (+X). The EOAT sits at
 * (ROBOT.x0 + Z, ROBOT.yTop − Y, −X) in metres from the positions in mm.
 */
export const ROBOT = {
  beamY: 2.62,
  x0: 0.35,
  yTop: AXIS_Y + 0.7,
  mountX: -0.1,
  beamZ1: 0.3,
  beamZ0: -1.8,
} as const;
export const eoat = (xMm: number, yMm: number, zMm: number): [number, number, number] => [
  ROBOT.x0 + zMm / 1000,
  ROBOT.yTop - yMm / 1000,
  -xMm / 1000,
];

/** conveyor: belt along +X behind the machine, from the robot's place position; 3 m (the model's belt) */
export const BELT = { length: 3, z: -1.4, top: 1.3, width: 0.34, start: ROBOT.x0 - 0.12 } as const;
/** stations along the belt, metres from the place position */
export const VISION_S = 1.2;
export const LASER_S = 1.9;
export const DIVERT_S = 2.4;
export const beltX = (s: number): number => ROBOT.x0 + s;
export const BINS = {
  good: { x: beltX(BELT.length) + 0.35, z: BELT.z },
  reject: { x: beltX(DIVERT_S), z: BELT.z - 0.55 },
} as const;

/** robot cell fence (behind the machine) and its door */
export const FENCE = { x0: 0.0, x1: 1.95, z0: -2.1, z1: -0.78, h: 2.0 } as const;
export const CELL_DOOR = { x0: 0.5, x1: 1.3 } as const;

/** peripherals behind the injection unit */
export const TCU_POS: readonly (readonly [number, number])[] = [
  [-0.95, -1.15],
  [-0.38, -1.15],
];
export const TCU = { w: 0.42, h: 0.95, d: 0.55 } as const;
export const DRYER = { x: -2.1, z: -1.35, w: 0.7, h: 1.6, d: 0.6 } as const;
export const CONTROL = { x: 2.0, z: 1.1, y: 1.5 } as const;
export const STACK = { x: -0.1, z: 0.36, y0: 1.95 } as const;

/** the floor area shown */
export const FLOOR = { x0: -4.2, x1: 4.6, z0: -3.0, z1: 2.6 } as const;
