/**
 * Heater-band colour from the measured temperature (domain-model §3.1): a fixed scale from cold steel blue
 * to hot red, the same for every band, so a band that stays cold among hot ones (F01 symptom) or one
 * hotter than its neighbours stands out. The legend shows the scale, and each band's label gives the
 * value and its deviation from the set point in words — never colour alone (WCAG 1.4.1).
 */

/** [°C, sRGB hex] stops of the scale */
export const HEAT_STOPS: readonly (readonly [number, number])[] = [
  [20, 0x3d5a80],
  [80, 0x2a9d8f],
  [140, 0xe9c46a],
  [200, 0xf4a261],
  [250, 0xe76f51],
  [320, 0x9b2226],
];

const rgb = (h: number): [number, number, number] => [
  ((h >> 16) & 255) / 255,
  ((h >> 8) & 255) / 255,
  (h & 255) / 255,
];

/** sRGB components (0…1) of a temperature on the scale; null (no reading) is neutral grey. */
export function heatRgb(tC: number | null): [number, number, number] {
  if (tC === null || !Number.isFinite(tC)) return [0.45, 0.45, 0.45];
  const s = HEAT_STOPS;
  if (tC <= s[0]![0]) return rgb(s[0]![1]);
  for (let i = 1; i < s.length; i++) {
    const [t1, c1] = s[i]!;
    if (tC <= t1) {
      const [t0, c0] = s[i - 1]!;
      const u = (tC - t0) / (t1 - t0);
      const a = rgb(c0);
      const b = rgb(c1);
      return [a[0] + (b[0] - a[0]) * u, a[1] + (b[1] - a[1]) * u, a[2] + (b[2] - a[2]) * u];
    }
  }
  return rgb(s[s.length - 1]![1]);
}

export const heatCss = (tC: number | null): string => {
  const [r, g, b] = heatRgb(tC);
  return `rgb(${Math.round(r * 255)} ${Math.round(g * 255)} ${Math.round(b * 255)})`;
};

/** CSS gradient of the legend, left (cold) to right (hot). */
export function heatGradient(): string {
  const lo = HEAT_STOPS[0]![0];
  const hi = HEAT_STOPS[HEAT_STOPS.length - 1]![0];
  const stops = HEAT_STOPS.map(([t]) => `${heatCss(t)} ${(((t - lo) / (hi - lo)) * 100).toFixed(1)}%`);
  return `linear-gradient(to right, ${stops.join(', ')})`;
}

/** Deviation of a zone from its set point that the label calls out (the machine's own band: ±10 K, §3.1). */
export const ZONE_BAND_K = 10;

export function zoneDeviation(actual: number | null, sp: number | null): number | null {
  if (actual === null || sp === null) return null;
  return actual - sp;
}
