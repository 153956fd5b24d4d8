/**
 * Modbus TCP benchmark (issue 5; DESIGN.md budgets):
 * - throughput: 10 concurrent clients, each reading 125 holding registers (FC3) in a closed loop, with
 *   the station ticking at 100 ms. The clients run in a worker thread (the server keeps the main one);
 *   goal ≥ 5,000 requests/s. Measured with minimal raw clients (the server's capacity) and with
 *   modbus-serial's client library (what a Node-based client gets);
 * - latency: a hidden model parameter changes at a random instant (like a fault onset); a client polls
 *   every 10 ms; reported are onset → first poll that sees it and publication (the tick) → first poll
 *   that sees it, p50/p99 with a 100 ms tick. Budget: tick + poll + 10 ms.
 */
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { StationHandler } from '../simulator/adapters/modbus/handler.ts';
import { RegisterImage } from '../simulator/adapters/modbus/image.ts';
import { ModbusMap } from '../simulator/adapters/modbus/map.ts';
import { StationServer } from '../simulator/adapters/modbus/server.ts';
import type { BindContext, Model, StepContext } from '../simulator/kernel/model.ts';
import { RealTimePacer } from '../simulator/kernel/pacer.ts';
import type { SignalDefInput } from '../simulator/kernel/signal-schema.ts';
import { Station } from '../simulator/kernel/station.ts';
import { writeResult } from './lib.ts';

const REGISTERS = 125;
const TICK_MS = 100;

/** 125 holding registers that change every tick, and one that follows a hidden parameter. */
class BenchModel implements Model {
  readonly id = 'b';
  target = 0;
  private h0 = 0;
  private hTarget = 0;
  declare(): SignalDefInput[] {
    const regs: SignalDefInput[] = Array.from({ length: REGISTERS }, (_, i) => ({
      id: `r${i}`,
      label: { fr: `r${i}`, en: `r${i}` },
      type: 'int' as const,
      access: { read: ['operator' as const] },
      visibility: 'candidate' as const,
      kind: 'measurement' as const,
      channels: { modbus: { table: 'holding' as const, address: i, encoding: 'uint16' as const } },
    }));
    regs.push({
      id: 'target',
      label: { fr: 'cible', en: 'target' },
      type: 'int',
      access: { read: ['operator'] },
      visibility: 'candidate',
      kind: 'measurement',
      channels: { modbus: { table: 'input', address: 0, encoding: 'uint16' } },
    });
    return regs;
  }
  bind(ctx: BindContext): void {
    this.h0 = ctx.handle('b.r0');
    this.hTarget = ctx.handle('b.target');
  }
  step(ctx: StepContext): void {
    for (let i = 0; i < REGISTERS; i++) ctx.store.set(this.h0 + i, (ctx.tick + i) & 0xffff);
    ctx.store.set(this.hTarget, this.target);
  }
  snapshot() {
    return {};
  }
  restore() {}
}

const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]! * 100) / 100;
};

/** Load generator, run in a worker thread: `clients` closed-loop FC3 readers for `durationMs`. */
const LOAD = `
const { parentPort, workerData } = require('node:worker_threads');
const net = require('node:net');
const { port, clients, durationMs, quantity } = workerData;
const expected = 9 + 2 * quantity;
let total = 0, errors = 0;
const lat = [];
let stop = false;
const runs = [];
for (let k = 0; k < clients; k++) {
  runs.push(new Promise((resolve) => {
    const s = net.connect({ port, host: '127.0.0.1' });
    s.setNoDelay(true);
    let tid = 0, t0 = 0, buf = Buffer.alloc(0);
    const req = Buffer.from([0, 0, 0, 0, 0, 6, 1, 3, 0, 0, quantity >> 8, quantity & 0xff]);
    const send = () => { tid = (tid + 1) & 0xffff; req.writeUInt16BE(tid, 0); t0 = performance.now(); s.write(req); };
    s.on('connect', send);
    s.on('data', (d) => {
      buf = buf.length ? Buffer.concat([buf, d]) : d;
      while (buf.length >= 9 && buf.length >= 6 + buf.readUInt16BE(4)) {
        const n = 6 + buf.readUInt16BE(4);
        if (n !== expected || buf[7] !== 3 || buf.readUInt16BE(0) !== tid) errors++;
        buf = buf.subarray(n);
        total++;
        if (lat.length < 200000) lat.push(performance.now() - t0);
        if (stop) { s.end(); return; }
        send();
      }
    });
    s.on('close', resolve);
    s.on('error', () => { errors++; resolve(); });
  }));
}
const start = performance.now();
setTimeout(() => { stop = true; }, durationMs);
Promise.all(runs).then(() => parentPort.postMessage({ total, errors, seconds: (performance.now() - start) / 1000, lat }));
`;

/** The same load with modbus-serial's client (a third-party client library, promise API). */
const LOAD_MODBUS_SERIAL = `
const { parentPort, workerData } = require('node:worker_threads');
const ModbusRTU = require('modbus-serial');
const { port, clients, durationMs, quantity } = workerData;
let total = 0, errors = 0, stop = false;
const lat = [];
const start = performance.now();
setTimeout(() => { stop = true; }, durationMs);
Promise.all(Array.from({ length: clients }, async () => {
  const c = new ModbusRTU();
  await c.connectTCP('127.0.0.1', { port });
  c.setID(1);
  c.setTimeout(2000);
  while (!stop) {
    const t0 = performance.now();
    try {
      const r = await c.readHoldingRegisters(0, quantity);
      if (r.data.length !== quantity) errors++;
      total++;
      if (lat.length < 200000) lat.push(performance.now() - t0);
    } catch { errors++; }
  }
  await new Promise((r) => c.close(r));
})).then(() => parentPort.postMessage({ total, errors, seconds: (performance.now() - start) / 1000, lat }));
`;

async function throughput(port: number, clients: number, durationMs: number, load = LOAD) {
  const w = new Worker(load, { eval: true, workerData: { port, clients, durationMs, quantity: REGISTERS } });
  const r = (await new Promise((resolve, reject) => {
    w.once('message', resolve);
    w.once('error', reject);
  })) as { total: number; errors: number; seconds: number; lat: number[] };
  await w.terminate();
  return {
    clients,
    registers_per_request: REGISTERS,
    seconds: Math.round(r.seconds * 100) / 100,
    requests: r.total,
    requests_per_s: Math.round(r.total / r.seconds),
    errors: r.errors,
    request_latency_ms: { p50: pct(r.lat, 50), p99: pct(r.lat, 99) },
  };
}

/** Changes of the hidden parameter at random instants, seen by a 10 ms poller. */
async function latency(port: number, model: BenchModel, station: Station, samples: number, pollMs: number) {
  const { connect } = await import('node:net');
  const sock = connect({ port, host: '127.0.0.1' });
  sock.setNoDelay(true);
  await new Promise((r) => sock.once('connect', r));
  const onset = new Map<number, number>();
  const published = new Map<number, number>();
  const fromOnset: number[] = [];
  const fromTick: number[] = [];
  let value = -1;
  const hTarget = station.registry.indexOf('b.target');
  const off = station.hooks.on('change', (b) => {
    for (let i = 0; i < b.count; i++) {
      if (b.indices[i] === hTarget) published.set(station.store.get(hTarget), performance.now());
    }
  });
  let buf = Buffer.alloc(0);
  let waiting: ((v: number) => void) | null = null;
  sock.on('data', (d: Buffer) => {
    buf = Buffer.concat([buf, d]);
    while (buf.length >= 11) {
      const v = buf.readUInt16BE(9);
      buf = buf.subarray(11);
      waiting?.(v);
    }
  });
  const poll = () =>
    new Promise<number>((resolve) => {
      waiting = resolve;
      sock.write(Buffer.from([0, 1, 0, 0, 0, 6, 1, 4, 0, 0, 0, 1]));
    });
  let next = 1;
  let armedAt = performance.now() + 20 + Math.random() * 150;
  while (fromOnset.length < samples) {
    const now = performance.now();
    if (now >= armedAt && !onset.has(next)) {
      model.target = next;
      onset.set(next, performance.now());
    }
    const t0 = performance.now();
    value = await poll();
    const seen = performance.now();
    if (value === next && onset.has(next)) {
      fromOnset.push(seen - onset.get(next)!);
      fromTick.push(seen - (published.get(next) ?? seen));
      next++;
      armedAt = seen + 20 + Math.random() * 150;
    }
    const wait = pollMs - (performance.now() - t0);
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  }
  off();
  sock.destroy();
  return {
    samples,
    tick_ms: TICK_MS,
    poll_ms: pollMs,
    onset_to_first_poll_ms: { p50: pct(fromOnset, 50), p99: pct(fromOnset, 99), max: pct(fromOnset, 100) },
    tick_to_first_poll_ms: { p50: pct(fromTick, 50), p99: pct(fromTick, 99), max: pct(fromTick, 100) },
    budget_ms: TICK_MS + pollMs + 10,
  };
}

export async function run(): Promise<Record<string, unknown>> {
  const model = new BenchModel();
  const station = new Station({ id: 'st1', seed: 1, tickMs: TICK_MS, models: [model] });
  const map = new ModbusMap(station.registry.signals);
  const image = new RegisterImage(map);
  const detach = image.attach(station);
  const handler = new StationHandler(station, image, { writesEnabled: true });
  const server = new StationServer(handler, {
    host: '127.0.0.1',
    port: 0,
    maxConnections: 64,
    idleTimeoutMs: 0,
    allowList: null,
  });
  const port = await server.listen();
  const pacer = new RealTimePacer({ tickMs: TICK_MS, step: () => station.step() });
  pacer.start();
  try {
    await throughput(port, 10, 500); // warm-up
    const tp = await throughput(port, 10, 5000);
    const one = await throughput(port, 1, 2000);
    const library = await throughput(port, 10, 3000, LOAD_MODBUS_SERIAL);
    const lat = await latency(port, model, station, 150, 10);
    return {
      goal: { requests_per_s: 5000, latency_p99_ms: `tick + poll + 10 = ${TICK_MS + 10 + 10}` },
      throughput_10_clients: tp,
      throughput_1_client: one,
      throughput_10_modbus_serial_clients: library,
      meets_throughput_goal: tp.requests_per_s >= 5000,
      latency: lat,
      meets_latency_budget: lat.onset_to_first_poll_ms.p99 <= lat.budget_ms,
      tick: { ...pacer.stats.summary(), overruns_note: 'pacer statistics during the whole run' },
      exceptions: handler.counters.exceptions,
    };
  } finally {
    pacer.stop();
    detach();
    await server.close();
  }
}

if (import.meta.main) {
  const file = writeResult('modbus', await run());
  console.log(`modbus benchmark written to ${file}`);
}
