/**
 * Exercise matchers against the journal (exercises/schema.ts `MatcherSchema`): which entries satisfy an
 * evidence item, a sequence step or a forbidden action. Pure and linear in the number of entries.
 */
import type { Matcher } from '../exercises/schema.ts';
import type { Cmd, Ctx, View } from './context.ts';

export interface Hit {
  readonly seq: number;
  readonly t: number;
}

export interface MatchOptions {
  /** only entries at or after this station time (the fault onset for evidence) */
  readonly since?: number;
  /** only entries strictly before this sequence number (e.g. the diagnosis submission) */
  readonly beforeSeq?: number;
  /** onset of the fault the window rules refer to */
  readonly onset?: number;
  /** minutes past the onset a trend window must reach */
  readonly afterOnsetMin?: number;
  /** include refused commands (for attempted gestures) */
  readonly includeRejected?: boolean;
}

const DEFAULT_TREND_WINDOW_MS = 3_600_000;

/** The station-ms window a view shows (a trend without a window: the last hour, the history default). */
export function viewWindow(v: View): [number, number] {
  const to = v.to_t ?? v.t;
  const from = v.from_t ?? to - DEFAULT_TREND_WINDOW_MS;
  return [from, to];
}

function argsMatch(
  expected: Readonly<Record<string, unknown>> | undefined,
  actual: Readonly<Record<string, unknown>>,
): boolean {
  if (!expected) return true;
  for (const [k, want] of Object.entries(expected)) {
    const got = actual[k];
    if (Array.isArray(want)) {
      if (!Array.isArray(got) || !want.every((w) => got.includes(w))) return false;
    } else if (Array.isArray(got)) {
      if (!got.includes(want)) return false;
    } else if (got !== want) return false;
  }
  return true;
}

/** Does a component id match a target (an equipment target accepts its components, and vice versa)? */
export function sameComponent(target: string, actual: string): boolean {
  if (target === actual) return true;
  return actual.startsWith(`${target}.`) || target.startsWith(`${actual}.`);
}

function inRange(o: MatchOptions, seq: number, t: number): boolean {
  if (o.since !== undefined && t < o.since) return false;
  if (o.beforeSeq !== undefined && seq >= o.beforeSeq) return false;
  return true;
}

function trendOk(m: Matcher, v: View, o: MatchOptions): boolean {
  if (v.kind !== 'trend') return false;
  const want = m.trend!;
  const shown = m.all ? want.every((s) => v.signals.includes(s)) : want.some((s) => v.signals.includes(s));
  if (!shown) return false;
  const rule = m.window ?? 'after_onset';
  if (rule === 'any' || o.onset === undefined) return true;
  const [from, to] = viewWindow(v);
  const reach = o.onset + (o.afterOnsetMin ?? 0) * 60_000;
  if (to < reach) return false;
  return rule === 'after_onset' || from < o.onset;
}

function commandOk(m: Matcher, c: Cmd, ctx: Ctx): boolean {
  if (m.action) return c.kind === 'action' && c.action === m.action && argsMatch(m.args, c.args);
  if (m.diag) {
    return (
      c.kind === 'action' &&
      c.action === 'act.diag' &&
      typeof c.args.target === 'string' &&
      sameComponent(m.diag.target, c.args.target) &&
      (m.diag.measurement === undefined || c.args.measurement === m.diag.measurement)
    );
  }
  if (m.measure) {
    return (
      c.kind === 'action' &&
      c.action === 'act.measure' &&
      (m.measure.instrument === undefined || c.args.instrument === m.measure.instrument) &&
      (m.measure.min_n === undefined || (typeof c.args.n === 'number' && c.args.n >= m.measure.min_n))
    );
  }
  if (m.write) {
    if (c.kind !== 'write' || !m.write.includes(c.signal)) return false;
    const dir = m.direction ?? 'any';
    if (dir === 'any') return true;
    const before = ctx.setpoints.get(c.signal)?.initial;
    const v = typeof c.applied === 'number' ? c.applied : typeof c.value === 'number' ? c.value : undefined;
    if (before === undefined || v === undefined) return false;
    return dir === 'up' ? v > before + 1e-9 : v < before - 1e-9;
  }
  return false;
}

/** Every entry satisfying the matcher, in journal order. */
export function matchAll(m: Matcher, ctx: Ctx, o: MatchOptions = {}): Hit[] {
  const hits: Hit[] = [];
  if (m.trend) {
    for (const v of ctx.views) if (inRange(o, v.seq, v.t) && trendOk(m, v, o)) hits.push(v);
    return hits;
  }
  if (m.view) {
    for (const v of ctx.views) {
      if (!inRange(o, v.seq, v.t) || v.kind !== m.view) continue;
      if (m.target !== undefined && v.target !== m.target) continue;
      hits.push(v);
    }
    return hits;
  }
  if (m.cite) {
    const d = ctx.diagnoses[0];
    if (d && inRange(o, d.seq, d.t) && d.evidence.some((e) => m.cite!.includes(e.ref))) hits.push(d);
    return hits;
  }
  for (const c of ctx.commands) {
    if (!c.candidate || (!c.accepted && !o.includeRejected) || !inRange(o, c.seq, c.t)) continue;
    if (commandOk(m, c, ctx)) hits.push(c);
  }
  return hits;
}

/** The first entry satisfying any of the matchers, or undefined. */
export function firstOf(ms: readonly Matcher[], ctx: Ctx, o: MatchOptions = {}): Hit | undefined {
  let best: Hit | undefined;
  for (const m of ms) {
    const h = matchAll(m, ctx, o)[0];
    if (h && (!best || h.seq < best.seq)) best = h;
  }
  return best;
}

/** Does this command satisfy the matcher (for the safety state machine)? */
export function commandMatches(m: Matcher, c: Cmd, ctx: Ctx): boolean {
  return commandOk(m, c, ctx);
}
