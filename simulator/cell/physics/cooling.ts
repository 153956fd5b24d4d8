/** §3.5 gate freeze and §3.7 cooling time (1-D slab). */

/** t_gs = k_g·h_g²/(π²α)·ln[(8/π²)(T_melt − T_w)/(T_nf − T_w)], s after transfer (§3.5). */
export function gateSealTime(
  kg: number,
  hMm: number,
  alpha: number,
  tMelt: number,
  tWall: number,
  tNf: number,
): number {
  const arg = ((8 / (Math.PI * Math.PI)) * (tMelt - tWall)) / Math.max(1, tNf - tWall);
  return ((kg * hMm * hMm) / (Math.PI * Math.PI * alpha)) * Math.log(Math.max(1.05, arg));
}

/** centre-line cooling time (Ballman–Shusman), s from the start of fill (§3.7). */
export function coolingTimeCentre(
  sMm: number,
  alpha: number,
  tMelt: number,
  tMould: number,
  tEject: number,
): number {
  const arg = ((4 / Math.PI) * (tMelt - tMould)) / Math.max(1, tEject - tMould);
  return ((sMm * sMm) / (Math.PI * Math.PI * alpha)) * Math.log(Math.max(1.05, arg));
}

/** average-temperature criterion, s (§3.7, brief's form). */
export function coolingTimeAverage(
  sMm: number,
  alpha: number,
  tMelt: number,
  tMould: number,
  tEject: number,
): number {
  const arg = ((8 / (Math.PI * Math.PI)) * (tMelt - tMould)) / Math.max(1, tEject - tMould);
  return ((sMm * sMm) / (Math.PI * Math.PI * alpha)) * Math.log(Math.max(1.05, arg));
}
