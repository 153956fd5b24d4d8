import { describe, expect, it } from 'vitest';
import { Quality } from '../../../simulator/kernel/signal-schema.ts';
import type { ChangeBatch } from '../../../simulator/kernel/signal-store.ts';
import { Station } from '../../../simulator/kernel/station.ts';
import { candidate } from '../../helpers/actors.ts';
import { ToyHeater } from '../../helpers/toy-model.ts';

const run = async (seed: number, commands: [number, number][]) => {
  const st = new Station({ id: 'st1', seed, models: [new ToyHeater('a'), new ToyHeater('b', 10)] });
  const byTick = new Map(commands);
  for (let t = 0; t < 600; t++) {
    const v = byTick.get(t);
    if (v !== undefined)
      void st.submit({
        station: 'st1',
        actor: candidate(),
        input: { kind: 'write', signal: 'a.temp_sp', value: v },
      });
    st.step();
  }
  return st;
};

describe('station determinism', () => {
  it('same seed + same commands = same state hash, bit for bit', async () => {
    const cmds: [number, number][] = [
      [10, 220],
      [300, 180],
    ];
    const h1 = (await run(5, cmds)).stateHash();
    const h2 = (await run(5, cmds)).stateHash();
    expect(h1).toBe(h2);
    expect((await run(6, cmds)).stateHash()).not.toBe(h1);
    expect((await run(5, [[10, 221]])).stateHash()).not.toBe(h1);
  });

  it('resumes from a snapshot to the same state as an uninterrupted run', async () => {
    const a = new Station({ id: 'st1', seed: 3, models: [new ToyHeater()] });
    a.runTicks(100);
    const snap = structuredClone(a.snapshot());
    a.runTicks(100);
    const b = new Station({ id: 'st1', seed: 3, models: [new ToyHeater()] });
    b.restore(snap);
    b.runTicks(100);
    expect(b.stateHash()).toBe(a.stateHash());
  });

  it('replays journaled commands at their ticks to the same state', async () => {
    const live = new Station({ id: 'st1', seed: 3, models: [new ToyHeater()] });
    const recs = [];
    for (let t = 0; t < 200; t++) {
      if (t === 50)
        recs.push(
          live.submit({
            station: 'st1',
            actor: candidate(),
            input: { kind: 'write', signal: 'heater.temp_sp', value: 150 },
          }),
        );
      live.step();
    }
    const [rec] = await Promise.all(recs);
    const replay = new Station({ id: 'st1', seed: 3, models: [new ToyHeater()] });
    replay.scheduleReplay(rec!.tick, { station: 'st1', actor: rec!.actor, input: rec!.input });
    replay.runTicks(200);
    expect(replay.stateHash()).toBe(live.stateHash());
  });
});

describe('change collection', () => {
  it('reports each changed signal once per tick with its source timestamp and quality', () => {
    const st = new Station({ id: 'st1', seed: 1, models: [new ToyHeater()] });
    const batches: number[][] = [];
    st.hooks.on('change', (b: ChangeBatch) => batches.push(Array.from(b.indices)));
    st.step(); // the first batch carries every signal (initial image)
    st.step();
    expect(batches[0]!.length).toBe(st.registry.size);
    const pv = st.store.handle('heater.temp_pv');
    const sp = st.store.handle('heater.temp_sp');
    expect(batches[1]).toContain(pv);
    expect(batches[1]).not.toContain(sp); // an unchanged set point is not re-sent
    expect(st.store.srcTs[pv]).toBe(200);
    expect(st.store.quality[pv]).toBe(Quality.Good);
  });

  it('freezes a stale measurement: old value and source timestamp stay, quality drops', () => {
    const st = new Station({ id: 'st1', seed: 1, models: [new ToyHeater()] });
    const pv = st.store.handle('heater.temp_pv');
    st.runTicks(10);
    const v = st.store.get(pv);
    const ts = st.store.srcTs[pv];
    st.store.freeze(pv, Quality.Uncertain);
    st.runTicks(50);
    expect(st.store.get(pv)).toBe(v);
    expect(st.store.srcTs[pv]).toBe(ts);
    expect(st.store.quality[pv]).toBe(Quality.Uncertain);
    st.store.unfreeze(pv);
    st.step();
    expect(st.store.quality[pv]).toBe(Quality.Good);
    expect(st.store.srcTs[pv]).toBe(st.clock.now);
  });

  it('keeps running when an observer throws, and counts it', () => {
    const st = new Station({ id: 'st1', seed: 1, models: [new ToyHeater()] });
    st.hooks.on(
      'tick',
      () => {
        throw new Error('adapter bug');
      },
      { owner: 'bad-adapter' },
    );
    st.runTicks(5);
    expect(st.clock.tick).toBe(5);
    expect(st.hooks.errors).toBe(5);
    expect(st.hooks.lastError).toMatchObject({ owner: 'bad-adapter', message: 'adapter bug' });
  });

  it('orders hook listeners by priority then registration', () => {
    const st = new Station({ id: 'st1', seed: 1, models: [new ToyHeater()] });
    const order: string[] = [];
    st.hooks.on('tick', () => order.push('b'), { priority: 10 });
    st.hooks.on('tick', () => order.push('a'), { priority: 0 });
    st.hooks.on('tick', () => order.push('c'), { priority: 10 });
    st.step();
    expect(order).toEqual(['a', 'b', 'c']);
  });
});
