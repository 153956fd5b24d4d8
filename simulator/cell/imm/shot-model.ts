/**
 * The per-shot sub-model (domain-model §3.0 "fast shot sub-model"): fill (§3.4), check-ring leakage
 * (§3.4.2), pack/hold and gate freeze (§3.5), cavity-pressure curves (§3.5), PVT weight (§3.6) and
 * clamp separation / flash (§3.9), evaluated once per shot with closed forms and a 60-step march over the
 * fill — never a 1 kHz loop every tick.
 *
 * All volumes in cm³, positions in mm from the forward stop, pressures in MPa (specific), times in s
 * counted from injection start unless stated.
 */
import {
  A_R,
  AS_CM3_PER_MM,
  BETA_HOLD,
  checkRingLeak,
  ETA_TR_REF,
  GAP_PL_NOM_MM,
  K_DEF,
  K_FLASH,
  K_GATE,
  K_MOULD_KN_PER_MM,
  K_SKIN,
  type Material,
  PACK_OVERSHOOT,
  T_ACC_S,
  T_CMP_S,
  taitCompression,
  V_DEAD_CM3,
  VP_OVERSHOOT,
  X_SENSOR,
} from '../materials.ts';
import { gateSealTime } from '../physics/cooling.ts';

export const TRANSFER_MODES = ['POSITION', 'PRESSURE', 'TIME', 'CAVITY_PRESSURE'] as const;
export type TransferReason =
  | 'position'
  | 'pressure'
  | 'time'
  | 'time_backup'
  | 'cavity_pressure'
  | 'cavity_full';

/** Constant per-job references, computed once (see reference.ts). */
export interface ShotRefs {
  readonly tMeltRef: number;
  readonly phiTrRef: number;
  readonly pEffRef: number;
  readonly tFillRef: number;
  readonly qRef: number;
  readonly tSurfRef: number;
  /** part + half runner weight per cavity branch at the reference state, g */
  readonly wBranchRef: number;
  /** fraction of a branch weight that is the part */
  readonly partShare: number;
}

export interface ShotInputs {
  readonly m: Material;
  readonly refs: ShotRefs;
  readonly vCav: number;
  readonly aProjCm2: number;
  readonly gateMm: number;
  readonly pRef: number;
  // settings
  readonly xStart: number;
  readonly shotSize: number;
  readonly decompression: number;
  readonly vSet: number;
  readonly transferMode: number;
  readonly xTransfer: number;
  readonly pTransferSp: number;
  readonly tTransferSp: number;
  readonly cavTransferSp: number;
  readonly tMax: number;
  readonly pLimit: number;
  readonly pHoldSp: number;
  readonly tHold: number;
  readonly clampKN: number;
  // state
  readonly tMelt: number;
  readonly rvi: number;
  readonly rNoz: number;
  readonly voidFraction: number;
  readonly crDelta: number;
  /** this shot's closing loss, cm³ (V_close·(1 + ε), flyers included) */
  readonly vClose: number;
  readonly tWall: number;
  /** fill split per cavity (sums to 1; 0.5/0.5 balanced) */
  readonly split: readonly [number, number];
  /** per-cavity transmission multiplier (hot-runner drop viscosity relative to the melt), 1 nominally */
  readonly rviCav: readonly [number, number];
  readonly ventClog: number;
  readonly gapSpotMm: number;
  readonly spotLength: number;
  /** multiplicative noise terms of this shot */
  readonly velFactor: number;
  readonly viscFactor: number;
  readonly holdFactor: number;
  readonly cavNoise: readonly [number, number, number, number];
  readonly weightNoise: readonly [number, number];
  /** melt temperature used for PVT (°C) and mould surface deviation from reference (K) */
  readonly dtSurf: number;
}

const FILL_STEPS = 60;

/** Result of one shot; plain data (part of the IMM snapshot while the cycle runs). */
export interface ShotResult {
  tFill: number;
  phiTr: number;
  phiTrCav: [number, number];
  xTrAct: number;
  transferReason: TransferReason;
  pTransfer: number;
  pPeakInj: number;
  pressureLimited: boolean;
  vAvg: number;
  vMax: number;
  fillLeak: number;
  vClose: number;
  voidVol: number;
  /** fill march (for curves): times, positions, pressures, velocities */
  fillT: number[];
  fillX: number[];
  fillP: number[];
  fillV: number[];
  pHold: number;
  tHold: number;
  tGs: number;
  /** effective hold duration (t_hold, or t_b when the screw bottoms out first) */
  tP: number;
  bottomed: boolean;
  tB: number;
  holdLeak: number;
  dvCmpBarrel: number;
  cushion: number;
  packStroke: number;
  /** pack volumes per cavity at full hold, cm³: V_pack components */
  vPackTotal: number;
  // cavity pressure: per sensor index s = 2·cavity + (0 gate | 1 eof)
  arrival: number[];
  pFF: number[];
  pPk: number[];
  pFlash: number;
  fSepKN: number;
  gapEff: number;
  gFlash: number;
  pEffFull: [number, number];
  pEffCurve: [number, number];
  wPvt: [number, number];
  /** branch weight (part + half runner) and part weight, g */
  wBranch: [number, number];
  wPart: [number, number];
  wFlash: [number, number];
  phiEnd: [number, number];
  /** §3.5 decay after gate seal per cavity, τ_p = 0.2·t_c,cl (at that cavity's surface) */
  tauP: [number, number];
  rhoM: number;
  /** packStroke(t) parameters */
  vRem: number;
  vShrinkTot: number;
  qLeakHold: number;
}

/** Solve the fill, the hold and the cavity pressures of one shot. */
export function computeShot(x: ShotInputs, tcCl: readonly [number, number]): ShotResult {
  const m = x.m;
  const rhoM = 1 / (m.v0a * Math.exp(m.v0b * x.tMelt));
  const vCav = x.vCav;
  const as = AS_CM3_PER_MM;
  const vVoid = x.voidFraction * as * x.shotSize;
  const vDec = x.decompression * as;
  const vSetAct = x.vSet * x.velFactor;
  const q = as * vSetAct;
  const visc = x.rvi * x.viscFactor;
  const qRatio = (q / x.refs.qRef) ** m.n;
  const vent = 0.04 * x.ventClog * x.ventClog;
  // demand at the set flow with F_skin = 1 (§3.4); vent back-pressure near the end of fill (F12)
  const pUnlim = (phi: number) =>
    x.pRef * visc * qRatio * (A_R + (1 - A_R) * phi) * x.rNoz * (1 + vent * phi ** 6);
  // velocity-control fill time for F_skin
  const strokeVc = x.xStart - x.xTransfer;
  const tFillVc = Math.max(0.05, strokeVc / vSetAct + T_ACC_S);
  const fSkin = 1 + K_SKIN * Math.max(0, tFillVc / x.refs.tFillRef - 1);
  // does the shot hit the pressure limit anywhere up to φ = 1? (demand with F_skin = 1)
  const limitedAnywhere = pUnlim(Math.min(1, x.refs.phiTrRef)) > x.pLimit;

  const fillT: number[] = [];
  const fillX: number[] = [];
  const fillP: number[] = [];
  const fillV: number[] = [];
  const fillPhi: number[] = [0, 0];
  // dead stroke: decompression, ring closing, starvation voids (no cavity flow, pressure builds to P(0))
  const xDeadEnd = x.xStart - (vDec + x.vClose + vVoid) / as;
  let t = T_ACC_S + Math.max(0, x.xStart - xDeadEnd) / vSetAct;
  fillT.push(0, t);
  fillX.push(x.xStart, xDeadEnd);
  const p0 = Math.min(x.pLimit, pUnlim(0) * (limitedAnywhere ? 1 : fSkin));
  fillP.push(0, p0);
  fillV.push(0, vSetAct);
  let leak = 0;
  let phi = 0;
  let xPos = xDeadEnd;
  let pNow = p0;
  let limited = false;
  let reason: TransferReason = 'cavity_full';
  let vSum = 0;
  let vMax = vSetAct;
  const dPhi = 1 / FILL_STEPS;
  const xEofArr = X_SENSOR[1] ** 1.1 * x.refs.phiTrRef;
  const cavShare = (1 - A_R) / x.rNoz;
  for (let i = 1; i <= FILL_STEPS; i++) {
    const phiN = i * dPhi;
    const pu = pUnlim(phiN);
    // velocity on the step's midpoint demand, pressure at its end
    const puMid = pUnlim(phiN - 0.5 * dPhi);
    let p: number;
    let v: number;
    if (pu > x.pLimit) {
      limited = true;
      p = x.pLimit;
      v = puMid > x.pLimit ? vSetAct * (x.pLimit / puMid) ** (1 / m.n) : vSetAct;
    } else {
      p = limitedAnywhere ? pu : Math.min(x.pLimit, pu * fSkin);
      v = vSetAct;
    }
    const vFront = as * xPos + V_DEAD_CM3;
    const xN =
      x.xStart -
      (vDec + x.vClose + vVoid + vCav * phiN + vFront * taitCompression(m, x.tMelt, p) + leak) / as;
    const dt = Math.max(0, xPos - xN) / v;
    const tN = t + dt;
    const leakN = leak + checkRingLeak(x.crDelta, 0.5 * (pNow + p), visc) * dt;
    // transfer criteria, checked at the end of the step and interpolated inside it
    let frac = -1;
    if (x.transferMode === 0 && xN <= x.xTransfer) {
      frac = (xPos - x.xTransfer) / Math.max(1e-9, xPos - xN);
      reason = 'position';
    } else if (x.transferMode === 1 && p >= x.pTransferSp) {
      frac = (x.pTransferSp - pNow) / Math.max(1e-9, p - pNow);
      reason = 'pressure';
    } else if (x.transferMode === 2 && tN >= x.tTransferSp) {
      frac = (x.tTransferSp - t) / Math.max(1e-9, dt);
      reason = 'time';
    } else if (x.transferMode === 3 && phiN > xEofArr) {
      const peof = eofFillPressure(phiN, xEofArr, x.refs.phiTrRef, p * cavShare);
      if (peof >= x.cavTransferSp) {
        const pe0 = eofFillPressure(phi, xEofArr, x.refs.phiTrRef, pNow * cavShare);
        frac = (x.cavTransferSp - pe0) / Math.max(1e-9, peof - pe0);
        reason = 'cavity_pressure';
      }
    }
    if (frac < 0 && tN >= x.tMax) {
      frac = (x.tMax - t) / Math.max(1e-9, dt);
      reason = 'time_backup';
    }
    if (frac >= 0) {
      frac = Math.min(1, Math.max(0, frac));
      t += dt * frac;
      xPos += (xN - xPos) * frac;
      pNow += (p - pNow) * frac;
      leak += (leakN - leak) * frac;
      phi += dPhi * frac;
      vSum += v * dt * frac;
      fillT.push(t);
      fillX.push(xPos);
      fillP.push(pNow);
      fillV.push(v);
      fillPhi.push(phi);
      break;
    }
    vSum += v * dt;
    if (v > vMax) vMax = v;
    t = tN;
    xPos = xN;
    pNow = p;
    leak = leakN;
    phi = phiN;
    fillT.push(t);
    fillX.push(xPos);
    fillP.push(pNow);
    fillV.push(v);
    fillPhi.push(phi);
  }
  const tFill = t;
  const phiTr = Math.min(1, phi);
  // V/P switchover response: the machine pressure overshoots while the valve responds (§2.1 10–30 ms)
  const overfill = reason === 'cavity_full';
  const pTransfer = pNow;
  const pPeakInj = overfill ? x.pLimit : Math.min(x.pLimit, pTransfer * (1 + VP_OVERSHOOT));

  // per-cavity fill fraction; a cavity cannot take more than its volume, the excess goes to the other
  let phiA = phiTr * 2 * x.split[0];
  let phiB = phiTr * 2 * x.split[1];
  if (phiA > 1) {
    phiB += phiA - 1;
    phiA = 1;
  }
  if (phiB > 1) {
    phiA = Math.min(1, phiA + phiB - 1);
    phiB = 1;
  }
  const phiTrCav: [number, number] = [phiA, phiB];

  // ---------------------------------------------------------------------------------- pack / hold (§3.5)
  const pHold = x.pHoldSp * x.holdFactor;
  const tGs = gateSealTime(K_GATE, x.gateMm, m.alpha, x.tMelt, x.tWall, m.Tnf);
  const tauP: [number, number] = [0.2 * tcCl[0], 0.2 * tcCl[1]];
  const pFlash = (K_DEF * x.clampKN) / (x.aProjCm2 * 0.1); // kN / (cm²·0.1) = MPa ... kN/cm² = 10 MPa
  const arrival: number[] = [];
  const pFF: number[] = [];
  const pPk: number[] = [];
  const pCavFlow = ((1 - A_R) * pTransfer) / x.rNoz;
  for (let c = 0; c < 2; c++) {
    const rv = visc * x.rviCav[c]!;
    for (let s = 0; s < 2; s++) {
      const xs = X_SENSOR[s]!;
      let eta = 1 - (1 - ETA_TR_REF[s]!) * rv ** (1 / m.n) * x.rNoz;
      if (s === 1) eta *= 1 - 0.3 * x.ventClog * x.ventClog;
      eta = Math.min(1, Math.max(0, eta));
      let pk = eta * pHold * (1 + PACK_OVERSHOOT) * (1 - 2 * (x.refs.phiTrRef - phiTrCav[c]!));
      pk *= x.cavNoise[2 * c + s]!;
      pPk.push(Math.max(0, pk));
      pFF.push(Math.max(0, (1 - xs) * pCavFlow * (phiTrCav[c]! / Math.max(0.5, x.refs.phiTrRef)) ** 2));
      // melt front reaches the sensor when the cavity fill fraction passes x^1.1·φ_tr,ref (t_arr = t_fill·x^1.1
      // under constant velocity); a front that only arrives during the pack arrives in the compression phase
      const phiNeed = (xs ** 1.1 * x.refs.phiTrRef) / (2 * x.split[c]!);
      let arr = phiNeed < phiTr ? interp(fillPhi, fillT, phiNeed) : tFill + 0.5 * T_CMP_S;
      if (s === 1) arr *= 1 + 0.06 * x.ventClog;
      arrival.push(arr);
    }
  }
  // §3.9 separation force on the unclipped peaks, parting-line opening and flash
  let pMean = 0;
  for (const p of pPk) pMean += p / 4;
  const fSepKN = x.aProjCm2 * 0.1 * pMean;
  const opening = Math.max(0, fSepKN - K_DEF * x.clampKN) / K_MOULD_KN_PER_MM;
  const gFlash = m.gFlashRef * visc ** (1 / m.n);
  // gap_eff = max(nominal gap, clamp opening): the opening of the whole parting line subsumes the fit gap
  const gapEff = Math.max(GAP_PL_NOM_MM, opening);

  // P_eff at gate seal per cavity (mean of its two sensors, curves clipped at P_flash)
  const pEffFull: [number, number] = [0, 0];
  for (let c = 0; c < 2; c++) {
    let sum = 0;
    for (let s = 0; s < 2; s++) sum += Math.min(pFlash, pPk[2 * c + s]! * (1 - BETA_HOLD[s]!));
    pEffFull[c] = sum / 2;
  }
  const wFlash: [number, number] = [0, 0];
  for (let c = 0; c < 2; c++) {
    const pk = 0.5 * (Math.min(pFlash, pPk[2 * c]!) + Math.min(pFlash, pPk[2 * c + 1]!));
    const open = Math.max(0, gapEff - gFlash);
    const spot = Math.max(0, x.gapSpotMm - gFlash) * x.spotLength;
    wFlash[c] = (K_FLASH * (open + spot) * pk) / visc;
  }
  const wPvt: [number, number] = [0, 0];
  const wFill: [number, number] = [0, 0];
  const wTr: [number, number] = [0, 0];
  const vCavC = vCav / 2;
  for (let c = 0; c < 2; c++) {
    const d = m.kP * (pEffFull[c]! - x.refs.pEffRef) + m.kTm * (x.tMelt - x.refs.tMeltRef) + m.kTM * x.dtSurf;
    const noise = x.weightNoise[c]!;
    wPvt[c] = x.refs.wBranchRef * (1 + d) * noise * (1 - 0.01 * x.ventClog * x.ventClog);
    wFill[c] = rhoM * vCavC * noise;
    wTr[c] = rhoM * phiTrCav[c]! * vCavC * noise;
  }
  // §3.5 W(t_p): the remaining fill volume during the compression phase, then W_fill → W_∞ as √(t_p/t_gs)
  const wAt = (c: number, tp: number) =>
    wTr[c]! +
    (wFill[c]! - wTr[c]!) * Math.min(1, Math.max(0, tp) / T_CMP_S) +
    (wPvt[c]! - wFill[c]!) * Math.sqrt(Math.min(1, Math.max(0, tp) / tGs));
  // pack stroke: V_rem and flash during the compression phase, shrink compensation ∝ √(t/t_gs) (§3.5)
  let vRem = 0;
  let vShrinkTot = 0;
  for (let c = 0; c < 2; c++) {
    vRem += (1 - phiTrCav[c]!) * vCavC + wFlash[c]! / rhoM;
    vShrinkTot += (wPvt[c]! - wFill[c]!) / rhoM;
  }
  const qLeakHold = checkRingLeak(x.crDelta, pHold, visc);
  const vFrontTr = as * fillX[fillX.length - 1]! + V_DEAD_CM3;
  const dvCmpBarrel = Math.max(
    0,
    vFrontTr * (taitCompression(m, x.tMelt, pTransfer) - taitCompression(m, x.tMelt, pHold)),
  );
  const xTrAct = fillX[fillX.length - 1]!;
  const stroke = (tp: number) =>
    (vRem * Math.min(1, tp / T_CMP_S) +
      vShrinkTot * Math.sqrt(Math.min(1, Math.max(0, tp) / tGs)) +
      qLeakHold * tp -
      dvCmpBarrel * Math.min(1, tp / T_CMP_S)) /
    as;
  let bottomed = false;
  let tB = x.tHold;
  if (xTrAct - stroke(x.tHold) < 0) {
    bottomed = true;
    let lo = 0;
    let hi = x.tHold;
    for (let i = 0; i < 30; i++) {
      const mid = 0.5 * (lo + hi);
      if (xTrAct - stroke(mid) < 0) hi = mid;
      else lo = mid;
    }
    tB = 0.5 * (lo + hi);
  }
  const tP = bottomed ? Math.min(tB, x.tHold) : x.tHold;
  const wBranch: [number, number] = [0, 0];
  const phiEnd: [number, number] = [1, 1];
  for (let c = 0; c < 2; c++) {
    const tpW = bottomed && tB < tGs ? tB : x.tHold;
    let w = wAt(c, tpW);
    // the remaining fill is delivered during the compression phase; a pack cut short leaves the part short
    phiEnd[c] = phiTrCav[c]! + (1 - phiTrCav[c]!) * Math.min(1, tpW / T_CMP_S);
    // the end of flow never sees pressure: the front stops short (§3.4 short shot)
    const peof = Math.min(pFlash, pPk[2 * c + 1]!);
    if (peof < 1) phiEnd[c] = Math.min(phiEnd[c]!, phiTrCav[c]! + (1 - phiTrCav[c]!) * peof);
    if (x.ventClog > 0.85) phiEnd[c] = Math.min(phiEnd[c]!, 1 - (0.02 * (x.ventClog - 0.85)) / 0.15);
    if (phiEnd[c]! < 0.9999 && tpW >= T_CMP_S) w = Math.min(w, wPvt[c]!) * phiEnd[c]!;
    wBranch[c] = w + wFlash[c]!;
  }
  const wPart: [number, number] = [
    (wBranch[0] - wFlash[0]) * x.refs.partShare + wFlash[0],
    (wBranch[1] - wFlash[1]) * x.refs.partShare + wFlash[1],
  ];
  // P_eff read on the curves at gate seal (lower when the hold ended before the seal)
  const pEffCurve: [number, number] = [pEffFull[0], pEffFull[1]];
  if (tP < tGs) {
    const f = Math.sqrt(Math.max(0, tP) / tGs);
    pEffCurve[0] *= 0.5 * f;
    pEffCurve[1] *= 0.5 * f;
  }
  const packStroke = Math.min(xTrAct, stroke(x.tHold));
  const cushion = Math.max(0, xTrAct - stroke(x.tHold));
  return {
    tFill,
    phiTr,
    phiTrCav,
    xTrAct,
    transferReason: reason,
    pTransfer,
    pPeakInj,
    pressureLimited: limited,
    vAvg: vSum / Math.max(1e-6, x.xStart - xTrAct),
    vMax,
    fillLeak: leak,
    vClose: x.vClose,
    voidVol: vVoid,
    fillT,
    fillX,
    fillP,
    fillV,
    pHold,
    tHold: x.tHold,
    tGs,
    tP,
    bottomed,
    tB,
    holdLeak: qLeakHold * tP,
    dvCmpBarrel,
    cushion,
    packStroke,
    vPackTotal: vRem + vShrinkTot,
    arrival,
    pFF,
    pPk,
    pFlash,
    fSepKN,
    gapEff,
    gFlash,
    pEffFull,
    pEffCurve,
    wPvt,
    wBranch,
    wPart,
    wFlash,
    phiEnd,
    tauP,
    rhoM,
    vRem,
    vShrinkTot,
    qLeakHold,
  };
}

/** End-of-flow sensor pressure during fill as a function of the fill fraction (for cavity transfer). */
function eofFillPressure(phi: number, phiArr: number, phiRef: number, pCavFlow: number): number {
  if (phi <= phiArr) return 0;
  return (1 - X_SENSOR[1]) * pCavFlow * ((phi - phiArr) / Math.max(1e-6, phiRef - phiArr)) ** 1.5;
}

/** §3.5 true cavity pressure of sensor s (0 gate / 1 eof of cavity 0, 2/3 of cavity 1) at time t. */
export function cavityPressure(r: ShotResult, s: number, t: number): number {
  const arr = r.arrival[s]!;
  if (t <= arr) return 0;
  const beta = BETA_HOLD[s & 1]!;
  const pk = r.pPk[s]!;
  const ff = r.pFF[s]!;
  let p: number;
  const tPk = r.tFill + T_CMP_S;
  const tSeal = r.tFill + r.tGs;
  const tEnd = r.tFill + Math.min(r.tP, r.tGs);
  const hold = (tt: number) => {
    if (tt <= r.tFill) return ff * ((tt - arr) / Math.max(1e-6, r.tFill - arr)) ** 1.5;
    if (tt <= tPk) {
      const u = (tt - r.tFill) / T_CMP_S;
      return ff + (pk - ff) * u * u * (3 - 2 * u);
    }
    return pk * (1 - (beta * (tt - tPk)) / Math.max(1e-3, tSeal - tPk));
  };
  const tauP = r.tauP[s >> 1]!;
  if (t <= tEnd) p = hold(t);
  else if (r.tP >= r.tGs) p = hold(tSeal) * Math.exp(-(t - tSeal) / tauP);
  else {
    // pressure ended before the gate sealed: backflow drop, then isochoric decay (§3.5)
    const pe = hold(tEnd);
    const u = Math.min(1, (t - tEnd) / 0.05);
    p = pe * (1 - 0.5 * u) * Math.exp(-Math.max(0, t - tEnd - 0.05) / tauP);
  }
  return p > r.pFlash ? r.pFlash : p;
}

/** Machine curves: screw position (mm), injection velocity (mm/s), specific injection pressure (MPa). */
export function screwPosition(r: ShotResult, t: number): number {
  if (t <= r.tFill) return interp(r.fillT, r.fillX, t);
  return Math.max(r.cushion, r.xTrAct - packStrokeAt(r, Math.min(t - r.tFill, r.tHold)));
}

export function injectionPressure(r: ShotResult, t: number): number {
  if (t <= r.tFill) return interp(r.fillT, r.fillP, t);
  if (t <= r.tFill + 0.03) return r.pPeakInj + ((r.pHold - r.pPeakInj) * (t - r.tFill)) / 0.03;
  if (t <= r.tFill + r.tHold) return r.pHold;
  return 0;
}

export function injectionVelocity(r: ShotResult, t: number): number {
  if (t <= r.tFill) return interp(r.fillT, r.fillV, t);
  const tt = t - r.tFill;
  if (tt > r.tHold) return 0;
  const h = 0.02;
  return Math.max(0, (screwPosition(r, t - h) - screwPosition(r, t)) / h);
}

export function packStrokeAt(r: ShotResult, tp: number): number {
  return (
    (r.vRem * Math.min(1, tp / T_CMP_S) +
      r.vShrinkTot * Math.sqrt(Math.min(1, Math.max(0, tp) / r.tGs)) +
      r.qLeakHold * tp -
      r.dvCmpBarrel * Math.min(1, tp / T_CMP_S)) /
    AS_CM3_PER_MM
  );
}

function interp(xs: readonly number[], ys: readonly number[], x: number): number {
  const n = xs.length;
  if (x <= xs[0]!) return ys[0]!;
  if (x >= xs[n - 1]!) return ys[n - 1]!;
  let lo = 0;
  let hi = n - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (xs[mid]! <= x) lo = mid;
    else hi = mid;
  }
  const x0 = xs[lo]!;
  const x1 = xs[hi]!;
  return ys[lo]! + ((ys[hi]! - ys[lo]!) * (x - x0)) / Math.max(1e-12, x1 - x0);
}
