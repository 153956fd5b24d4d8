/** §2.2 state machine, modes, interlocks and safety devices; EUROMAP job values; cold start; robot handshake. */
import { describe, expect, it } from 'vitest';
import type { ImmModel } from '../../../simulator/cell/imm/imm.ts';
import type { RobotModel } from '../../../simulator/cell/robot.ts';
import type { ShotRecord } from '../../../simulator/cell/shot-record.ts';
import type { Station } from '../../../simulator/kernel/station.ts';
import { act, avg, collect, newCell, write } from './helpers.ts';

const imm = (st: Station) => st.model<ImmModel>('imm')!;
const get = (st: Station, k: string) => st.store.get(st.store.handle(k));
const getStr = (st: Station, k: string) => st.store.getStr(st.store.handle(k));
const until = (st: Station, cond: () => boolean, maxS = 120) => {
  const t = st.clock.seconds + maxS;
  while (!cond() && st.clock.seconds < t) st.step();
  return cond();
};

describe('production start', () => {
  it('starts warm, in AUTOMATIC, producing at steady state', () => {
    const st = newCell({});
    expect(get(st, 'imm.mode')).toBe(1);
    const shots = collect(st, 3);
    expect(shots[0]!.t_start).toBeLessThan(0.5);
    expect(shots[0]!.melt_T).toBeCloseTo(230, -0.5);
    expect(get(st, 'imm.production_status')).toBe(4); // PRODUCTION
    expect(get(st, 'imm.job.status')).toBe(6); // JOB_IN_PRODUCTION
    expect(get(st, 'imm.job.cycle_counter')).toBe(3);
    expect(get(st, 'imm.job.parts_counter')).toBe(6);
    expect(get(st, 'imm.job.good_parts') + get(st, 'imm.job.bad_parts')).toBe(6);
    expect(get(st, 'imm.job.last_cycle_time')).toBeCloseTo(shots[2]!.cycle_time * 1000, -1);
    expect(get(st, 'mould.shot_counter')).toBe(125_003);
    expect(getStr(st, 'imm.job.lot')).toBe('PP-L2406-117');
  });

  it('runs the §2.2 phases in order with the §2.1 durations', () => {
    const st = newCell({});
    const seen: string[] = [];
    const names = st.registry.get('imm.cycle_state')!.enumValues!;
    let last = -1;
    const r = collect(st, 2);
    void r;
    until(st, () => {
      const s = get(st, 'imm.cycle_state');
      if (s !== last) seen.push(names[s]!);
      last = s;
      return seen.filter((x) => x === 'CLOSING').length >= 2;
    });
    const cycle = seen.slice(seen.indexOf('CLOSING'));
    expect(cycle.slice(0, 8)).toEqual([
      'CLOSING',
      'MOULD_PROTECT',
      'LOCKUP',
      'INJECTION',
      'HOLDING',
      'COOLING',
      'OPENING',
      'EJECTING',
    ]);
    const rec = collect(st, 1)[0]!;
    expect(rec.times.close).toBeCloseTo(1.4, 0);
    expect(rec.times.lock).toBeCloseTo(0.3, 1);
    expect(rec.times.open).toBeCloseTo(1.4, 0);
    expect(rec.times.eject).toBeGreaterThan(2.2);
    expect(rec.times.eject).toBeLessThan(3.2);
    expect(rec.times.cool).toBeCloseTo(8, 1);
  });
});

describe('safety devices and interlocks (§2.2 any state → STOPPED)', () => {
  it('opening the front guard stops the cycle; restart needs the safety reset and AUTOMATIC again', () => {
    const st = newCell({});
    collect(st, 1);
    until(st, () => imm(st).s.state === 'HOLDING');
    write(st, { 'imm.safety.front_guard_closed': false });
    expect(imm(st).s.state).toBe('STOPPED');
    expect(imm(st).alarms.isActive('GUARD_OPEN')).toBe(true);
    expect(() => write(st, { 'imm.mode': 'AUTOMATIC' })).toThrow(/stopped|guard/);
    expect(() => act(st, 'imm.safety_reset')).toThrow(/close the guards/);
    write(st, { 'imm.safety.front_guard_closed': true });
    act(st, 'imm.safety_reset');
    expect(get(st, 'imm.mode')).toBe(3); // MANUAL
    write(st, { 'imm.mode': 'AUTOMATIC' });
    // the interrupted shot is opened and ejected first, then production resumes
    const after = collect(st, 2, { maxS: 120 });
    expect(after.length).toBe(2);
  });

  it('the emergency stop latches, stops the pump, and needs release + reset', () => {
    const st = newCell({});
    collect(st, 1);
    until(st, () => imm(st).s.state === 'INJECTION');
    write(st, { 'imm.safety.estop_pressed': true });
    expect(imm(st).s.state).toBe('STOPPED');
    st.runTicks(2);
    expect(st.store.getBool(st.store.handle('imm.pump_running'))).toBe(false);
    expect(st.store.getBool(st.store.handle('imm.safety.estop_active'))).toBe(true);
    expect(st.store.getBool(st.store.handle('imm.em67.emergency_stop_machine'))).toBe(false);
    expect(() => act(st, 'imm.safety_reset')).toThrow(/release the emergency stop/);
    write(st, { 'imm.safety.estop_pressed': false });
    act(st, 'imm.safety_reset');
    st.runTicks(2);
    expect(st.store.getBool(st.store.handle('imm.pump_running'))).toBe(true);
    expect(get(st, 'imm.production_status')).toBe(3);
  });

  it('refuses AUTOMATIC with a guard open, and manual moves while cycling', () => {
    const st = newCell({});
    write(st, { 'imm.mode': 'MANUAL' });
    until(st, () => imm(st).s.state === 'READY');
    write(st, { 'imm.safety.purge_guard_closed': false });
    expect(() => write(st, { 'imm.mode': 'AUTOMATIC' })).toThrow(
      /imm\.mode: close the front, rear and purge guards/,
    );
    write(st, { 'imm.safety.purge_guard_closed': true, 'imm.mode': 'AUTOMATIC' });
    until(st, () => imm(st).s.state === 'INJECTION');
    expect(() => act(st, 'imm.manual', { move: 'carriage_back' })).toThrow(/MANUAL|cycle/);
  });

  it('MANUAL: carriage back, purge (air-shot melt probe), dose, carriage forward', () => {
    const st = newCell({});
    write(st, { 'imm.mode': 'MANUAL' });
    until(st, () => imm(st).s.state === 'READY');
    expect(() => act(st, 'imm.manual', { move: 'purge' })).toThrow(/carriage back/);
    act(st, 'imm.manual', { move: 'carriage_back' });
    const probe = act(st, 'imm.manual', { move: 'purge' }) as { melt_temp_probe: number };
    expect(probe.melt_temp_probe).toBeGreaterThan(226);
    expect(probe.melt_temp_probe).toBeLessThan(234);
    expect(() => write(st, { 'imm.mode': 'AUTOMATIC' })).toThrow(/carriage/);
    act(st, 'imm.manual', { move: 'dose' });
    until(st, () => imm(st).s.dose.state === 'DOSED', 10);
    expect(imm(st).s.dose.state).toBe('DOSED');
    act(st, 'imm.manual', { move: 'carriage_forward' });
    write(st, { 'imm.mode': 'AUTOMATIC' });
    expect(collect(st, 1).length).toBe(1);
  });

  it('SEMI_AUTOMATIC makes one cycle per start', () => {
    const st = newCell({});
    write(st, { 'imm.mode': 'SEMI_AUTOMATIC' });
    until(st, () => imm(st).s.state === 'READY', 60);
    const n0 = get(st, 'imm.job.cycle_counter');
    st.runFor(30_000);
    expect(get(st, 'imm.job.cycle_counter')).toBe(n0);
    act(st, 'imm.cycle_start');
    st.runFor(30_000);
    expect(get(st, 'imm.job.cycle_counter')).toBe(n0 + 1);
    expect(imm(st).s.state).toBe('READY');
  });

  it('robot T1 needs a closed cell door for AUTOMATIC; opening the door in AUTOMATIC is a protective stop', () => {
    const st = newCell({});
    collect(st, 1);
    write(st, { 'robot.cell_door_closed': false });
    const robot = st.model<RobotModel>('robot')!;
    expect(robot.s.protectiveStop).toBe(true);
    expect(robot.alarms.isActive('PROTECTIVE_STOP')).toBe(true);
    write(st, { 'robot.mode': 'MANUAL_REDUCED_SPEED' });
    expect(() => write(st, { 'robot.mode': 'AUTOMATIC' })).toThrow(/close the robot cell door/);
    expect(robot.vacuumTest()).toBeLessThan(-65);
    expect((act(st, 'robot.vacuum_test') as { vacuum_kPa: number }).vacuum_kPa).toBeLessThan(-65);
    // T1 jog: only with the enabling device held, at ≤ 250 mm/s
    expect(() => act(st, 'robot.jog', { axis: 'x', position: 500 })).toThrow(/enabling device/);
    write(st, { 'robot.enabling_device': true });
    const jog = act(st, 'robot.jog', { axis: 'x', position: 500 }) as { duration_s: number };
    expect(jog.duration_s).toBeGreaterThan((0.95 * (500 - robot.s.pos.x)) / 250);
    st.runFor(1000);
    write(st, { 'robot.enabling_device': false });
    const x = robot.s.pos.x;
    st.runFor(2000);
    expect(robot.s.pos.x).toBe(x);
    expect(x).toBeGreaterThan(100);
    expect(x).toBeLessThan(500);
  });
});

describe('cold start', () => {
  it('heats the barrel from ambient in 12–20 min, then soaks; AUTOMATIC is refused before', () => {
    const st = newCell({ start: 'cold' });
    expect(imm(st).s.state).toBe('HEATING');
    expect(get(st, 'imm.mode')).toBe(3);
    expect(() => write(st, { 'imm.mode': 'AUTOMATIC' })).toThrow(/not at temperature/);
    const inBand = () => imm(st).s.barrel.zones.every((z, i) => Math.abs(z.t - imm(st).bx.sp[i]!) < 10);
    until(st, inBand, 1800);
    expect(st.clock.seconds / 60).toBeGreaterThan(8);
    expect(st.clock.seconds / 60).toBeLessThan(20);
    until(st, () => imm(st).s.state === 'READY', 1200);
    expect(get(st, 'imm.production_status')).toBe(3); // READY_FOR_PRODUCTION
    write(st, { 'imm.mode': 'AUTOMATIC' });
    st.runTicks(2);
    expect(get(st, 'imm.production_status')).toBe(2); // START_UP
    const shots: ShotRecord[] = collect(st, 6);
    // the mould is still warming up: the first shots are out of the thermal steady state (§3.16)
    expect(shots[0]!.mould.T_fixed).toBeLessThan(45);
    expect(avg(shots, (r) => r.melt_T)).toBeCloseTo(230, -0.5);
    expect(get(st, 'imm.production_status')).toBe(4);
  });
});

describe('robot and EUROMAP 67 handshake', () => {
  it('takes the parts out in ≈ 2.7 s and places them on the conveyor', () => {
    const st = newCell({});
    const shots = collect(st, 4);
    expect(avg(shots, (r) => r.times.robot)).toBeGreaterThan(2.2);
    expect(avg(shots, (r) => r.times.robot)).toBeLessThan(3.2);
    expect(avg(shots, (r) => r.vacuum_min)).toBeLessThan(-65);
    st.runFor(30_000);
    expect(get(st, 'robot.picks')).toBeGreaterThanOrEqual(4);
    expect(get(st, 'conveyor.parts_delivered')).toBeGreaterThanOrEqual(2);
  });

  it('the IMM waits for "mould area free" and the ejector enables', () => {
    const st = newCell({});
    collect(st, 1);
    write(st, { 'robot.mode': 'MANUAL_REDUCED_SPEED' });
    const n0 = get(st, 'imm.job.cycle_counter');
    st.runFor(60_000);
    expect(get(st, 'imm.job.cycle_counter')).toBeLessThanOrEqual(n0 + 1);
    expect(imm(st).s.state).toBe('EJECTING');
    expect(st.store.getBool(st.store.handle('imm.em67.mould_open_position'))).toBe(true);
  });

  it('runs without the robot: parts drop freely', () => {
    const st = newCell({});
    write(st, { 'robot.in_use': false });
    const shots = collect(st, 3);
    expect(shots.length).toBe(3);
    expect(avg(shots, (r) => r.times.eject)).toBeLessThan(1.5);
  });
});
