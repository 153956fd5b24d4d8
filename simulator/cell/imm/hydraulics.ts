/**
 * §3.10 servo-hydraulic power unit and oil temperature, and §3.14 drive power:
 *   C_oil dT_oil/dt = P_loss − UA_cooler·v_valve·(T_oil − T_water) − G_amb(T_oil − T_amb)
 * with a thermostatic (proportional) cooler valve, v ≈ 0.34 at 45 °C and P_loss ≈ 2 kW in R-PP production.
 * Time compression: C_oil is divided by OIL_TIME_COMPRESSION (default 10, τ ≈ 10 min instead of ≈ 1.6 h)
 * as the exam scenarios of §3.10 do; it is documented in docs/physics.md.
 */

export const OIL_C_REAL = 300_000;
export const OIL_TIME_COMPRESSION = 10;
export const OIL_UA_COOLER = 215;
export const OIL_G_AMB = 8;
/** servo drive idle consumption (all of it ends as heat in the oil), W */
export const DRIVE_IDLE_W = 1000;
/** share of the above-idle hydraulic power lost as heat in the oil */
export const OIL_LOSS_SHARE = 0.4;
/** drive power per phase above idle, W (§3.14: injection ≈ 6.7 kW electric for ≈ 1 s) */
export const DRIVE_MOVE_W = 2500;
export const DRIVE_LOCK_W = 3000;
export const DRIVE_HOLD_W = 1200;
export const DRIVE_EJECT_W = 1500;
export const DRIVE_MOTOR_EFF = 0.85;

export interface OilState {
  t: number;
  valve: number;
  energyJ: number;
}

/** thermostatic valve opening: proportional band 40 → 54.7 °C */
export const valveOpening = (tOil: number): number => Math.min(1, Math.max(0, (tOil - 40) / 14.7));

export function stepOil(
  o: OilState,
  driveW: number,
  pumpOn: boolean,
  uaFactor: number,
  stuckClosed: boolean,
  tWater: number,
  tAmb: number,
  dt: number,
): void {
  const loss = pumpOn
    ? Math.min(driveW, DRIVE_IDLE_W) + OIL_LOSS_SHARE * Math.max(0, driveW - DRIVE_IDLE_W)
    : 0;
  o.valve = stuckClosed ? 0 : valveOpening(o.t);
  const cool = OIL_UA_COOLER * uaFactor * o.valve * (o.t - tWater);
  o.t += ((loss - cool - OIL_G_AMB * (o.t - tAmb)) * dt * OIL_TIME_COMPRESSION) / OIL_C_REAL;
  o.energyJ += driveW * dt;
}

/** §3.10 high oil temperature: velocity tracking error σ and pressure ripple grow 0.3 %/K above 50 °C */
export const velocitySigma = (tOil: number): number => 0.005 + 0.003 * Math.max(0, tOil - 50);
export const pressureSigma = (tOil: number): number => 0.003 + 0.002 * Math.max(0, tOil - 50);
/** movement times stretch with hot oil (internal leakage): +2 %/K above 50 °C */
export const moveFactor = (tOil: number): number => 1 + 0.02 * Math.max(0, tOil - 50);
