/**
 * Cartesian take-out robot (domain-model §3.13, F13, F15, F16) with a vacuum EOAT and the EUROMAP 67
 * handshake (standards.md §1.5). Discrete-event sequence with exact phase times and trapezoidal axis moves:
 * wait above the mould → (mould open) enter → approach → vacuum → enable ejector forward → part present →
 * enable ejector back → retract → exit → mould area free + enable mould closure → place on the conveyor →
 * return. Vacuum p → p_eq = p_gen·(1 − leak/(leak + k_seal)); p_gen follows the compressed-air supply.
 */
import { z } from 'zod';
import type { BindContext, Model, StepContext } from '../kernel/model.ts';
import type { RandomStream } from '../kernel/rng.ts';
import type { SignalDefInput } from '../kernel/signal-schema.ts';
import type { AmbientModel } from './ambient.ts';
import type { ConveyorModel } from './conveyor.ts';
import { nominalRobotFaults, type RobotFaults } from './fault-surface.ts';
import { MODBUS_BLOCKS } from './modbus-plan.ts';
import { Alarms, Noise, OP_WRITE, quant, SAFETY_WRITE, SignalBuilder } from './signals.ts';

/** OPC 40010-1 OperationalModeEnumeration */
export const ROBOT_MODES = [
  'OTHER',
  'MANUAL_REDUCED_SPEED',
  'MANUAL_HIGH_SPEED',
  'AUTOMATIC',
  'AUTOMATIC_EXTERNAL',
] as const;
export const ROBOT_STEPS = [
  'STOPPED',
  'WAIT_ABOVE_MOULD',
  'ENTER',
  'APPROACH',
  'VACUUM',
  'WAIT_EJECTOR',
  'CONFIRM',
  'RETRACT',
  'EXIT',
  'TRAVEL',
  'PLACE_DESCEND',
  'RELEASE',
  'PLACE_ASCEND',
  'RETURN',
  'WAIT_PLACE',
  'RETRY',
  'JOG',
] as const;
type Step = (typeof ROBOT_STEPS)[number];

export const VAC_GEN = -75;
export const VAC_THRESHOLD = -50;
export const VAC_DROPOUT = -40;
export const VAC_K_SEAL = 1;
export const VAC_TAU = 0.04;
export const T1_MAX_SPEED = 250;
/** a time that never comes (finite, so the state survives a JSON round trip) */
const NEVER = 1e12;
const ACC = { x: 8000, y: 10000, z: 6000 } as const;

/** trapezoidal move time, s */
export function moveTime(d: number, v: number, a: number): number {
  const dist = Math.abs(d);
  if (dist < 1e-9) return 0;
  if (dist > (v * v) / a) return dist / v + v / a;
  return 2 * Math.sqrt(dist / a);
}

export interface RobotState {
  step: Step;
  stepEnd: number;
  pos: { x: number; y: number; z: number };
  from: { x: number; y: number; z: number };
  to: { x: number; y: number; z: number };
  moveStart: number;
  vac: number;
  vacOn: boolean;
  holding: boolean;
  retries: number;
  openSeen: number;
  tTakeout: number;
  vacMin: number;
  tiltedPart: boolean;
  vacFail: boolean;
  partLeft: boolean;
  giveUp: boolean;
  lastOpen: number;
  /** the current step is an axis move (from → to) */
  moving: boolean;
  /** T1 jog target */
  jog: { x: number; y: number; z: number };
  vacT: number;
  vacFrom: number;
  vacEq: number;
  vacReachAt: number;
  hs: Record<string, number>;
  protectiveStop: boolean;
  estop: boolean;
  collision: boolean;
  energyJ: number;
  picks: number;
}

export class RobotModel implements Model {
  readonly id = 'robot';
  faults: RobotFaults = nominalRobotFaults();
  s: RobotState;
  private h: Record<string, number> = {};
  private noise!: Noise;
  private ambient!: AmbientModel;
  private conveyor!: ConveyorModel;
  private imm!: {
    notePartLeftInMould(): void;
    currentPartTilted(): boolean;
    eventTime(e: 'mould_open' | 'ejector_forward'): number;
  };
  private rng!: RandomStream;
  readonly alarms = new Alarms({
    VACUUM_NOT_REACHED: {
      severity: 'alarm',
      fr: 'Robot : vide non atteint / pièce non confirmée',
      en: 'Robot: vacuum not reached / part not confirmed',
    },
    PART_NOT_REMOVED: {
      severity: 'alarm',
      fr: 'Robot : pièce non démoulée',
      en: 'Robot: part not removed from mould',
    },
    COLLISION: {
      severity: 'critical',
      fr: 'Robot : collision détectée, arrêt',
      en: 'Robot: collision detected, stopped',
    },
    PROTECTIVE_STOP: {
      severity: 'alarm',
      fr: 'Robot : arrêt de protection (porte cellule)',
      en: 'Robot: protective stop (cell door)',
    },
    ESTOP: { severity: 'critical', fr: "Robot : arrêt d'urgence", en: 'Robot: emergency stop' },
    WAIT_CONVEYOR: {
      severity: 'warning',
      fr: 'Robot : attente dépose convoyeur',
      en: 'Robot: waiting to place on conveyor',
    },
  });

  constructor() {
    const home = { x: 0, y: 0, z: 0 };
    this.s = {
      step: 'WAIT_ABOVE_MOULD',
      stepEnd: 0,
      pos: { ...home },
      from: { ...home },
      to: { ...home },
      moveStart: 0,
      vac: 0,
      vacOn: false,
      holding: false,
      retries: 0,
      openSeen: 0,
      tTakeout: 0,
      vacMin: 0,
      tiltedPart: false,
      vacFail: false,
      partLeft: false,
      giveUp: false,
      lastOpen: -1,
      moving: false,
      jog: { x: 0, y: 0, z: 0 },
      vacT: 0,
      vacFrom: 0,
      vacEq: 0,
      vacReachAt: 0,
      hs: {},
      protectiveStop: false,
      estop: false,
      collision: false,
      energyJ: 0,
      picks: 0,
    };
  }

  get powerW(): number {
    return 200 + (this.s.step === 'WAIT_ABOVE_MOULD' || this.s.step === 'STOPPED' ? 0 : 400);
  }

  /** the robot places parts with this lateral error (vision sees it), mm */
  get placementOffsetMm(): number {
    return this.faults.pickOffsetMm;
  }

  /** last take-out duration (mould open seen → mould area free) and the lowest vacuum of the pick */
  get lastTakeout(): { t: number; vacMin: number } {
    return { t: this.s.tTakeout, vacMin: this.s.vacMin };
  }

  /** equilibrium vacuum of the EOAT on a sealed surface, kPa */
  vacuumEquilibrium(extraLeak = 0): number {
    const air = this.ambient.faults.supplyAirBar;
    const gen = VAC_GEN * Math.min(1, Math.max(0, (air - 2.5) / 2.5));
    const leak = this.faults.vacuumLeak + extraLeak;
    return gen * (1 - leak / (leak + VAC_K_SEAL));
  }

  /** §3.13 vacuum test on the flat test plate: independent of the part, the mould and the pick offset */
  vacuumTest(): number {
    return Math.round(this.vacuumEquilibrium() * 10) / 10;
  }

  declare(): SignalDefInput[] {
    const b = new SignalBuilder('robot', 'DeviceSet/Robot_1', MODBUS_BLOCKS.robot);
    const ax = 'MotionDevices/Robot/Axes';
    for (const a of ['x', 'y', 'z'] as const) {
      const A = a.toUpperCase();
      b.measurement(
        `axis_${a}.position`,
        { fr: `Position axe ${A}`, en: `Axis ${A} position` },
        'mm',
        { min: -100, max: 2500 },
        `${ax}/${A}/ParameterSet/ActualPosition`,
        { sigma: 0.05 },
      ).measurement(
        `axis_${a}.speed`,
        { fr: `Vitesse axe ${A}`, en: `Axis ${A} speed` },
        'mm/s',
        { min: -3000, max: 3000 },
        `${ax}/${A}/ParameterSet/ActualSpeed`,
      );
    }
    const sp = 'Controllers/Controller/ProcessSetpoints';
    b.setpoint(
      'takeout_y',
      { fr: 'Position de prise Y (descente)', en: 'Take-out position Y (descent)' },
      'mm',
      { min: 300, max: 900 },
      700,
      `${sp}/TakeOutY`,
    )
      .setpoint(
        'takeout_z',
        { fr: 'Position de prise Z (approche)', en: 'Take-out position Z (approach)' },
        'mm',
        { min: 50, max: 300 },
        150,
        `${sp}/TakeOutZ`,
      )
      .setpoint(
        'place_x',
        { fr: 'Position de dépose X', en: 'Place position X' },
        'mm',
        { min: 500, max: 2000 },
        1400,
        `${sp}/PlaceX`,
      )
      .setpoint(
        'place_y',
        { fr: 'Position de dépose Y', en: 'Place position Y' },
        'mm',
        { min: 100, max: 900 },
        450,
        `${sp}/PlaceY`,
      )
      .setpoint(
        'speed_x',
        { fr: 'Vitesse axe X', en: 'Axis X speed' },
        'mm/s',
        { min: 50, max: 2500 },
        2000,
        `${sp}/SpeedX`,
      )
      .setpoint(
        'speed_y',
        { fr: 'Vitesse axe Y', en: 'Axis Y speed' },
        'mm/s',
        { min: 50, max: 2500 },
        1500,
        `${sp}/SpeedY`,
      )
      .setpoint(
        'speed_z',
        { fr: 'Vitesse axe Z', en: 'Axis Z speed' },
        'mm/s',
        { min: 50, max: 1500 },
        1000,
        `${sp}/SpeedZ`,
      )
      .setpoint(
        'speed_override',
        { fr: 'Correction de vitesse', en: 'Speed override' },
        '%',
        { min: 1, max: 100 },
        100,
        'MotionDevices/Robot/ParameterSet/SpeedOverride',
        { write: OP_WRITE },
      )
      .measurement(
        'vacuum',
        { fr: 'Vide préhenseur', en: 'Gripper vacuum' },
        'kPa',
        { min: -100, max: 10 },
        'EndEffector/Vacuum',
        { sigma: 1 },
      )
      .bool('vacuum_on', { fr: 'Vide commandé', en: 'Vacuum on' }, false, 'EndEffector/VacuumOn')
      .bool(
        'part_present',
        { fr: 'Pièce présente (vacuostat)', en: 'Part present (vacuum switch)' },
        false,
        'EndEffector/PartPresent',
      )
      .enumeration(
        'cycle_step',
        { fr: 'Étape du cycle robot', en: 'Robot cycle step' },
        ROBOT_STEPS,
        1,
        'Controllers/Controller/CycleStep',
      )
      .enumeration(
        'mode',
        { fr: 'Mode opératoire robot', en: 'Robot operational mode' },
        ROBOT_MODES,
        3,
        'SafetyStates/SafetyState/ParameterSet/OperationalMode',
        { write: OP_WRITE, kind: 'setpoint' },
      )
      .bool(
        'cell_door_closed',
        { fr: 'Porte cellule robot fermée', en: 'Robot cell door closed' },
        true,
        'Safety/CellDoorClosed',
        { write: SAFETY_WRITE, kind: 'state' },
      )
      .bool(
        'enabling_device',
        { fr: 'Dispositif de validation (3 positions) tenu', en: 'Enabling device held' },
        false,
        'Safety/EnablingDevice',
        { write: SAFETY_WRITE, kind: 'state' },
      )
      .bool(
        'estop_pressed',
        { fr: "Arrêt d'urgence robot enfoncé", en: 'Robot emergency stop pressed' },
        false,
        'Safety/EmergencyStopPressed',
        { write: SAFETY_WRITE, kind: 'state' },
      )
      .bool(
        'emergency_stop',
        { fr: "Arrêt d'urgence robot actif", en: 'Robot emergency stop active' },
        false,
        'SafetyStates/SafetyState/ParameterSet/EmergencyStop',
      )
      .bool(
        'protective_stop',
        { fr: 'Arrêt de protection actif', en: 'Protective stop active' },
        false,
        'SafetyStates/SafetyState/ParameterSet/ProtectiveStop',
      )
      .bool(
        'in_use',
        { fr: 'Fonctionnement avec robot', en: 'Operation with robot selected' },
        true,
        'Operation/InUse',
        { write: OP_WRITE, kind: 'setpoint' },
      )
      .bool(
        'external_control',
        { fr: 'Poignée de main pilotée par automate externe', en: 'Handshake driven by an external PLC' },
        false,
        'Operation/ExternalControl',
        { write: ['integrator', 'trainer'], kind: 'setpoint' },
      )
      .text(
        'program_name',
        { fr: 'Programme actif', en: 'Active program' },
        'RPP_TAKEOUT',
        'Controllers/Controller/TaskControls/Main/ParameterSet/TaskProgramName',
      )
      .text(
        'program_checksum',
        { fr: 'Somme de contrôle programme', en: 'Program checksum' },
        '',
        'Controllers/Controller/TaskControls/Main/ParameterSet/ProgramChecksum',
      )
      .counter(
        'picks',
        { fr: 'Prises réussies', en: 'Successful picks' },
        'Controllers/Controller/PickCounter',
      );
    // EUROMAP 67, robot → IMM (coils, writable by an external robot PLC)
    const em = 'Euromap67Signals';
    const hs = ['integrator', 'trainer'] as const;
    b.bool(
      'em67.mould_area_free',
      { fr: 'EM67 zone moule libre', en: 'EM67 mould area free' },
      true,
      `${em}/MouldAreaFree`,
      { write: [...hs] },
    )
      .bool(
        'em67.enable_mould_closure',
        { fr: 'EM67 autorisation fermeture moule', en: 'EM67 enable mould closure' },
        true,
        `${em}/EnableMouldClosure`,
        { write: [...hs] },
      )
      .bool(
        'em67.enable_full_mould_opening',
        { fr: 'EM67 autorisation ouverture complète', en: 'EM67 enable full mould opening' },
        true,
        `${em}/EnableFullMouldOpening`,
        { write: [...hs] },
      )
      .bool(
        'em67.operation_with_robot',
        { fr: 'EM67 fonctionnement avec robot', en: 'EM67 operation with robot' },
        true,
        `${em}/OperationWithRobot`,
        { write: [...hs] },
      )
      .bool(
        'em67.enable_ejector_forward',
        { fr: 'EM67 autorisation éjection avant', en: 'EM67 enable ejector forward' },
        false,
        `${em}/EnableEjectorForward`,
        { write: [...hs] },
      )
      .bool(
        'em67.enable_ejector_back',
        { fr: 'EM67 autorisation éjection arrière', en: 'EM67 enable ejector back' },
        true,
        `${em}/EnableEjectorBack`,
        { write: [...hs] },
      )
      .bool(
        'em67.emergency_stop_robot',
        { fr: "EM67 circuit arrêt d'urgence robot fermé", en: 'EM67 robot emergency-stop circuit closed' },
        true,
        `${em}/EmergencyStopOfRobot`,
        { write: [...hs] },
      );
    return b.list;
  }

  bind(ctx: BindContext): void {
    for (const s of this.declare()) this.h[s.id] = ctx.handle(`robot.${s.id}`);
    for (const k of [
      'mould_open_position',
      'ejector_forward_position',
      'ejector_back_position',
      'enable_operation_with_robot',
    ]) {
      this.h[`imm.${k}`] = ctx.handle(`imm.em67.${k}`);
    }
    this.noise = new Noise(ctx.stream('tags'));
    this.rng = ctx.stream('motion');
    this.store = ctx.store;
    this.ambient = ctx.model<AmbientModel>('ambient');
    this.conveyor = ctx.model<ConveyorModel>('conveyor');
    this.imm = ctx.model('imm') as unknown as RobotModel['imm'];
    ctx.addInterlock('robot.mode', (_sig, value, station) => {
      if (value === 3 && !station.store.getBool(this.h.cell_door_closed!))
        return 'close the robot cell door before selecting AUTOMATIC';
      if (value === 3 && station.store.getBool(this.h.estop_pressed!))
        return 'release the robot emergency stop first';
      return null;
    });
    ctx.registerAction({
      name: 'robot.reset',
      label: { fr: 'Acquitter le robot', en: 'Reset the robot' },
      roles: ['operator', 'technician', 'maintenance', 'trainer'],
      args: z.strictObject({}),
      check: (_a, c) =>
        c.store.getBool(this.h.estop_pressed!)
          ? 'release the robot emergency stop first'
          : !c.store.getBool(this.h.cell_door_closed!)
            ? 'close the robot cell door first'
            : null,
      apply: () => {
        this.s.estop = false;
        this.s.protectiveStop = false;
        this.s.collision = false;
        this.s.retries = 0;
        this.beginMove(this.s.holding ? 'TRAVEL' : 'RETURN', this.lastT);
        return { step: this.s.step };
      },
    });
    ctx.registerAction({
      name: 'robot.vacuum_test',
      label: { fr: 'Test de vide sur plaque', en: 'Vacuum test on the test plate' },
      roles: ['technician', 'maintenance', 'trainer'],
      args: z.strictObject({}),
      check: (_a, c) => {
        const mode = c.store.get(this.h.mode!);
        return mode === 3 && this.s.step !== 'STOPPED'
          ? 'stop the robot or select T1 (MANUAL_REDUCED_SPEED) first'
          : null;
      },
      apply: () => ({ vacuum_kPa: this.vacuumTest(), threshold_kPa: VAC_THRESHOLD }),
    });
    ctx.registerAction({
      name: 'robot.jog',
      label: { fr: 'Déplacement manuel (T1)', en: 'Jog (T1)' },
      roles: ['operator', 'technician', 'maintenance', 'trainer'],
      args: z.strictObject({ axis: z.enum(['x', 'y', 'z']), position: z.number().min(-50).max(2000) }),
      check: (_a, c) => {
        if (c.store.get(this.h.mode!) !== 1) return 'select T1 (MANUAL_REDUCED_SPEED) first';
        if (!c.store.getBool(this.h.enabling_device!)) return 'hold the enabling device';
        if (this.s.estop) return 'robot emergency stop active';
        return null;
      },
      apply: (a, c) => {
        this.s.jog = { ...this.s.pos, [a.axis]: a.position };
        this.beginMove('JOG', c.t);
        return {
          axis: a.axis,
          position: a.position,
          duration_s: Math.round((this.s.stepEnd - c.t) * 100) / 100,
        };
      },
    });
  }

  private lastT = 0;

  private speed(st: StepContext['store'], axis: 'x' | 'y' | 'z'): number {
    const v = (st.get(this.h[`speed_${axis}`]!) * st.get(this.h.speed_override!)) / 100;
    return st.get(this.h.mode!) === 1 ? Math.min(T1_MAX_SPEED, v) : v;
  }

  private target(step: Step): { x: number; y: number; z: number } | null {
    const st = this.store!;
    const p = this.s.pos;
    switch (step) {
      case 'ENTER':
        return { x: 0, y: st.get(this.h.takeout_y!), z: 0 };
      case 'APPROACH':
        return { x: 0, y: p.y, z: st.get(this.h.takeout_z!) };
      case 'RETRACT':
        return { x: 0, y: p.y, z: 0 };
      case 'EXIT':
        return { x: 0, y: 0, z: 0 };
      case 'TRAVEL':
        return { x: st.get(this.h.place_x!), y: 0, z: 0 };
      case 'PLACE_DESCEND':
        return { x: p.x, y: st.get(this.h.place_y!), z: 0 };
      case 'PLACE_ASCEND':
        return { x: p.x, y: 0, z: 0 };
      case 'RETURN':
        return { x: 0, y: 0, z: 0 };
      case 'JOG':
        return { ...this.s.jog };
      default:
        return null;
    }
  }

  private store: StepContext['store'] | undefined;

  private beginMove(step: Step, t0: number): void {
    this.s.step = step;
    const tg = this.target(step);
    this.s.moving = tg !== null;
    if (!tg || !this.store) return;
    const st = this.store;
    this.s.from = { ...this.s.pos };
    this.s.to = tg;
    this.s.moveStart = t0;
    const dx = moveTime(tg.x - this.s.pos.x, this.speed(st, 'x'), ACC.x);
    const dy = moveTime(tg.y - this.s.pos.y, this.speed(st, 'y'), ACC.y);
    const dz = moveTime(tg.z - this.s.pos.z, this.speed(st, 'z'), ACC.z);
    this.s.stepEnd = t0 + Math.max(dx, dy, dz, 0.02) * (1 + 0.015 * this.rng.gaussian());
  }

  /** the handshake is simulated here (not driven by an external PLC) */
  get internal(): boolean {
    return !this.external;
  }

  private setHs(key: string, v: boolean): void {
    if (!this.external) this.store!.setBool(this.h[`em67.${key}`]!, v);
  }

  private external = false;

  step(ctx: StepContext): void {
    const st = ctx.store;
    this.store = st;
    this.lastT = ctx.t;
    const s = this.s;
    const t = ctx.t;
    this.external = st.getBool(this.h.external_control!);
    const mode = st.get(this.h.mode!);
    const door = st.getBool(this.h.cell_door_closed!);
    if (st.getBool(this.h.estop_pressed!)) s.estop = true;
    if (mode === 3 && !door) s.protectiveStop = true;
    const inUse = st.getBool(this.h.in_use!);
    this.setHs('operation_with_robot', inUse);
    this.setHs('emergency_stop_robot', !s.estop);
    const halted = s.estop || s.protectiveStop || s.collision;
    const auto = mode === 3 && !halted && inUse && !this.external;
    const mouldOpen = st.getBool(this.h['imm.mould_open_position']!);
    const ejFwd = st.getBool(this.h['imm.ejector_forward_position']!);

    if (s.step === 'JOG' && s.moving && (mode !== 1 || !st.getBool(this.h.enabling_device!))) {
      // releasing the enabling device stops the jog where it is
      this.interpolate(t);
      s.moving = false;
      s.stepEnd = t;
    }
    if (auto && s.step === 'JOG') this.beginMove('RETURN', t);
    if (halted) {
      if (s.step !== 'STOPPED') {
        s.step = 'STOPPED';
        s.moving = false;
      }
    } else if (auto) this.sequence(t, mouldOpen, ejFwd);
    // vacuum display: first order from the last switching time towards the seal's equilibrium
    s.vac = s.vacEq + (s.vacFrom - s.vacEq) * Math.exp(-Math.max(0, t - s.vacT) / VAC_TAU);
    this.interpolate(t);
    s.energyJ += this.powerW * ctx.dt;

    this.alarms.set(ctx, 'ESTOP', s.estop);
    this.alarms.set(ctx, 'PROTECTIVE_STOP', s.protectiveStop && !s.estop);
    this.alarms.set(ctx, 'COLLISION', s.collision);
    this.alarms.set(ctx, 'VACUUM_NOT_REACHED', s.vacFail);
    this.alarms.set(ctx, 'PART_NOT_REMOVED', s.partLeft);
    this.alarms.set(ctx, 'WAIT_CONVEYOR', s.step === 'WAIT_PLACE' && t - s.stepEnd > 5);

    // 10 Hz live tags
    const n = this.noise;
    n.begin();
    // axis positions: 10 Hz while moving, 1 Hz at rest (§7.2)
    if (s.moving || ctx.tick % 10 === 4) {
      st.set(this.h['axis_x.position']!, quant(s.pos.x + 0.05 * n.g(), 0.01));
      st.set(this.h['axis_y.position']!, quant(s.pos.y + 0.05 * n.g(), 0.01));
      st.set(this.h['axis_z.position']!, quant(s.pos.z + 0.05 * n.g(), 0.01));
    }
    const moving = t < s.stepEnd && s.moving && s.step !== 'STOPPED';
    const dur = Math.max(1e-3, s.stepEnd - s.moveStart);
    st.set(this.h['axis_x.speed']!, moving ? Math.round(((s.to.x - s.from.x) / dur) * 10) / 10 : 0);
    st.set(this.h['axis_y.speed']!, moving ? Math.round(((s.to.y - s.from.y) / dur) * 10) / 10 : 0);
    st.set(this.h['axis_z.speed']!, moving ? Math.round(((s.to.z - s.from.z) / dur) * 10) / 10 : 0);
    st.set(this.h.vacuum!, quant(s.vacOn || s.vac < -1 ? s.vac + n.g() : 0, 0.1));
    st.setBool(this.h.vacuum_on!, s.vacOn);
    st.setBool(this.h.part_present!, s.vacOn && s.vac <= VAC_THRESHOLD);
    st.set(this.h.cycle_step!, ROBOT_STEPS.indexOf(s.step));
    st.setBool(this.h.emergency_stop!, s.estop);
    st.setBool(this.h.protective_stop!, s.protectiveStop);
    st.set(this.h.picks!, s.picks);
    if (ctx.tick % 50 === 11) st.setStr(this.h.program_checksum!, this.checksum(st));
  }

  /** extra leak of the cup seal on the part: pick offset > 2 mm (partial seal), a tilted part (F13) */
  private pickLeak(): number {
    const e = this.faults.pickOffsetMm;
    return 0.15 * Math.max(0, e - 2) + (this.s.tiltedPart ? 0.9 : 0);
  }

  private checksum(st: StepContext['store']): string {
    let h = 2166136261;
    const parts = [
      st.get(this.h.takeout_y!),
      st.get(this.h.takeout_z!),
      st.get(this.h.place_x!),
      st.get(this.h.place_y!),
      this.faults.programChanged ? 7 : 3,
    ];
    for (const p of parts) {
      h ^= Math.round(p * 10);
      h = Math.imul(h, 16777619) >>> 0;
    }
    return h.toString(16).padStart(8, '0');
  }

  /** exact time at which each EUROMAP 67 output last changed (read by the IMM when the robot is simulated) */
  hsTime(key: 'mould_area_free' | 'enable_ejector_forward' | 'enable_ejector_back'): number {
    return this.s.hs[key] ?? 0;
  }

  private hsAt(
    key: 'mould_area_free' | 'enable_mould_closure' | 'enable_ejector_forward' | 'enable_ejector_back',
    v: boolean,
    at: number,
  ): void {
    this.setHs(key, v);
    this.s.hs[key] = at;
  }

  /** reaction delay to an input (PLC scan + I/O), s */
  private react(): number {
    return 0.004 + 0.012 * this.rng.next();
  }

  /**
   * The automatic take-out sequence with exact event times: several steps may complete within one tick;
   * inputs from the IMM are taken at the IMM's exact event times (plus the robot's reaction delay).
   */
  private sequence(t: number, mouldOpen: boolean, ejFwd: boolean): void {
    const s = this.s;
    for (let guard = 0; guard < 16; guard++) {
      const te = s.stepEnd;
      switch (s.step) {
        case 'WAIT_ABOVE_MOULD': {
          // react once per mould opening
          const tOpen = this.imm.eventTime('mould_open');
          if (!mouldOpen || tOpen <= s.lastOpen) return;
          s.lastOpen = tOpen;
          s.giveUp = false;
          const t0 = Math.max(tOpen, te) + this.react();
          s.openSeen = t0;
          s.vacMin = 0;
          s.retries = 0;
          this.hsAt('mould_area_free', false, t0);
          this.hsAt('enable_mould_closure', false, t0);
          this.beginMove('ENTER', t0);
          break;
        }
        case 'ENTER':
          if (te > t) return;
          if (this.faults.pickOffsetMm > 5) {
            s.collision = true;
            s.step = 'STOPPED';
            s.moving = false;
            return;
          }
          this.beginMove('APPROACH', te);
          break;
        case 'APPROACH':
          if (te > t) return;
          this.vacuumOn(te);
          break;
        case 'VACUUM':
          if (te > t) return;
          if (s.vacReachAt <= te) {
            this.hsAt('enable_ejector_back', false, te);
            this.hsAt('enable_ejector_forward', true, te);
            s.step = 'WAIT_EJECTOR';
            s.moving = false;
          } else this.notConfirmed(te);
          break;
        case 'WAIT_EJECTOR': {
          if (!ejFwd) return;
          s.step = 'CONFIRM';
          s.moving = false;
          s.stepEnd = Math.max(this.imm.eventTime('ejector_forward'), te) + this.react() + 0.25;
          break;
        }
        case 'CONFIRM':
          if (te > t) return;
          if (s.giveUp) {
            // the part could not be picked: the ejector has pushed it, it stays (stuck or tilted) in the mould
            s.partLeft = true;
            this.imm.notePartLeftInMould();
            this.hsAt('enable_ejector_forward', false, te);
            this.hsAt('enable_ejector_back', true, te);
            this.beginMove('RETRACT', te);
          } else if (this.vacuumEquilibrium(this.pickLeak()) <= VAC_DROPOUT && s.vacReachAt <= te) {
            s.holding = true;
            s.picks++;
            s.vacFail = false;
            s.partLeft = false;
            this.hsAt('enable_ejector_forward', false, te);
            this.hsAt('enable_ejector_back', true, te);
            this.beginMove('RETRACT', te);
          } else this.notConfirmed(te);
          break;
        case 'RETRY':
          if (te > t) return;
          this.vacuumOn(te);
          break;
        case 'RETRACT':
          if (te > t) return;
          this.beginMove('EXIT', te);
          break;
        case 'EXIT':
          if (te > t) return;
          this.hsAt('enable_ejector_forward', false, te);
          this.hsAt('enable_ejector_back', true, te);
          this.hsAt('mould_area_free', true, te);
          this.hsAt('enable_mould_closure', true, te);
          s.tTakeout = te - s.openSeen;
          this.beginMove(s.holding ? 'TRAVEL' : 'RETURN', te);
          break;
        case 'TRAVEL':
          if (te > t) return;
          this.beginMove('PLACE_DESCEND', te);
          break;
        case 'PLACE_DESCEND':
          if (te > t) return;
          s.step = 'WAIT_PLACE';
          s.moving = false;
          break;
        case 'WAIT_PLACE':
          if (!this.conveyor.placeFree()) return;
          s.step = 'RELEASE';
          s.moving = false;
          s.stepEnd = (te > t - 0.1 ? te : t) + 0.15;
          this.vacuumOff(s.stepEnd - 0.15);
          break;
        case 'RELEASE':
          if (te > t) return;
          s.holding = false;
          this.conveyor.placePart(te);
          this.beginMove('PLACE_ASCEND', te);
          break;
        case 'PLACE_ASCEND':
          if (te > t) return;
          this.beginMove('RETURN', te);
          break;
        case 'RETURN':
          if (te > t) return;
          s.step = 'WAIT_ABOVE_MOULD';
          s.moving = false;
          return;
        default:
          return;
      }
    }
  }

  /** vacuum on at t0: the threshold is reached at t0 − τ·ln(1 − thr/p_eq) if p_eq is below it (§3.13) */
  private vacuumOn(t0: number): void {
    const s = this.s;
    s.vacOn = true;
    s.vacT = t0;
    s.vacFrom = s.vac;
    s.tiltedPart = this.imm.currentPartTilted();
    const pEq = this.vacuumEquilibrium(this.pickLeak());
    s.vacEq = pEq;
    s.vacReachAt = pEq < VAC_THRESHOLD ? t0 + 0.02 - VAC_TAU * Math.log(1 - VAC_THRESHOLD / pEq) : NEVER;
    if (pEq < s.vacMin) s.vacMin = pEq;
    s.step = 'VACUUM';
    s.moving = false;
    // wait for the switch, or time out after 0.6 s
    s.stepEnd = Math.min(s.vacReachAt, t0 + 0.6);
  }

  private vacuumOff(t0: number): void {
    const s = this.s;
    s.vacOn = false;
    s.vacT = t0;
    s.vacFrom = s.vac;
    s.vacEq = 0;
  }

  /** vacuum not reached or part not confirmed: one retry (+≈ 1 s), then leave the part in the mould */
  private notConfirmed(t: number): void {
    const s = this.s;
    this.vacuumOff(t);
    s.vacFail = true;
    if (s.retries === 0) {
      s.retries = 1;
      s.step = 'RETRY';
      s.moving = false;
      s.stepEnd = t + 0.8;
      return;
    }
    // give up: let the machine eject, then leave without the part (the next close trips the mould protection)
    s.giveUp = true;
    this.hsAt('enable_ejector_back', false, t);
    this.hsAt('enable_ejector_forward', true, t);
    s.step = 'WAIT_EJECTOR';
    s.moving = false;
    s.stepEnd = t;
  }

  private interpolate(t: number): void {
    const s = this.s;
    if (!s.moving || s.step === 'STOPPED') return;
    const dur = Math.max(1e-3, s.stepEnd - s.moveStart);
    const u = Math.min(1, Math.max(0, (t - s.moveStart) / dur));
    const w = u * u * (3 - 2 * u);
    s.pos.x = s.from.x + (s.to.x - s.from.x) * w;
    s.pos.y = s.from.y + (s.to.y - s.from.y) * w;
    s.pos.z = s.from.z + (s.to.z - s.from.z) * w;
  }

  snapshot(): unknown {
    return structuredClone({
      s: this.s,
      faults: this.faults,
      alarms: this.alarms.active,
      ext: this.external,
      t: this.lastT,
    });
  }

  restore(state: unknown): void {
    const x = structuredClone(state) as {
      s: RobotState;
      faults: RobotFaults;
      alarms: string[];
      ext: boolean;
      t: number;
    };
    this.s = x.s;
    this.faults = x.faults;
    this.alarms.active = x.alarms;
    this.external = x.ext;
    this.lastT = x.t;
  }
}
