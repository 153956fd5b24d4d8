/**
 * What the MES keeps of one per-cycle record (domain-model §7.3 ShotRecord, `simulator/cell/shot-record.ts`):
 * read defensively from the `cycleEnd` payload, so a missing or renamed field gives `null`, never a crash.
 *
 * Only what the plant measures is read: the record's top-level `trainer` block (true defects, resin
 * moisture, true dimensions) is never looked at. The key dimension is the vision's calibrated measurement
 * and the defect classes are the vision's reject reasons and the quality-monitoring windows.
 */

export interface CavityFacts {
  /** 1-based cavity number */
  readonly cavity: number;
  readonly weight: number | null;
  readonly dimension: number | null;
  readonly quality: 'good' | 'bad';
  /** defect classes: the vision's reject reasons, the monitoring windows (and defects a machine reports) */
  readonly defects: string[];
  /** the machine's or the vision's reason for a reject, e.g. `vision:splay` */
  readonly reason: string;
  /** cavity-pressure peak near the gate and at the end of flow, MPa; integral, MPa·s */
  readonly gatePeak: number | null;
  readonly eofPeak: number | null;
  readonly integral: number | null;
}

export interface ShotFacts {
  readonly id: number;
  /** simulation ms */
  readonly tStart: number;
  readonly tEnd: number;
  /** s */
  readonly cycleTime: number;
  readonly lot: string;
  readonly regrind: number | null;
  readonly dryerDp: number | null;
  readonly cushion: number | null;
  readonly fillTime: number | null;
  readonly doseTime: number | null;
  readonly peakPressure: number | null;
  readonly transferPressure: number | null;
  readonly meltTemp: number | null;
  readonly mouldFixed: number | null;
  readonly mouldMoving: number | null;
  readonly rv: number | null;
  readonly kwh: number | null;
  readonly sec: number | null;
  readonly zonesOutput: number[];
  readonly circuitsFlow: number[];
  readonly ejectorPeak: number | null;
  readonly vacuumMin: number | null;
  readonly cavities: CavityFacts[];
  readonly alarms: string[];
  readonly dataQuality: string;
}

type Rec = Readonly<Record<string, unknown>>;

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const str = (v: unknown, max = 80): string => (typeof v === 'string' ? v.slice(0, max) : '');
const obj = (v: unknown): Rec | null => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Rec) : null);
const arr = (v: unknown): readonly unknown[] => (Array.isArray(v) ? v : []);
const nums = (v: unknown, max = 16): number[] =>
  arr(v)
    .slice(0, max)
    .map((x) => num(x) ?? Number.NaN)
    .filter((x) => Number.isFinite(x));

const SEVERITY_ORDER = (d: Rec) => -(num(d.severity) ?? 0);

/** Cavity-pressure features per cavity: sensors named `cav<k>_gate` / `cav<k>_eof` (§3.5). */
function cavitySensors(record: Rec): Map<number, { gate?: Rec; eof?: Rec }> {
  const out = new Map<number, { gate?: Rec; eof?: Rec }>();
  for (const f of arr(record.cavity_pressure)) {
    const o = obj(f);
    const m = /^cav(\d+)_(gate|eof)$/.exec(str(o?.sensor));
    if (!o || !m) continue;
    const k = Number(m[1]);
    const e = out.get(k) ?? {};
    e[m[2] as 'gate' | 'eof'] = o;
    out.set(k, e);
  }
  return out;
}

/** The MES facts of a per-cycle record, or null when the record is not a shot (no numeric `shot_id`). */
export function parseShot(record: Rec, eventMs: number): ShotFacts | null {
  const id = num(record.shot_id);
  if (id === null) return null;
  const tEndS = num(record.t_end);
  const tEnd = tEndS !== null ? Math.round(tEndS * 1000) : Math.round(eventMs);
  const ct = num(record.cycle_time);
  const tStartS = num(record.t_start);
  const tStart =
    tStartS !== null ? Math.round(tStartS * 1000) : ct !== null ? tEnd - Math.round(ct * 1000) : tEnd;
  const times = obj(record.times);
  const mould = obj(record.mould);
  const zones = obj(record.zones);
  const energy = obj(record.energy);
  const sensors = cavitySensors(record);
  const weights = nums(record.weights);
  const dims = nums(record.dimensions);
  const parts = arr(record.parts).map(obj);
  const n = Math.max(parts.length, weights.length, 1);
  const recordQuality = record.quality === 'bad' ? 'bad' : 'good';
  const cavities: CavityFacts[] = [];
  for (let i = 0; i < Math.min(n, 16); i++) {
    const p = parts[i] ?? null;
    const k = num(p?.cavity) ?? i + 1;
    const reported = arr(p?.defects)
      .map(obj)
      .filter((d): d is Rec => d !== null && typeof d.type === 'string')
      .sort((a, b) => SEVERITY_ORDER(a) - SEVERITY_ORDER(b))
      .map((d) => str(d.type, 40));
    const vision = obj(p?.vision);
    const seen = arr(vision?.reasons)
      .filter((r): r is string => typeof r === 'string')
      .map((r) => r.slice(0, 40));
    const windows = /^monitoring:(.+)$/.exec(str(p?.reason, 200))?.[1]?.split(';') ?? [];
    const defects = [...reported, ...seen, ...windows.map((w) => w.slice(0, 40))];
    const s = sensors.get(k);
    cavities.push({
      cavity: k,
      weight: num(p?.weight) ?? weights[i] ?? null,
      dimension: num(vision?.dimension_mm) ?? num(p?.dimension) ?? dims[i] ?? null,
      quality: p ? (p.quality === 'bad' ? 'bad' : 'good') : recordQuality,
      defects: [...new Set(defects)].slice(0, 8),
      reason: str(p?.reason, 120),
      gatePeak: num(s?.gate?.pmax),
      eofPeak: num(s?.eof?.pmax),
      integral: num(s?.gate?.integral),
    });
  }
  const circuits = arr(mould?.circuits)
    .map(obj)
    .map((c) => num(c?.flow))
    .filter((x): x is number => x !== null);
  const ej = nums(record.ejector_force_peak);
  return {
    id,
    tStart,
    tEnd,
    cycleTime: ct ?? (tEnd - tStart) / 1000,
    lot: str(record.material_lot, 64),
    regrind: num(record.regrind_ratio),
    dryerDp: num(record.dryer_dp),
    cushion: num(record.cushion_end),
    fillTime: num(times?.fill),
    doseTime: num(times?.dose),
    peakPressure: num(record.peak_inj_pressure),
    transferPressure: num(record.transfer_pressure),
    meltTemp: num(record.melt_T),
    mouldFixed: num(mould?.T_fixed),
    mouldMoving: num(mould?.T_moving),
    rv: num(record.RV),
    kwh: num(energy?.kwh_total),
    sec: num(energy?.sec),
    zonesOutput: nums(zones?.output_pct, 8),
    circuitsFlow: circuits.slice(0, 8),
    ejectorPeak: ej.length ? Math.max(...ej) : null,
    vacuumMin: num(record.vacuum_min),
    cavities,
    alarms: arr(record.alarms)
      .filter((a): a is string => typeof a === 'string')
      .slice(0, 16)
      .map((a) => a.slice(0, 64)),
    dataQuality: str(record.data_quality, 16) || 'good',
  };
}
