/**
 * Handling of the events an HMI client sends (reliability-security WS-2, WS-4, §4.5, R5): each is
 * validated with its zod schema and answered with an ack `{ ok, error?, message? }`; an invalid or
 * unknown event changes nothing. Commands go through the command API (journaled there); views go to the
 * journal as `type: 'view'`; a diagnosis through `DiagnosisBook` (`type: 'diagnosis'`). An attempt on
 * another station or a forged trainer call is refused and journaled (`type: 'event'`, bounded per
 * connection).
 */
import type { CommandRecord } from '../../kernel/command-types.ts';
import type { Lab } from '../../session/lab.ts';
import {
  AlarmAckEventSchema,
  CLIENT_EVENTS,
  CommandEventSchema,
  DiagnosisEventSchema,
  FORGED_TRAINER,
  firstIssue,
  ResyncEventSchema,
  ViewEventSchema,
} from './client-events.ts';
import type { HubCounters } from './hub.ts';
import type { Conn } from './index.ts';
import type { HmiServices } from './services.ts';
import type { Ack, WireDiagnosisStatus } from './wire.ts';

export interface Counters extends HubCounters {
  connections: number;
  auth_failures: number;
  snapshots: number;
  resyncs: number;
  forced_resyncs: number;
  frames: number;
  merged_frames: number;
  events_sent: number;
  events_dropped: number;
  acks_ok: number;
  acks_error: number;
  refused_unknown: number;
  refused_invalid: number;
  journaled_attempts: number;
  views_journaled: number;
  rate_limited: number;
  duplicates: number;
}

export const newCounters = (): Counters => ({
  connections: 0,
  auth_failures: 0,
  snapshots: 0,
  resyncs: 0,
  forced_resyncs: 0,
  frames: 0,
  merged_frames: 0,
  events_sent: 0,
  events_dropped: 0,
  acks_ok: 0,
  acks_error: 0,
  refused_unknown: 0,
  refused_invalid: 0,
  journaled_attempts: 0,
  views_journaled: 0,
  rate_limited: 0,
  duplicates: 0,
});

export interface HandlerEnv {
  readonly lab: Lab;
  readonly services: HmiServices;
  readonly counters: Counters;
  readonly conn: Conn;
  resync(): void;
  broadcast(name: string, payload: unknown): void;
}

/** Idempotency keys of recent commands, per user and station: a re-sent command is applied once. */
const recent = new WeakMap<Lab, Map<string, Promise<Ack>>>();
const RECENT_CAP = 2000;
const MAX_ATTEMPTS_JOURNALED = 20;

const ackOfRecord = (r: CommandRecord): Ack =>
  r.status === 'accepted'
    ? {
        ok: true,
        seq: r.seq,
        ...(r.previous !== undefined ? { previous: r.previous } : {}),
        ...(r.applied !== undefined ? { applied: r.applied } : {}),
        ...(r.result !== undefined ? { result: r.result } : {}),
      }
    : { ok: false, error: r.rejection!.code, message: r.rejection!.message, seq: r.seq };

function refill(conn: Conn): void {
  const now = Date.now();
  const dt = (now - conn.lastRefill) / 1000;
  conn.lastRefill = now;
  conn.viewTokens = Math.min(30, conn.viewTokens + dt * 10);
  conn.submitTokens = Math.min(3, conn.submitTokens + dt * 0.5);
}

function journalAttempt(env: HandlerEnv, event: string, reason: string, detail?: string): void {
  const { conn, lab } = env;
  if (conn.suspicious >= MAX_ATTEMPTS_JOURNALED) return;
  conn.suspicious++;
  env.counters.journaled_attempts++;
  lab.record({
    type: 'event',
    station: conn.station.id,
    t: conn.station.clock.now,
    actor: {
      user: conn.actor.user,
      roles: conn.actor.roles,
      channel: 'hmi',
      ...(conn.actor.client ? { client: conn.actor.client } : {}),
    },
    payload: {
      source: 'hmi',
      refused: event.slice(0, 64),
      reason,
      ...(detail ? { detail: detail.slice(0, 64) } : {}),
    },
  });
}

const otherStation = (env: HandlerEnv, event: string, station: string | undefined): Ack | undefined => {
  if (station === undefined || station === env.conn.station.id) return undefined;
  journalAttempt(env, event, 'other_station', station);
  return { ok: false, error: 'other_station', message: 'your identity is bound to another station' };
};

function submitCommand(
  env: HandlerEnv,
  id: string | undefined,
  run: () => Promise<CommandRecord>,
): Promise<Ack> {
  if (!id) return run().then(ackOfRecord);
  const { lab, conn } = env;
  let map = recent.get(lab);
  if (!map) recent.set(lab, (map = new Map()));
  const key = `${conn.station.id}/${conn.identity.user}/${id}`;
  const seen = map.get(key);
  if (seen) {
    env.counters.duplicates++;
    return seen.then((a) => ({ ...a, duplicate: true }));
  }
  const p = run().then(ackOfRecord);
  map.set(key, p);
  if (map.size > RECENT_CAP) map.delete(map.keys().next().value!);
  return p;
}

async function dispatch(env: HandlerEnv, name: string, payload: unknown): Promise<Ack> {
  const { conn, lab, counters } = env;
  const st = conn.station;
  const invalid = (message: string): Ack => {
    counters.refused_invalid++;
    return { ok: false, error: 'invalid', message };
  };
  switch (name) {
    case 'command': {
      const r = CommandEventSchema.safeParse(payload);
      if (!r.success) return invalid(firstIssue(r.error));
      const { id, station, ...input } = r.data;
      const other = otherStation(env, name, station);
      if (other) return other;
      return submitCommand(env, id, () =>
        lab.submit({ station: st.id, actor: conn.actor, input, ...(id ? { corr: id } : {}) }),
      );
    }
    case 'alarm.ack': {
      const r = AlarmAckEventSchema.safeParse(payload);
      if (!r.success) return invalid(firstIssue(r.error));
      const { id, station, ...args } = r.data;
      const other = otherStation(env, name, station);
      if (other) return other;
      return submitCommand(env, id, () =>
        lab.submit({
          station: st.id,
          actor: conn.actor,
          input: { kind: 'action', action: 'alarm.ack', args },
          ...(id ? { corr: id } : {}),
        }),
      );
    }
    case 'view': {
      const r = ViewEventSchema.safeParse(payload);
      if (!r.success) return invalid(firstIssue(r.error));
      const { station, ...v } = r.data;
      const other = otherStation(env, name, station);
      if (other) return other;
      if (v.from !== undefined && v.to !== undefined && v.from > v.to) return invalid('to: before from');
      for (const key of v.signals ?? []) {
        const sig = st.registry.get(key);
        if (!sig || conn.client.view.toClient[sig.index]! < 0)
          return invalid(`signals: ${key}: unknown signal`);
      }
      if (v.screen === 'faceplate') {
        const eq = v.target;
        const known =
          eq !== undefined &&
          st.registry.signals.some((s) => s.equipment === eq && conn.client.view.toClient[s.index]! >= 0);
        if (!known) return invalid(`target: ${eq ?? '(none)'}: unknown equipment`);
      }
      refill(conn);
      if (conn.viewTokens < 1) {
        counters.rate_limited++;
        return { ok: false, error: 'rate_limited', message: 'too many views per second' };
      }
      conn.viewTokens--;
      lab.record({
        type: 'view',
        station: st.id,
        t: st.clock.now,
        actor: {
          user: conn.actor.user,
          roles: conn.actor.roles,
          channel: 'hmi',
          ...(conn.actor.client ? { client: conn.actor.client } : {}),
        },
        payload: v,
      });
      counters.views_journaled++;
      return { ok: true };
    }
    case 'diagnosis.submit': {
      const r = DiagnosisEventSchema.safeParse(payload);
      if (!r.success) return invalid(firstIssue(r.error));
      const { station, ...rest } = r.data;
      const other = otherStation(env, name, station);
      if (other) return other;
      refill(conn);
      if (conn.submitTokens < 1) {
        counters.rate_limited++;
        return { ok: false, error: 'rate_limited', message: 'too many submissions, wait a moment' };
      }
      const res = env.services.diagnosis.submit({
        station: st.id,
        actor: conn.actor,
        t: st.clock.now,
        input: rest,
        signalVisible: (key) => {
          const sig = st.registry.get(key);
          return !!sig && conn.client.view.toClient[sig.index]! >= 0;
        },
      });
      if (!res.ok) {
        if (res.error === 'invalid') counters.refused_invalid++;
        return { ok: false, error: res.error, message: res.message };
      }
      conn.submitTokens--;
      const status: WireDiagnosisStatus = {
        version: res.version.version,
        locked: true,
        t: res.version.t,
        user: res.version.user,
      };
      env.broadcast('diagnosis', status);
      return { ok: true, version: res.version.version, seq: res.version.seq };
    }
    case 'resync': {
      const r = ResyncEventSchema.safeParse(payload);
      if (!r.success) return invalid(firstIssue(r.error));
      env.resync();
      return { ok: true };
    }
  }
  counters.refused_unknown++;
  if (FORGED_TRAINER.test(name)) journalAttempt(env, name, 'forged_trainer_call');
  return { ok: false, error: 'unknown_event', message: `${name.slice(0, 64)}: unknown event` };
}

/** Entry point from `socket.onAny`: the last argument, when a function, is the ack callback. */
export async function handleClientEvent(env: HandlerEnv, name: string, args: unknown[]): Promise<void> {
  const ack = typeof args[args.length - 1] === 'function' ? (args.pop() as (a: Ack) => void) : undefined;
  if (!ack) {
    // nothing can be answered: ignore (no state change), but count it
    env.counters.refused_invalid++;
    if (!(CLIENT_EVENTS as readonly string[]).includes(name) && FORGED_TRAINER.test(name)) {
      journalAttempt(env, name, 'forged_trainer_call');
    }
    return;
  }
  let a: Ack;
  try {
    a =
      args.length > 1
        ? { ok: false, error: 'invalid', message: 'one payload argument expected' }
        : await dispatch(env, name, args[0]);
  } catch {
    a = { ok: false, error: 'internal', message: 'internal error' };
  }
  if (a.ok) env.counters.acks_ok++;
  else env.counters.acks_error++;
  try {
    ack(a);
  } catch {
    // the socket went away
  }
}
