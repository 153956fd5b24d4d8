/**
 * What of a model's per-shot record or discrete event may go to a candidate's socket (DESIGN.md
 * principle 5, reliability-security T4/I4). Records are produced by the cell for every channel, but a
 * top-level `trainer` block holds trainer-only fields (the historian's convention, issue 10), and curves
 * (arrays longer than 32 values) are left to the historian's REST routes. As defence in depth, keys that
 * name hidden truth (`trainer`, `fault…`, `…_true`, `hidden…`, `secret…`, `_…`) are dropped at any
 * depth.
 */
import type { WireValue } from './wire.ts';

const HIDDEN_KEY = /^(_|trainer|fault|hidden|secret|truth)|(_true|_truth|_hidden)$/i;
const MAX_DEPTH = 4;
const MAX_KEYS = 200;
const MAX_STRING = 256;

function clean(v: unknown, depth: number): unknown {
  if (v === null || typeof v === 'number' || typeof v === 'boolean') {
    return typeof v === 'number' && !Number.isFinite(v) ? null : v;
  }
  if (typeof v === 'string') return v.length > MAX_STRING ? v.slice(0, MAX_STRING) : v;
  if (Array.isArray(v)) {
    if (v.length > 32 || depth >= MAX_DEPTH) return undefined;
    return v.map((x) => clean(x, depth + 1)).filter((x) => x !== undefined);
  }
  if (typeof v === 'object' && depth < MAX_DEPTH) {
    const out: Record<string, unknown> = {};
    let n = 0;
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      if (HIDDEN_KEY.test(k)) continue;
      if (++n > MAX_KEYS) break;
      const c = clean(x, depth + 1);
      if (c !== undefined) out[k] = c;
    }
    return out;
  }
  return undefined;
}

/** A per-shot record as a candidate may see it: no trainer block, no hidden keys, no curves. */
export function candidateRecord(record: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return (clean(record, 0) as Record<string, unknown> | undefined) ?? {};
}

/** The flat data of a discrete event as a candidate may see it (primitives only). */
export function candidateEventData(
  data: Readonly<Record<string, unknown>> | undefined,
): Record<string, WireValue> | undefined {
  if (!data) return undefined;
  const out: Record<string, WireValue> = {};
  let n = 0;
  for (const [k, v] of Object.entries(data)) {
    if (HIDDEN_KEY.test(k)) continue;
    if (typeof v === 'number' && Number.isFinite(v)) out[k] = v;
    else if (typeof v === 'boolean') out[k] = v;
    else if (typeof v === 'string') out[k] = v.slice(0, MAX_STRING);
    else continue;
    if (++n >= 50) break;
  }
  return n ? out : undefined;
}
