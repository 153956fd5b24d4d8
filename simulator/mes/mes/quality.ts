/**
 * Quality decisions on suspect parts and boxes (domain-model §5.2 A.4 `ACT_QUARANTINE`, H `ACT_SCRAP`,
 * `ACT_RELEASE`): a selection by shot range, time window, "since alarm A", boxes, parts or material lot;
 * a quarantine holds the parts (optionally every new part until released), a release frees them, a scrap
 * removes them from their boxes and counts them as non-quality.
 */
import { lowerBound, partId } from '../common.ts';
import type { QualitySelectorInput } from '../schemas.ts';
import type { JobState, PartRow, QualityDecision, QualitySelector, ShotRow } from '../types.ts';
import type { MesModel } from './mes-model.ts';

export interface PartRef {
  readonly row: ShotRow;
  readonly part: PartRow;
}

/** The time of the last activation of alarm `equipment/CODE` at or before `before`, or null. */
export function lastAlarmActivation(mes: MesModel, spec: string, before: number): number | null {
  const [equipment, code] = spec.split('/');
  const log = mes.s.alarmLog;
  for (let i = log.length - 1; i >= 0; i--) {
    const a = log[i]!;
    if (a.t <= before && a.state === 'active' && a.equipment === equipment && a.code === code) return a.t;
  }
  return null;
}

/** The first activation of an alarm at or after `after`, or null. */
export function firstAlarmActivation(mes: MesModel, spec: string, after: number): number | null {
  const [equipment, code] = spec.split('/');
  for (const a of mes.s.alarmLog) {
    if (a.t >= after && a.state === 'active' && a.equipment === equipment && a.code === code) return a.t;
  }
  return null;
}

/** A selection with `afterAlarm` resolved to a time; an error when the alarm never fired. */
export function resolveSelector(
  mes: MesModel,
  sel: QualitySelectorInput,
  now: number,
): { selector: QualitySelector } | { error: string } {
  let from = sel.from;
  if (sel.afterAlarm) {
    const t = lastAlarmActivation(mes, sel.afterAlarm, now);
    if (t === null) return { error: `alarm ${sel.afterAlarm} never became active` };
    from = from === undefined ? t : Math.max(from, t);
  }
  return {
    selector: {
      shotFrom: sel.shotFrom,
      shotTo: sel.shotTo,
      from,
      to: sel.to,
      boxes: sel.boxes,
      parts: sel.parts,
      lot: sel.lot,
    },
  };
}

export const lotMatches = (row: ShotRow, lot: string | undefined): boolean =>
  lot === undefined || row.lot === lot || row.lotPrev === lot;

/** Every part the selection matches (all criteria must hold). */
export function selectParts(mes: MesModel, sel: QualitySelector): PartRef[] {
  const shots = mes.s.shots;
  let i = 0;
  let j = shots.length;
  if (sel.from !== undefined)
    i = Math.max(
      i,
      lowerBound(shots, sel.from, (r) => r.te),
    );
  if (sel.to !== undefined)
    j = Math.min(
      j,
      lowerBound(shots, sel.to, (r) => r.te),
    );
  if (sel.shotFrom !== undefined)
    i = Math.max(
      i,
      lowerBound(shots, sel.shotFrom, (r) => r.id),
    );
  if (sel.shotTo !== undefined)
    j = Math.min(
      j,
      lowerBound(shots, sel.shotTo + 1, (r) => r.id),
    );
  const boxes = sel.boxes ? new Set(sel.boxes) : null;
  const parts = sel.parts ? new Set(sel.parts) : null;
  const out: PartRef[] = [];
  for (let k = i; k < j; k++) {
    const row = shots[k]!;
    if (!lotMatches(row, sel.lot)) continue;
    for (const part of row.cav) {
      if (boxes && (part.box === null || !boxes.has(part.box))) continue;
      if (parts && !parts.has(partId(row.id, part.k))) continue;
      out.push({ row, part });
    }
  }
  return out;
}

const holdable = (p: PartRow) => (p.disp === 'boxed' || p.disp === 'unassigned') && p.hold === null;

export function newDecision(
  mes: MesModel,
  t: number,
  kind: QualityDecision['kind'],
  selector: QualitySelector,
  reason: string,
  by: string,
  extra: Partial<Pick<QualityDecision, 'open' | 'defectClass' | 'of'>> = {},
): QualityDecision {
  const d: QualityDecision = {
    id: ++mes.s.seq.decision,
    t,
    kind,
    selector,
    open: extra.open ?? false,
    closedAt: null,
    reason,
    defectClass: extra.defectClass ?? '',
    by,
    parts: 0,
    boxes: [],
    of: extra.of ?? null,
  };
  mes.s.decisions.push(d);
  if (mes.s.decisions.length > 2000) mes.s.decisions.splice(0, mes.s.decisions.length - 2000);
  return d;
}

function touchBox(d: QualityDecision, box: string | null): void {
  if (box && !d.boxes.includes(box)) d.boxes.push(box);
}

/** Hold the selected parts. */
export function quarantine(mes: MesModel, d: QualityDecision, refs: readonly PartRef[]): void {
  for (const { part } of refs) {
    if (!holdable(part)) continue;
    part.hold = d.id;
    d.parts++;
    touchBox(d, part.box);
    const b = part.box ? mes.box(part.box) : undefined;
    if (b) b.held++;
  }
  mes.dirty = true;
}

/** An ongoing quarantine also holds each new part that matches its lot criterion. */
export function applyOngoingHolds(mes: MesModel, row: ShotRow, part: PartRow): void {
  for (let i = mes.s.decisions.length - 1; i >= 0; i--) {
    const d = mes.s.decisions[i]!;
    if (d.kind !== 'quarantine' || !d.open || !holdable(part)) continue;
    if (!lotMatches(row, d.selector.lot)) continue;
    quarantine(mes, d, [{ row, part }]);
  }
}

/** Free the held parts among `refs` (those of `decision` when given). */
export function release(
  mes: MesModel,
  d: QualityDecision,
  refs: readonly PartRef[],
  decision: number | null,
): void {
  for (const { part } of refs) {
    if (part.hold === null || (decision !== null && part.hold !== decision)) continue;
    part.hold = null;
    d.parts++;
    touchBox(d, part.box);
    const b = part.box ? mes.box(part.box) : undefined;
    if (b) b.held = Math.max(0, b.held - 1);
  }
  mes.dirty = true;
}

const jobById = (mes: MesModel, id: string): JobState | undefined =>
  mes.s.job?.id === id ? mes.s.job : mes.s.jobs.find((j) => j.id === id);

/** Scrap the good parts among `refs`: out of their boxes, counted as non-quality of their job and order. */
export function scrap(mes: MesModel, d: QualityDecision, refs: readonly PartRef[], cls: string): void {
  for (const { row, part } of refs) {
    if (part.disp !== 'boxed' && part.disp !== 'unassigned') continue;
    const b = part.box ? mes.box(part.box) : undefined;
    if (part.hold !== null && b) b.held = Math.max(0, b.held - 1);
    part.hold = null;
    part.disp = 'scrapped';
    part.r = cls;
    d.parts++;
    touchBox(d, part.box);
    if (b) b.scrapped++;
    const job = jobById(mes, row.job);
    if (job) {
      job.counters.scrapped++;
      job.counters.scrapByClass[cls] = (job.counters.scrapByClass[cls] ?? 0) + 1;
    }
    const mo = row.mo ? mes.erp.order(row.mo) : undefined;
    if (mo) mo.produced.scrapped++;
  }
  mes.dirty = true;
}

/** Parts held by a decision. */
export function heldBy(mes: MesModel, decision: number): PartRef[] {
  const out: PartRef[] = [];
  for (const row of mes.s.shots)
    for (const part of row.cav) if (part.hold === decision) out.push({ row, part });
  return out;
}

/** The parts of the last n shots. */
export function lastShots(mes: MesModel, n: number): PartRef[] {
  const out: PartRef[] = [];
  for (const row of mes.s.shots.slice(-n)) for (const part of row.cav) out.push({ row, part });
  return out;
}

export const countHoldable = (refs: readonly PartRef[]): number =>
  refs.filter((r) => holdable(r.part)).length;
