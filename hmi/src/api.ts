/**
 * REST calls of the HMI, with the session's bearer token. The historian's routes (trends, shots, curves;
 * issue 10) are read through small normalisers so the screens do not depend on the exact wrapping of the
 * answers. Every trend query is journaled by the historian route itself.
 */
import type { WireAlarm, WireEvent, WireLogbookEntry } from '../../simulator/server/realtime/wire.ts';
import { session } from './session.ts';

export class ApiError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

export async function api<T>(path: string, init: RequestInit = {}): Promise<T> {
  const token = session.value?.token;
  const r = await fetch(path, {
    ...init,
    headers: {
      ...(init.body ? { 'content-type': 'application/json' } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(init.headers ?? {}),
    },
  });
  if (!r.ok) {
    let message = `${r.status}`;
    try {
      message = ((await r.json()) as { message?: string }).message ?? message;
    } catch {
      // not JSON
    }
    throw new ApiError(r.status, message);
  }
  return (await r.json()) as T;
}

const st = () => encodeURIComponent(session.value?.station ?? '');

export interface ActionInfo {
  readonly name: string;
  readonly label?: { fr: string; en: string };
  readonly group?: string;
  readonly allowed: boolean;
  readonly args: JsonSchema;
}

export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  default?: unknown;
  description?: string;
  anyOf?: JsonSchema[];
  additionalProperties?: unknown;
}

export const getActions = () => api<ActionInfo[]>(`/api/stations/${st()}/actions`);
export const getAlarms = () =>
  api<{ active: WireAlarm[]; history: WireAlarm[] }>(`/api/stations/${st()}/alarms`);
export const getEvents = () => api<WireEvent[]>(`/api/stations/${st()}/events`);
export const getLogbook = () => api<WireLogbookEntry[]>(`/api/stations/${st()}/logbook?limit=1000`);

export interface TaxonomyNode {
  id: string;
  label: { fr: string; en: string };
}
export interface Taxonomy {
  families: { id: string; label: { fr: string; en: string } }[];
  equipment: (TaxonomyNode & {
    components: (TaxonomyNode & { modes: (TaxonomyNode & { family: string })[] })[];
  })[];
}
export const getTaxonomy = () => api<Taxonomy>('/api/taxonomy');

export interface DiagnosisVersion {
  version: number;
  seq: number;
  t: number;
  wall: number;
  user: string;
  family: string;
  diagnosis: DiagnosisDraft;
}
export interface EvidenceItem {
  kind: 'signal' | 'curve' | 'shot' | 'alarm' | 'observation';
  ref: string;
  from?: number;
  to?: number;
  note?: string;
}
export interface DiagnosisDraft {
  symptoms: string[];
  rootCause: { equipment: string; component: string; failureMode: string };
  evidence: EvidenceItem[];
  explanation: string;
  corrective: string;
  preventive: string;
}
export const getDiagnosis = () => api<{ versions: DiagnosisVersion[] }>(`/api/stations/${st()}/diagnosis`);

// ---- historian (issue 10) ---------------------------------------------------------------------------

/** Trend data aligned for uPlot: a shared time axis (epoch ms) and one array per signal. */
export interface Series {
  readonly t: number[];
  readonly values: (number | null)[][];
  readonly signals: string[];
  readonly aggregation?: string;
}

function asSeries(x: unknown, signals: string[]): Series {
  const o = (x ?? {}) as Record<string, unknown>;
  if (Array.isArray(o.t) && Array.isArray(o.values)) {
    return {
      t: o.t as number[],
      values: o.values as (number | null)[][],
      signals: (o.signals as string[]) ?? signals,
      ...(typeof o.aggregation === 'string' ? { aggregation: o.aggregation } : {}),
    };
  }
  // tolerate { series: [{ signal, points: [[t, v]…] }] }
  if (Array.isArray(o.series)) {
    const ts = new Set<number>();
    const maps = (o.series as { signal: string; points: [number, number | null][] }[]).map((s) => {
      const m = new Map<number, number | null>();
      for (const [t, v] of s.points ?? []) {
        ts.add(t);
        m.set(t, v);
      }
      return m;
    });
    const t = [...ts].sort((a, b) => a - b);
    return { t, values: maps.map((m) => t.map((x) => m.get(x) ?? null)), signals };
  }
  throw new Error('unexpected historian answer');
}

export async function getHistory(signals: string[], from: number, to: number): Promise<Series> {
  const q = new URLSearchParams({
    signals: signals.join(','),
    from: String(Math.round(from)),
    to: String(Math.round(to)),
    agg: 'auto',
  });
  return asSeries(await api<unknown>(`/api/stations/${st()}/history?${q}`), signals);
}

export interface ShotRow {
  readonly id: number | string;
  readonly t: number;
  readonly record: Record<string, unknown>;
}

export async function getShots(limit = 200): Promise<ShotRow[]> {
  const x = await api<unknown>(`/api/stations/${st()}/shots?limit=${limit}`);
  const list = (Array.isArray(x) ? x : ((x as { shots?: unknown[] }).shots ?? [])) as Record<
    string,
    unknown
  >[];
  return list.map((s, i) => ({
    id: (s.id as number) ?? i,
    t: Number(s.t ?? 0),
    record: ((s.record as Record<string, unknown>) ?? s) as Record<string, unknown>,
  }));
}

export interface CurveSet {
  readonly id: number | string;
  readonly t: number;
  readonly curves: Record<string, (number | null)[]>;
}

export async function getCurves(last: number): Promise<CurveSet[]> {
  const x = await api<unknown>(`/api/stations/${st()}/shots/curves?last=${last}`);
  const list = (Array.isArray(x) ? x : ((x as { shots?: unknown[] }).shots ?? [])) as Record<
    string,
    unknown
  >[];
  return list.map((s, i) => ({
    id: (s.id as number) ?? i,
    t: Number(s.t ?? 0),
    curves: (s.curves as Record<string, (number | null)[]>) ?? {},
  }));
}
