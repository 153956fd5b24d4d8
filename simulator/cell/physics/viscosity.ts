/**
 * §3.3 viscosity. The simulator core uses the power-law form (normative for RVI):
 * η ≈ η0ⁿ·τ*^(1−n)·γ̇^(n−1), so at a fixed reference shear rate RVI = (η0/η0,ref)ⁿ × the lot, regrind,
 * moisture and degradation factors. η0 follows the WLF temperature shift of the Cross-WLF model.
 */
import type { Material } from '../materials.ts';

/** ln η0(T) up to the constant ln D1 (T in °C; D3 = 0 so T* = D2). */
export function lnEta0(m: Material, tC: number): number {
  const dT = tC + 273.15 - m.D2;
  return (-m.A1 * dT) / (m.A2 + dT);
}

/** d ln η / dT at process shear rates (power-law), per K: −n·A1·A2/(A2 + T − D2)² */
export function viscosityTempSensitivity(m: Material, tC: number): number {
  const dT = tC + 273.15 - m.D2;
  return (-m.n * m.A1 * m.A2) / ((m.A2 + dT) * (m.A2 + dT));
}

export interface RviInputs {
  /** melt temperature, °C */
  readonly tMelt: number;
  /** reference melt temperature of the job, °C */
  readonly tRef: number;
  /** MFI of the blend relative to the nominal lot (lot factor × regrind effect) */
  readonly mfiFactor: number;
  /** resin moisture at the screw, % */
  readonly moisture: number;
  /** thermal degradation factor ≤ 1 (over-temperature, long residence) */
  readonly degradation: number;
}

/** Relative viscosity index η/η_ref (§3.3 simplified form). */
export function rvi(m: Material, x: RviInputs): number {
  const temp = Math.exp(m.n * (lnEta0(m, x.tMelt) - lnEta0(m, x.tRef)));
  const lot = x.mfiFactor ** -m.n;
  const wet = m.hygroscopic ? Math.exp(-m.kw * Math.max(0, x.moisture - m.Mref)) : 1;
  return temp * lot * wet * x.degradation;
}

/** §3.3 regrind raises the blend MFI: MFI ≈ MFI_v·(1 + r·0.35). */
export const regrindMfiFactor = (r: number): number => 1 + 0.35 * r;
