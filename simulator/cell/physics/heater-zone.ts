/**
 * A heated zone's controller and measurement (§3.1): PI control with anti-windup on a filtered
 * thermocouple reading, time-proportioned output u ∈ [0, 1]; thermocouple T_read = T + drift + noise,
 * quantised 0.1 K; open thermocouple = upscale burnout (reading at range max, heater off).
 */

export interface ZoneCtl {
  /** true temperature, °C */
  t: number;
  /** PI integral term (output units) */
  integ: number;
  /** filtered reading used by the controller */
  pvf: number;
  /** output 0…1 */
  u: number;
}

export const TC_UPSCALE = 500;

export const newZone = (tC: number): ZoneCtl => ({ t: tC, integ: 0, pvf: tC, u: 0 });

/**
 * One controller update. `pv` is the reading the controller sees (drift included, noise excluded: the
 * filter removes it), `open` the burnout state. Returns the output u.
 */
export function controlZone(
  z: ZoneCtl,
  sp: number,
  pv: number,
  open: boolean,
  enabled: boolean,
  dt: number,
  kp: number,
  ti: number,
): number {
  if (open) {
    z.pvf = TC_UPSCALE;
    z.u = 0;
    return 0;
  }
  z.pvf += (pv - z.pvf) * Math.min(1, dt / 2);
  if (!enabled) {
    z.u = 0;
    return 0;
  }
  const e = sp - z.pvf;
  const p = kp * e;
  // conditional integration (anti-windup): integrate only while unsaturated or moving back
  const unsat = p + z.integ;
  if ((unsat < 1 || e < 0) && (unsat > 0 || e > 0)) z.integ += (kp * e * dt) / ti;
  if (z.integ > 1) z.integ = 1;
  else if (z.integ < -0.2) z.integ = -0.2;
  let u = p + z.integ;
  u = u < 0 ? 0 : u > 1 ? 1 : u;
  z.u = u;
  return u;
}
