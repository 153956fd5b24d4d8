/**
 * MQTT commands (DESIGN.md principle 3; reliability-security §4.4): a publish on
 * `…/<station>/cmd/<signal key>` with `{"value": …, "corr"?: "…", "reason"?: "…"}` or a bare JSON value,
 * or on `…/<station>/cmd/action/<name>` with `{"args"?: …, "corr"?: "…", "reason"?: "…"}`, becomes one
 * `station.submit` with the actor of the authenticated connection (never taken from the payload). The
 * answer goes to `…/<station>/cmd/reply`; a rejection is also copied to `…/<station>/cmd/err`.
 *
 * A malformed or oversized payload is refused before the command API with a reply naming the problem,
 * so nothing is half-applied and a rejection never changes state.
 */
import type { Actor, CommandInput, CommandRecord } from '../../kernel/command-types.ts';
import type { Station } from '../../kernel/station.ts';
import type { Outbox } from './outbox.ts';
import { type CommandTarget, stationPrefix, type TopicLayout } from './topics.ts';

export interface CommandReply {
  corr: string | null;
  signal?: string;
  action?: string;
  status: 'accepted' | 'rejected';
  /** a kernel rejection code, or `bad_payload` / `payload_too_large` for what never reached it */
  code?: string;
  message?: string;
  applied?: number | boolean | string;
  previous?: number | boolean | string;
  result?: unknown;
  /** station-local command sequence number (journal) */
  seq?: number;
  channel: 'mqtt' | 'sparkplug';
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
const clip = (s: string, n = 100): string => (s.length > n ? `${s.slice(0, n)}…` : s);

type Parsed =
  | { ok: true; corr: string | null; input: CommandInput }
  | { ok: false; corr: string | null; message: string };

const WRITE_KEYS = new Set(['value', 'corr', 'reason']);
const ACTION_KEYS = new Set(['args', 'corr', 'reason']);

/** Parse a command payload; every refusal names the problem. */
export function parseCommand(target: CommandTarget, payload: Buffer): Parsed {
  let text: string;
  try {
    text = utf8.decode(payload);
  } catch {
    return { ok: false, corr: null, message: 'payload is not valid UTF-8 JSON' };
  }
  if (text.includes('\u0000')) return { ok: false, corr: null, message: 'payload contains U+0000' };
  if (text.trim() === '') {
    if (target.kind === 'action')
      return { ok: true, corr: null, input: { kind: 'action', action: target.action } };
    return { ok: false, corr: null, message: 'empty payload: send a JSON value or {"value": …}' };
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    return {
      ok: false,
      corr: null,
      message: `payload is not JSON (${clip(e instanceof Error ? e.message : String(e), 80)})`,
    };
  }
  const isObject = typeof doc === 'object' && doc !== null && !Array.isArray(doc);
  if (!isObject) {
    if (target.kind === 'action')
      return { ok: false, corr: null, message: 'an action payload is a JSON object {"args": …}' };
    return { ok: true, corr: null, input: { kind: 'write', signal: target.signal, value: doc } };
  }
  const o = doc as Record<string, unknown>;
  const corr = typeof o.corr === 'string' && o.corr.length <= 64 ? o.corr : null;
  const allowed = target.kind === 'write' ? WRITE_KEYS : ACTION_KEYS;
  for (const k of Object.keys(o)) {
    if (!allowed.has(k)) {
      return {
        ok: false,
        corr,
        message: `unknown field "${clip(k, 40)}" (allowed: ${[...allowed].join(', ')})`,
      };
    }
  }
  if (o.corr !== undefined && corr === null) {
    return { ok: false, corr: null, message: '"corr" must be a string of at most 64 characters' };
  }
  if (o.reason !== undefined && (typeof o.reason !== 'string' || o.reason.length > 500)) {
    return { ok: false, corr, message: '"reason" must be a string of at most 500 characters' };
  }
  const reason = o.reason as string | undefined;
  if (target.kind === 'write') {
    if (!('value' in o)) return { ok: false, corr, message: 'missing "value"' };
    return {
      ok: true,
      corr,
      input: {
        kind: 'write',
        signal: target.signal,
        value: o.value,
        ...(reason !== undefined ? { reason } : {}),
      },
    };
  }
  return {
    ok: true,
    corr,
    input: {
      kind: 'action',
      action: target.action,
      ...(o.args !== undefined ? { args: o.args } : {}),
      ...(reason !== undefined ? { reason } : {}),
    },
  };
}

export function replyOf(rec: CommandRecord, channel: CommandReply['channel']): CommandReply {
  return {
    corr: rec.corr ?? null,
    ...(rec.input.kind === 'write' ? { signal: rec.input.signal } : { action: rec.input.action }),
    status: rec.status,
    ...(rec.rejection ? { code: rec.rejection.code, message: rec.rejection.message } : {}),
    ...(rec.applied !== undefined ? { applied: rec.applied } : {}),
    ...(rec.previous !== undefined ? { previous: rec.previous } : {}),
    ...(rec.result !== undefined ? { result: rec.result } : {}),
    seq: rec.seq,
    channel,
  };
}

export class CommandRouter {
  private readonly stations: ReadonlyMap<string, Station>;
  private readonly layout: TopicLayout;
  private readonly outbox: Outbox;
  private readonly maxPayload: number;
  accepted = 0;
  rejected = 0;
  /** refused before the command API: malformed or oversized payloads */
  malformed = 0;

  constructor(
    stations: ReadonlyMap<string, Station>,
    layout: TopicLayout,
    outbox: Outbox,
    maxPayload: number,
  ) {
    this.stations = stations;
    this.layout = layout;
    this.outbox = outbox;
    this.maxPayload = maxPayload;
  }

  /**
   * A command published by `actor`. `size` is the payload size as received (the payload itself was
   * dropped by the broker when over the cap).
   */
  handle(
    stationId: string,
    target: CommandTarget,
    payload: Buffer,
    actor: Actor,
    size = payload.length,
  ): void {
    const st = this.stations.get(stationId);
    if (!st) return;
    const about = target.kind === 'write' ? { signal: clip(target.signal) } : { action: clip(target.action) };
    const refuse = (corr: string | null, code: string, message: string) => {
      this.malformed++;
      this.reply(stationId, { corr, ...about, status: 'rejected', code, message, channel: 'mqtt' });
    };
    if (size > this.maxPayload) {
      refuse(
        null,
        'payload_too_large',
        `payload of ${size} bytes is over the limit of ${this.maxPayload} bytes`,
      );
      return;
    }
    const p = parseCommand(target, payload);
    if (!p.ok) {
      refuse(p.corr, 'bad_payload', p.message);
      return;
    }
    if (p.input.kind === 'write') {
      // only signals published over MQTT are commandable over MQTT; anything else looks absent
      const sig = st.registry.get(p.input.signal);
      if (sig?.visibility !== 'candidate' || !sig.channels.mqtt) {
        this.rejected++;
        this.reply(stationId, {
          corr: p.corr,
          ...about,
          status: 'rejected',
          code: 'unknown_signal',
          message: `${clip(p.input.signal)}: unknown signal`,
          channel: 'mqtt',
        });
        return;
      }
    }
    void st
      .submit({ station: st.id, actor, input: p.input, ...(p.corr !== null ? { corr: p.corr } : {}) })
      .then((rec) => {
        if (rec.status === 'accepted') this.accepted++;
        else this.rejected++;
        this.reply(stationId, replyOf(rec, 'mqtt'));
      });
  }

  /** Publish an answer on `…/cmd/reply` (and a rejection also on `…/cmd/err`), QoS 1, not retained. */
  reply(stationId: string, r: CommandReply): void {
    const prefix = stationPrefix(this.layout, stationId);
    const payload = JSON.stringify(r);
    this.outbox.event({ topic: `${prefix}/cmd/reply`, payload, qos: 1, retain: false });
    if (r.status === 'rejected')
      this.outbox.event({ topic: `${prefix}/cmd/err`, payload, qos: 1, retain: false });
  }
}
