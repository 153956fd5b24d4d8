/**
 * Per-shot record (the `cycleEnd` hook: simulator/cell/shot-record.ts, domain-model §7.3) → the derived
 * CycleParametersEventType event (OPC 40077 §17.3, OPC 40083 §19; standards.md §1.1–1.2).
 *
 * The one place that maps the record. Each field is looked up, in order, in `record.euromap77` (the
 * InjectionUnitCycleParametersType set), `record.cycleParameters`, the top level, then the ShotRecord's
 * own names (`job`, `cycle_time`, `cycle_quality`, `shot_id`, `material_lot`). A key matches whatever
 * its case and "_" (`cushion_volume` ≡ `CushionVolume`). Fields the record lacks (the job counters,
 * JobStatus) come from the station's signals at the same EUROMAP names (`lookup`), so the event carries
 * the counters as they stand at the end of the cycle.
 *
 * Units: the ShotRecord gives times in s; EUROMAP's Duration fields (CycleTime, DosingTime,
 * InjectionTime) are ms. Only these EUROMAP fields are copied: nothing else of the record (fault data
 * included) can reach a client.
 */
import { CYCLE_EVENT_FIELDS, ENUMERATIONS, enumKey, INJECTION_UNIT_CYCLE_PARAMETERS } from './euromap.ts';
import type { CycleEvent } from './protocol.ts';

const norm = (k: string) => k.toLowerCase().replace(/_/g, '');

/** EUROMAP name → the ShotRecord's own key for it. */
const ALIASES: Record<string, string> = {
  JobName: 'job',
  CycleTime: 'cycle_time',
  CycleQuality: 'cycle_quality',
  MachineCycleCounter: 'shot_id',
  CurrentLotName: 'material_lot',
};

/** Duration fields, given in s by the ShotRecord and sent in ms. */
const SECONDS: ReadonlySet<string> = new Set(['CycleTime', 'DosingTime', 'InjectionTime']);

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

/** The current value of the station signal at a EUROMAP field name (enums by their name), if any. */
export type FieldLookup = (field: string) => number | string | boolean | undefined;

/** The event of one cycle-end record at `timeMs` (ms since the Unix epoch); null when it has nothing. */
export function cycleEventOf(
  record: Readonly<Record<string, unknown>>,
  timeMs: number,
  lookup: FieldLookup = () => undefined,
): CycleEvent | null {
  const keys = new Map<string, unknown>();
  index(record.euromap77, keys);
  index(record.cycleParameters, keys);
  index(record.InjectionUnitCycleParameters_1, keys);
  index(record, keys);
  const get = (f: string): unknown => {
    const own = keys.get(norm(f));
    if (own !== undefined && own !== null) return own;
    const alias = ALIASES[f];
    return alias ? keys.get(norm(alias)) : undefined;
  };
  const time = (f: string, v: number) => (SECONDS.has(f) ? Math.round(v * 1000 * 1000) / 1000 : v);
  const fields: Record<string, number | string | boolean> = {};
  let fromRecord = 0;
  for (const f of CYCLE_EVENT_FIELDS) {
    const inRecord = get(f);
    if (inRecord !== undefined && inRecord !== null) fromRecord++;
    const v = inRecord ?? lookup(f);
    if (v === undefined || v === null) continue;
    const names = ENUM_FIELDS[f];
    if (names) {
      const e = enumValue(names, v);
      if (e !== undefined) fields[f] = e;
    } else if (typeof v === 'number') {
      fields[f] = inRecord === undefined ? v : time(f, v);
    } else if (typeof v === 'string' || typeof v === 'boolean') {
      fields[f] = v;
    }
  }
  const injectionUnit: Record<string, number> = {};
  for (const p of INJECTION_UNIT_CYCLE_PARAMETERS) {
    const v = get(p);
    if (typeof v === 'number' && Number.isFinite(v)) injectionUnit[p] = time(p, v);
  }
  if (fromRecord === 0 && Object.keys(injectionUnit).length === 0) return null;
  return { time: timeMs, fields, injectionUnit };
}
