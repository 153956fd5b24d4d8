/**
 * InfluxDB outage (issue 10; reliability-security §3.3 and L3): a real influxd on loopback receives a
 * continuous stream from two stations, is killed for 30 s and restarted. Every point reaches InfluxDB
 * (counted per series and spot-checked against the embedded historian), the outage spilled to the disk
 * spool and was replayed, trainer-only signals never left the process, and the simulation and the
 * journal went on untouched meanwhile.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandRecord } from '../../../simulator/kernel/command-types.ts';
import { verifyJournalFile } from '../../../simulator/session/journal-verify.ts';
import { type HistorianLab, startHistorianLab } from '../../helpers/historian-lab.ts';
import { type Influxd, startInfluxd } from '../../helpers/influxd.ts';
import { tempDir } from '../../helpers/lab.ts';

const OUTAGE_MS = 30_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('InfluxDB writer through a 30 s outage', () => {
  const tmp = tempDir('plastlab-hist-influx-');
  let influx: Influxd;
  let h: HistorianLab;

  beforeAll(async () => {
    influx = await startInfluxd();
    h = await startHistorianLab(tmp.dir, {
      stations: 2,
      extra: 20,
      shotEvery: 50,
      config: {
        historian: {
          flushMs: 50,
          influx: {
            url: influx.url,
            database: 'plastlab',
            batchSize: 1000,
            flushMs: 100,
            bufferPoints: 3000,
            retryMs: 200,
          },
        },
      },
    });
  });

  afterAll(async () => {
    await h?.close();
    await influx?.close();
    tmp.cleanup();
  });

  it('loses no point and leaves the simulation and the journal untouched', async () => {
    const writer = h.historian.influx!;
    let steps = 0;
    const acks: Promise<CommandRecord>[] = [];
    let sp = 0;
    // the simulation: 2 ticks every 20 ms, a candidate's set-point write every 10th turn
    const driver = setInterval(() => {
      h.step(2);
      steps += 2;
      if (steps % 20 === 0) {
        sp = (sp + 1) % 100;
        acks.push(
          h.lab.submit({
            station: 'st1',
            actor: { user: 'st1', roles: ['operator', 'technician'], channel: 'rest', station: 'st1' },
            input: { kind: 'write', signal: 'press.setpoint', value: sp },
          }),
        );
      }
    }, 20);

    await sleep(2000);
    expect(writer.counters.written).toBeGreaterThan(0);

    // outage: influxd is killed (a crash), 30 s pass, it comes back on the same data
    await influx.stop('SIGKILL');
    const tickAtKill = h.lab.station('st1')!.clock.tick;
    const acksBefore = acks.length;
    const cyclesBefore = h.lab.journal.read({ types: ['cycle'] }).length;
    await sleep(OUTAGE_MS);
    const during = h.historian.health().influx as Record<string, number>;
    expect(during.connected).toBe(false);
    expect(during.spilled).toBeGreaterThan(10_000);
    expect(during.last_error).toBeTruthy();
    const tickAtRestart = h.lab.station('st1')!.clock.tick;
    const duringAcks = await Promise.all(acks.slice(acksBefore));
    const cyclesDuring = h.lab.journal.read({ types: ['cycle'] }).length - cyclesBefore;
    await influx.restart();

    await sleep(2000);
    clearInterval(driver);
    h.historian.flush();
    expect(await writer.drain(60_000)).toBe(true);

    // the simulation ran every tick the driver asked for, during the outage too
    for (const st of h.lab.stations.values()) {
      expect(st.clock.tick).toBe(steps);
      expect(st.hooks.errors).toBe(0);
    }
    expect(tickAtRestart - tickAtKill).toBeGreaterThan(0);
    // commands were acknowledged and journaled during the outage; cycles were journaled too
    expect(duringAcks.length).toBeGreaterThan(0);
    expect(duringAcks.every((r) => r.status === 'accepted')).toBe(true);
    expect(cyclesDuring).toBe(2 * (Math.floor(tickAtRestart / 50) - Math.floor(tickAtKill / 50)));
    const journaled = h.lab.journal.read({ types: ['command'] });
    for (const r of duringAcks)
      expect(journaled.some((e) => (e.payload as { seq: number }).seq === r.seq)).toBe(true);
    expect(verifyJournalFile(`${tmp.dir}/journal.sqlite`).ok).toBe(true);

    const health = h.historian.health().influx as Record<string, number>;
    expect(health).toMatchObject({ connected: true, buffered: 0, spool_points: 0, dropped: 0, rejected: 0 });
    expect(health.replayed).toBe(health.spilled);
    expect((h.historian.health().embedded as Record<string, number>).dropped).toBe(0);

    // every stored candidate-visible sample of every series is in InfluxDB
    const store = h.historian.store!;
    const counts = await influx.query('plastlab', 'SELECT count(value) FROM signal GROUP BY station, signal');
    const inInflux = new Map(counts.map((r) => [`${r.station}/${r.signal}`, Number(r.count)]));
    let total = 0;
    for (const st of h.lab.stations.values()) {
      for (const sig of st.registry.signals) {
        const sid = h.historian.seriesOf(st.id, sig.key);
        if (sid === undefined) continue;
        const n = store.count('raw', sid);
        if (sig.visibility === 'trainer') {
          expect(inInflux.has(`${st.id}/${sig.key}`), sig.key).toBe(false);
          continue;
        }
        expect(inInflux.get(`${st.id}/${sig.key}`) ?? 0, `${st.id}/${sig.key}`).toBe(n);
        total += n;
      }
    }
    expect(total).toBe(
      health.written -
        (await influx.query('plastlab', 'SELECT count(cycle_time) FROM shot')).reduce(
          (a, r) => a + Number(r.count),
          0,
        ),
    );
    expect(total).toBeGreaterThan(100_000);

    // spot checks: samples taken during the outage have the same value and quality in both stores
    const sid = h.historian.seriesOf('st2', 'press.temp')!;
    const from = tickAtKill * 100 + 5000;
    const rows = store.raw(sid, from, from + 2000, 1000);
    expect(rows.length).toBeGreaterThan(10);
    for (const r of rows.filter((_, i) => i % 5 === 0)) {
      const t = h.lab.startedAt + r.t;
      const [p] = await influx.query(
        'plastlab',
        `SELECT value, quality FROM signal WHERE station = 'st2' AND signal = 'press.temp' AND time = ${t}ms`,
      );
      expect(p).toMatchObject({ time: t, value: r.v, quality: r.q });
    }
    // per-shot records: one point per shot, no trainer block
    const shots = await influx.query('plastlab', "SELECT * FROM shot WHERE station = 'st1'");
    expect(shots).toHaveLength(h.historian.shots({ station: 'st1', limit: 1000 }).length);
    expect(Object.keys(shots[0]!).some((k) => k.includes('true_gap'))).toBe(false);
    expect(shots.at(-1)).toMatchObject({ 'cavity.a.Pmax': expect.any(Number), cushion: 4.5, lot: 'L-001' });
  }, 120_000);
});
