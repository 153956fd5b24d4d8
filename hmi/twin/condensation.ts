/**
 * Condensation on the mould (domain-model F24): water condenses on a cavity surface colder than the
 * ambient dew point. The twin computes it from candidate-visible values only — the mould surface
 * temperatures (per circuit, or per half) and the workshop's dew point — never from a fault state: the
 * droplets appear because the values say so, whatever the cause (a chiller set too cold, a humid day,
 * a stop).
 */

export interface HalfCondensation {
  /** coldest surface reading of the half, °C */
  readonly surface: number | null;
  /** dew point − surface, K (positive: below the dew point) */
  readonly margin: number | null;
  /** share of the droplets shown, 0…1 (0: dry) */
  readonly intensity: number;
}

/** K below the dew point at which every droplet shows */
const FULL_K = 6;

export function halfCondensation(
  surfaces: readonly (number | null)[],
  dewPoint: number | null,
): HalfCondensation {
  const vals = surfaces.filter((v): v is number => v !== null && Number.isFinite(v));
  if (vals.length === 0 || dewPoint === null || !Number.isFinite(dewPoint))
    return { surface: vals.length ? Math.min(...vals) : null, margin: null, intensity: 0 };
  const surface = Math.min(...vals);
  const margin = dewPoint - surface;
  const intensity = margin > 0 ? Math.min(1, 0.15 + (0.85 * margin) / FULL_K) : 0;
  return { surface, margin, intensity };
}

/** Surface temperatures per half: the circuits' surface sensors, else the half's mean temperature. */
export function mouldCondensation(r: {
  circuits: readonly { half: 'fixed' | 'moving'; surface: number | null }[];
  mouldFixed: number | null;
  mouldMoving: number | null;
  dewPoint: number | null;
}): { fixed: HalfCondensation; moving: HalfCondensation } {
  const of = (half: 'fixed' | 'moving', mean: number | null) => {
    const s = r.circuits.filter((c) => c.half === half).map((c) => c.surface);
    return halfCondensation(s.length ? s : [mean], r.dewPoint);
  };
  return { fixed: of('fixed', r.mouldFixed), moving: of('moving', r.mouldMoving) };
}
