/**
 * Unified Namespace publisher of one station (standards.md §1.10): retained JSON state per signal
 * `{ value, unit, ts, quality }` from the per-tick `change` batch, one non-retained message per shot
 * from `cycleEnd`, alarm events plus the retained active set from `alarm`.
 *
 * State is latest-value-wins: a signal changed again before it was sent is sent once, with its newest
 * value, read from the store at send time (the store only changes inside a tick, never between).
 */
import type { AlarmEvent, CycleEndEvent } from '../../kernel/model.ts';
import { qualityName, type RegisteredSignal } from '../../kernel/signal-schema.ts';
import type { ChangeBatch } from '../../kernel/signal-store.ts';
import type { Station } from '../../kernel/station.ts';
import type { Outbox, OutMsg, StateSource } from './outbox.ts';
import { signalTopic, stationPrefix, type TopicLayout } from './topics.ts';

/** The UNS value of a signal: enum as its name, non-finite numbers as null. */
export function unsValue(st: Station, sig: RegisteredSignal): number | boolean | string | null {
  const v = st.store.value(sig.index);
  if (sig.type === 'enum' && typeof v === 'number') return sig.enumValues?.[v] ?? v;
  if (typeof v === 'number' && !Number.isFinite(v)) return null;
  return v;
}

/** JSON replacer for per-shot records: no `trainer` block, typed arrays as arrays, bigint as number. */
const recordReplacer = (k: string, v: unknown): unknown => {
  // hidden truth travels in a record's `trainer` block (simulator/cell/shot-record.ts): never on the broker
  if (k === 'trainer') return undefined;
  if (ArrayBuffer.isView(v) && !(v instanceof DataView)) return Array.from(v as unknown as ArrayLike<number>);
  if (typeof v === 'bigint') return Number(v);
  return v;
};

interface ActiveAlarm {
  code: string;
  equipment: string;
  severity: AlarmEvent['severity'];
  text: AlarmEvent['text'];
  since: string;
}

export class UnsStation implements StateSource {
  readonly station: Station;
  readonly prefix: string;
  private readonly outbox: Outbox;
  private readonly epochMs: number;
  private readonly topics: (string | null)[];
  private readonly dirty: Uint8Array;
  private readonly queue: Int32Array;
  private qHead = 0;
  private qCount = 0;
  private readonly active = new Map<string, ActiveAlarm>();
  private readonly unsubscribe: (() => void)[] = [];
  /** changes superseded by a newer value before they were sent (latest value wins) */
  coalesced = 0;
  shots = 0;
  alarms = 0;

  constructor(station: Station, layout: TopicLayout, outbox: Outbox, epochMs: number) {
    this.station = station;
    this.prefix = stationPrefix(layout, station.id);
    this.outbox = outbox;
    this.epochMs = epochMs;
    const sigs = station.registry.signals;
    this.topics = sigs.map((s) => signalTopic(layout, station.id, s));
    this.dirty = new Uint8Array(sigs.length);
    this.queue = new Int32Array(Math.max(1, sigs.length));
  }

  /** The candidate-visible signals published here, with their topics. */
  published(): { sig: RegisteredSignal; topic: string }[] {
    return this.station.registry.signals
      .filter((s) => this.topics[s.index] !== null)
      .map((s) => ({ sig: s, topic: this.topics[s.index]! }));
  }

  start(): void {
    const h = this.station.hooks;
    this.unsubscribe.push(
      h.on('change', (b) => this.onChange(b), { owner: 'mqtt', priority: 10 }),
      h.on('cycleEnd', (e) => this.onShot(e), { owner: 'mqtt', priority: 10 }),
      h.on('alarm', (a) => this.onAlarm(a), { owner: 'mqtt', priority: 10 }),
    );
    // before its first tick a station holds only initial values; the first change batch carries every
    // signal (the store starts with all of them dirty), so publishing now would send them twice
    if (this.station.clock.tick > 0) this.republish();
    else this.publishActive();
  }

  stop(): void {
    for (const u of this.unsubscribe.splice(0)) u();
  }

  /** Mark every published signal pending (start, broker reconnect: MQ-6) and resend the active alarms. */
  republish(): void {
    for (let i = 0; i < this.topics.length; i++) if (this.topics[i] !== null) this.mark(i, false);
    this.publishActive();
    this.outbox.pump();
  }

  get pending(): number {
    return this.qCount;
  }

  private mark(i: number, count = true): void {
    if (this.dirty[i] === 1) {
      if (count) this.coalesced++;
      return;
    }
    this.dirty[i] = 1;
    this.queue[(this.qHead + this.qCount) % this.queue.length] = i;
    this.qCount++;
  }

  private onChange(b: ChangeBatch): void {
    const topics = this.topics;
    let any = false;
    for (let k = 0; k < b.count; k++) {
      const i = b.indices[k]!;
      if (topics[i] !== null) {
        this.mark(i);
        any = true;
      }
    }
    if (any) this.outbox.pump();
  }

  take(): OutMsg | null {
    if (this.qCount === 0) return null;
    const i = this.queue[this.qHead]!;
    this.qHead = (this.qHead + 1) % this.queue.length;
    this.qCount--;
    this.dirty[i] = 0;
    const sig = this.station.registry.signals[i]!;
    const store = this.station.store;
    const payload = JSON.stringify({
      value: unsValue(this.station, sig),
      unit: sig.unit,
      ts: new Date(this.epochMs + store.srcTs[i]!).toISOString(),
      quality: qualityName(store.quality[i]!),
    });
    return { topic: this.topics[i]!, payload, qos: 0, retain: true };
  }

  private onShot(e: CycleEndEvent): void {
    let payload: string;
    try {
      payload = JSON.stringify(e.record, recordReplacer);
    } catch {
      return;
    }
    this.shots++;
    // the record's shape comes from the physics (domain-model §7.3): published as given minus its
    // trainer block, QoS 1 (MQ-6)
    this.outbox.event({ topic: `${this.prefix}/${e.equipment}/shot`, payload, qos: 1, retain: false });
  }

  private onAlarm(a: AlarmEvent): void {
    this.alarms++;
    const ts = new Date(this.epochMs + a.t).toISOString();
    const key = `${a.equipment}/${a.code}`;
    if (a.state === 'active') {
      this.active.set(key, {
        code: a.code,
        equipment: a.equipment,
        severity: a.severity,
        text: a.text,
        since: ts,
      });
    } else {
      this.active.delete(key);
    }
    this.outbox.event({
      topic: `${this.prefix}/alarms`,
      payload: JSON.stringify({
        code: a.code,
        equipment: a.equipment,
        state: a.state,
        severity: a.severity,
        text: a.text,
        ts,
      }),
      qos: 1,
      retain: false,
    });
    this.publishActive();
  }

  /** Retained list of the active alarms (empty list when none). */
  private publishActive(): void {
    this.outbox.event({
      topic: `${this.prefix}/alarms/active`,
      payload: JSON.stringify([...this.active.values()]),
      qos: 1,
      retain: true,
    });
  }
}
