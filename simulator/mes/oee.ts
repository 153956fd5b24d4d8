/**
 * OEE / TRS per NF E60-182 (domain-model §6.1).
 *
 * Times (seconds): Tt total; To = Tt − closure; Tr = To − planned stops; Tf = Tr − breakdowns and unplanned
 * stops; Tn = Tf − speed losses and micro-stops = N_shots × T_cycle,ref (capped at Tf); Tu = Tn × quality.
 * TRS = Tu/Tr = A × P × Q with A = Tf/Tr, P = N × T_ref / Tf, Q = N_good/N_total; TRG = Tu/To; TRE = Tu/Tt.
 * P above 100 % means the reference cycle is wrong: it is capped and flagged (§6.1 [S15]).
 */

export interface OeeInput {
  /** total time of the period, s */
  readonly tt: number;
  /** closure (plant not open), s */
  readonly closure: number;
  /** planned stops (breaks, preventive maintenance, trials, no order), s */
  readonly planned: number;
  /** breakdowns and unplanned stops longer than a micro-stop, s */
  readonly unplanned: number;
  /** Σ over the shots of the period of their reference cycle time (N × T_cycle,ref), s */
  readonly refTime: number;
  /** parts moulded (all cavities) */
  readonly parts: number;
  /** good parts among them */
  readonly good: number;
}

export interface OeeResult {
  readonly tt: number;
  readonly to: number;
  readonly tr: number;
  readonly tf: number;
  readonly tn: number;
  readonly tu: number;
  readonly availability: number | null;
  readonly performance: number | null;
  /** N × T_ref / Tf before the cap */
  readonly performanceRaw: number | null;
  /** set when the raw performance exceeds 100 %: the reference cycle time is probably wrong */
  readonly performanceFlag: 'above_100' | null;
  readonly quality: number | null;
  readonly oee: number | null;
  readonly trg: number | null;
  readonly tre: number | null;
}

const ratio = (a: number, b: number): number | null => (b > 0 ? a / b : null);
const clamp0 = (v: number): number => (v > 0 ? v : 0);

export function computeOee(i: OeeInput): OeeResult {
  const tt = clamp0(i.tt);
  const to = clamp0(tt - i.closure);
  const tr = clamp0(to - i.planned);
  const tf = clamp0(tr - i.unplanned);
  const performanceRaw = ratio(i.refTime, tf);
  const performance = performanceRaw === null ? null : Math.min(1, performanceRaw);
  const quality = ratio(i.good, i.parts);
  const tn = Math.min(tf, clamp0(i.refTime));
  const tu = tn * (quality ?? 0);
  const availability = ratio(tf, tr);
  const oee =
    availability === null || performance === null || quality === null
      ? availability === 0
        ? 0
        : null
      : availability * performance * quality;
  return {
    tt,
    to,
    tr,
    tf,
    tn,
    tu,
    availability,
    performance,
    performanceRaw,
    performanceFlag: performanceRaw !== null && performanceRaw > 1 ? 'above_100' : null,
    quality,
    oee,
    trg: ratio(tu, to),
    tre: ratio(tu, tt),
  };
}
