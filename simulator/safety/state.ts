/** Plain-data state of the safety model (all of it goes into the snapshot). */
import type { ShotRecord } from '../cell/shot-record.ts';
import type { AuditEntry } from '../faults/diagnostics.ts';

export interface Lock {
  readonly user: string;
  readonly padlock: string;
  /** simulation s */
  readonly t: number;
  tag: { name?: string; reason?: string; date?: string } | null;
}

export type WorkKind = 'repair' | 'diag' | 'vacuum_test' | 'inspect_eoat' | 'swap' | 'dataset';

/** A timed intervention in progress (§5.2 K exam durations): one at a time per station. */
export interface Work {
  readonly kind: WorkKind;
  readonly user: string;
  readonly roles: readonly string[];
  readonly channel: string;
  readonly client?: string;
  readonly startS: number;
  readonly endS: number;
  readonly target: string;
  readonly op?: string;
  readonly measurement?: string;
  readonly lot?: string;
  readonly preDried?: boolean;
}

/** A per-shot summary kept for first-article checks, measurements and diagnostics (no curves). */
export interface ShotSummary {
  readonly shot_id: number;
  readonly t_end: number;
  readonly weights: [number, number];
  readonly dimensions: [number, number];
  readonly defects: string[];
  readonly vision: string[];
  readonly quality: string;
  readonly mould: [number, number];
}

export interface SafetyState {
  ppe: string[];
  notified: number;
  quarantines: { from: number; to?: number; t: number; by: string }[];
  identified: string[];
  isolated: { main: boolean; air: boolean; water: boolean; hr: boolean };
  /** values of the controls an isolation switched off, restored when the last padlock comes off */
  saved: Record<string, number>;
  locks: Lock[];
  dissipated: string[];
  verified: string[];
  /** déconsignation steps done since the last padlock went on */
  restore: { tools: boolean; guards: boolean; area: boolean };
  purge: {
    container: boolean;
    nozzleChecked: boolean;
    nozzleOk: boolean;
    shots: number;
    lastMeltC: number | null;
    disposed: boolean;
  };
  robot: { stopped: boolean; doorLockedBy: string | null };
  restart: { t: number | null; scrapped: number; faiT: number | null; releasedT: number | null };
  cyber: {
    reported: boolean;
    isolated: string[];
    logsPreserved: boolean;
    /** the validated dataset (controlled repository): signal key → value */
    validated: Record<string, number>;
    restoredT: number | null;
  };
  work: Work | null;
  /** results published so far */
  results: number;
  audit: AuditEntry[];
  /** compact summaries of the last shots (measurements of up to 500 parts) */
  shots: ShotSummary[];
  /** the last few full records without their curves (diagnostics) */
  recent: Omit<ShotRecord, 'curves'>[];
  lastShotId: number;
  /** the E-stop was pressed as a gesture */
  estopT: number | null;
}

export function newSafetyState(): SafetyState {
  return {
    ppe: [],
    notified: 0,
    quarantines: [],
    identified: [],
    isolated: { main: false, air: false, water: false, hr: false },
    saved: {},
    locks: [],
    dissipated: [],
    verified: [],
    restore: { tools: false, guards: false, area: false },
    purge: {
      container: false,
      nozzleChecked: false,
      nozzleOk: false,
      shots: 0,
      lastMeltC: null,
      disposed: false,
    },
    robot: { stopped: false, doorLockedBy: null },
    restart: { t: null, scrapped: 0, faiT: null, releasedT: null },
    cyber: { reported: false, isolated: [], logsPreserved: false, validated: {}, restoredT: null },
    work: null,
    results: 0,
    audit: [],
    shots: [],
    recent: [],
    lastShotId: 0,
    estopT: null,
  };
}
