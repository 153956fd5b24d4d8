/**
 * The §5.2 procedures as sequences of gestures, for the reversal tests: controlled stop, lockout/tagout
 * apply and remove, purge, robot cell entry and exit, timed repairs and measurements, restart. Each step
 * goes through the command API and must be accepted (a refusal throws with its reason).
 */
import type { Actor } from '../../simulator/kernel/command-types.ts';
import type { SafetyModel } from '../../simulator/safety/safety-model.ts';
import { CANDIDATE, type FaultCell, ok, until } from './fault-cell.ts';

const IMM_CYCLING = new Set([
  'CLOSING',
  'MOULD_PROTECT',
  'LOCKUP',
  'INJECTION',
  'HOLDING',
  'COOLING',
  'OPENING',
  'EJECTING',
]);

export type Energy = 'electric' | 'hydraulic' | 'water' | 'pneumatic' | 'hot_runner';

export class Gestures {
  readonly c: FaultCell;
  readonly who: Actor;
  constructor(c: FaultCell, who: Actor = CANDIDATE) {
    this.c = c;
    this.who = who;
  }

  private get safety(): SafetyModel {
    return this.c.safety;
  }

  do(name: string, args: unknown = {}): unknown {
    return ok(this.c.st, this.who, name, args);
  }

  /** §5.2 A: announce, PPE, semi-automatic to the end of the cycle, manual, quarantine */
  controlledStop(ppe: string[] = ['glasses', 'safety_shoes']): void {
    this.do('act.notify');
    this.do('act.ppe', { items: ppe });
    const st = this.c.st;
    const mode = st.store.get(st.store.handle('imm.mode'));
    if (mode === 1) this.do('act.mode_semi');
    until(st, () => !IMM_CYCLING.has(this.c.safety.b.state), 120);
    if (mode !== 3) this.do('act.mode_manual');
    this.do('act.quarantine', { from_shot: Math.max(0, this.safety.s.lastShotId - 5) });
  }

  /** §5.2 C: identify, isolate, lock, tag, dissipate, verify */
  lockout(energies: Energy[], extraDissipation: string[] = []): void {
    const ids = new Set<string>();
    for (const e of energies) ids.add(e === 'hot_runner' ? 'electric' : e);
    this.do('act.loto_identify', { energies: [...ids] });
    if (ids.has('electric') || ids.has('hydraulic')) this.do('act.isolate_main');
    if (ids.has('water')) this.do('act.isolate_water');
    if (ids.has('pneumatic')) this.do('act.isolate_air');
    if (energies.includes('hot_runner')) this.do('act.isolate_hr');
    this.do('act.lock', { padlock: `PL-${this.who.user}` });
    this.do('act.tag', { name: this.who.user, reason: 'maintenance', date: '2025-06-01' });
    const what = [...extraDissipation];
    if (ids.has('hydraulic')) what.push('accumulator_discharge');
    if (ids.has('water')) what.push('depressurise_water');
    if (ids.has('pneumatic')) what.push('vent_air');
    if (what.length) this.do('act.dissipate', { what });
    this.do('act.verify', { how: ['try_start', 'voltage_absence_test', 'pressure_gauge_zero'] });
  }

  /** §5.2 C.7 déconsignation */
  unlock(): void {
    this.do('act.tools_removed');
    this.do('act.guards_refitted');
    this.do('act.area_clear');
    this.do('act.unlock');
    this.do('act.notify');
  }

  /** §5.2 D: carriage back, purge guard, nozzle at temperature, container, purge, dispose */
  purge(n = 3): void {
    this.waitHot();
    this.do('act.ppe', { items: ['face_shield', 'heat_gloves_en407', 'long_sleeves'] });
    if (this.safety.b.carriageForward) this.do('act.carriage_back');
    this.do('act.purge_guard_closed');
    this.do('act.check_nozzle_t');
    this.do('act.purge_container');
    this.do('act.purge', { n, speed: 20 });
    this.do('act.purge_dispose');
  }

  /** §5.2 G robot cell entry */
  robotEntry(): void {
    // the robot finishes its move to a safe position first
    until(this.c.st, () => ['WAIT_ABOVE_MOULD', 'STOPPED'].includes(this.safety.b.robotStep), 60);
    this.do('act.robot_stop');
    this.do('act.robot_t1');
    this.do('act.enable_device');
    this.do('act.door_lock');
  }

  robotExit(): void {
    this.do('act.robot_auto');
  }

  /** wait for the running intervention (repair, measurement) to end; returns the published values */
  waitWork(maxS = 1200): Record<string, unknown> {
    const st = this.c.st;
    until(st, () => this.safety.s.work === null, maxS);
    return JSON.parse(st.store.getStr(st.store.handle('safety.result.values'))) as Record<string, unknown>;
  }

  repair(component_id: string, op: string): Record<string, unknown> {
    this.do('act.repair', { component_id, op });
    return this.waitWork();
  }

  diag(target: string, measurement: string): Record<string, unknown> {
    this.do('act.diag', { target, measurement });
    return this.waitWork();
  }

  /** wait until the barrel is back at temperature (zones in band) and, with `soak`, the heat soak is over */
  waitHot(soak = false, maxS = 2400): void {
    until(
      this.c.st,
      () => (soak ? this.safety.b.heatSoakDone && this.safety.b.pumpRunning : this.safety.b.zonesInBand),
      maxS,
    );
  }

  /** §5.2 H: wait for the heat soak, restart in semi-automatic, first article, release to AUTOMATIC */
  restart(maxHeatS = 2400): void {
    const st = this.c.st;
    until(st, () => this.safety.b.heatSoakDone && this.safety.b.pumpRunning, maxHeatS);
    if (!this.safety.b.guardsClosed) this.do('act.guard_close');
    this.do('act.restart_semi');
    const shot = this.safety.s.lastShotId;
    until(st, () => this.safety.s.lastShotId > shot, 120);
    this.do('act.scrap', { n: 1 });
    this.do('act.fai', {});
    this.do('act.release');
  }
}

export interface FixPlan {
  /** PPE worn before the work */
  readonly ppe?: string[];
  /** energies locked out (omit for work without lockout) */
  readonly loto?: Energy[];
  /** extra dissipations (screw decompression, cool-down) */
  readonly dissipate?: string[];
  /** purge before the lockout (carriage back, purge guard…) */
  readonly purgeFirst?: boolean;
  /** retract the carriage and check the nozzle before the lockout (nozzle work) */
  readonly nozzlePrep?: boolean;
  /** robot cell entry around the work */
  readonly robotEntry?: boolean;
  /** confirming measurements before the repair */
  readonly diag?: [string, string][];
  readonly repairs: [string, string][];
  /** skip the controlled stop (the machine is already stopped) */
  readonly stopped?: boolean;
}

/**
 * The correct action of §4 / §5.2 K with its preconditions met by the proper gestures: controlled stop,
 * PPE, purge or nozzle preparation, lockout, measurements, repairs, déconsignation, robot exit. Returns
 * the published result of each measurement.
 */
export function fix(g: Gestures, p: FixPlan): Record<string, unknown>[] {
  if (!p.stopped) g.controlledStop(p.ppe ?? ['glasses', 'safety_shoes']);
  else if (p.ppe) g.do('act.ppe', { items: p.ppe });
  if (p.purgeFirst) g.purge();
  if (p.nozzlePrep) {
    g.do('act.ppe', { items: ['face_shield', 'heat_gloves_en407', 'long_sleeves'] });
    if (g.c.safety.b.carriageForward) g.do('act.carriage_back');
    g.do('act.purge_guard_closed');
    g.do('act.check_nozzle_t');
  }
  if (p.robotEntry) g.robotEntry();
  if (p.loto) g.lockout(p.loto, p.dissipate ?? []);
  const out = (p.diag ?? []).map(([t, m]) => g.diag(t, m));
  for (const [comp, op] of p.repairs) g.repair(comp, op);
  if (p.loto) g.unlock();
  if (p.robotEntry) g.robotExit();
  return out;
}
