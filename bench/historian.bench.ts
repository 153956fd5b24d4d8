/**
 * Historian ingest (issue 10; DESIGN.md budget: ≥ 50,000 points/s each, zero loss).
 * - embedded: stations' `change` hooks → bounded ring → SQLite (raw + 1 s/10 s/1 min aggregates);
 * - influx: the same path plus the InfluxDB writer to a real influxd on loopback (Debian's 1.6.7,
 *   started here with a loopback-only configuration), timed until InfluxDB acknowledged everything;
 *   the points are then counted in InfluxDB.
 * Points/s = points stored ÷ wall time from the first tick to the last acknowledgement.
 */
import { Historian } from '../simulator/adapters/historian/historian.ts';
import { Station } from '../simulator/kernel/station.ts';
import { parseConfig } from '../simulator/session/config.ts';
import { Press } from '../tests/helpers/historian-lab.ts';
import { startInfluxd } from '../tests/helpers/influxd.ts';
import { tempDir } from '../tests/helpers/lab.ts';
import { writeResult } from './lib.ts';

const STATIONS = 4;
const EXTRA = 250; // changing signals per station on top of the press's own
const TICKS = 600; // one minute of simulation at 10 Hz
const CHUNK = 20; // ticks between flushes (2 s of simulation)

function stations(): Map<string, Station> {
  const m = new Map<string, Station>();
  for (let i = 0; i < STATIONS; i++) {
    const id = `st${i + 1}`;
    m.set(id, new Station({ id, seed: 1, models: [new Press({ extra: EXTRA, shotEvery: 100 })] }));
  }
  return m;
}

async function ingest(influxUrl?: string) {
  const tmp = tempDir('plastlab-bench-hist-');
  const sts = stations();
  const h = new Historian({
    stations: sts,
    epochMs: Date.UTC(2026, 0, 5, 8),
    dataDir: tmp.dir,
    config: parseConfig({
      historian: {
        queueMax: 2_000_000,
        ...(influxUrl ? { influx: { url: influxUrl, database: 'bench', bufferPoints: 2_000_000 } } : {}),
      },
    }).historian,
    tickMs: 100,
    timers: false,
  });
  h.start();
  if (influxUrl) await h.influx!.drain(10_000); // connect and create the database first
  const t0 = performance.now();
  let hot = 0;
  for (let done = 0; done < TICKS; done += CHUNK) {
    const a = performance.now();
    for (const st of sts.values()) st.runTicks(CHUNK);
    hot += performance.now() - a;
    h.flush();
    // let the InfluxDB writer's requests progress between chunks, as the event loop would
    await new Promise((r) => setImmediate(r));
  }
  h.flush();
  const tEmbedded = performance.now() - t0;
  let ok = true;
  if (influxUrl) ok = await h.influx!.drain(120_000);
  const tTotal = performance.now() - t0;
  const e = h.health().embedded as Record<string, number>;
  const i = h.health().influx as Record<string, number> | undefined;
  // what InfluxDB must hold: every candidate-visible sample plus one point per shot
  let expected = e.shots_written;
  for (const st of sts.values()) {
    for (const sig of st.registry.candidateSignals()) {
      const sid = h.seriesOf(st.id, sig.key);
      if (sid !== undefined) expected += h.store!.count('raw', sid);
    }
  }
  await h.stop();
  tmp.cleanup();
  return { tEmbedded, tTotal, hot, e, i, ok, expected };
}

export async function run(): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {
    setup: {
      stations: STATIONS,
      changing_signals_per_station: EXTRA + 4,
      ticks: TICKS,
      flush_every_ticks: CHUNK,
    },
  };
  await ingest(); // warm-up
  const emb = await ingest();
  const stored = emb.e.raw_written;
  out.embedded = {
    points: stored,
    pushed: emb.e.pushed,
    dropped: emb.e.dropped,
    aggregates: emb.e.aggregates_written,
    seconds: Math.round(emb.tEmbedded) / 1000,
    points_per_s: Math.round(stored / (emb.tEmbedded / 1000)),
    ticks_incl_model_ns_per_point: Math.round((emb.hot * 1e6) / stored),
    zero_loss: emb.e.dropped === 0 && stored === emb.e.pushed,
  };
  const influxd = await startInfluxd();
  try {
    const r = await ingest(influxd.url);
    const [row] = await influxd.query('bench', 'SELECT count(value) FROM signal');
    const [shots] = await influxd.query('bench', 'SELECT count(cycle_time) FROM shot');
    const counted = Number(row?.count ?? 0) + Number(shots?.count ?? 0);
    out.influx = {
      server: 'influxd 1.6.7 (Debian), loopback',
      points_expected: r.expected,
      points_written: r.i!.written,
      points_counted_in_influxdb: counted,
      seconds: Math.round(r.tTotal) / 1000,
      points_per_s: Math.round(r.i!.written / (r.tTotal / 1000)),
      batch_size: 5000,
      requests: r.i!.requests,
      failures: r.i!.failures,
      dropped: r.i!.dropped,
      rejected: r.i!.rejected,
      zero_loss: r.ok && counted === r.expected && r.i!.written === r.expected,
    };
  } finally {
    await influxd.close();
  }
  return out;
}

if (import.meta.main) {
  const file = writeResult('historian', await run());
  console.log(`historian benchmark written to ${file}`);
}
