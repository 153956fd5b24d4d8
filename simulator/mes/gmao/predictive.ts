/**
 * Predictive-maintenance indicators and reliability figures of the GMAO.
 *
 * Indicators compare a recent window of shots (or samples) with a baseline taken after the last maintenance
 * of the equipment (or from the session start): check-ring wear from the cushion scatter (F03: σ ↑, mean ↓),
 * heater output drift per zone (F01), cooling flow per circuit (F04), gripper vacuum (F15), ejector force
 * (F13), specific energy (F21), and sampled signals such as a dryer's air flow, a filter ΔP or the dew point.
 * MTBF/MTTR come from the corrective work orders (per equipment) and from the MES stops (per reason).
 */
import { round } from '../common.ts';
import type { MesModel } from '../mes/mes-model.ts';
import { categoryOf } from '../mes/oee-window.ts';
import { reasonById } from '../mes/reasons.ts';
import type { Localized, ShotRow } from '../types.ts';
import { type GmaoModel, WATCH_RULES } from './gmao-model.ts';

export type IndicatorStatus = 'ok' | 'watch' | 'alert' | 'insufficient_data';

export interface Indicator {
  readonly id: string;
  readonly equipment: string;
  readonly label: Localized;
  readonly unit: string;
  readonly baseline: number | null;
  readonly recent: number | null;
  /** recent/baseline (ratios) or recent − baseline (deltas) */
  readonly change: number | null;
  readonly changeKind: 'ratio' | 'delta';
  /** slope of the recent values per hour */
  readonly trendPerHour: number | null;
  readonly status: IndicatorStatus;
  readonly basis: string;
}

const WINDOW = 30;

const mean = (v: readonly number[]) => (v.length ? v.reduce((a, b) => a + b, 0) / v.length : Number.NaN);
const sd = (v: readonly number[]) => {
  if (v.length < 2) return Number.NaN;
  const m = mean(v);
  return Math.sqrt(v.reduce((a, b) => a + (b - m) ** 2, 0) / (v.length - 1));
};

/** least-squares slope of y over t (ms), per hour */
function slope(t: readonly number[], y: readonly number[]): number | null {
  if (t.length < 3) return null;
  const mt = mean(t);
  const my = mean(y);
  let num = 0;
  let den = 0;
  for (let i = 0; i < t.length; i++) {
    num += (t[i]! - mt) * (y[i]! - my);
    den += (t[i]! - mt) ** 2;
  }
  return den > 0 ? round((num / den) * 3_600_000, 5) : null;
}

/** Baseline start: the last completed work order on the equipment (or a child), else the first shot. */
function since(gmao: GmaoModel, equipment: string): number {
  let t = Number.NEGATIVE_INFINITY;
  for (const w of gmao.s.workOrders) {
    if (
      (w.equipment === equipment || w.equipment.startsWith(`${equipment}.`)) &&
      w.doneAt !== null &&
      w.doneAt > t
    )
      t = w.doneAt;
  }
  return t;
}

function windows(mes: MesModel, from: number): { base: ShotRow[]; recent: ShotRow[] } {
  const rows = mes.s.shots.filter((r) => r.te >= from && !r.startup && !r.test);
  return { base: rows.slice(0, WINDOW), recent: rows.length >= 2 * WINDOW ? rows.slice(-WINDOW) : [] };
}

function grade(change: number | null, watch: number, alert: number, higherIsWorse = true): IndicatorStatus {
  if (change === null || !Number.isFinite(change)) return 'insufficient_data';
  const v = higherIsWorse ? change : -change;
  const w = higherIsWorse ? watch : -watch;
  const a = higherIsWorse ? alert : -alert;
  return v >= a ? 'alert' : v >= w ? 'watch' : 'ok';
}

function shotIndicator(
  mes: MesModel,
  gmao: GmaoModel,
  o: {
    id: string;
    equipment: string;
    label: Localized;
    unit: string;
    value: (r: ShotRow) => number | null;
    stat?: 'mean' | 'sd';
    kind: 'ratio' | 'delta';
    watch: number;
    alert: number;
    higherIsWorse?: boolean;
    basis: string;
  },
): Indicator {
  const { base, recent } = windows(mes, since(gmao, o.equipment));
  const vals = (rows: ShotRow[]) =>
    rows.map(o.value).filter((x): x is number => x !== null && Number.isFinite(x));
  const stat = o.stat === 'sd' ? sd : mean;
  const b = vals(base);
  const r = vals(recent);
  const bv = b.length >= 10 ? stat(b) : Number.NaN;
  const rv = r.length >= 10 ? stat(r) : Number.NaN;
  let change: number | null = null;
  if (Number.isFinite(bv) && Number.isFinite(rv))
    change = o.kind === 'ratio' ? (bv !== 0 ? rv / bv : null) : rv - bv;
  const rt = recent.filter((x) => o.value(x) !== null).map((x) => x.te);
  return {
    id: o.id,
    equipment: o.equipment,
    label: o.label,
    unit: o.unit,
    baseline: Number.isFinite(bv) ? round(bv, 5) : null,
    recent: Number.isFinite(rv) ? round(rv, 5) : null,
    change: change === null ? null : round(change, 4),
    changeKind: o.kind,
    trendPerHour: o.stat === 'sd' ? null : slope(rt, r),
    status: grade(change, o.watch, o.alert, o.higherIsWorse ?? true),
    basis: o.basis,
  };
}

export function predictive(gmao: GmaoModel, mes: MesModel): Indicator[] {
  const out: Indicator[] = [
    shotIndicator(mes, gmao, {
      id: 'check_ring_wear',
      equipment: 'imm.screw',
      label: { fr: 'Usure du clapet (dispersion du matelas)', en: 'Check-ring wear (cushion scatter)' },
      unit: 'mm',
      value: (r) => r.v.cushion ?? null,
      stat: 'sd',
      kind: 'ratio',
      watch: 1.5,
      alert: 2.5,
      basis: 'σ(cushion) of the last 30 shots / σ(cushion) of the first 30 after the last screw maintenance',
    }),
    shotIndicator(mes, gmao, {
      id: 'cushion_level',
      equipment: 'imm.screw',
      label: { fr: 'Niveau de matelas', en: 'Cushion level' },
      unit: 'mm',
      value: (r) => r.v.cushion ?? null,
      kind: 'delta',
      watch: -1,
      alert: -2.5,
      higherIsWorse: false,
      basis: 'mean cushion, last 30 shots − baseline',
    }),
  ];
  const zones = mes.s.shots.find((r) => r.zo.length)?.zo.length ?? 0;
  for (let z = 0; z < zones; z++) {
    out.push(
      shotIndicator(mes, gmao, {
        id: `heater_output_z${z + 1}`,
        equipment: 'imm.barrel',
        label: { fr: `Sortie de chauffe zone ${z + 1}`, en: `Heater output zone ${z + 1}` },
        unit: '%',
        value: (r) => r.zo[z] ?? null,
        kind: 'delta',
        watch: 5,
        alert: 10,
        basis:
          'mean heating output (percentage points) against the baseline; a neighbouring zone compensating a failed band rises',
      }),
    );
  }
  const circuits = mes.s.shots.find((r) => r.cf.length)?.cf.length ?? 0;
  for (let k = 0; k < circuits; k++) {
    out.push(
      shotIndicator(mes, gmao, {
        id: `cooling_flow_c${k + 1}`,
        equipment: 'mould',
        label: { fr: `Débit circuit de refroidissement ${k + 1}`, en: `Cooling circuit ${k + 1} flow` },
        unit: 'L/min',
        value: (r) => r.cf[k] ?? null,
        kind: 'ratio',
        watch: 0.85,
        alert: 0.7,
        higherIsWorse: false,
        basis: 'mean flow recent / baseline (scale or blockage lowers it)',
      }),
    );
  }
  out.push(
    shotIndicator(mes, gmao, {
      id: 'gripper_vacuum',
      equipment: 'robot',
      label: { fr: 'Vide du préhenseur', en: 'Gripper vacuum' },
      unit: 'kPa',
      value: (r) => r.vac,
      kind: 'delta',
      watch: 8,
      alert: 15,
      basis: 'mean minimum vacuum recent − baseline (a leak makes it less negative)',
    }),
    shotIndicator(mes, gmao, {
      id: 'ejector_force',
      equipment: 'mould',
      label: { fr: "Effort d'éjection", en: 'Ejector force' },
      unit: 'kN',
      value: (r) => r.ej,
      kind: 'ratio',
      watch: 1.2,
      alert: 1.5,
      basis: 'mean peak ejector force recent / baseline',
    }),
    shotIndicator(mes, gmao, {
      id: 'specific_energy',
      equipment: 'imm',
      label: { fr: 'Consommation spécifique', en: 'Specific energy' },
      unit: 'kWh/kg',
      value: (r) => r.v.sec ?? null,
      kind: 'ratio',
      watch: 1.07,
      alert: 1.15,
      basis: 'mean SEC recent / baseline',
    }),
  );
  for (const w of gmao.watched) {
    const samples = gmao.s.samples[w.sig.key] ?? [];
    const from = since(gmao, w.sig.equipment);
    const s = samples.filter(([t]) => t >= from);
    const b = s.slice(0, 5).map(([, v]) => v);
    const r = s.length >= 10 ? s.slice(-5).map(([, v]) => v) : [];
    const bv = b.length >= 3 ? mean(b) : Number.NaN;
    const rv = r.length >= 3 ? mean(r) : Number.NaN;
    const absolute = w.rule.id === 'dew_point';
    let change: number | null = null;
    if (Number.isFinite(bv) && Number.isFinite(rv)) change = absolute ? rv - bv : bv !== 0 ? rv / bv : null;
    const up = w.rule.direction === 'up';
    const status = absolute
      ? grade(change, 5, 15)
      : up
        ? grade(change, 1.1, 1.25)
        : grade(change, 0.9, 0.75, false);
    const tail = s.slice(-30);
    out.push({
      id: `signal:${w.sig.key}`,
      equipment: w.sig.equipment,
      label: { fr: `${w.rule.label.fr} (${w.sig.label.fr})`, en: `${w.rule.label.en} (${w.sig.label.en})` },
      unit: w.sig.unit,
      baseline: Number.isFinite(bv) ? round(bv, 4) : null,
      recent: Number.isFinite(rv) ? round(rv, 4) : null,
      change: change === null ? null : round(change, 4),
      changeKind: absolute ? 'delta' : 'ratio',
      trendPerHour: slope(
        tail.map(([t]) => t),
        tail.map(([, v]) => v),
      ),
      status,
      basis: `signal ${w.sig.key} sampled every minute: last 5 samples against the first 5 after the last maintenance`,
    });
  }
  return out;
}

export function reliability(gmao: GmaoModel, mes: MesModel, now: number) {
  const span = Math.max(1, now - gmao.s.historyFrom);
  const perEquipment = gmao.s.equipment
    .map((e) => {
      const failures = gmao.s.workOrders.filter(
        (w) => w.equipment === e.id && w.kind === 'corrective' && w.breakdown && w.failureAt <= now,
      );
      const repaired = failures.filter((w) => w.doneAt !== null);
      const ttr = repaired.map((w) => (w.doneAt! - w.failureAt) / 3_600_000);
      const down = ttr.reduce((a, b) => a + b, 0);
      return {
        equipment: e.id,
        name: e.name,
        failures: failures.length,
        repaired: repaired.length,
        mttrH: ttr.length ? round(down / ttr.length, 3) : null,
        mtbfH: failures.length ? round((span / 3_600_000 - down) / failures.length, 1) : null,
        lastFailure: failures.length ? Math.max(...failures.map((w) => w.failureAt)) : null,
      };
    })
    .filter((e) => e.failures > 0);
  const sessionH = Math.max(1e-9, now / 3_600_000);
  const byReason = new Map<string, { reason: string; category: string; count: number; seconds: number }>();
  for (const s of mes.s.stops) {
    if (s.kind !== 'stop') continue;
    const cat = categoryOf(s);
    if (cat !== 'breakdown' && cat !== 'unplanned') continue;
    const code = reasonById(s.reasonId)?.code ?? 'UNKNOWN';
    const e = byReason.get(code) ?? { reason: code, category: cat, count: 0, seconds: 0 };
    e.count++;
    e.seconds += ((s.end ?? now) - s.start) / 1000;
    byReason.set(code, e);
  }
  return {
    observedFrom: gmao.s.historyFrom,
    perEquipment,
    perStopReason: [...byReason.values()].map((e) => ({
      ...e,
      seconds: round(e.seconds, 1),
      mttrMin: round(e.seconds / 60 / e.count, 2),
      mtbfH: round((sessionH - e.seconds / 3600) / e.count, 3),
    })),
    note: 'per equipment: corrective breakdown work orders since observedFrom; per stop reason: the MES stops of this session',
  };
}

export { WATCH_RULES };
