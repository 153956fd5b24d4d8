/**
 * Read side of the MES for the REST API and the UNS bridge: overview, jobs and counts, scrap Pareto, OEE by
 * hour / shift / order with the losses behind it, "why did OEE drop", downtime, SPC, quality decisions.
 * Pure functions of the model state; times in and out are simulation ms, with ISO strings for display.
 */
import { lowerBound, round } from '../common.ts';
import type { MesModel } from '../mes/mes-model.ts';
import {
  categoryOf,
  classOfReason,
  explainOee,
  type OeeWindow,
  oeeWindow,
  shotsIn,
} from '../mes/oee-window.ts';
import { REASONS, reasonById } from '../mes/reasons.ts';
import { SPC_VARIABLES } from '../mes/spc-vars.ts';
import { RULE_IDS, RULES } from '../spc.ts';
import type { JobState, Stop } from '../types.ts';
import { boxView, type Clock, iso, lotInfo } from './genealogy.ts';

const H = 3_600_000;
const SHIFT = 8 * H;

export function jobView(mes: MesModel, c: Clock, j: JobState | null) {
  if (!j) return null;
  const machine = mes.hasMachineCounters()
    ? (j.endCounters ?? (j === mes.s.job ? mes.machineCounters() : null))
    : null;
  const b = j.baseline;
  const box = j.openBox ? mes.box(j.openBox) : undefined;
  return {
    job: j.id,
    ...j.data,
    order: j.mo,
    status: j.status,
    createdAt: iso(c, j.createdAt),
    startedAt: j.startedAt === null ? null : iso(c, j.startedAt),
    interruptedAt: j.interruptedAt === null ? null : iso(c, j.interruptedAt),
    finishedAt: j.finishedAt === null ? null : iso(c, j.finishedAt),
    counters: j.counters,
    goodNet: j.counters.boxed - j.counters.scrapped,
    progressPct:
      j.data.NominalParts > 0
        ? round((100 * (j.counters.boxed - j.counters.scrapped)) / j.data.NominalParts, 1)
        : null,
    firstShot: j.firstShot,
    lastShot: j.lastShot,
    openBox: box ? boxView(mes, c, box) : null,
    /** the machine's own counters since the job started (EUROMAP 77 ActiveJobValues) against the MES's */
    reconciliation:
      machine && b
        ? {
            machine: {
              cycles: machine.cycle - b.cycle,
              parts: machine.parts - b.parts,
              good: machine.good - b.good,
              bad: machine.bad - b.bad,
            },
            mes: {
              cycles: j.counters.cycles,
              parts: j.counters.parts,
              good: j.counters.good,
              bad: j.counters.bad,
            },
          }
        : null,
  };
}

export function liveState(mes: MesModel, c: Clock, now: number) {
  const open = mes.s.openStop !== null ? mes.findStop(mes.s.openStop) : undefined;
  return {
    state: open ? 'stopped' : mes.s.lastShotId === null ? 'idle' : 'running',
    since: open ? iso(c, open.start) : mes.s.lastShotId === null ? null : iso(c, mes.s.lastCycleEnd),
    stop: open ? stopView(c, open, now) : null,
    machineMode: mes.machineMode(),
    productionStatus: mes.productionStatus(),
    automaticRunEnabled: mes.s.automaticRun,
    productionReleasedByMes: mes.s.releasedByMes,
    mesMessage: mes.s.mesMessage,
  };
}

export function overview(mes: MesModel, c: Clock, now: number) {
  const hour = oeeWindow(mes.s, Math.max(0, now - H), now, now);
  let held = 0;
  for (const b of mes.s.boxes) held += b.held;
  return {
    now: iso(c, now),
    t: now,
    job: jobView(mes, c, mes.s.job),
    live: liveState(mes, c, now),
    lot: lotInfo(mes.erp, mes.s.currentLot),
    lastShot: mes.s.lastShotId,
    oeeLastHour: compactOee(hour),
    quarantinedParts: held,
    openQuarantines: mes.s.decisions.filter((d) => d.kind === 'quarantine' && (d.open || d.closedAt === null))
      .length,
    activeAlarms: mes.s.activeAlarms,
    spcCharts: Object.keys(mes.s.spc),
  };
}

export function compactOee(w: OeeWindow) {
  return {
    oee: w.oee,
    availability: w.availability,
    performance: w.performance,
    performanceRaw: w.performanceRaw,
    performanceFlag: w.performanceFlag,
    quality: w.quality,
    shots: w.shots,
    parts: w.parts,
    good: w.good,
  };
}

export function jobsList(mes: MesModel, c: Clock) {
  return [...mes.s.jobs, ...(mes.s.job ? [mes.s.job] : [])].map((j) => jobView(mes, c, j));
}

/** Scrap by defect class (Pareto), per cavity, over a window. */
export function scrapPareto(mes: MesModel, from: number, to: number) {
  const total: Record<string, number> = {};
  const byCavity: Record<string, Record<string, number>> = {};
  let parts = 0;
  for (const row of shotsIn(mes.s, from, to)) {
    for (const p of row.cav) {
      parts++;
      let cls: string | null = null;
      if (p.disp === 'reject') cls = p.d[0] ?? classOfReason(p.r);
      else if (p.disp === 'startup') cls = 'startup';
      else if (p.disp === 'scrapped') cls = p.r || 'quality_decision';
      if (!cls) continue;
      total[cls] = (total[cls] ?? 0) + 1;
      const k = (byCavity[String(p.k)] ??= {});
      k[cls] = (k[cls] ?? 0) + 1;
    }
  }
  const scrap = Object.values(total).reduce((a, b) => a + b, 0);
  return {
    parts,
    scrap,
    scrapRatePct: parts ? round((100 * scrap) / parts, 2) : null,
    pareto: Object.entries(total)
      .sort((a, b) => b[1] - a[1])
      .map(([cls, n]) => ({ class: cls, parts: n, sharePct: round((100 * n) / scrap, 1) })),
    byCavity,
  };
}

export type OeeBy = 'hour' | 'shift' | 'order';
export type Align = 'clock' | 'session';

/** Period boundaries covering [from, to): whole hours or 8-hour shifts (06-14-22 on the clock). */
export function periods(
  c: Clock,
  by: 'hour' | 'shift',
  align: Align,
  from: number,
  to: number,
  max = 200,
): [number, number][] {
  const len = by === 'hour' ? H : SHIFT;
  let start: number;
  if (align === 'session') start = Math.floor(from / len) * len;
  else {
    const d = new Date(c.abs(from));
    d.setMinutes(0, 0, 0);
    if (by === 'shift') {
      const h = d.getHours();
      const back = (((h - 6) % 8) + 8) % 8;
      d.setHours(h - back);
    }
    start = d.getTime() - c.abs(0);
  }
  const out: [number, number][] = [];
  for (let a = start; a < to && out.length < max; a += len) out.push([a, a + len]);
  return out;
}

const shiftName = (c: Clock, t: number, align: Align): string => {
  if (align === 'session') return `S${Math.floor(t / SHIFT) + 1}`;
  const h = new Date(c.abs(t)).getHours();
  return h >= 6 && h < 14 ? 'morning' : h >= 14 && h < 22 ? 'afternoon' : 'night';
};

export type OeeBucket = OeeWindow & {
  readonly start: string;
  readonly end: string;
  readonly shift?: string;
  readonly job?: string;
  readonly order?: string | null;
  readonly jobName?: string;
};

export function oeeBuckets(
  mes: MesModel,
  c: Clock,
  q: { by: OeeBy; from?: number; to?: number; align: Align },
  now: number,
): OeeBucket[] {
  const bucket = (
    w: OeeWindow,
    extra: Partial<Pick<OeeBucket, 'shift' | 'job' | 'order' | 'jobName'>> = {},
  ): OeeBucket => ({
    ...extra,
    start: iso(c, w.fromT),
    end: iso(c, w.toT),
    ...w,
  });
  if (q.by === 'order') {
    return [...mes.s.jobs, ...(mes.s.job ? [mes.s.job] : [])]
      .filter((j) => j.startedAt !== null)
      .map((j) => {
        const end = j.finishedAt ?? now;
        return bucket(oeeWindow(mes.s, j.startedAt!, end, now, j.id), {
          job: j.id,
          order: j.mo,
          jobName: j.data.JobName,
        });
      });
  }
  const to = q.to ?? now;
  const from = q.from ?? Math.max(0, to - (q.by === 'hour' ? 8 * H : 3 * SHIFT));
  return periods(c, q.by, q.align, from, to).map(([a, b]) =>
    bucket(
      oeeWindow(mes.s, Math.max(0, a), b, now),
      q.by === 'shift' ? { shift: shiftName(c, a, q.align) } : {},
    ),
  );
}

/** Why the OEE of the hour containing `at` is what it is: losses by cause against the previous hour, and what happened. */
export function oeeWhy(mes: MesModel, c: Clock, at: number, align: Align, now: number) {
  const [[a, b]] = periods(c, 'hour', align, at, at + 1) as [[number, number]];
  const cur = oeeWindow(mes.s, Math.max(0, a), b, now);
  const prev = a > 0 ? oeeWindow(mes.s, Math.max(0, a - H), a, now) : null;
  const ex = explainOee(cur, prev && prev.tr > 0 ? prev : null);
  const inHour = <T extends { t: number }>(list: readonly T[]) => list.filter((x) => x.t >= a && x.t < b);
  return {
    hour: { start: iso(c, a), end: iso(c, Math.min(b, now)), fromT: a, toT: b },
    ...ex,
    events: {
      stops: mes.s.stops
        .filter((s) => s.start < b && (s.end ?? now) > a && s.kind !== 'micro')
        .map((s) => stopView(c, s, now)),
      microStops: mes.s.stops.filter((s) => s.kind === 'micro' && s.start >= a && s.start < b).length,
      lotChanges: inHour(mes.s.lotChanges).map((l) => ({
        ...l,
        at: iso(c, l.t),
        coa: lotInfo(mes.erp, l.to),
      })),
      parameterChanges: inHour(mes.s.paramChanges).map((p) => ({ ...p, at: iso(c, p.t) })),
      modeChanges: inHour(mes.s.modeLog).map((m) => ({ ...m, at: iso(c, m.t) })),
      alarms: inHour(mes.s.alarmLog)
        .filter((x) => x.state === 'active')
        .map((x) => ({
          at: iso(c, x.t),
          t: x.t,
          equipment: x.equipment,
          code: x.code,
          severity: x.severity,
          text: x.text,
        })),
      qualityDecisions: inHour(mes.s.decisions).map((d) => ({ ...d, at: iso(c, d.t) })),
      spcViolations: inHour(mes.s.violations),
    },
  };
}

export function stopView(c: Clock, s: Stop, now: number) {
  const r = reasonById(s.reasonId);
  const end = s.end ?? now;
  return {
    id: s.id,
    start: iso(c, s.start),
    end: s.end === null ? null : iso(c, s.end),
    startT: s.start,
    endT: s.end,
    durationS: round((end - s.start) / 1000, 1),
    ongoing: s.end === null,
    kind: s.kind,
    reasonId: s.reasonId,
    reason: r?.code ?? 'UNKNOWN',
    reasonText: r?.text ?? null,
    category: categoryOf(s),
    reasonSource: s.reasonSource,
    evidence: s.evidence,
    comment: s.comment,
    job: s.job || null,
    by: s.by,
  };
}

export function downtime(
  mes: MesModel,
  c: Clock,
  from: number,
  to: number,
  now: number,
  includeMicro: boolean,
) {
  const list = mes.s.stops.filter(
    (s) => s.start < to && (s.end ?? now) > from && (includeMicro || s.kind !== 'micro'),
  );
  const byReason = new Map<string, { reason: string; category: string; count: number; seconds: number }>();
  for (const s of list) {
    if (s.kind === 'micro') continue;
    const v = stopView(c, s, now);
    const e = byReason.get(v.reason) ?? { reason: v.reason, category: v.category, count: 0, seconds: 0 };
    e.count++;
    e.seconds = round(e.seconds + v.durationS, 1);
    byReason.set(v.reason, e);
  }
  const micro = mes.s.stops.filter((s) => s.kind === 'micro' && s.start >= from && s.start < to);
  return {
    stops: list.map((s) => stopView(c, s, now)),
    byReason: [...byReason.values()].sort((a, b) => b.seconds - a.seconds),
    microStops: {
      count: micro.length,
      seconds: round(micro.reduce((a, s) => a + ((s.end ?? now) - s.start), 0) / 1000, 1),
    },
    unqualified: list.filter((s) => s.reasonId === 99 && s.kind !== 'micro').map((s) => s.id),
  };
}

export const reasonsCatalogue = () =>
  REASONS.map((r) => ({ id: r.id, code: r.code, category: r.category, text: r.text }));

export function spcCatalogue(mes: MesModel) {
  const cav = mes.s.job?.data.NumCavities ?? mes.productOf(null).cavities;
  return {
    variables: SPC_VARIABLES.map((v) => ({
      ...v,
      cavities: v.perCavity ? Array.from({ length: cav }, (_, i) => i + 1) : [0],
    })),
    rules: RULE_IDS.map((id) => ({ id, ...RULES[id] })),
    charts: Object.values(mes.s.spc).map((ch) => ({
      key: ch.key,
      variable: ch.variable,
      cavity: ch.cavity,
      type: ch.type,
      n: ch.n,
      limits: ch.limits,
      rules: ch.rules,
      spec: ch.spec,
      reference: ch.ref,
      setAt: ch.setAt,
      by: ch.by,
      alarm: ch.alarm,
      points: ch.points,
    })),
  };
}

export function violations(mes: MesModel, c: Clock, from: number, to: number, chart?: string) {
  const v = mes.s.violations;
  return v
    .slice(lowerBound(v, from, (x) => x.t))
    .filter((x) => x.t < to && (!chart || x.chart === chart))
    .map((x) => ({ ...x, at: iso(c, x.t), text: RULES[x.rule as keyof typeof RULES] ?? null }));
}

export function quarantineView(mes: MesModel, c: Clock) {
  return {
    decisions: mes.s.decisions.map((d) => ({
      ...d,
      at: iso(c, d.t),
      closedAtIso: d.closedAt === null ? null : iso(c, d.closedAt),
    })),
    boxes: mes.s.boxes.filter((b) => b.held > 0).map((b) => boxView(mes, c, b)),
    heldParts: mes.s.boxes.reduce((a, b) => a + b.held, 0),
  };
}

export function boxesList(
  mes: MesModel,
  c: Clock,
  q: { order?: string | undefined; status?: 'open' | 'closed' | 'quarantined' | undefined },
) {
  return mes.s.boxes
    .filter((b) => !q.order || b.mo === q.order)
    .map((b) => boxView(mes, c, b))
    .filter((b) => !q.status || (q.status === 'quarantined' ? b.quarantined > 0 : b.status === q.status));
}

export function alarmLog(
  mes: MesModel,
  c: Clock,
  q: { equipment?: string | undefined; code?: string | undefined; from: number; to: number },
) {
  return mes.s.alarmLog
    .filter(
      (a) =>
        a.t >= q.from &&
        a.t < q.to &&
        (!q.equipment || a.equipment === q.equipment) &&
        (!q.code || a.code === q.code),
    )
    .map((a) => ({ ...a, at: iso(c, a.t) }));
}
