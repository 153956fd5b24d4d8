/**
 * The historian on real stations in virtual time (no HTTP): retention of raw values and aggregates,
 * shots kept for the session, drops counted when the bounded queue overflows, strings not stored.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Historian } from '../../../simulator/adapters/historian/historian.ts';
import { Station } from '../../../simulator/kernel/station.ts';
import { type LabConfigInput, parseConfig } from '../../../simulator/session/config.ts';
import { Press } from '../../helpers/historian-lab.ts';
import { tempDir } from '../../helpers/lab.ts';

const EPOCH = Date.UTC(2026, 0, 5, 8);

describe('Historian', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  const make = (historian: LabConfigInput['historian'], extra = 0) => {
    const tmp = tempDir('plastlab-hist-unit-');
    const st = new Station({ id: 'st1', seed: 1, models: [new Press({ extra, shotEvery: 50 })] });
    const h = new Historian({
      stations: new Map([['st1', st]]),
      epochMs: EPOCH,
      dataDir: tmp.dir,
      config: parseConfig({ historian }).historian,
      tickMs: 100,
      timers: false,
    });
    h.start();
    cleanups.push(tmp.cleanup, () => h.stop());
    return { st, h, sid: (k: string) => h.seriesOf('st1', k)! };
  };

  it('keeps raw values for the configured window and aggregates longer; shots for the whole session', () => {
    // raw: 36 s; 1 s aggregates: 72 s; 10 s and 1 min: defaults (days)
    const { st, h, sid } = make({ rawRetentionHours: 0.01, aggRetentionHours: { '1s': 0.02 } });
    st.runTicks(3000); // 5 minutes
    h.applyRetention();
    const store = h.store!;
    const now = st.clock.now;
    const p = sid('press.pressure');
    const raw = store.raw(p, 0, now, 100_000);
    expect(raw[0]!.t).toBeGreaterThanOrEqual(now - 36_000);
    expect(raw.length).toBeGreaterThan(300);
    const s1 = store.agg(0, p, 0, now, 100_000);
    expect(s1[0]!.t).toBeGreaterThanOrEqual(now - 72_000);
    expect(store.agg(1, p, 0, now, 100_000)[0]!.t).toBe(0);
    expect(store.agg(2, p, 0, now, 100_000).map((r) => r.t)).toEqual([0, 60_000, 120_000, 180_000, 240_000]);
    expect(h.shots({ station: 'st1', limit: 1000 })).toHaveLength(60);
    expect(h.counters.retention_deleted).toBeGreaterThan(0);
    // a raw query older than the window finds nothing; auto falls back to a level that still has data
    expect(
      h.query({
        station: 'st1',
        signals: ['press.pressure'],
        from: EPOCH + 10_000,
        to: EPOCH + 20_000,
        aggregation: 'raw',
      }).t,
    ).toEqual([]);
    const auto = h.query({
      station: 'st1',
      signals: ['press.pressure'],
      from: EPOCH + 10_000,
      to: EPOCH + 20_000,
      aggregation: 'auto',
    });
    expect(auto.aggregation).toBe('10s');
    expect(auto.t).toEqual([EPOCH + 10_000, EPOCH + 20_000]);
  });

  it('counts drops when the bounded queue overflows, never blocking the tick, and keeps the latest', () => {
    const { st, h, sid } = make({ queueMax: 1000 }, 20);
    st.runTicks(200); // ~25 changing signals × 200 ticks, no flush in between
    const health = h.health().embedded as Record<string, number>;
    expect(health.queued).toBe(1000);
    expect(health.dropped).toBe(health.pushed - 1000);
    expect(health.dropped).toBeGreaterThan(3000);
    h.flush();
    const rows = h.store!.raw(sid('press.x0'), 0, st.clock.now, 1000);
    expect(rows.at(-1)!.t).toBe(st.clock.now);
    expect(rows[0]!.t).toBeGreaterThan(0);
    expect((h.health().embedded as Record<string, number>).raw_written).toBe(1000);
  });

  it('stores numeric, boolean and enum signals with their quality, not strings', () => {
    const { st, h } = make({});
    st.runTicks(10);
    h.flush();
    expect(h.seriesOf('st1', 'press.label')).toBeUndefined();
    for (const k of ['press.pressure', 'press.running', 'press.mode', 'press.counter', 'press.secret']) {
      expect(h.seriesOf('st1', k), k).toBeDefined();
    }
    const r = h.query({
      station: 'st1',
      signals: ['press.mode', 'press.running'],
      from: EPOCH,
      to: EPOCH + 1000,
      aggregation: 'raw',
    });
    // the initial values are collected at the first tick
    expect(r.t[0]).toBe(EPOCH + 100);
    expect(r.values[0]![0]).toBe(1);
    expect(r.values[1]![0]).toBe(1);
    expect(() =>
      h.query({
        station: 'st1',
        signals: ['press.label'],
        from: EPOCH,
        to: EPOCH + 1000,
        aggregation: 'raw',
      }),
    ).toThrow('"press.label" is a string signal; only numeric, boolean and enum signals are trended');
  });
});
