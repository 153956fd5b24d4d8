/**
 * `GET /api/stations/:id/replay/journal` — debrief markers for the digital twin's replay (issue 7): the
 * candidate's commands, gestures (actions) and diagnosis submissions on a station, from the journal, as
 * time markers for the replay slider. Trainer and jury only (reliability-security T4/I4, EI-4:
 * candidates never read the journal): a candidate gets 403, even for their own station; an unknown
 * station answers 404. Fault actions and trainer-side entries are never markers: the twin shows what the
 * candidate did and saw, not the hidden truth (DESIGN.md principle 5).
 *
 * The process values of a replay come from the historian (`/api/stations/:id/history`), which applies the
 * candidate rules (own station, candidate-visible signals). Each read of markers is journaled session-wide
 * (station '') with the reader's identity, so it never counts as a candidate's own investigation.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { JournalEntry } from '../../session/journal.ts';
import type { AppContext } from '../app.ts';
import { requireSession } from '../auth.ts';

const Params = z.strictObject({ id: z.string().min(1).max(32) });
const Query = z.strictObject({
  from: z.coerce.number().int().min(0).optional().describe('simulation ms, inclusive'),
  to: z.coerce.number().int().min(0).optional().describe('simulation ms, inclusive'),
  limit: z.coerce.number().int().min(1).max(5000).default(2000),
});

export type MarkerKind = 'write' | 'action' | 'gesture' | 'diagnosis';

export interface ReplayMarker {
  readonly seq: number;
  /** simulation ms */
  readonly t: number;
  readonly kind: MarkerKind;
  readonly user: string;
  readonly channel: string;
  /** signal key, action name, or the diagnosis version */
  readonly what: string;
  readonly status: 'accepted' | 'rejected' | 'submitted';
  readonly value?: unknown;
  readonly previous?: unknown;
}

/** Channels whose entries are never candidate actions. */
const STAFF_CHANNELS = new Set(['trainer', 'scenario', 'system']);
/**
 * Gestures: the professional and safety gestures (domain-model §5.2, `ACT_…`: lockout, safety resets,
 * the vacuum test…), as opposed to operating commands (cycle start, counter resets).
 */
const GESTURE = /(^|\.)(act[._]|gesture|safety|loto|lock|vacuum_test|purge)/i;

export function markerOf(e: JournalEntry): ReplayMarker | undefined {
  const actor = e.actor;
  if (!actor || STAFF_CHANNELS.has(actor.channel) || actor.roles.includes('trainer')) return undefined;
  const base = { seq: e.seq, t: e.t, user: actor.user, channel: actor.channel };
  if (e.type === 'diagnosis') {
    const p = e.payload as { version?: number };
    return { ...base, kind: 'diagnosis', what: `v${p.version ?? '?'}`, status: 'submitted' };
  }
  if (e.type !== 'command') return undefined;
  const p = e.payload as {
    input?: { kind?: string; signal?: string; action?: string; value?: unknown };
    status?: string;
    applied?: unknown;
    previous?: unknown;
  };
  const input = p.input ?? {};
  const status = p.status === 'rejected' ? 'rejected' : 'accepted';
  if (input.kind === 'write' && typeof input.signal === 'string')
    return {
      ...base,
      kind: 'write',
      what: input.signal,
      status,
      ...(p.applied !== undefined ? { value: p.applied } : { value: input.value }),
      ...(p.previous !== undefined ? { previous: p.previous } : {}),
    };
  if (input.kind === 'action' && typeof input.action === 'string')
    return { ...base, kind: GESTURE.test(input.action) ? 'gesture' : 'action', what: input.action, status };
  return undefined;
}

export const replayRoutes =
  (ctx: AppContext): FastifyPluginAsync =>
  async (app0) => {
    const app = app0.withTypeProvider<ZodTypeProvider>();
    app.get(
      '/api/stations/:id/replay/journal',
      {
        schema: {
          tags: ['replay'],
          summary: 'Debrief markers of a station: candidate commands, gestures and diagnoses (trainer, jury)',
          description:
            'Time markers for the digital twin replay, from the journal. Trainer and jury accounts only (403 otherwise). Times are simulation ms; fault actions and trainer entries are never included.',
          params: Params,
          querystring: Query,
          security: [{ bearer: [] }],
        },
      },
      async (req, reply) => {
        const s = requireSession(ctx.sessions, req, reply, ['trainer', 'jury']);
        if (!s) return reply;
        const st = ctx.lab.station(req.params.id);
        if (!st)
          return reply.code(404).send({ error: 'not_found', message: `station ${req.params.id}: not found` });
        const { from = 0, to = Number.MAX_SAFE_INTEGER, limit } = req.query;
        const markers: ReplayMarker[] = [];
        for (const e of ctx.lab.journal.read({ station: st.id, types: ['command', 'diagnosis'] })) {
          if (e.t < from || e.t > to) continue;
          const m = markerOf(e);
          if (m) markers.push(m);
        }
        const out = markers.slice(-limit);
        ctx.lab.record({
          type: 'view',
          station: '',
          t: 0,
          actor: { user: s.identity.user, roles: s.identity.roles, channel: 'rest', client: req.ip },
          payload: {
            screen: 'debrief',
            station: st.id,
            from,
            to: Math.min(to, st.clock.now),
            markers: out.length,
          },
        });
        return { station: st.id, now: st.clock.now, truncated: out.length < markers.length, markers: out };
      },
    );
  };
