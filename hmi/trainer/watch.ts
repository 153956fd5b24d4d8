/**
 * Watching one station live over the HMI's realtime socket (simulator/server/realtime/wire.ts) with the
 * trainer's or the jury's token naming the station (`auth.station`): the snapshot's key table and values,
 * then the index-based deltas; alarms as events. Read-only: the console never sends a command on it.
 * Watched signals keep a short buffer for the live trend.
 */
import { batch, type Signal, signal } from '@preact/signals';
import { io, type Socket } from 'socket.io-client';
import type {
  DeltaFrame,
  SnapshotFrame,
  WireAlarm,
  WireSignalMeta,
  WireValue,
} from '../../simulator/server/realtime/wire.ts';

export interface Sample {
  readonly v: WireValue | null;
  readonly q: number;
}

export const wstatus = signal<'connecting' | 'live' | 'offline'>('offline');
export const wkeys = signal<readonly WireSignalMeta[]>([]);
export const wstation = signal('');
export const wEpoch = signal(0);
export const wT = signal(0);
export const walarms = signal<readonly WireAlarm[]>([]);
/** bumped on every frame (the trend redraws from it) */
export const wtick = signal(0);

const values = new Map<string, Signal<Sample>>();
let table: readonly WireSignalMeta[] = [];
let socket: Socket | undefined;

export function wvalue(key: string): Signal<Sample> {
  let s = values.get(key);
  if (!s) values.set(key, (s = signal<Sample>({ v: null, q: 2 })));
  return s;
}

const BUF = 3000;
const buffers = new Map<string, { t: number[]; v: number[] }>();

export function traced(key: string, on: boolean): void {
  if (on && !buffers.has(key)) buffers.set(key, { t: [], v: [] });
  if (!on) buffers.delete(key);
}

export function series(key: string): { t: number[]; v: number[] } {
  return buffers.get(key) ?? { t: [], v: [] };
}

function record(key: string, t: number, v: WireValue | null): void {
  const b = buffers.get(key);
  if (!b || (typeof v !== 'number' && typeof v !== 'boolean')) return;
  b.t.push(t);
  b.v.push(typeof v === 'boolean' ? (v ? 1 : 0) : v);
  if (b.t.length > BUF) {
    b.t.splice(0, b.t.length - BUF);
    b.v.splice(0, b.v.length - BUF);
  }
}

export function watchStation(token: string, station: string): void {
  unwatch();
  values.clear();
  buffers.clear();
  wstation.value = station;
  wstatus.value = 'connecting';
  const sock = io({ path: '/socket.io/', auth: { token, station } });
  socket = sock;
  sock.on('snapshot', (s: SnapshotFrame) => {
    batch(() => {
      table = s.keys;
      wkeys.value = s.keys;
      wEpoch.value = s.epochMs;
      wT.value = s.t;
      s.keys.forEach((k, i) => {
        wvalue(k.key).value = { v: s.values[i] ?? null, q: s.quality[i] ?? 2 };
      });
      walarms.value = s.alarms;
      wstatus.value = 'live';
      wtick.value++;
    });
  });
  sock.on('d', (d: DeltaFrame) => {
    const abs = wEpoch.value + d.t;
    batch(() => {
      wT.value = d.t;
      for (let i = 0; i + 2 < d.c.length; i += 3) {
        const meta = table[d.c[i] as number];
        if (!meta) continue;
        const v = d.c[i + 1] as WireValue | null;
        wvalue(meta.key).value = { v, q: d.c[i + 2] as number };
        record(meta.key, abs, v);
      }
      wtick.value++;
    });
  });
  sock.on('alarm', (a: WireAlarm) => {
    const rest = walarms.value.filter((x) => !(x.equipment === a.equipment && x.code === a.code));
    walarms.value = a.active || !a.acked ? [...rest, a].sort((x, y) => x.id - y.id) : rest;
  });
  sock.on('disconnect', () => {
    wstatus.value = 'offline';
  });
  sock.on('connect_error', () => {
    wstatus.value = 'offline';
  });
}

export function unwatch(): void {
  socket?.close();
  socket = undefined;
  wstatus.value = 'offline';
}
