/**
 * Per-shot records (domain-model §7.3 ShotRecord) as the historian keeps them, whatever the cell puts
 * in them:
 * - a **curve** is an array of more than 32 numbers anywhere in the record (the journal's
 *   `cycleSummary` drops exactly those), named by its dotted path, e.g. `curves.cavity_a_gate`;
 * - the **summary** is the rest of the record (scalars, short arrays, nested objects);
 * - a top-level `trainer` object holds fields for trainers only: it is stored, but never shown to a
 *   candidate or the jury and never sent to InfluxDB (hidden truth, DESIGN.md principle 5).
 */
import type { Role } from '../../kernel/signal-schema.ts';
import { isPrivileged } from '../../kernel/validate-write.ts';

export const CURVE_MIN_LENGTH = 33;
export const TRAINER_KEY = 'trainer';

const isCurve = (v: unknown): v is readonly unknown[] =>
  Array.isArray(v) && v.length >= CURVE_MIN_LENGTH && v.every((x) => typeof x === 'number' || x === null);

/** Split a record into its summary and its curves. */
export function splitRecord(record: Readonly<Record<string, unknown>>): {
  summary: Record<string, unknown>;
  curves: Map<string, Float64Array>;
} {
  const curves = new Map<string, Float64Array>();
  const walk = (obj: Readonly<Record<string, unknown>>, prefix: string): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(obj)) {
      const path = prefix ? `${prefix}.${k}` : k;
      if (isCurve(v)) {
        curves.set(
          path,
          Float64Array.from(v, (x) => (typeof x === 'number' ? x : Number.NaN)),
        );
      } else if (v && typeof v === 'object' && !Array.isArray(v)) {
        out[k] = walk(v as Record<string, unknown>, path);
      } else {
        out[k] = v;
      }
    }
    return out;
  };
  return { summary: walk(record, ''), curves };
}

/** What a viewer may see of a summary or a curve list. */
export function visibleSummary(
  summary: Record<string, unknown>,
  roles: readonly Role[] | undefined,
): Record<string, unknown> {
  if (!roles || isPrivileged(roles) || !(TRAINER_KEY in summary)) return summary;
  const { [TRAINER_KEY]: _hidden, ...rest } = summary;
  return rest;
}

export const curveVisible = (name: string, roles: readonly Role[] | undefined): boolean =>
  !roles || isPrivileged(roles) || !(name === TRAINER_KEY || name.startsWith(`${TRAINER_KEY}.`));

/** The record's own shot id, when it has a usable one. */
export function shotIdOf(record: Readonly<Record<string, unknown>>): string | number | null {
  const v = record.shot_id ?? record.shotId;
  return typeof v === 'number' || (typeof v === 'string' && v.length <= 64) ? v : null;
}

/**
 * Flat scalar fields of a summary for InfluxDB: numbers (finite), booleans as 0/1, strings up to 256
 * characters; nested objects joined with "."; short arrays by element, an element object named by its
 * `sensor` or `id` when it has one (`cavity_pressure.cav1_gate.pmax`), else by its index; the trainer
 * block left out.
 */
export function flatFields(summary: Record<string, unknown>): Record<string, number | string> {
  const out: Record<string, number | string> = {};
  const put = (path: string, v: unknown) => {
    if (typeof v === 'number') {
      if (Number.isFinite(v)) out[path] = v;
    } else if (typeof v === 'boolean') out[path] = v ? 1 : 0;
    else if (typeof v === 'string') {
      if (v.length <= 256) out[path] = v;
    } else if (Array.isArray(v)) {
      if (v.length >= CURVE_MIN_LENGTH) return;
      v.forEach((x, i) => {
        const o =
          x && typeof x === 'object' && !Array.isArray(x) ? (x as Record<string, unknown>) : undefined;
        const key =
          o && (typeof o.sensor === 'string' ? 'sensor' : typeof o.id === 'string' ? 'id' : undefined);
        if (o && key) {
          const { [key]: name, ...rest } = o;
          put(`${path}.${name as string}`, rest);
        } else put(`${path}.${i}`, x);
      });
    } else if (v && typeof v === 'object') walk(v as Record<string, unknown>, path);
  };
  const walk = (obj: Record<string, unknown>, prefix: string) => {
    for (const [k, v] of Object.entries(obj)) {
      if (!prefix && k === TRAINER_KEY) continue;
      put(prefix ? `${prefix}.${k}` : k, v);
    }
  };
  walk(summary, '');
  return out;
}
