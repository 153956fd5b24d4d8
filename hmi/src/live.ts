/**
 * Live data of the candidate's station over socket.io (wire contract: simulator/server/realtime/wire.ts):
 * a snapshot (key table + values) on every (re)connect, then index-based deltas, one per tick. Each signal
 * is a Preact signal, so only what shows it re-renders. Alarms, shots, events, logbook entries and the
 * diagnosis status arrive as events. Commands and other client events are answered with an ack.
 */
import { batch, type Signal, signal } from '@preact/signals';
import { io, type Socket } from 'socket.io-client';
import type {
  Ack,
  DeltaFrame,
  SnapshotFrame,
  WireAlarm,
  WireDiagnosisStatus,
  WireEvent,
  WireLogbookEntry,
  WireShot,
  WireSignalMeta,
  WireValue,
} from '../../simulator/server/realtime/wire.ts';
import { level, session, setSession } from './session.ts';

export interface Sample {
  readonly v: WireValue | null;
  /** 0 Good, 1 Uncertain, 2 Bad */
  readonly q: number;
  /** source timestamp, simulation ms */
  readonly ts: number;
}

export type Status = 'connecting' | 'live' | 'offline';

export const status = signal<Status>('connecting');
export const keys = signal<readonly WireSignalMeta[]>([]);
export const epochMs = signal(0);
export const simT = signal(0);
export const alarms = signal<readonly WireAlarm[]>([]);
export const shots = signal<readonly WireShot[]>([]);
export const events = signal<readonly WireEvent[]>([]);
export const logbook = signal<readonly WireLogbookEntry[]>([]);
export const diagnosisStatus = signal<WireDiagnosisStatus | undefined>(undefined);
/** bumped on every snapshot: screens that fetched history refetch */
export const resyncs = signal(0);

const values = new Map<string, Signal<Sample>>();
let table: readonly WireSignalMeta[] = [];
let socket: Socket | undefined;

/** The live value of a signal (created on first use, stable across reconnects). */
export function liveValue(key: string): Signal<Sample> {
  let s = values.get(key);
  if (!s) values.set(key, (s = signal<Sample>({ v: null, q: 2, ts: 0 })));
  return s;
}

export const metaOf = (key: string): WireSignalMeta | undefined => keys.value.find((k) => k.key === key);

/** Absolute time (epoch ms) of a simulation time. */
export const absTime = (simMs: number): number => epochMs.value + simMs;

// ---- live buffers for trends (only for watched signals) ---------------------------------------------

const BUF = 6000;
const buffers = new Map<
  string,
  { t: Float64Array; v: Float64Array; n: number; head: number; watchers: number }
>();

export function watch(key: string): () => void {
  let b = buffers.get(key);
  if (!b)
    buffers.set(
      key,
      (b = { t: new Float64Array(BUF), v: new Float64Array(BUF), n: 0, head: 0, watchers: 0 }),
    );
  b.watchers++;
  return () => {
    if (--b!.watchers <= 0) buffers.delete(key);
  };
}

/** Samples of a watched signal between two absolute times, oldest first. */
export function buffered(key: string, from: number, to: number): { t: number[]; v: number[] } {
  const b = buffers.get(key);
  const out = { t: [] as number[], v: [] as number[] };
  if (!b) return out;
  for (let i = 0; i < b.n; i++) {
    const j = (b.head - b.n + i + BUF) % BUF;
    const t = b.t[j]!;
    if (t >= from && t <= to) {
      out.t.push(t);
      out.v.push(b.v[j]!);
    }
  }
  return out;
}

function record(key: string, t: number, v: WireValue | null): void {
  const b = buffers.get(key);
  if (!b || (typeof v !== 'number' && typeof v !== 'boolean')) return;
  b.t[b.head] = t;
  b.v[b.head] = typeof v === 'boolean' ? (v ? 1 : 0) : v;
  b.head = (b.head + 1) % BUF;
  if (b.n < BUF) b.n++;
}

// ---- frames -------------------------------------------------------------------------------------------

function onSnapshot(s: SnapshotFrame): void {
  batch(() => {
    table = s.keys;
    keys.value = s.keys;
    epochMs.value = s.epochMs;
    simT.value = s.t;
    s.keys.forEach((k, i) => {
      liveValue(k.key).value = { v: s.values[i] ?? null, q: s.quality[i] ?? 2, ts: s.srcTs[i] ?? 0 };
    });
    alarms.value = s.alarms;
    resyncs.value++;
    status.value = 'live';
  });
}

function onDelta(d: DeltaFrame): void {
  const ts = new Map<number, number>();
  if (d.ts) for (let i = 0; i + 1 < d.ts.length; i += 2) ts.set(d.ts[i]!, d.ts[i + 1]!);
  const abs = epochMs.value + d.t;
  batch(() => {
    simT.value = d.t;
    for (let i = 0; i + 2 < d.c.length; i += 3) {
      const idx = d.c[i] as number;
      const meta = table[idx];
      if (!meta) continue;
      const v = d.c[i + 1] as WireValue | null;
      liveValue(meta.key).value = { v, q: d.c[i + 2] as number, ts: ts.get(idx) ?? d.t };
      record(meta.key, abs, v);
    }
  });
}

function onAlarm(a: WireAlarm): void {
  const rest = alarms.value.filter((x) => !(x.equipment === a.equipment && x.code === a.code));
  alarms.value = a.active || !a.acked ? [...rest, a].sort((x, y) => x.id - y.id) : rest;
}

const push = <T>(s: Signal<readonly T[]>, x: T, cap: number) => {
  const next = [...s.value, x];
  s.value = next.length > cap ? next.slice(next.length - cap) : next;
};

// ---- connection ---------------------------------------------------------------------------------------

export function connect(): void {
  disconnect();
  const s = session.value;
  if (!s) return;
  status.value = 'connecting';
  const sock = io({ path: '/socket.io/', auth: { token: s.token, level: level.value } });
  socket = sock;
  sock.on('snapshot', onSnapshot);
  sock.on('d', onDelta);
  sock.on('alarm', onAlarm);
  sock.on('shot', (x: WireShot) => push(shots, x, 200));
  sock.on('event', (x: WireEvent) => push(events, x, 500));
  sock.on('logbook', (x: WireLogbookEntry) => push(logbook, x, 1000));
  sock.on('diagnosis', (x: WireDiagnosisStatus) => {
    diagnosisStatus.value = x;
  });
  sock.on('disconnect', () => {
    status.value = 'offline';
  });
  sock.on('connect_error', (e) => {
    status.value = 'offline';
    if (e.message === 'unauthorized' || e.message === 'no such station') {
      // the token expired or the server restarted with new sessions: log in again
      sock.close();
      setSession(null);
    }
  });
}

export function disconnect(): void {
  socket?.close();
  socket = undefined;
  status.value = 'offline';
}

let seq = 0;
const ackTimeoutMs = 15_000;

/**
 * Send a client event and wait for its ack. Commands are not queued while offline (they would apply
 * later, by surprise): the caller gets an `offline` error instead.
 */
export async function send(
  name: string,
  payload: unknown,
  opts: { queueOffline?: boolean } = {},
): Promise<Ack> {
  const sock = socket;
  if (!sock || (!sock.connected && !opts.queueOffline)) return { ok: false, error: 'offline', message: '' };
  try {
    return (await sock.timeout(ackTimeoutMs).emitWithAck(name, payload)) as Ack;
  } catch {
    return { ok: false, error: 'timeout', message: '' };
  }
}

/** A unique idempotency key for a command (the server applies a re-sent command once). */
export const commandId = (): string =>
  `${Date.now().toString(36)}-${(seq++).toString(36)}-${Math.random().toString(36).slice(2, 8)}`;

/** Journal that a screen (and what on it) was looked at (the scorer's "investigation" criterion). */
export function view(
  screen: string,
  extra: { target?: string; signals?: string[]; from?: number; to?: number } = {},
): void {
  void send('view', { screen, ...extra }, { queueOffline: true });
}
