/**
 * §3.7 water-side heat transfer of a mould cooling circuit: Reynolds number, Dittus–Boelter /
 * laminar Nusselt number, UA = 1/(R_steel + 1/(h_c·A_ch)), and the NTU effectiveness that limits the heat a
 * low flow can carry away (Q = ṁc_p·(1 − e^(−UA/ṁc_p))·(T_surface − T_supply)).
 */

/** circuit bore, m; wetted area per circuit, m²; steel resistance, K/W (§3.7) */
export const CH_D = 0.01;
export const CH_AREA = 0.031;
export const R_STEEL = 0.023;

/** kinematic viscosity of water, m²/s (Poiseuille fit, ≈ 0.66e-6 at 40 °C) */
export const waterNu = (tC: number): number => 1.79e-6 / (1 + 0.0337 * tC + 0.000221 * tC * tC);
/** thermal conductivity of water, W/(m·K) */
export const waterLambda = (tC: number): number => 0.569 + 0.0019 * tC - 8e-6 * tC * tC;
export const WATER_RHO = 992;
export const WATER_CP = 4180;

/** Reynolds number for a flow in L/min through the circuit bore */
export function reynolds(flowLmin: number, tC: number): number {
  const q = flowLmin / 60000;
  const v = q / ((Math.PI * CH_D * CH_D) / 4);
  return (v * CH_D) / waterNu(tC);
}

/** Nusselt number: Dittus–Boelter for Re ≥ 10 000, 4.4 for Re ≤ 2 300, linear in Re between (§3.7) */
export function nusselt(re: number, tC: number): number {
  const pr = (waterNu(tC) * WATER_RHO * WATER_CP) / waterLambda(tC);
  const db = (r: number) => 0.023 * r ** 0.8 * pr ** 0.4;
  if (re >= 10000) return db(re);
  if (re <= 2300) return 4.4;
  return 4.4 + ((re - 2300) / (10000 - 2300)) * (db(10000) - 4.4);
}

/** UA of one circuit, W/K */
export function circuitUA(flowLmin: number, tC: number): number {
  if (flowLmin <= 0) return 0;
  const h = (nusselt(reynolds(flowLmin, tC), tC) * waterLambda(tC)) / CH_D;
  return 1 / (R_STEEL + 1 / (h * CH_AREA));
}

/** water capacity rate ṁ·c_p, W/K */
export const capacityRate = (flowLmin: number): number => (flowLmin / 60000) * WATER_RHO * WATER_CP;

/** effective conductance between the circuit node and the supply water (NTU form), W/K */
export function effectiveUA(flowLmin: number, tC: number): number {
  const c = capacityRate(flowLmin);
  if (c <= 0) return 0;
  const ua = circuitUA(flowLmin, tC);
  return c * (1 - Math.exp(-ua / c));
}
