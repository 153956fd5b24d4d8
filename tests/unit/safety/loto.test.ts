/**
 * §5.2 A–C: controlled stop and lockout/tagout as commands whose order and preconditions the simulator
 * enforces, per person: identify → isolate → lock → tag → dissipate → verify; one padlock per person,
 * removed only by its owner; no restart, from any channel, while a padlock is on.
 */
import { describe, expect, it } from 'vitest';
import type { Actor } from '../../../simulator/kernel/command-types.ts';
import { action, CANDIDATE, faultCell, num, ok, run, shots, value, write } from '../../helpers/fault-cell.ts';
import { Gestures } from '../../helpers/fault-gestures.ts';

const TECH2: Actor = { user: 'tech2', roles: ['maintenance'], channel: 'hmi' };
const OPCUA_TECH: Actor = {
  user: 'cand1',
  roles: ['operator', 'technician'],
  channel: 'opcua',
  station: 'st1',
};
const reason = (r: ReturnType<typeof action>) => r.rejection?.message ?? '';

function stopped() {
  const c = faultCell();
  shots(c.st, 2);
  const g = new Gestures(c);
  g.controlledStop();
  return { c, g, st: c.st };
}

describe('controlled stop (§5.2 A)', () => {
  it('semi-automatic finishes the cycle, then manual; manual straight from automatic mid-cycle is refused', () => {
    const c = faultCell();
    shots(c.st, 2);
    run(c.st, 3);
    expect(c.safety.b.cycling).toBe(true);
    expect(reason(action(c.st, CANDIDATE, 'act.mode_manual'))).toMatch(/select SEMI_AUTOMATIC first/);
    expect(ok(c.st, CANDIDATE, 'act.mode_semi')).toMatchObject({
      mode: 'SEMI_AUTOMATIC',
      cycle: 'finishing',
    });
    const n = c.safety.s.lastShotId;
    run(c.st, 30);
    expect(c.safety.s.lastShotId).toBe(n + 1);
    expect(c.safety.b.cycling).toBe(false);
    ok(c.st, CANDIDATE, 'act.mode_manual');
    expect(num(c.st, 'imm.mode')).toBe(3);
    run(c.st, 60);
    expect(c.safety.s.lastShotId).toBe(n + 1);
  });

  it('quarantine names the shots; a shot not made yet is refused', () => {
    const { st, c } = stopped();
    const last = c.safety.s.lastShotId;
    expect(ok(st, CANDIDATE, 'act.quarantine', { from_shot: last - 2 })).toMatchObject({
      shots: 3,
      parts: 6,
    });
    expect(reason(action(st, CANDIDATE, 'act.quarantine', { from_shot: last + 10 }))).toMatch(
      /not been made yet/,
    );
  });
});

describe('lockout/tagout (§5.2 C)', () => {
  it('refuses each step out of order, with the reason', () => {
    const c = faultCell();
    shots(c.st, 1);
    const st = c.st;
    expect(reason(action(st, CANDIDATE, 'act.isolate_main'))).toMatch(/identify the energies first/);
    ok(st, CANDIDATE, 'act.loto_identify', { energies: ['electric', 'hydraulic'] });
    expect(reason(action(st, CANDIDATE, 'act.isolate_main'))).toMatch(/controlled stop first/);
    new Gestures(c).controlledStop();
    expect(reason(action(st, CANDIDATE, 'act.lock'))).toMatch(/isolate an energy first/);
    ok(st, CANDIDATE, 'act.isolate_main');
    expect(reason(action(st, CANDIDATE, 'act.tag', { name: 'cand1' }))).toMatch(/apply your padlock first/);
    ok(st, CANDIDATE, 'act.lock', { padlock: 'PL-7' });
    expect(reason(action(st, CANDIDATE, 'act.dissipate', { what: ['accumulator_discharge'] }))).toMatch(
      /tag your padlock/,
    );
    expect(ok(st, CANDIDATE, 'act.tag', { name: 'cand1' })).toMatchObject({ missing: ['reason', 'date'] });
    expect(reason(action(st, CANDIDATE, 'act.verify', { how: ['try_start'] }))).toMatch(
      /accumulator_discharge/,
    );
    expect(reason(action(st, CANDIDATE, 'act.dissipate', { what: ['vent_air'] }))).toMatch(
      /isolate that energy first/,
    );
    ok(st, CANDIDATE, 'act.dissipate', { what: ['accumulator_discharge'] });
    expect(ok(st, CANDIDATE, 'act.verify', { how: ['try_start', 'pressure_gauge_zero'] })).toMatchObject({
      try_start: 'no movement',
      pressure_bar: 0,
    });
  });

  it('switches the energies off and keeps them off on every channel while locked out; the last padlock off brings them back', () => {
    const { c, g, st } = stopped();
    g.lockout(['electric', 'hydraulic']);
    expect(value(st, 'imm.heaters_on')).toBe(false);
    expect(value(st, 'imm.pump_on')).toBe(false);
    expect(value(st, 'safety.loto.main_isolated')).toBe(true);
    expect(value(st, 'safety.loto.locks')).toBe(1);
    expect(value(st, 'safety.loto.verified')).toBe(true);
    for (const [sig, v] of [
      ['imm.heaters_on', true],
      ['imm.pump_on', true],
      ['imm.mode', 1],
      ['imm.mode', 2],
    ] as const) {
      const r = write(st, OPCUA_TECH, sig, v);
      expect(r.status, sig).toBe('rejected');
      expect(r.rejection?.code).toBe('interlock');
    }
    expect(reason(action(st, CANDIDATE, 'act.restart_semi'))).toMatch(/padlock\(s\) still applied by cand1/);
    expect(reason(action(st, CANDIDATE, 'act.unlock'))).toMatch(/tools are removed/);
    g.unlock();
    expect(value(st, 'imm.heaters_on')).toBe(true);
    expect(value(st, 'imm.pump_on')).toBe(true);
    expect(value(st, 'safety.loto.locks')).toBe(0);
    expect(write(st, OPCUA_TECH, 'imm.pump_on', true).status).toBe('accepted');
    void c;
  });

  it('one padlock per person: a padlock comes off only by its owner; restart waits for the last one', () => {
    const { g, st } = stopped();
    g.lockout(['electric']);
    expect(reason(action(st, CANDIDATE, 'act.lock'))).toMatch(/already have a padlock/);
    ok(st, TECH2, 'act.lock', { padlock: 'PL-tech2' });
    ok(st, TECH2, 'act.tag', { name: 'tech2', reason: 'second person', date: 'today' });
    expect(value(st, 'safety.loto.locks')).toBe(2);
    g.unlock();
    expect(value(st, 'safety.loto.locks')).toBe(1);
    // the energies stay isolated while tech2's padlock is on
    expect(value(st, 'imm.heaters_on')).toBe(false);
    expect(reason(action(st, CANDIDATE, 'act.unlock'))).toMatch(
      /only the person who applied a padlock removes it \(applied by tech2\)/,
    );
    expect(reason(action(st, CANDIDATE, 'act.restart_semi'))).toMatch(/still applied by tech2/);
    expect(write(st, OPCUA_TECH, 'imm.mode', 1).status).toBe('rejected');
    ok(st, TECH2, 'act.unlock');
    expect(value(st, 'imm.heaters_on')).toBe(true);
  });

  it('the rear guard opens only under the person’s own lockout; guards refitted close them', () => {
    const { g, st } = stopped();
    expect(reason(action(st, CANDIDATE, 'act.guard_open', { guard: 'rear' }))).toMatch(/under lockout/);
    g.lockout(['electric', 'hydraulic']);
    ok(st, CANDIDATE, 'act.guard_open', { guard: 'rear' });
    expect(value(st, 'imm.safety.rear_guard_closed')).toBe(false);
    g.unlock();
    expect(value(st, 'imm.safety.rear_guard_closed')).toBe(true);
  });

  it('an emergency stop halts the machine; restart waits for its reset, refused with a guard open', () => {
    const c = faultCell();
    shots(c.st, 2);
    const st = c.st;
    ok(st, CANDIDATE, 'act.estop');
    run(st, 1);
    expect(c.safety.b.state).toBe('STOPPED');
    expect(reason(action(st, CANDIDATE, 'act.restart_semi'))).toMatch(/emergency stop active/);
    ok(st, CANDIDATE, 'act.guard_open', { guard: 'front' });
    expect(reason(action(st, CANDIDATE, 'act.estop_reset'))).toMatch(/close the guards/);
    ok(st, CANDIDATE, 'act.guard_close');
    expect(ok(st, CANDIDATE, 'act.estop_reset')).toMatchObject({ mode: 'MANUAL' });
    run(st, 1);
    expect(c.safety.b.state).not.toBe('STOPPED');
  });
});
