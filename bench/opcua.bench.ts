/**
 * OPC UA benchmark (issue 5; DESIGN.md budgets): value changes/s delivered to 10 subscribed clients
 * with no loss, signal change → client notification latency (budget: tick + publishing interval +
 * 20 ms), start-up time of one station's endpoint, restart time after a kill, worker memory.
 *
 * Everything runs on this machine: the simulation and the 10 clients in this process, the station's
 * node-opcua server in its worker process, all on loopback.
 */
import { readFileSync } from 'node:fs';
import {
  AttributeIds,
  ClientMonitoredItemGroup,
  ClientSubscription,
  type DataValue,
  TimestampsToReturn,
} from 'node-opcua';
import type { BindContext, Model, StepContext } from '../simulator/kernel/model.ts';
import type { SignalDefInput } from '../simulator/kernel/signal-schema.ts';
import { startLab } from '../simulator/server/start.ts';
import { tempDir, testConfig } from '../tests/helpers/lab.ts';
import { mustResolve, until } from '../tests/helpers/opcua-client.ts';
import {
  type Connected,
  connect,
  EUROMAP_NODESETS,
  freePorts,
  type OpcuaLab,
  startOpcuaLab,
} from '../tests/helpers/opcua-lab.ts';

const TICK_MS = 100;
const CLIENTS = 10;

/** `n` measurements that all change every tick (value = tick number), plus a latency probe. */
class BenchCell implements Model {
  readonly id = 'bench';
  private readonly n: number;
  private h: number[] = [];
  private probe = 0;
  /** tick → wall time (performance.now) at which the probe was written */
  readonly sentAt = new Map<number, number>();

  constructor(n: number) {
    this.n = n;
  }

  declare(): SignalDefInput[] {
    const sig = (id: string, path: string): SignalDefInput => ({
      id,
      label: { fr: id, en: id },
      type: 'float',
      unit: '°C',
      range: { min: 0, max: 1e9 },
      access: { read: ['operator', 'technician', 'trainer'] },
      visibility: 'candidate',
      kind: 'measurement',
      channels: { opcua: { browsePath: path } },
    });
    return [
      ...Array.from({ length: this.n }, (_, i) => sig(`s${i}`, `DeviceSet/Bench_1/Signals/S${i}`)),
      sig('probe', 'DeviceSet/Bench_1/Probe'),
    ];
  }

  bind(ctx: BindContext): void {
    this.h = Array.from({ length: this.n }, (_, i) => ctx.handle(`bench.s${i}`));
    this.probe = ctx.handle('bench.probe');
  }

  step(ctx: StepContext): void {
    for (const h of this.h) ctx.store.set(h, ctx.tick);
    ctx.store.set(this.probe, ctx.tick);
    this.sentAt.set(ctx.tick, performance.now());
  }

  snapshot(): unknown {
    return {};
  }

  restore(): void {}
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? Math.round(s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]! * 10) / 10 : null;
};

async function subscribeAll(
  c: Connected,
  paths: string[],
  publishingMs: number,
  onValue: (i: number, dv: DataValue) => void,
) {
  const sub = ClientSubscription.create(c.session, {
    requestedPublishingInterval: publishingMs,
    requestedLifetimeCount: 600,
    requestedMaxKeepAliveCount: 20,
    maxNotificationsPerPublish: 0,
    publishingEnabled: true,
  });
  const ids = await Promise.all(paths.map((p) => mustResolve(c.session, p)));
  const group = ClientMonitoredItemGroup.create(
    sub,
    ids.map((nodeId) => ({ nodeId, attributeId: AttributeIds.Value })),
    { samplingInterval: 0, queueSize: 10, discardOldest: false },
    TimestampsToReturn.Both,
  );
  const index = new Map(group.monitoredItems.map((m, i) => [m, i]));
  group.on('changed', (item, dv) => onValue(index.get(item) ?? -1, dv));
  await new Promise((r) => setTimeout(r, 500));
  return sub;
}

/** Throughput at `n` signals × 10 clients: delivered changes/s and lost changes. */
async function throughput(n: number, seconds: number) {
  const cell = new BenchCell(n);
  const L = await startOpcuaLab({ stations: 1, models: () => [cell], tickMs: TICK_MS });
  try {
    const clients = await Promise.all(
      Array.from({ length: CLIENTS }, () =>
        connect(L.url('st1'), { user: 'st1', password: L.password('st1') }),
      ),
    );
    const paths = Array.from({ length: n }, (_, i) => `DeviceSet/Bench_1/Signals/S${i}`);
    let counting = false;
    let received = 0;
    let lost = 0;
    const last = clients.map(() => new Float64Array(n).fill(-1));
    const subs = await Promise.all(
      clients.map((c, k) =>
        subscribeAll(c, paths, TICK_MS, (i, dv) => {
          const v = dv.value.value as number;
          const prev = last[k]![i]!;
          if (counting && prev >= 0 && v > prev + 1) lost += v - prev - 1;
          last[k]![i] = v;
          if (counting) received++;
        }),
      ),
    );
    await new Promise((r) => setTimeout(r, 1500));
    const t0 = performance.now();
    const tick0 = L.lab.station('st1')!.clock.tick;
    counting = true;
    await new Promise((r) => setTimeout(r, seconds * 1000));
    counting = false;
    const elapsed = (performance.now() - t0) / 1000;
    const ticks = L.lab.station('st1')!.clock.tick - tick0;
    for (const s of subs) await s.terminate();
    for (const c of clients) await c.close();
    const health = L.lab.healthReport('bench').queues as Record<
      string,
      Record<string, Record<string, number>>
    >;
    return {
      signals: n,
      clients: CLIENTS,
      produced_changes_per_s: Math.round((n * ticks) / elapsed),
      delivered_per_s: Math.round(received / elapsed),
      expected_per_s: Math.round((n * ticks * CLIENTS) / elapsed),
      lost,
      coalesced_in_main: health.opcua?.st1?.coalesced ?? null,
      tick_p99_ms: (L.lab.pacer.stats.summary() as { p99_ms: number }).p99_ms,
    };
  } finally {
    await L.close();
  }
}

/** Latency of the probe signal: store write in the tick → client notification. */
async function latency(publishingMs: number, seconds: number) {
  const cell = new BenchCell(10);
  const L = await startOpcuaLab({ stations: 1, models: () => [cell], tickMs: TICK_MS });
  try {
    const c = await connect(L.url('st1'), { user: 'st1', password: L.password('st1') });
    const samples: number[] = [];
    let on = false;
    const sub = await subscribeAll(c, ['DeviceSet/Bench_1/Probe'], publishingMs, (_i, dv) => {
      const sent = cell.sentAt.get(dv.value.value as number);
      if (on && sent !== undefined) samples.push(performance.now() - sent);
    });
    await new Promise((r) => setTimeout(r, 1000));
    on = true;
    await new Promise((r) => setTimeout(r, seconds * 1000));
    on = false;
    await sub.terminate();
    await c.close();
    return {
      publishing_interval_ms: publishingMs,
      tick_ms: TICK_MS,
      samples: samples.length,
      p50_ms: pct(samples, 50),
      p99_ms: pct(samples, 99),
      max_ms: pct(samples, 100),
      budget_ms: publishingMs + 20,
      note: 'from the store write inside the tick; the tick itself is the onset granularity (budget tick + publishing + 20 ms)',
    };
  } finally {
    await L.close();
  }
}

/** Start-up of one station's endpoint (fork → ready), restart after SIGKILL, worker RSS. */
async function lifecycle(nodesets: boolean) {
  const t0 = performance.now();
  const L: OpcuaLab = await startOpcuaLab({ stations: 1, nodesets, models: () => [new BenchCell(100)] });
  const startMs = Math.round(performance.now() - t0);
  try {
    const sup = L.service.supervisors.get('st1')!;
    const rss = () => {
      try {
        const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${sup.pid}/status`, 'utf8'));
        return m ? Math.round(Number(m[1]) / 1024) : null;
      } catch {
        return null;
      }
    };
    const rssMb = rss();
    const restarts: number[] = [];
    for (let k = 0; k < 3; k++) {
      await new Promise((r) => setTimeout(r, 500));
      const starts = sup.stats.starts;
      const k0 = performance.now();
      sup.kill('SIGKILL');
      await until(() => sup.state === 'ready' && sup.stats.starts > starts, 15_000, 10);
      restarts.push(Math.round(performance.now() - k0));
    }
    return {
      mode: nodesets ? 'nodesets' : 'builtin',
      start_ms: startMs,
      last_restart_fork_to_ready_ms: sup.stats.last_start_ms,
      restart_after_kill_ms: restarts,
      worker_rss_mb: rssMb,
    };
  } finally {
    await L.close();
  }
}

/** `plastlab start` with one station and every default adapter but MQTT/Modbus: config → ready. */
async function labStart(nodesets: boolean) {
  const tmp = tempDir();
  const basePort = await freePorts(1);
  const t0 = performance.now();
  const running = await startLab(
    testConfig(tmp.dir, {
      opcua: { enabled: true, basePort, ...(nodesets ? { nodesetsDir: EUROMAP_NODESETS } : {}) },
    }),
  );
  const ms = Math.round(performance.now() - t0);
  await running.close();
  tmp.cleanup();
  return { mode: nodesets ? 'nodesets' : 'builtin', stations: 1, ready_ms: ms, goal_ms: 5000 };
}

const progress = (s: string) => process.stderr.write(`opcua bench: ${s}\n`);

export async function run(): Promise<Record<string, unknown>> {
  progress('start-up and restart');
  const starts = [await labStart(false), await labStart(true)];
  const lifecycleResults = [await lifecycle(false), await lifecycle(true)];
  const tp = [];
  for (const n of [100, 200, 300]) {
    progress(`throughput with ${n} signals × ${CLIENTS} clients`);
    tp.push(
      await throughput(n, 6).catch((e: unknown) => ({
        signals: n,
        clients: CLIENTS,
        failed: e instanceof Error ? e.message : String(e),
        lost: -1,
        delivered_per_s: 0,
      })),
    );
  }
  progress('latency');
  const noLoss = tp.filter((t) => t.lost === 0);
  return {
    lab_start: starts,
    lifecycle: lifecycleResults,
    throughput: tp,
    max_delivered_per_s_without_loss: noLoss.length ? Math.max(...noLoss.map((t) => t.delivered_per_s)) : 0,
    latency: [await latency(100, 15), await latency(50, 15)],
  };
}
