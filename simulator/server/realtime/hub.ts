/**
 * The fan-out of one station to its HMI clients (DESIGN.md "Data flow of one tick", principle 8):
 * models step → the station's `alarm`/`cycleEnd`/`event`/`command` hooks feed this tick's events → the
 * `change` hook sends, to every client, the tick's events then **one** delta frame with the signals that
 * changed and that the client may see.
 *
 * A client whose socket cannot take a frame (engine.io still has packets waiting) gets nothing this tick:
 * its `ClientQueue` merges the changes (latest value wins) and keeps the events (lossless up to a cap);
 * it is flushed as one frame when the socket can take it again. Past the cap the queue is dropped and the
 * client gets a fresh snapshot (forced resync).
 */
import type { Actor } from '../../kernel/command-types.ts';
import type { Station } from '../../kernel/station.ts';
import type { Lab } from '../../session/lab.ts';
import { ClientQueue } from './client-queue.ts';
import { logbookEntry } from './logbook.ts';
import { candidateRecord } from './sanitize.ts';
import { type HmiServices, wireEvent } from './services.ts';
import { StationView, type ViewerClass } from './station-view.ts';
import type { SnapshotFrame, WireAlarm } from './wire.ts';

/** Where a client's frames go: a socket.io socket, or a test double. */
export interface ClientSink {
  emit(name: string, payload: unknown): void;
  /** false while earlier frames are still waiting to be written */
  writable(): boolean;
}

export interface HubClient {
  readonly sink: ClientSink;
  readonly view: StationView;
  readonly actor: Actor;
  readonly user: string;
  readonly level: SnapshotFrame['level'];
  readonly queue: ClientQueue;
  needSnapshot: boolean;
}

export interface HubCounters {
  snapshots: number;
  resyncs: number;
  forced_resyncs: number;
  frames: number;
  merged_frames: number;
  events_sent: number;
  events_dropped: number;
}

interface TickEvent {
  readonly name: string;
  readonly payload: Record<ViewerClass, unknown>;
}

export const wireAlarm = (a: {
  id: number;
  code: string;
  equipment: string;
  severity: WireAlarm['severity'];
  text: { fr: string; en: string };
  active: boolean;
  acked: boolean;
  raisedAt: number;
  clearedAt?: number | undefined;
  ackedAt?: number | undefined;
  ackedBy?: string | undefined;
}): WireAlarm => ({
  id: a.id,
  code: a.code,
  equipment: a.equipment,
  severity: a.severity,
  text: { fr: a.text.fr, en: a.text.en },
  active: a.active,
  acked: a.acked,
  raisedAt: a.raisedAt,
  ...(a.clearedAt !== undefined ? { clearedAt: a.clearedAt } : {}),
  ...(a.ackedAt !== undefined ? { ackedAt: a.ackedAt } : {}),
  ...(a.ackedBy !== undefined ? { ackedBy: a.ackedBy } : {}),
});

export class StationHub {
  readonly station: Station;
  readonly views: Record<ViewerClass, StationView>;
  readonly clients = new Set<HubClient>();
  private tickEvents: TickEvent[] = [];
  private readonly off: (() => void)[] = [];
  private readonly lab: Lab;
  private readonly services: HmiServices;
  private readonly counters: HubCounters;
  private readonly eventCap: number;

  constructor(lab: Lab, station: Station, services: HmiServices, counters: HubCounters, eventCap = 256) {
    this.lab = lab;
    this.station = station;
    this.services = services;
    this.counters = counters;
    this.eventCap = eventCap;
    this.views = {
      candidate: new StationView(station, 'candidate'),
      privileged: new StationView(station, 'privileged'),
    };
    const both = (name: string, payload: unknown): TickEvent => ({
      name,
      payload: { candidate: payload, privileged: payload },
    });
    const book = services.alarms.get(station.id);
    if (book) this.off.push(book.onChange((a) => this.tickEvents.push(both('alarm', wireAlarm(a)))));
    const owner = { owner: 'hmi-realtime' };
    this.off.push(
      station.hooks.on(
        'cycleEnd',
        (e) => {
          if (this.clients.size === 0) return;
          const record = candidateRecord(e.record);
          this.tickEvents.push(both('shot', { equipment: e.equipment, t: e.t, record }));
        },
        owner,
      ),
      station.hooks.on(
        'event',
        (e) => {
          if (this.clients.size > 0) this.tickEvents.push(both('event', wireEvent(e)));
        },
        owner,
      ),
      station.hooks.on(
        'command',
        (r) => {
          if (this.clients.size === 0) return;
          const candidate = logbookEntry(r, station.registry, false);
          const privileged = logbookEntry(r, station.registry, true);
          if (candidate || privileged)
            this.tickEvents.push({ name: 'logbook', payload: { candidate, privileged } });
        },
        owner,
      ),
      // after every other observer of the tick (historian, protocols): the HMI is the least urgent
      station.hooks.on('change', (b) => this.onChange(b.indices, b.count, b.serverTs), {
        ...owner,
        priority: 100,
      }),
    );
  }

  newClient(
    sink: ClientSink,
    cls: ViewerClass,
    actor: Actor,
    user: string,
    level: SnapshotFrame['level'],
  ): HubClient {
    const view = this.views[cls];
    return {
      sink,
      view,
      actor,
      user,
      level,
      queue: new ClientQueue(view.size, this.eventCap),
      needSnapshot: false,
    };
  }

  add(c: HubClient): void {
    this.clients.add(c);
    this.sendSnapshot(c, false);
  }

  remove(c: HubClient): void {
    this.clients.delete(c);
  }

  sendSnapshot(c: HubClient, resync: boolean): void {
    c.queue.clear();
    c.needSnapshot = false;
    const st = this.station;
    const { values, quality, srcTs } = c.view.values();
    const frame: SnapshotFrame = {
      v: 1,
      station: st.id,
      user: c.user,
      level: c.level,
      epochMs: this.lab.startedAt,
      tickMs: st.clock.tickMs,
      t: st.clock.now,
      tick: st.clock.tick,
      keys: c.view.keys(c.actor.roles),
      values,
      quality,
      srcTs,
      alarms: (this.services.alarms.get(st.id)?.active() ?? []).map(wireAlarm),
      resync,
    };
    c.sink.emit('snapshot', frame);
    this.counters.snapshots++;
    if (resync) this.counters.resyncs++;
  }

  /** Send what a client has waiting, if its sink can take it now. */
  flush(c: HubClient): void {
    if (!c.sink.writable()) return;
    if (c.needSnapshot || c.queue.overflow) {
      if (c.queue.overflow) this.counters.forced_resyncs++;
      this.sendSnapshot(c, true);
      return;
    }
    if (c.queue.empty) return;
    const w = c.queue.take();
    for (const e of w.events) c.sink.emit(e.name, e.payload);
    this.counters.events_sent += w.events.length;
    if (w.indices.length > 0) {
      c.sink.emit('d', c.view.delta(w.indices, w.lastTick, w.lastT, w.ticks));
      this.counters.frames++;
      if (w.ticks > 1) this.counters.merged_frames++;
    }
  }

  /** An event outside the tick (a diagnosis status…): behind whatever the client has waiting. */
  deliver(c: HubClient, name: string, payload: unknown): void {
    if (!c.queue.addEvent(name, payload)) this.counters.events_dropped++;
    this.flush(c);
  }

  /** Ask for a fresh snapshot (a client's `resync`). */
  resync(c: HubClient): void {
    c.needSnapshot = true;
    this.flush(c);
  }

  private onChange(indices: Int32Array, count: number, serverTs: number): void {
    const events = this.tickEvents;
    this.tickEvents = [];
    if (this.clients.size === 0) return;
    const tick = this.station.clock.tick;
    const mapped: Partial<Record<ViewerClass, Int32Array>> = {};
    const shared: Partial<Record<ViewerClass, ReturnType<StationView['delta']>>> = {};
    for (const c of this.clients) {
      const cls = c.view.cls;
      // copied: StationView.map returns a scratch view
      const idx = (mapped[cls] ??= c.view.map(indices, count).slice());
      if (!c.needSnapshot && c.queue.empty && c.sink.writable()) {
        for (const e of events) {
          const p = e.payload[cls];
          if (p === undefined) continue;
          c.sink.emit(e.name, p);
          this.counters.events_sent++;
        }
        if (idx.length > 0) {
          c.sink.emit('d', (shared[cls] ??= c.view.delta(idx, tick, serverTs)));
          this.counters.frames++;
        }
        continue;
      }
      for (const e of events) {
        const p = e.payload[cls];
        if (p !== undefined && !c.queue.addEvent(e.name, p)) this.counters.events_dropped++;
      }
      c.queue.addChanges(idx, idx.length, tick, serverTs);
      this.flush(c);
    }
  }

  stop(): void {
    for (const off of this.off) off();
    this.off.length = 0;
    this.clients.clear();
  }
}
