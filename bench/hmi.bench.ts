/**
 * HMI live-data cost (issue 6; DESIGN.md "Data flow of one tick", principle 8): what the socket.io fan-out
 * adds to a tick for N clients of one station, with each frame JSON-encoded as socket.io does for a
 * per-socket emit, and how big the frames are. Measured on the reference cell (simulator/cell) and on a
 * synthetic station of 1,000 signals all changing every tick. The fan-out is timed directly: two
 * listeners bracket the hub's `change` listener (priorities 99 and 101 around its 100); p50 and p99 over
 * the ticks.
 *
 * Also: a slow client's merged frame (latest value wins over 10 ticks) and the snapshot size.
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCellModels } from '../simulator/cell/cell.ts';
import type { Actor } from '../simulator/kernel/command-types.ts';
import type { BindContext, Model, StepContext } from '../simulator/kernel/model.ts';
import type { SignalDefInput } from '../simulator/kernel/signal-schema.ts';
import { type ClientSink, StationHub } from '../simulator/server/realtime/hub.ts';
import { hmiServices } from '../simulator/server/realtime/services.ts';
import { parseConfig } from '../simulator/session/config.ts';
import { Lab, type ModelFactory } from '../simulator/session/lab.ts';

class Noisy implements Model {
  readonly id = 'synthetic';
  private readonly n: number;
  private h: number[] = [];
  constructor(n: number) {
    this.n = n;
  }
  declare(): SignalDefInput[] {
    return Array.from({ length: this.n }, (_, i) => ({
      id: `s${i}`,
      label: { fr: `Signal ${i}`, en: `Signal ${i}` },
      type: 'float' as const,
      unit: '°C',
      access: { read: ['operator' as const, 'technician' as const, 'trainer' as const] },
      visibility: 'candidate' as const,
      kind: 'measurement' as const,
    }));
  }
  bind(ctx: BindContext): void {
    this.h = Array.from({ length: this.n }, (_, i) => ctx.handle(`synthetic.s${i}`));
  }
  step(ctx: StepContext): void {
    for (let i = 0; i < this.h.length; i++)
      ctx.store.set(this.h[i]!, Math.round((200 + Math.sin(ctx.t + i)) * 10) / 10);
  }
  snapshot(): unknown {
    return {};
  }
  restore(): void {}
}

class EncodingSink implements ClientSink {
  bytes = 0;
  frames = 0;
  open = true;
  emit(_name: string, payload: unknown): void {
    this.bytes += JSON.stringify(payload).length;
    this.frames++;
  }
  writable(): boolean {
    return this.open;
  }
}

const candidate: Actor = { user: 'st1', roles: ['operator', 'technician'], channel: 'hmi', station: 'st1' };

function measure(models: ModelFactory, clients: number, ticks: number) {
  const dir = mkdtempSync(join(tmpdir(), 'plastlab-bench-hmi-'));
  try {
    const lab = new Lab({ config: parseConfig({ lab: { dataDir: dir } }), models });
    const st = lab.station('st1')!;
    for (let i = 0; i < 50; i++) st.step(); // settle
    const counters = {
      snapshots: 0,
      resyncs: 0,
      forced_resyncs: 0,
      frames: 0,
      merged_frames: 0,
      events_sent: 0,
      events_dropped: 0,
    };
    const t0 = performance.now();
    for (let i = 0; i < ticks; i++) st.step();
    const stepUs = ((performance.now() - t0) * 1000) / ticks;
    const hub = new StationHub(lab, st, hmiServices(lab), counters);
    let start = 0;
    const samples: number[] = [];
    st.hooks.on(
      'change',
      () => {
        start = performance.now();
      },
      { priority: 99 },
    );
    st.hooks.on(
      'change',
      () => {
        samples.push((performance.now() - start) * 1000);
      },
      { priority: 101 },
    );
    const sinks = Array.from({ length: clients }, () => new EncodingSink());
    for (const s of sinks) hub.add(hub.newClient(s, 'candidate', candidate, 'st1', 'technician'));
    const snapshotBytes = clients ? sinks[0]!.bytes : 0;
    for (const s of sinks) {
      s.bytes = 0;
      s.frames = 0;
    }
    for (let i = 0; i < ticks; i++) st.step();
    const sorted = samples.slice(ticks / 5).sort((a, b) => a - b); // the first fifth is warm-up
    const pct = (p: number) =>
      Math.round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! * 10) / 10;
    const frames = sinks.reduce((a, s) => a + s.frames, 0);
    const bytes = sinks.reduce((a, s) => a + s.bytes, 0);
    // a slow client: 10 ticks merged into one frame
    const slow = new EncodingSink();
    const c = hub.newClient(slow, 'candidate', candidate, 'st1', 'technician');
    hub.add(c);
    slow.open = false;
    for (let i = 0; i < 10; i++) st.step();
    slow.open = true;
    slow.bytes = 0;
    hub.flush(c);
    const signals = st.registry.candidateSignals().length;
    lab.stop();
    return {
      candidate_signals: signals,
      clients,
      station_step_us: Math.round(stepUs),
      hmi_fanout_us_p50: pct(50),
      hmi_fanout_us_p99: pct(99),
      hmi_fanout_us_per_client_p50: clients ? Math.round((pct(50) / clients) * 10) / 10 : 0,
      frame_bytes_mean: frames ? Math.round(bytes / frames) : 0,
      snapshot_bytes: snapshotBytes,
      merged_frame_bytes_10_ticks: slow.bytes,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function run(): Record<string, unknown> {
  const cell: ModelFactory = () => createCellModels();
  const synth: ModelFactory = () => [new Noisy(1000)];
  const out: Record<string, unknown> = {};
  for (const n of [1, 10, 30, 100]) out[`cell_${n}_clients`] = measure(cell, n, 1000);
  for (const n of [1, 30]) out[`synthetic_1000_signals_${n}_clients`] = measure(synth, n, 500);
  return out;
}
