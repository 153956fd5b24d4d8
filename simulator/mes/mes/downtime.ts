/**
 * Downtime seen by the MES (domain-model §6.1): a gap between cycles is a micro-stop (performance loss) or
 * a stop (availability loss); a stop opens live when the machine leaves production or a cycle is overdue;
 * its automatic standstill reason comes from the alarms and mode changes around it (mes/reasons.ts).
 */
import { bound, lowerBound } from '../common.ts';
import type { MesState, Stop } from '../types.ts';
import type { MesModel } from './mes-model.ts';
import { autoReason } from './reasons.ts';

const MAX_STOPS = 5000;
const PRODUCING = new Set(['PRODUCTION', 'START_UP']);

export function stopById(s: MesState, id: number): Stop | undefined {
  for (let i = s.stops.length - 1; i >= 0; i--) if (s.stops[i]!.id === id) return s.stops[i];
  return undefined;
}

function autoReasonOf(mes: MesModel, start: number, end: number) {
  const a = mes.s.alarmLog;
  const m = mes.s.modeLog;
  return autoReason({
    start,
    end,
    alarms: a.slice(lowerBound(a, start - 30_000, (x) => x.t)),
    modeChanges: m.slice(lowerBound(m, start - 2000, (x) => x.t)),
    hasJob: mes.producingJob() !== null,
  });
}

/** A gap between two cycles, recorded when the next cycle arrives. */
export function addGapStop(mes: MesModel, start: number, end: number): void {
  const kind = end - start < mes.opts.microStopMaxS * 1000 ? 'micro' : 'stop';
  const r = autoReasonOf(mes, start, end);
  mes.s.stops.push({
    id: ++mes.s.seq.stop,
    start,
    end,
    kind,
    reasonId: r.reasonId,
    reasonSource: 'auto',
    evidence: r.evidence,
    comment: '',
    job: mes.s.job?.id ?? '',
    by: 'auto',
  });
  bound(mes.s.stops, MAX_STOPS);
}

/** The open stop ends where the next cycle started. */
export function closeStop(mes: MesModel, end: number): void {
  const st = stopById(mes.s, mes.s.openStop!);
  mes.s.openStop = null;
  if (!st) return;
  st.end = Math.max(st.start, end);
  if (st.end - st.start < mes.opts.microStopMaxS * 1000) st.kind = 'micro';
  if (st.reasonSource === 'auto') {
    const r = autoReasonOf(mes, st.start, st.end);
    st.reasonId = r.reasonId;
    st.evidence = r.evidence;
  }
  mes.dirty = true;
}

/** Insert a declared interval (a break…) in start order. */
export function insertStop(s: MesState, st: Stop): void {
  let i = s.stops.length;
  while (i > 0 && s.stops[i - 1]!.start > st.start) i--;
  s.stops.splice(i, 0, st);
  bound(s.stops, MAX_STOPS);
}

/** The current stop (open) or the last one. */
export function currentOrLastStop(s: MesState): Stop | undefined {
  if (s.openStop !== null) return stopById(s, s.openStop);
  for (let i = s.stops.length - 1; i >= 0; i--) if (s.stops[i]!.kind !== 'declared') return s.stops[i];
  return undefined;
}

/** Each tick: open a stop when the machine left production or a cycle is overdue; refresh its reason. */
export function liveStop(mes: MesModel, now: number): void {
  const s = mes.s;
  const tref = mes.trefOf(mes.s.job);
  if (s.openStop === null) {
    const idle = now - s.lastCycleEnd;
    const prod = mes.productionStatus();
    const overdue = idle > (tref + mes.opts.microStopMaxS) * 1000;
    const notProducing = prod !== null && !PRODUCING.has(prod) && idle > 2000;
    if (overdue || notProducing) {
      const r = autoReasonOf(mes, s.lastCycleEnd, now);
      const st: Stop = {
        id: ++s.seq.stop,
        start: s.lastCycleEnd,
        end: null,
        kind: 'stop',
        reasonId: r.reasonId,
        reasonSource: 'auto',
        evidence: r.evidence,
        comment: '',
        job: s.job?.id ?? '',
        by: 'auto',
      };
      s.stops.push(st);
      bound(s.stops, MAX_STOPS);
      s.openStop = st.id;
      mes.dirty = true;
    }
  } else {
    const st = stopById(mes.s, s.openStop);
    if (st && st.reasonSource === 'auto' && now % 1000 === 0) {
      const r = autoReasonOf(mes, st.start, now);
      if (r.reasonId !== st.reasonId) {
        st.reasonId = r.reasonId;
        st.evidence = r.evidence;
        mes.dirty = true;
      }
    }
  }
}
