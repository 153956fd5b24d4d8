/**
 * Per-job reference values (§1.2 "results", §3.5, §3.6, §3.7, §3.8): the constants the relative laws are
 * written against (T_melt,ref, φ_tr,ref, P_eff,ref, t_fill,ref, mould surface, dosing time …), computed once
 * from the job's own settings with the model's own equations and all noise off.
 */
import { computeShot, type ShotInputs, type ShotRefs } from './imm/shot-model.ts';
import {
  AS_CM3_PER_MM,
  type Job,
  K_GATE,
  MATERIALS,
  type Material,
  meltDensity,
  referenceMeltTemp,
  T_ACC_S,
} from './materials.ts';
import { steadySurface } from './mould.ts';
import { coolingTimeCentre, gateSealTime } from './physics/cooling.ts';

/** §3.8 ṁ_0 for PP at N_ref = 280 rpm and BP_ref = 8 MPa, calibrated so the §1.2 stroke doses in 4.5 s */
export const MDOT0_PP = 12.397;
export const N_REF = 280;
export const BP_REF = 8;
/** §3.8 back-pressure sensitivity of the plasticizing rate, per MPa */
export const K_BP_DOSE = 0.0075;
/** movement durations at nominal oil temperature, s (§2.1) */
export const T_CLOSE_FAST = 1.0;
export const T_CLOSE_SLOW = 0.4;
export const T_LOCK = 0.3;
export const T_OPEN = 1.4;
export const T_EJECT_FWD = 0.45;
export const T_EJECT_BACK = 0.25;
export const T_DECOMPRESS = 0.2;
export const CUSHION_REF = 8;

export interface JobRefs extends ShotRefs {
  readonly material: Material;
  readonly shotMassG: number;
  readonly rhoMRef: number;
  /** plasticizing rate at the job's rpm and back pressure, g/s */
  readonly mdotJob: number;
  readonly mdot0: number;
  readonly tDoseRef: number;
  readonly doseTimeoutS: number;
  readonly tGsRef: number;
  readonly tcClRef: number;
  /** t_c,actual at the reference (fill + hold + cooling timer) */
  readonly tcActualRef: number;
  readonly cycleEstS: number;
  /** part heat per shot, J (§3.7 Q_part) */
  readonly qPartJ: number;
  readonly heatPerCircuitW: number;
  readonly pHoldRef: number;
  readonly vRef: number;
}

export function plastRate(mdot0: number, rpm: number, bp: number): number {
  return mdot0 * (rpm / N_REF) ** 0.9 * (1 - K_BP_DOSE * (bp - BP_REF));
}

export function nominalInputs(job: Job, refs: ShotRefs, tWall: number): ShotInputs {
  const m = MATERIALS[job.material];
  const s = job.settings;
  return {
    m,
    refs,
    vCav: job.vCavCm3,
    aProjCm2: job.aProjCm2,
    gateMm: job.gateMm,
    pRef: job.pRefMPa,
    xStart: s.shotSizeMm + s.decompressionMm,
    shotSize: s.shotSizeMm,
    decompression: s.decompressionMm,
    vSet: s.injSpeedMmS,
    transferMode: 0,
    xTransfer: s.transferMm,
    pTransferSp: 200,
    tTransferSp: 10,
    cavTransferSp: 200,
    tMax: s.transferTimeMaxS,
    pLimit: s.pressureLimitMPa,
    pHoldSp: s.holdMPa,
    tHold: s.holdS,
    clampKN: s.clampKN,
    tMelt: refs.tMeltRef,
    rvi: 1,
    rNoz: 1,
    voidFraction: 0,
    crDelta: 0.05,
    vClose: 1.0,
    tWall,
    split: [0.5, 0.5],
    rviCav: [1, 1],
    ventClog: 0,
    gapSpotMm: 0.01,
    spotLength: 0,
    velFactor: 1,
    viscFactor: 1,
    holdFactor: 1,
    cavNoise: [1, 1, 1, 1],
    weightNoise: [1, 1],
    dtSurf: 0,
  };
}

export function computeRefs(job: Job): JobRefs {
  const m = MATERIALS[job.material];
  const s = job.settings;
  const tMeltRef = referenceMeltTemp(job);
  const rhoMRef = meltDensity(m, tMeltRef);
  const shotMassG = 2 * job.partMassG + job.runnerMassG;
  const qRef = AS_CM3_PER_MM * s.injSpeedMmS;
  const tFillRef = (s.shotSizeMm + s.decompressionMm - s.transferMm) / s.injSpeedMmS + T_ACC_S;
  const mdot0 = (MDOT0_PP * rhoMRef) / meltDensity(MATERIALS.PP, 230);
  const mdotJob = plastRate(mdot0, s.rpm, s.backPressureMPa);
  const tDoseRef = (rhoMRef * AS_CM3_PER_MM * (s.shotSizeMm - CUSHION_REF)) / mdotJob;
  const doseTimeoutS = s.doseTimeoutS > 0 ? s.doseTimeoutS : Math.round(20 * tDoseRef) / 10;
  const cycleEstS =
    T_CLOSE_FAST +
    T_CLOSE_SLOW +
    T_LOCK +
    tFillRef +
    s.holdS +
    Math.max(s.coolS, tDoseRef + T_DECOMPRESS) +
    T_OPEN +
    2.7 +
    0.15;
  const qPartJ = shotMassG * (m.cp * (tMeltRef - m.Teject) + m.dHf);
  const heatPerCircuitW = qPartJ / cycleEstS / 4;
  const tSurfRef = steadySurface(s.mouldC, heatPerCircuitW);
  const wBranchRef = job.partMassG + job.runnerMassG / 2;
  const provisional: ShotRefs = {
    tMeltRef,
    phiTrRef: 0.95,
    pEffRef: 0,
    tFillRef,
    qRef,
    tSurfRef,
    wBranchRef,
    partShare: job.partMassG / wBranchRef,
  };
  const tcClRef = coolingTimeCentre(job.wallMm, m.alpha, tMeltRef, tSurfRef, m.Teject);
  const r1 = computeShot(nominalInputs(job, provisional, tSurfRef), [tcClRef, tcClRef]);
  const withPhi: ShotRefs = { ...provisional, phiTrRef: r1.phiTr };
  const r2 = computeShot(nominalInputs(job, withPhi, tSurfRef), [tcClRef, tcClRef]);
  const pEffRef = 0.5 * (r2.pEffFull[0] + r2.pEffFull[1]);
  return {
    ...withPhi,
    pEffRef,
    material: m,
    shotMassG,
    rhoMRef,
    mdotJob,
    mdot0,
    tDoseRef,
    doseTimeoutS,
    tGsRef: gateSealTime(K_GATE, job.gateMm, m.alpha, tMeltRef, tSurfRef, m.Tnf),
    tcClRef,
    tcActualRef: tFillRef + s.holdS + s.coolS,
    cycleEstS,
    qPartJ,
    heatPerCircuitW,
    pHoldRef: s.holdMPa,
    vRef: s.injSpeedMmS,
  };
}
