import { describe, expect, it } from 'vitest';
import type { CommandRecord, CommandSink } from '../../../simulator/kernel/command-types.ts';
import { Station } from '../../../simulator/kernel/station.ts';
import { candidate, operatorOnly, trainer } from '../../helpers/actors.ts';
import { ToyHeater } from '../../helpers/toy-model.ts';

class MemorySink implements CommandSink {
  records: CommandRecord[] = [];
  record(rs: readonly CommandRecord[]): void {
    this.records.push(...rs);
  }
}

const make = () => {
  const sink = new MemorySink();
  const st = new Station({ id: 'st1', seed: 1, models: [new ToyHeater()], sink });
  return { st, sink, sp: st.store.handle('heater.temp_sp') };
};

const write = (st: Station, value: unknown, actor = candidate(), signal = 'heater.temp_sp') =>
  st.submit({ station: 'st1', actor, input: { kind: 'write', signal, value } });

describe('command API: rejections name the signal and the limit, and apply nothing', () => {
  const cases: [string, unknown, RegExp, string][] = [
    ['NaN', Number.NaN, /heater\.temp_sp: NaN is not a finite number/, 'not_finite'],
    ['+Infinity', Number.POSITIVE_INFINITY, /Infinity is not a finite number/, 'not_finite'],
    ['-Infinity', Number.NEGATIVE_INFINITY, /-Infinity is not a finite number/, 'not_finite'],
    ['above range', 350, /350 °C is above the maximum 300 °C/, 'out_of_range'],
    ['below range', -5, /-5 °C is below the minimum 0 °C/, 'out_of_range'],
    ['wrong type', '210', /expected a number, got string/, 'type_mismatch'],
    ['null', null, /expected a number, got null/, 'type_mismatch'],
  ];
  for (const [name, value, msg, code] of cases) {
    it(`refuses ${name}`, async () => {
      const { st, sink, sp } = make();
      const rec = await write(st, value);
      expect(rec.status).toBe('rejected');
      expect(rec.rejection?.code).toBe(code);
      expect(rec.rejection?.message).toMatch(msg);
      st.step();
      expect(st.store.get(sp)).toBe(200);
      expect(sink.records.map((r) => r.status)).toEqual(['rejected']); // the attempt is journaled
    });
  }

  it('refuses an unknown signal', async () => {
    const { st } = make();
    const rec = await write(st, 1, candidate(), 'heater.nope');
    expect(rec.rejection).toMatchObject({ code: 'unknown_signal', message: 'heater.nope: unknown signal' });
  });

  it('refuses a read-only signal', async () => {
    const { st } = make();
    const rec = await write(st, 1, candidate(), 'heater.temp_pv');
    expect(rec.rejection?.code).toBe('not_writable');
  });

  it('refuses a role without write access, naming the required role', async () => {
    const { st, sp } = make();
    const rec = await write(st, 210, operatorOnly());
    expect(rec.rejection?.code).toBe('forbidden');
    expect(rec.rejection?.message).toContain('requires technician or trainer');
    st.step();
    expect(st.store.get(sp)).toBe(200);
  });

  it('refuses another station, whatever the payload says', async () => {
    const { st, sp } = make();
    const rec = await write(st, 210, candidate('st2'));
    expect(rec.rejection?.code).toBe('other_station');
    st.step();
    expect(st.store.get(sp)).toBe(200);
  });

  it('hides trainer-only signals from candidates: they look unknown', async () => {
    const { st } = make();
    const rec = await write(st, 1, candidate(), 'heater.temp_true');
    expect(rec.rejection?.code).toBe('unknown_signal');
  });
});

describe('command API: accepted commands', () => {
  it('apply at the next tick boundary, are journaled before the ack, and keep the old value', async () => {
    const { st, sink, sp } = make();
    let acked: CommandRecord | undefined;
    const p = write(st, 210).then((r) => {
      acked = r;
      return r;
    });
    await Promise.resolve();
    expect(st.store.get(sp)).toBe(200); // not yet: waits for the boundary
    expect(acked).toBeUndefined();
    st.step();
    const rec = await p;
    expect(rec).toMatchObject({ status: 'accepted', previous: 200, applied: 210, tick: 0 });
    expect(rec.actor.user).toBe('candidate-st1');
    expect(sink.records).toHaveLength(1);
    expect(st.store.get(sp)).toBe(210);
  });

  it('runs interlocks at the boundary and refuses with their reason', async () => {
    const { st, sp } = make();
    st.addInterlock('heater.temp_sp', (_s, v) =>
      Number(v) > 250 ? 'above 250 °C needs the guard closed' : null,
    );
    const p = write(st, 260);
    st.step();
    const rec = await p;
    expect(rec.rejection).toMatchObject({
      code: 'interlock',
      message: 'heater.temp_sp: above 250 °C needs the guard closed',
    });
    expect(st.store.get(sp)).toBe(200);
  });

  it('checks action arguments and preconditions', async () => {
    const { st } = make();
    const bad = await st.submit({
      station: 'st1',
      actor: candidate(),
      input: { kind: 'action', action: 'heater.reset', args: { to: 500 } },
    });
    expect(bad.rejection?.code).toBe('invalid_args');
    expect(bad.rejection?.message).toContain('args.to');
    const p = st.submit({
      station: 'st1',
      actor: candidate(),
      input: { kind: 'action', action: 'heater.reset', args: { to: 50 } },
    });
    st.step();
    expect((await p).rejection).toMatchObject({
      code: 'precondition',
      message: 'heater.reset: stop the heater first',
    });
    const stop = st.submit({
      station: 'st1',
      actor: candidate(),
      input: { kind: 'write', signal: 'heater.running', value: false },
    });
    st.step();
    expect((await stop).status).toBe('accepted');
    const ok = st.submit({
      station: 'st1',
      actor: candidate(),
      input: { kind: 'action', action: 'heater.reset', args: { to: 50 } },
    });
    st.step();
    expect((await ok).result).toEqual({ temp: 50 });
  });

  it('lets a trainer write trainer-only data the candidate cannot see', async () => {
    const { st } = make();
    const rec = await st.submit({
      station: 'st1',
      actor: trainer,
      input: { kind: 'write', signal: 'heater.temp_true', value: 1 },
    });
    // trainer-only signals are visible to the trainer but still read-only
    expect(rec.rejection?.code).toBe('not_writable');
  });

  it('bounds the queue', async () => {
    const sink = new MemorySink();
    const st = new Station({ id: 'st1', seed: 1, models: [new ToyHeater()], sink, maxPending: 3 });
    const ps = [1, 2, 3, 4].map((v) => write(st, v));
    const fourth = await ps[3]!;
    expect(fourth.rejection?.code).toBe('unavailable');
    st.step();
    expect((await Promise.all(ps.slice(0, 3))).every((r) => r.status === 'accepted')).toBe(true);
  });
});

describe('command API: grouped writes are all or nothing', () => {
  const both = (st: Station, a: unknown, b: unknown) =>
    st.submitAll([
      { station: 'st1', actor: candidate(), input: { kind: 'write', signal: 'heater.temp_sp', value: a } },
      { station: 'st1', actor: candidate(), input: { kind: 'write', signal: 'heater.running', value: b } },
    ]);

  it('applies every write of a valid group at the same boundary', async () => {
    const { st, sp, sink } = make();
    const p = both(st, 150, false);
    st.step();
    const recs = await p;
    expect(recs.map((r) => r.status)).toEqual(['accepted', 'accepted']);
    expect(st.store.get(sp)).toBe(150);
    expect(st.store.getBool(st.store.handle('heater.running'))).toBe(false);
    expect(sink.records).toHaveLength(2);
  });

  it('refuses the whole group when one value is out of range, and applies nothing', async () => {
    const { st, sp } = make();
    const recs = await both(st, 999, false);
    expect(recs[0]!.rejection?.message).toContain('above the maximum 300');
    expect(recs[1]!.rejection?.message).toMatch(/^refused with the rest of the group: heater\.temp_sp: 999/);
    st.step();
    expect(st.store.get(sp)).toBe(200);
    expect(st.store.getBool(st.store.handle('heater.running'))).toBe(true);
  });

  it('refuses the whole group when an interlock refuses one at the boundary', async () => {
    const { st, sp } = make();
    st.addInterlock('heater.running', () => 'guard open');
    const p = both(st, 150, false);
    st.step();
    const recs = await p;
    expect(recs.every((r) => r.status === 'rejected')).toBe(true);
    expect(st.store.get(sp)).toBe(200);
  });
});
