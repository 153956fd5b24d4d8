/**
 * §3.1 barrel heating zones Z1..Z4 and nozzle (lumped, 10 Hz):
 *   C_i dT_i/dt = u_i·P_i·H_i·V² − G_amb,i(T_i − T_amb) − Σ_j G_c(T_i − T_j) − ṁ·c_p·f_i·(T_i − T_feed) + P_shear,i
 * plus the feed-throat conduction of Z1 and the nozzle's contact with the sprue bushing when the carriage is
 * forward. PI control on the thermocouple reading (drift, open TC), §3.2 melt temperature.
 */
import { type Material, ZONE_WEIGHTS } from '../materials.ts';
import { controlZone, newZone, TC_UPSCALE, type ZoneCtl } from '../physics/heater-zone.ts';

/** §3.1 defaults [A/D] for the Ø35 mm barrel: Z1..Z4, nozzle */
export const ZONE_C = [6000, 6000, 6000, 6000, 500] as const;
export const ZONE_P = [2000, 2500, 2500, 2000, 500] as const;
export const ZONE_G_AMB = [5, 5, 5, 5, 1] as const;
/** axial conduction Z1–Z2, Z2–Z3, Z3–Z4, Z4–nozzle, W/K */
export const G_C = [5, 5, 5, 3] as const;
/** Z1 to the water-cooled feed throat, nozzle to the sprue bushing (carriage forward), W/K */
export const G_THROAT = 2;
export const G_NOZZLE_CONTACT = 0.5;
/**
 * Material enthalpy per zone: Z1 warms the pellets from the feed temperature (share f_1 = 0.25, the rest of
 * the melting energy comes from friction and shear), Z2..Z4 and the nozzle carry the melt from the previous
 * zone's temperature (ṁc_p·(T_i − T_i−1), the nozzle at half weight: its melt only passes at injection);
 * the latent heat of the semi-crystalline grades is taken half in Z2, half in Z3.
 */
export const F_MAT = [0.25, 1, 1, 1, 0.5] as const;
export const F_LATENT = [0, 0.5, 0.5, 0, 0] as const;
export const F_SHEAR = [0.05, 0.25, 0.35, 0.35, 0] as const;
/** PI tuning (output per K, integral time s) */
export const ZONE_KP = [0.08, 0.08, 0.08, 0.08, 0.1] as const;
export const ZONE_TI = [240, 240, 240, 240, 90] as const;

export interface BarrelState {
  zones: ZoneCtl[];
  /** average throughput, g/s (exponential average over ≈ 2 min) */
  mdot: number;
  energyJ: number;
}

export interface BarrelInputs {
  readonly sp: readonly number[];
  readonly heatersOn: boolean;
  readonly health: readonly number[];
  readonly drift: readonly number[];
  readonly open: readonly boolean[];
  readonly voltage: number;
  readonly ambC: number;
  readonly feedC: number;
  readonly mouldC: number;
  readonly carriageForward: boolean;
  /** barrel-side shear heat while the screw rotates, W */
  readonly shearW: number;
  readonly cpMelt: number;
  /** latent heat released per g (J/g) */
  readonly dHf: number;
}

export function newBarrel(tC: readonly number[]): BarrelState {
  return { zones: tC.map((t) => newZone(t)), mdot: 0, energyJ: 0 };
}

/** thermocouple reading the controller sees (no noise): T + drift, or upscale when open */
export const tcReading = (b: BarrelState, i: number, x: BarrelInputs): number =>
  x.open[i] ? TC_UPSCALE : b.zones[i]!.t + x.drift[i]!;

/** heater power of zone i, W */
export const zonePowerW = (b: BarrelState, i: number, x: BarrelInputs): number =>
  b.zones[i]!.u * ZONE_P[i]! * x.health[i]! * x.voltage * x.voltage;

/** One explicit step of the zone network (dt ≤ 0.5 s is stable: the fastest τ is the nozzle's ≈ 75 s). */
export function stepBarrel(b: BarrelState, x: BarrelInputs, dt: number): number {
  const z = b.zones;
  let power = 0;
  for (let i = 0; i < 5; i++) {
    controlZone(z[i]!, x.sp[i]!, tcReading(b, i, x), x.open[i]!, x.heatersOn, dt, ZONE_KP[i]!, ZONE_TI[i]!);
  }
  const mcp = b.mdot * x.cpMelt;
  const t0 = z[0]!.t;
  const t1 = z[1]!.t;
  const t2 = z[2]!.t;
  const t3 = z[3]!.t;
  const t4 = z[4]!.t;
  const tt = [t0, t1, t2, t3, t4];
  for (let i = 0; i < 5; i++) {
    const ti = tt[i]!;
    const p = zonePowerW(b, i, x);
    power += p;
    const tIn = i === 0 ? x.feedC : tt[i - 1]!;
    let q =
      p -
      ZONE_G_AMB[i]! * (ti - x.ambC) -
      mcp * F_MAT[i]! * (ti - tIn) -
      b.mdot * x.dHf * F_LATENT[i]! +
      x.shearW * F_SHEAR[i]!;
    if (i > 0) q -= G_C[i - 1]! * (ti - tt[i - 1]!);
    if (i < 4) q -= G_C[i]! * (ti - tt[i + 1]!);
    if (i === 0) q -= G_THROAT * (ti - x.feedC);
    if (i === 4 && x.carriageForward) q -= G_NOZZLE_CONTACT * (ti - x.mouldC);
    z[i]!.t = ti + (q * dt) / ZONE_C[i]!;
  }
  b.energyJ += power * dt;
  return power;
}

/**
 * §3.2 melt temperature: zone-weighted barrel temperature + shear heating at the reference point + its
 * rpm and back-pressure terms + the extra shear of a colder solids bed (partly compensating a cold zone).
 */
export function meltTemperature(
  b: BarrelState,
  m: Material,
  rpm: number,
  bp: number,
  zoneDeficitK: number,
): number {
  let t = 0;
  for (let i = 0; i < 5; i++) t += ZONE_WEIGHTS[i]! * b.zones[i]!.t;
  return t + 9 + 5 * (rpm / 280 - 1) + m.kBP * (bp - 8) + 0.1 * zoneDeficitK;
}

/**
 * Weighted deficit of the feed and compression zones below their job reference (K; negative when hotter):
 * a colder solids bed raises torque and dosing time (§3.8, F01).
 */
export function zoneDeficit(b: BarrelState, ref: readonly number[]): number {
  return 0.3 * (ref[0]! - b.zones[0]!.t) + 0.5 * (ref[1]! - b.zones[1]!.t) + 0.2 * (ref[2]! - b.zones[2]!.t);
}

/** Pre-settle the zone network at its set points under production load (PI integrals at the steady output). */
export function settleBarrel(b: BarrelState, x: BarrelInputs, seconds: number): void {
  for (let i = 0; i < 5; i++) {
    const z = b.zones[i]!;
    z.t = x.sp[i]!;
    z.pvf = x.sp[i]!;
  }
  const dt = 0.5;
  for (let k = 0; k < seconds / dt; k++) stepBarrel(b, x, dt);
  b.energyJ = 0;
}
