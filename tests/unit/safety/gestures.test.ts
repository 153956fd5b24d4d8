/**
 * §5.2 D purge, G robot cell entry, H restart, K timed measurements and repairs: preconditions enforced,
 * durations respected (the machine stays down meanwhile), results published on the safety signals and
 * journaled, a repair on an uninvolved component changing nothing physical.
 */
import { describe, expect, it } from 'vitest';
import type { Actor } from '../../../simulator/kernel/command-types.ts';
import {
  action,
  CANDIDATE,
  faultCell,
  num,
  ok,
  run,
  shots,
  TRAINER,
  value,
  write,
} from '../../helpers/fault-cell.ts';
import { Gestures } from '../../helpers/fault-gestures.ts';

const MODBUS: Actor = { user: 'cand1', roles: ['operator', 'technician'], channel: 'modbus', station: 'st1' };
const reason = (r: ReturnType<typeof action>) => r.rejection?.message ?? '';

function stopped() {
  const c = faultCell();
  shots(c.st, 2);
  const g = new Gestures(c);
  g.controlledStop();
  return { c, g, st: c.st };
}

describe('purge (§5.2 D)', () => {
  it('needs the carriage back and the purge guard closed; the air shot gives the melt temperature', () => {
    const { st, c } = stopped();
    expect(reason(action(st, CANDIDATE, 'act.purge', { n: 2, speed: 20 }))).toMatch(
      /retract the carriage first/,
    );
    ok(st, CANDIDATE, 'act.carriage_back');
    expect(value(st, 'imm.carriage_forward')).toBe(false);
    ok(st, CANDIDATE, 'act.guard_open', { guard: 'purge' });
    expect(reason(action(st, CANDIDATE, 'act.purge', { n: 2, speed: 20 }))).toMatch(/close the purge guard/);
    ok(st, CANDIDATE, 'act.purge_guard_closed');
    const r = ok(st, CANDIDATE, 'act.purge', { n: 2, speed: 20 }) as { melt_temp_probe: number };
    expect(r.melt_temp_probe).toBeGreaterThan(220);
    expect(r.melt_temp_probe).toBeLessThan(240);
    expect(ok(st, CANDIDATE, 'act.measure', { instrument: 'hand_probe', n: 1 })).toMatchObject({
      melt_c: r.melt_temp_probe,
    });
    ok(st, CANDIDATE, 'act.purge_dispose');
    expect(reason(action(st, CANDIDATE, 'act.purge_dispose'))).toMatch(/no purge/);
    void c;
  });

  it('refuses a purge through a frozen nozzle (F11 heater variant): it can discharge explosively', () => {
    const { st } = stopped();
    ok(st, TRAINER, 'fault.inject', { fault: 'F11', variant: 'heater' });
    run(st, 400);
    ok(st, CANDIDATE, 'act.carriage_back');
    expect(ok(st, CANDIDATE, 'act.check_nozzle_t')).toMatchObject({ at_temperature: false });
    expect(reason(action(st, CANDIDATE, 'act.purge', { n: 1, speed: 10 }))).toMatch(/frozen nozzle/);
  });
});

describe('robot cell entry (§5.2 G)', () => {
  it('stop → T1 → enabling device → door padlocked; AUTO is refused on every channel while someone is inside', () => {
    const { st, c } = stopped();
    expect(reason(action(st, CANDIDATE, 'act.door_lock'))).toMatch(/select T1 first/);
    expect(reason(action(st, CANDIDATE, 'act.enable_device'))).toMatch(/select T1 first/);
    new Gestures(c).robotEntry();
    expect(value(st, 'robot.mode')).toBe(1);
    expect(value(st, 'robot.cell_door_closed')).toBe(false);
    expect(value(st, 'safety.robot.cell_entry')).toBe(true);
    expect(write(st, MODBUS, 'robot.mode', 3).status).toBe('rejected');
    expect(reason(action(st, TRAINER, 'act.robot_auto'))).toMatch(/only they remove it/);
    expect(reason(action(st, CANDIDATE, 'act.restart_semi'))).toMatch(/inside the robot cell/);
    ok(st, CANDIDATE, 'act.robot_auto');
    expect(value(st, 'robot.mode')).toBe(3);
    expect(value(st, 'robot.cell_door_closed')).toBe(true);
  });

  it('the vacuum test needs the robot stopped or in T1', () => {
    const c = faultCell();
    shots(c.st, 1);
    expect(reason(action(c.st, CANDIDATE, 'act.vacuum_test'))).toMatch(/stop the robot or select T1/);
  });
});

describe('timed measurements and repairs (§5.2 K)', () => {
  it('a repair takes its exam duration, the machine stays down, then the result is published and journaled', () => {
    const { st, c, g } = stopped();
    g.lockout(['electric']);
    g.do('act.ppe', { items: ['heat_gloves_en407', 'long_sleeves'] });
    expect(
      ok(st, CANDIDATE, 'act.repair', { component_id: 'barrel.z2_heater', op: 'replace' }),
    ).toMatchObject({
      status: 'started',
      ready_in_s: 300,
    });
    expect(value(st, 'safety.work.state')).toBe(2);
    expect(value(st, 'safety.work.target')).toBe('barrel.z2_heater');
    expect(
      reason(action(st, CANDIDATE, 'act.diag', { target: 'barrel.z1_heater', measurement: 'resistance' })),
    ).toMatch(/another intervention is in progress/);
    expect(reason(action(st, CANDIDATE, 'act.tools_removed'))).toMatch(/in progress/);
    run(st, 290);
    expect(c.safety.s.work).not.toBe(null);
    expect(num(st, 'safety.work.remaining_s')).toBeLessThanOrEqual(10);
    run(st, 11);
    expect(c.safety.s.work).toBe(null);
    expect(value(st, 'safety.result.text')).toBe('Work done: replace barrel.z2_heater');
    const j = c.journal.find(
      (e) => e.type === 'event' && (e.payload as { event: string }).event === 'maintenance_result',
    );
    expect(j?.actor?.user).toBe('cand1');
  });

  it('a healthy heater reads 64 Ω; measurements need their preconditions (LOTO for a resistance)', () => {
    const { st, g } = stopped();
    expect(
      reason(action(st, CANDIDATE, 'act.diag', { target: 'barrel.z2_heater', measurement: 'resistance' })),
    ).toMatch(/lockout \(electric\)/);
    expect(
      reason(action(st, CANDIDATE, 'act.diag', { target: 'barrel.z2_heater', measurement: 'moisture' })),
    ).toMatch(/cannot be measured/);
    g.lockout(['electric']);
    const r = g.diag('barrel.z2_heater', 'resistance');
    expect(r.ohm as number).toBeCloseTo(64, -0.5);
    expect(JSON.parse(String(value(st, 'safety.result.values')))).toMatchObject({
      kind: 'diag',
      measurement: 'resistance',
    });
  });

  it('a repair on a component the fault does not involve changes nothing physical; the fault stays', () => {
    const { st, c, g } = stopped();
    ok(st, TRAINER, 'fault.inject', { fault: 'F01' });
    g.do('act.ppe', { items: ['heat_gloves_en407', 'long_sleeves'] });
    g.lockout(['electric']);
    const before = JSON.stringify(c.engine.cell.imm!.faults);
    g.repair('barrel.z3_heater', 'replace');
    run(st, 1);
    expect(JSON.stringify(c.engine.cell.imm!.faults)).toBe(before);
    expect(c.engine.list()[0]!.state).toBe('active');
    g.repair('barrel.z2_heater', 'replace');
    run(st, 1);
    expect(c.engine.cell.imm!.faults.heaterHealth).toEqual([1, 1, 1, 1, 1]);
  });

  it('unknown components and operations are refused by name; repairs are technicians’ work', () => {
    const { st } = stopped();
    expect(
      reason(action(st, CANDIDATE, 'act.repair', { component_id: 'barrel.z9_heater', op: 'replace' })),
    ).toMatch(/unknown component/);
    expect(
      reason(action(st, CANDIDATE, 'act.repair', { component_id: 'mould.vents', op: 'replace' })),
    ).toMatch(/not a maintenance operation/);
    const operator: Actor = { user: 'op', roles: ['operator'], channel: 'hmi', station: 'st1' };
    expect(
      action(st, operator, 'act.repair', { component_id: 'mould.vents', op: 'clean' }).rejection?.code,
    ).toBe('forbidden');
  });

  it('a water lockout alone keeps the machine from AUTO on every channel (padlock named)', () => {
    const { st, g } = stopped();
    g.lockout(['water']);
    expect(write(st, MODBUS, 'tcu2.switched_on', true).status).toBe('rejected');
    expect(write(st, MODBUS, 'imm.mode', 1).rejection?.message).toMatch(
      /padlock\(s\) still applied by cand1/,
    );
  });

  it('restart: refused before the heat soak, then semi-automatic, first article, release to AUTOMATIC', () => {
    const { st, c, g } = stopped();
    g.lockout(['electric']);
    run(st, 300);
    g.unlock();
    expect(reason(action(st, CANDIDATE, 'act.restart_semi'))).toMatch(/heat soak/);
    expect(reason(action(st, CANDIDATE, 'act.release'))).toMatch(/first-article inspection first/);
    g.waitHot(true);
    ok(st, CANDIDATE, 'act.restart_semi');
    expect(reason(action(st, CANDIDATE, 'act.fai', {}))).toMatch(/since the restart/);
    const n = c.safety.s.lastShotId;
    run(st, 40);
    expect(c.safety.s.lastShotId).toBe(n + 1);
    const fai = ok(st, CANDIDATE, 'act.fai', { weight: true }) as { weights_g: number[] };
    expect(fai.weights_g[0]).toBeGreaterThan(20);
    ok(st, CANDIDATE, 'act.release');
    expect(num(st, 'imm.mode')).toBe(1);
    expect(shots(st, 3)).toHaveLength(3);
  });
});
