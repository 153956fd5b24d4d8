/**
 * Every place the safety model touches the cell beyond its signals, in one file: the machine state the
 * IMM keeps in its model (cycle state, carriage, E-stop latch, heat soak), the moves a gesture makes
 * (carriage back/forward, air-shot purge, safety reset, robot return) — the same effects as the cell's own
 * `imm.manual` / `imm.safety_reset` / `robot.reset` actions — and the signals the cell reads for its
 * safety devices. On a station without the cell every accessor answers "absent".
 */

import type { AmbientModel } from '../cell/ambient.ts';
import type { BlenderModel } from '../cell/blender.ts';
import { DRYER_DP_SET, type DryerModel } from '../cell/dryer.ts';
import { isCycling } from '../cell/imm/cycle.ts';
import type { ImmModel } from '../cell/imm/imm.ts';
import { MODE } from '../cell/imm/imm-signals.ts';
import type { RobotModel } from '../cell/robot.ts';
import type { BindContext, Model } from '../kernel/model.ts';
import type { SignalRegistry } from '../kernel/registry.ts';
import type { SignalStore } from '../kernel/signal-store.ts';

export { MODE };
/** OPC 40010-1 robot operational modes (robot.ts ROBOT_MODES) */
export const ROBOT_MODE = { OTHER: 0, T1: 1, T2: 2, AUTO: 3 } as const;

/** signal keys the gestures write or read (absent ones are skipped) */
export const K = {
  mode: 'imm.mode',
  heaters: 'imm.heaters_on',
  pump: 'imm.pump_on',
  front: 'imm.safety.front_guard_closed',
  rear: 'imm.safety.rear_guard_closed',
  purgeGuard: 'imm.safety.purge_guard_closed',
  estop: 'imm.safety.estop_pressed',
  conveyorRun: 'conveyor.run',
  tcu1On: 'tcu1.switched_on',
  tcu2On: 'tcu2.switched_on',
  tcu1Supply: 'tcu1.supply_temp',
  tcu2Supply: 'tcu2.supply_temp',
  hrPower: 'hotrunner.enable_power',
  robotMode: 'robot.mode',
  door: 'robot.cell_door_closed',
  enabling: 'robot.enabling_device',
  robotEstop: 'robot.estop_pressed',
  blenderLot: 'blender.lot',
  nozzleT: 'imm.zone5.temp_actual',
  nozzleSp: 'imm.zone5.temp_sp',
} as const;
export type Key = keyof typeof K;

const tryModel = <T extends Model>(ctx: BindContext, id: string): T | undefined => {
  try {
    return ctx.model<T>(id);
  } catch {
    return undefined;
  }
};

export class CellBridge {
  readonly imm: ImmModel | undefined;
  readonly robot: RobotModel | undefined;
  readonly dryer: DryerModel | undefined;
  readonly blender: BlenderModel | undefined;
  readonly ambient: AmbientModel | undefined;
  readonly registry: SignalRegistry;
  readonly store: SignalStore;
  private readonly h: Partial<Record<Key, number>> = {};

  constructor(ctx: BindContext) {
    this.registry = ctx.registry;
    this.store = ctx.store;
    this.imm = tryModel<ImmModel>(ctx, 'imm');
    this.robot = tryModel<RobotModel>(ctx, 'robot');
    this.dryer = tryModel<DryerModel>(ctx, 'dryer');
    this.blender = tryModel<BlenderModel>(ctx, 'blender');
    this.ambient = tryModel<AmbientModel>(ctx, 'ambient');
    for (const [k, key] of Object.entries(K) as [Key, string][]) {
      const s = ctx.registry.get(key);
      if (s) this.h[k] = s.index;
    }
  }

  has(k: Key): boolean {
    return this.h[k] !== undefined;
  }
  get(k: Key): number {
    const h = this.h[k];
    return h === undefined ? Number.NaN : this.store.get(h);
  }
  bool(k: Key): boolean {
    const h = this.h[k];
    return h !== undefined && this.store.getBool(h);
  }
  set(k: Key, v: number | boolean): void {
    const h = this.h[k];
    if (h === undefined) return;
    this.store.set(h, typeof v === 'boolean' ? (v ? 1 : 0) : v);
  }
  str(k: Key): string {
    const h = this.h[k];
    return h === undefined ? '' : this.store.getStr(h);
  }

  // ---------------------------------------------------------------------------------- the machine
  get hasMachine(): boolean {
    return this.imm !== undefined;
  }
  get cycling(): boolean {
    return this.imm ? isCycling(this.imm.s.state) : false;
  }
  get state(): string {
    return this.imm?.s.state ?? 'READY';
  }
  get manual(): boolean {
    const m = this.get('mode');
    return !this.imm || m === MODE.MANUAL || m === MODE.SETUP;
  }
  get pumpRunning(): boolean {
    return this.imm?.s.pumpRunning ?? false;
  }
  get carriageForward(): boolean {
    return this.imm?.s.carriageFwd ?? false;
  }
  get heatSoakDone(): boolean {
    return this.imm ? !this.imm.s.heating || this.imm.s.continuing : true;
  }
  /** every barrel zone (Z1–Z4) reads within ±10 K of its set point (melt at temperature; the soak may still run) */
  get zonesInBand(): boolean {
    if (!this.imm) return true;
    for (let i = 1; i <= 4; i++) {
      const a = this.registry.get(`imm.zone${i}.temp_actual`);
      const s = this.registry.get(`imm.zone${i}.temp_sp`);
      if (a && s && Math.abs(this.store.get(a.index) - this.store.get(s.index)) > 10) return false;
    }
    return this.bool('heaters');
  }
  get estopLatched(): boolean {
    return this.imm ? this.imm.s.estopLatched || this.bool('estop') : this.bool('estop');
  }
  get guardsClosed(): boolean {
    return (
      (!this.has('front') || this.bool('front')) &&
      (!this.has('rear') || this.bool('rear')) &&
      (!this.has('purgeGuard') || this.bool('purgeGuard'))
    );
  }

  /** the same move as `imm.manual {move: carriage_back}` */
  carriageBack(): void {
    if (this.imm) this.imm.s.carriageFwd = false;
  }
  carriageForwardMove(): void {
    if (this.imm) this.imm.s.carriageFwd = true;
  }

  /** air shot(s) as `imm.manual {move: purge}`: the melt probe reads the true melt temperature */
  purge(): number | null {
    const imm = this.imm;
    if (!imm) return null;
    const ms = imm.meltState();
    const s = imm.s;
    s.screwX = 0;
    s.dose.state = 'IDLE';
    for (let k = 0; k < s.meltAges.length; k++) s.meltAges[k] = 0;
    return Math.round((ms.tMelt + imm.rng.gaussian()) * 10) / 10;
  }

  /** is there melt in front of the screw to purge? */
  get dosed(): boolean {
    return this.imm?.s.dose.state === 'DOSED';
  }

  /** as `imm.safety_reset` after the E-stop button is released */
  safetyReset(): void {
    const s = this.imm?.s;
    if (!s) return;
    s.estopLatched = false;
    if (s.state === 'STOPPED') s.state = s.heating ? 'HEATING' : 'READY';
    s.continuing = false;
    for (const a of ['ESTOP', 'GUARD_OPEN']) s.pendingClear.push(a);
    this.set('mode', MODE.MANUAL);
  }

  /** one semi-automatic cycle (as `imm.cycle_start`) */
  semiStart(): void {
    if (this.imm) this.imm.s.semiStart = true;
  }

  /**
   * Why the machine may not run automatically now (the IMM's own `imm.mode` interlock, for the writes the
   * gestures make directly), or null.
   */
  autoBlocker(): string | null {
    const imm = this.imm;
    if (!imm) return null;
    if (imm.s.estopLatched || this.bool('estop')) return 'emergency stop active: release it and reset first';
    if (imm.s.state === 'STOPPED') return 'machine stopped: acknowledge with the safety reset first';
    if (!this.guardsClosed) return 'close the front, rear and purge guards first';
    if (!this.bool('pump')) return 'start the hydraulic power unit first';
    if (imm.s.heating && !imm.s.continuing) return 'barrel not at temperature (heat soak not finished)';
    if (!imm.s.carriageFwd) return 'nozzle not in contact: move the carriage forward first';
    if (imm.alarms.isActive('OIL_TEMP_STOP')) return 'oil temperature too high';
    return null;
  }

  // ---------------------------------------------------------------------------------- robot
  get robotStep(): string {
    return this.robot?.s.step ?? 'STOPPED';
  }
  /** as `robot.reset`: clear the stops, return home, then wait above the mould */
  robotReset(t: number): void {
    const r = this.robot;
    if (!r) return;
    r.s.estop = false;
    r.s.protectiveStop = false;
    r.s.collision = false;
    r.s.retries = 0;
    // beginMove is private to the robot model: the same call its own `robot.reset` makes
    (r as unknown as { beginMove(step: string, t0: number): void }).beginMove(
      r.s.holding ? 'TRAVEL' : 'RETURN',
      t,
    );
  }
  vacuumTest(): number | null {
    return this.robot ? this.robot.vacuumTest() : null;
  }

  // ---------------------------------------------------------------------------------- material
  /**
   * The resin in the dryer hopper and the pipeline to the screw dried to steady state: a compressed re-dry
   * in the dryer as it is now (a dryer still failing dries nothing), or certified pre-dried pellets (dried at
   * the nominal dew point elsewhere; the dryer's own state is untouched).
   */
  redry(preDried: boolean): boolean {
    const d = this.dryer;
    if (!d || !this.blender || !this.ambient) return false;
    const dp = d.s.dp;
    if (preDried || d.faults.regenHealth >= 0.99) d.s.dp = DRYER_DP_SET;
    d.settle(d.throughputKgH, this.blender, this.ambient);
    if (preDried) d.s.dp = dp;
    return true;
  }
}
