/**
 * Per-shot record (the `cycleEnd` hook, domain-model §7.3 ShotRecord) → the derived
 * CycleParametersEventType event (OPC 40077 §17.3, OPC 40083 §19; standards.md §1.1–1.2).
 *
 * The ShotRecord's final shape comes from the physics (issue 3). This file is the one place that maps
 * it: EUROMAP-named keys are read from `record.cycleParameters` first, then from the top level; a key
 * matches regardless of case and "_" (`cushion_volume` ≡ `CushionVolume`). Units are EUROMAP's:
 * Duration fields (CycleTime, DosingTime, InjectionTime) in ms, volumes in cm³, pressures in bar/MPa as
 * the record gives them.
 */

import { CYCLE_EVENT_FIELDS, ENUMERATIONS, enumKey, INJECTION_UNIT_CYCLE_PARAMETERS } from './euromap.ts';
import type { CycleEvent } from './protocol.ts';

const norm = (k: string) => k.toLowerCase().replace(/_/g, '');

function index(obj: unknown, into: Map<string, unknown>): void {
  if (!obj || typeof obj !== 'object' || Array.isArray(obj)) return;
  for (const [k, v] of Object.entries(obj as Record<string, unknown>)) {
    if (!into.has(norm(k))) into.set(norm(k), v);
  }
}

const ENUM_FIELDS: Record<string, readonly string[]> = {
  CycleQuality: ENUMERATIONS.CycleQualityEnumeration!,
  JobStatus: ENUMERATIONS.JobStatusEnumeration!,
};

/** An enumeration field given as its value, its name (`GOOD_CYCLE`, `good`) or a boolean "good". */
function enumValue(names: readonly string[], v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < names.length) return v;
  if (typeof v === 'boolean' && names === ENUM_FIELDS.CycleQuality) return v ? 0 : 1;
  if (typeof v === 'string') {
    const k = enumKey(v);
    const i = names.findIndex((n) => enumKey(n) === k || enumKey(n).startsWith(k));
    return i >= 0 ? i : undefined;
  }
  return undefined;
}

/** The event of one cycle-end record at simulation time `t` (ms); null when the record has no cycle. */
export function cycleEventOf(record: Readonly<Record<string, unknown>>, timeMs: number): CycleEvent | null {
  const keys = new Map<string, unknown>();
  index(record.cycleParameters, keys);
  index(record.InjectionUnitCycleParameters_1, keys);
  index(record, keys);
  const fields: Record<string, number | string | boolean> = {};
  for (const f of CYCLE_EVENT_FIELDS) {
    const v = keys.get(norm(f));
    if (v === undefined || v === null) continue;
    const names = ENUM_FIELDS[f];
    if (names) {
      const e = enumValue(names, v);
      if (e !== undefined) fields[f] = e;
    } else if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') {
      fields[f] = v;
    }
  }
  const injectionUnit: Record<string, number> = {};
  for (const p of INJECTION_UNIT_CYCLE_PARAMETERS) {
    const v = keys.get(norm(p));
    if (typeof v === 'number' && Number.isFinite(v)) injectionUnit[p] = v;
  }
  if (Object.keys(fields).length === 0 && Object.keys(injectionUnit).length === 0) return null;
  return { time: timeMs, fields, injectionUnit };
}
