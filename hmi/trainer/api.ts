/**
 * The console's REST calls (docs/trainer.md): sessions (`/api/sessions…`), the fault engine's trainer
 * routes (`/api/faults/catalogue`, `/api/stations/:id/faults…`) and downloads, all with the trainer's or
 * the jury's bearer token. The shapes are the server's (type-only imports: nothing of the server reaches
 * the bundle).
 */

import type { ExerciseIssue } from '../../exercises/loader.ts';
import type { ScoreReport } from '../../scoring/report-types.ts';
import type { FitReason } from '../../simulator/session/exercise-fit.ts';
import type { StartResult } from '../../simulator/session/exercise-runner.ts';
import type { EntrySummary } from '../../simulator/session/journal-summary.ts';
import { ApiError } from '../src/api.ts';
import { setTrainerSession, tsession } from './session.ts';

export type { EntrySummary, ExerciseIssue, FitReason, ScoreReport, StartResult };

export async function tapi<T>(path: string, init: RequestInit & { json?: unknown } = {}): Promise<T> {
  const { json, ...rest } = init;
  const token = tsession.value?.token;
  const r = await fetch(path, {
    ...rest,
    ...(json !== undefined ? { method: rest.method ?? 'POST', body: JSON.stringify(json) } : {}),
    headers: {
      ...(json !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...((rest.headers as Record<string, string>) ?? {}),
    },
  });
  if (r.status === 401) setTrainerSession(null);
  if (!r.ok) {
    let body: { message?: string; reasons?: FitReason[] } = {};
    try {
      body = (await r.json()) as typeof body;
    } catch {
      // not JSON
    }
    const e = new ApiError(r.status, body.message ?? String(r.status)) as ApiError & {
      reasons?: FitReason[];
    };
    if (body.reasons) e.reasons = body.reasons;
    throw e;
  }
  return (await r.json()) as T;
}

/** Download a file of the API (the token goes in a header, so not through a plain link). */
export async function download(path: string, fallbackName: string): Promise<string> {
  const token = tsession.value?.token;
  const r = await fetch(path, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  if (!r.ok) throw new ApiError(r.status, String(r.status));
  const name = /filename="([^"]+)"/.exec(r.headers.get('content-disposition') ?? '')?.[1] ?? fallbackName;
  const url = URL.createObjectURL(await r.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return name;
}

export type Bilingual = { fr: string; en: string };

export interface ExerciseBrief {
  readonly id: string;
  readonly title: Bilingual;
  readonly version: number;
  readonly sha256: string;
  readonly seed: number;
  readonly start_t: number;
  readonly duration_min: number;
  readonly active: boolean;
  readonly started_by: string;
}

export interface StationStatus {
  readonly station: string;
  readonly sim_t: number;
  readonly state: 'producing' | 'stopped' | 'idle';
  readonly mode: string | null;
  readonly alarms: { readonly active: number; readonly unacked: number };
  readonly shots: number;
  readonly last_shot: {
    t: number;
    shot: string | number | null;
    quality: string | null;
    detail: string | null;
  } | null;
  readonly exercise: ExerciseBrief | null;
  readonly elapsed_s: number | null;
  readonly since_onset_s: number | null;
  readonly diagnosis: { readonly versions: number; readonly last_t: number | null };
  readonly detection: { readonly seconds: number | null; readonly seq: number | null } | null;
  readonly score: { readonly pct: number; readonly verdict: string } | null;
  readonly faults?: readonly {
    id: string;
    fault: string;
    name: Bilingual;
    component: string;
    state: string;
    onset_t: number;
    level: number;
    source: string;
  }[];
}

export interface LabInfo {
  readonly lab: {
    name: string;
    material: string;
    hot_runner: boolean;
    seed: number;
    epoch_ms: number;
    tick_ms: number;
    stations: string[];
  };
  readonly stations: { station: string; exercise: ExerciseBrief | null }[];
}

export type ExerciseEntry =
  | {
      readonly file: string;
      readonly ok: true;
      readonly id: string;
      readonly title: Bilingual;
      readonly summary?: Bilingual;
      readonly certification: string;
      readonly level: string;
      readonly duration_min: number;
      readonly faults: string[];
      readonly setup: { material: string; job: string; hot_runner: boolean };
      readonly sha256: string;
      readonly compatible: boolean;
      readonly reasons: FitReason[];
    }
  | { readonly file: string; readonly ok: false; readonly issues: ExerciseIssue[] };

export interface CatalogueFault {
  readonly id: string;
  readonly name: Bilingual;
  readonly components: { id: string; variants?: string[] }[];
  readonly default_component: string;
  readonly variants: string[];
  readonly default_variant: string;
  readonly severity: { default: number; min: number; max: number };
  readonly time: { real: string; exam: string; signature_s: number };
  readonly leading: string;
}

export interface FaultInstance {
  readonly id: string;
  readonly fault: string;
  readonly name: Bilingual;
  readonly component: string;
  readonly variant: string;
  readonly severity: number;
  readonly onset_t: number;
  readonly state: 'scheduled' | 'active' | 'repaired' | 'cleared';
  readonly level: number;
  readonly source: 'timeline' | 'trainer';
}

export interface Graded {
  readonly report: ScoreReport;
  readonly cited: EntrySummary[];
}

const st = (id: string) => encodeURIComponent(id);

export const getStatus = () => tapi<StationStatus[]>('/api/sessions/status');
export const getLab = () => tapi<LabInfo>('/api/sessions');
export const getExercises = () => tapi<ExerciseEntry[]>('/api/sessions/exercises');
export const startSession = (body: { exercise: string; stations: string[]; seed?: number }) =>
  tapi<StartResult>('/api/sessions', { json: body });
export const stopSession = (body: { stations: string[]; clear_faults: boolean; reason?: string }) =>
  tapi<{ stations: string[]; cleared: Record<string, string[]> }>('/api/sessions/stop', { json: body });
export const giveHint = (
  station: string,
  body: { text?: { fr?: string; en?: string }; criterion?: string; cost?: number; show?: boolean },
) => tapi<{ seq: number; shown: boolean }>(`/api/sessions/stations/${st(station)}/hint`, { json: body });
export const getScore = (station: string) => tapi<Graded>(`/api/sessions/stations/${st(station)}/score`);
export const override = (station: string, body: { criterion: string; score: number; comment: string }) =>
  tapi<Graded & { seq: number }>(`/api/sessions/stations/${st(station)}/override`, { json: body });

export const getCatalogue = () => tapi<CatalogueFault[]>('/api/faults/catalogue');
export const getFaults = (station: string) =>
  tapi<FaultInstance[]>(`/api/stations/${st(station)}/faults?all=false`);
export const injectFault = (station: string, body: Record<string, unknown>) =>
  tapi<FaultInstance>(`/api/stations/${st(station)}/faults`, { json: body });
export const scheduleFault = (station: string, body: Record<string, unknown>) =>
  tapi<FaultInstance>(`/api/stations/${st(station)}/faults/schedule`, { json: body });
export const clearFault = (station: string, id: string) =>
  tapi<{ cleared: string[] }>(`/api/stations/${st(station)}/faults/clear`, { json: { id } });

export const exportUrls = (station: string) => ({
  pdf: `/api/sessions/stations/${st(station)}/score?format=pdf`,
  html: `/api/sessions/stations/${st(station)}/score?format=html`,
  csv: `/api/sessions/stations/${st(station)}/score?format=csv`,
  debrief: `/api/sessions/stations/${st(station)}/debrief?format=csv`,
});
