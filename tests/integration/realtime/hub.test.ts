/**
 * The per-station fan-out and the bounded client queue (DESIGN.md principle 8), driven tick by tick on a
 * real station with a test sink whose writability the test controls: a slow client gets one merged frame
 * with the latest values and every event in order; past the event cap it gets a fresh snapshot instead
 * (a forced resync); a candidate's frames only index candidate-visible signals.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Actor } from '../../../simulator/kernel/command-types.ts';
import { type ClientSink, StationHub } from '../../../simulator/server/realtime/hub.ts';
import { hmiServices } from '../../../simulator/server/realtime/services.ts';
import type { DeltaFrame, SnapshotFrame } from '../../../simulator/server/realtime/wire.ts';
import { Lab } from '../../../simulator/session/lab.ts';
import { hmiModels } from '../../helpers/hmi-models.ts';
import { tempDir, testConfig } from '../../helpers/lab.ts';

class TestSink implements ClientSink {
  open = true;
  readonly frames: { name: string; payload: unknown }[] = [];
  emit(name: string, payload: unknown): void {
    this.frames.push({ name, payload });
  }
  writable(): boolean {
    return this.open;
  }
  names(): string[] {
    return this.frames.map((f) => f.name);
  }
}

const candidate: Actor = { user: 'st1', roles: ['operator', 'technician'], channel: 'hmi', station: 'st1' };
const counters = () => ({
  snapshots: 0,
  resyncs: 0,
  forced_resyncs: 0,
  frames: 0,
  merged_frames: 0,
  events_sent: 0,
  events_dropped: 0,
});

describe('StationHub and ClientQueue', () => {
  const tmp = tempDir();
  let lab: Lab;

  beforeEach(() => {
    lab = new Lab({
      config: testConfig(tmp.dir, { lab: { tickMs: 100 } }),
      models: hmiModels,
      journalFile: `j${Date.now()}.sqlite`,
    });
  });
  afterEach(() => lab.stop());

  const setup = (cap = 256) => {
    const st = lab.station('st1')!;
    const c = counters();
    const hub = new StationHub(lab, st, hmiServices(lab), c, cap);
    const sink = new TestSink();
    const client = hub.newClient(sink, 'candidate', candidate, 'st1', 'technician');
    hub.add(client);
    return { st, hub, sink, client, c };
  };

  it('sends one snapshot, then exactly one delta per tick while the client keeps up', () => {
    const { sink } = setup();
    expect(sink.names()).toEqual(['snapshot']);
    for (let i = 0; i < 5; i++) lab.step();
    expect(sink.names().filter((n) => n === 'd')).toHaveLength(5);
    const snap = sink.frames[0]!.payload as SnapshotFrame;
    expect(snap.keys.some((k) => k.key === 'imm.heater_health')).toBe(false);
    for (const f of sink.frames.filter((x) => x.name === 'd')) {
      const d = f.payload as DeltaFrame;
      for (let i = 0; i < d.c.length; i += 3) expect(d.c[i] as number).toBeLessThan(snap.keys.length);
    }
  });

  it('merges the ticks of a slow client into one frame with the latest values and every event in order', async () => {
    const { st, sink, hub, client, c } = setup();
    sink.open = false;
    const h = st.registry.indexOf('tcu1.supply_temp_sp');
    const tr: Actor = { user: 'trainer', roles: ['trainer'], channel: 'trainer' };
    for (const v of [41, 42, 43]) {
      const p = st.submit({
        station: 'st1',
        actor: tr,
        input: { kind: 'write', signal: 'tcu1.supply_temp_sp', value: v },
      });
      lab.step();
      await p;
    }
    for (let i = 0; i < 4; i++) lab.step();
    expect(sink.names()).toEqual(['snapshot']);
    expect(client.queue.pendingEvents).toBe(3); // three logbook entries
    sink.open = true;
    hub.flush(client);
    const after = sink.frames.slice(1);
    expect(after.map((f) => f.name)).toEqual(['logbook', 'logbook', 'logbook', 'd']);
    expect(after.slice(0, 3).map((f) => (f.payload as { new: number }).new)).toEqual([41, 42, 43]);
    const d = after[3]!.payload as DeltaFrame;
    expect(d.n).toBe(7);
    const snap = sink.frames[0]!.payload as SnapshotFrame;
    const idx = snap.keys.findIndex((k) => k.key === 'tcu1.supply_temp_sp');
    const at = d.c.findIndex((x, i) => i % 3 === 0 && x === idx);
    expect(d.c[at + 1]).toBe(st.store.get(h));
    expect(c.merged_frames).toBe(1);
    expect(client.queue.coalesced).toBeGreaterThan(0);
  });

  it('drops the queue past the event cap and resynchronises with a fresh snapshot', async () => {
    const { st, sink, hub, client, c } = setup(2);
    sink.open = false;
    const tr: Actor = { user: 'trainer', roles: ['trainer'], channel: 'trainer' };
    for (const v of [41, 42, 43, 44]) {
      const p = st.submit({
        station: 'st1',
        actor: tr,
        input: { kind: 'write', signal: 'tcu1.supply_temp_sp', value: v },
      });
      lab.step();
      await p;
    }
    expect(client.queue.overflow).toBe(true);
    sink.open = true;
    lab.step();
    const after = sink.frames.slice(1);
    expect(after.map((f) => f.name)).toEqual(['snapshot']);
    expect((after[0]!.payload as SnapshotFrame).resync).toBe(true);
    expect(c.forced_resyncs).toBe(1);
    expect(c.events_dropped).toBeGreaterThan(0);
    // and then it is back to one delta per tick
    lab.step();
    expect(sink.names().at(-1)).toBe('d');
    hub.remove(client);
  });

  it('strips curves, the trainer block and hidden keys from shot records', () => {
    const { sink } = setup();
    for (let i = 0; i < 30; i++) lab.step();
    const shot = sink.frames.find((f) => f.name === 'shot')?.payload as { record: Record<string, unknown> };
    expect(shot.record).toMatchObject({ cycle_time: 2, cavity: { a_gate: { Pmax: expect.any(Number) } } });
    expect(shot.record).not.toHaveProperty('trainer');
    expect(shot.record).not.toHaveProperty('curves.cavity_a_gate');
  });
});
