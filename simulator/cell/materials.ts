/**
 * Material presets (domain-model §2.3, §3.3, §3.6) and reference jobs (§1.2).
 *
 * Every constant is tagged with the spec clause it comes from. Values marked [A] in the spec are tunable;
 * they are collected here so trainers can recalibrate one place (§9 "Material parameters").
 */

export type MaterialId = 'PP' | 'ABS' | 'PA6';
export const MATERIAL_IDS: readonly MaterialId[] = ['PP', 'ABS', 'PA6'];

export interface Material {
  readonly id: MaterialId;
  readonly name: { readonly fr: string; readonly en: string };
  // §3.3 Cross-WLF (T in K); only n, A1, A2, D2 enter the normative power-law RVI
  readonly n: number;
  readonly tauStar: number;
  readonly D1: number;
  readonly D2: number;
  readonly A1: number;
  readonly A2: number;
  /** nominal melt flow index of a conforming lot, g/10 min */
  readonly mfiNominal: number;
  // §3.6 PVT: melt v0(T) = v0a·exp(v0b·T[°C]) cm³/g, Tait B(T) = B0·exp(−B1·T[°C]) MPa, C = 0.0894
  readonly rhoSolid: number;
  readonly v0a: number;
  readonly v0b: number;
  readonly taitB0: number;
  readonly taitB1: number;
  /** specific heat of the melt, J/(g·K) */
  readonly cp: number;
  /** latent heat × crystallinity released in the mould, J/g (§3.7 Q_part) */
  readonly dHf: number;
  /** no-flow temperature for gate freeze, °C (§3.5) */
  readonly Tnf: number;
  /** ejection temperature criterion, °C (§2.3, §3.7) */
  readonly Teject: number;
  /** effective thermal diffusivity, mm²/s (§2.3) */
  readonly alpha: number;
  /** degradation onset (dark streaks / splay from overheating), °C: top of the melt window + 5 K [A] */
  readonly Tdeg: number;
  readonly meltWindow: readonly [number, number];
  readonly mouldWindow: readonly [number, number];
  /** max melt residence time, s (§2.3) */
  readonly maxResidenceS: number;
  // §3.3 / §3.11 moisture
  readonly hygroscopic: boolean;
  /** moisture above which viscosity falls (hydrolysis), % */
  readonly Mref: number;
  /** viscosity factor exp(−kw·(M − Mref)⁺), per % moisture */
  readonly kw: number;
  /** splay threshold, % (§3.11) */
  readonly Mcrit: number;
  /** M_eq(DP) at the drying temperature, % at DP −40/−20/−5/+10 °C (§3.11 table) */
  readonly Meq: readonly [number, number, number, number];
  /** drying time constant at 80 °C, h (§3.11) */
  readonly tauDryH: number;
  /** moisture of pellets as received, % */
  readonly Min: number;
  readonly dryTempC: number;
  // §3.6 weight and shrinkage sensitivities (fractions per unit, not %)
  readonly kP: number;
  readonly kTm: number;
  readonly kTM: number;
  readonly Sref: number;
  readonly aP: number;
  readonly aM: number;
  /** shrinkage per second of missing cooling (t_c,min − t_c,actual)⁺ [A] */
  readonly aC: number;
  /** shrinkage per % of moisture above Mref [A] */
  readonly aMoist: number;
  /** §3.9 flash gap at RVI = 1, mm */
  readonly gFlashRef: number;
  /** §3.2 adiabatic heating, K/MPa (ΔP/(ρ·c_p)) */
  readonly kBP: number;
  /** laser mark contrast factor of the grade (PP marks poorly without additive) [A] */
  readonly laserResponse: number;
  /** regrind limit (fraction), §2.3 */
  readonly regrindLimit: number;
}

const A2 = 51.6;

export const MATERIALS: Readonly<Record<MaterialId, Material>> = {
  PP: {
    id: 'PP',
    name: { fr: 'Polypropylène (PP)', en: 'Polypropylene (PP)' },
    n: 0.3,
    tauStar: 2.5e4,
    D1: 1.73e13,
    D2: 263.15,
    A1: 27.8,
    A2,
    mfiNominal: 12,
    rhoSolid: 0.905,
    // v0a calibrated so that ρ_m(230 °C) ≈ 0.7415 g/cm³, which closes the §1.2 stroke budget on 8.0 mm cushion
    v0a: 1.156,
    v0b: 6.7e-4,
    taitB0: 149,
    taitB1: 4.18e-3,
    cp: 2.5,
    dHf: 90,
    Tnf: 130,
    Teject: 90,
    alpha: 0.08,
    Tdeg: 285,
    meltWindow: [200, 280],
    mouldWindow: [20, 60],
    maxResidenceS: 600,
    hygroscopic: false,
    Mref: 0.1,
    kw: 0,
    Mcrit: 1,
    Meq: [0.01, 0.01, 0.02, 0.02],
    tauDryH: 0.3,
    Min: 0.02,
    dryTempC: 80,
    kP: 0.0009,
    kTm: 0.0002,
    kTM: 0.00005,
    Sref: 0.015,
    aP: 0.00027,
    aM: 0.0002,
    aC: 0.0005,
    aMoist: 0,
    gFlashRef: 0.03,
    kBP: 0.52,
    laserResponse: 0.8,
    regrindLimit: 0.15,
  },
  ABS: {
    id: 'ABS',
    name: { fr: 'ABS', en: 'ABS' },
    n: 0.27,
    tauStar: 3.0e4,
    D1: 5.3e11,
    D2: 373.15,
    A1: 23.8,
    A2,
    mfiNominal: 20,
    rhoSolid: 1.045,
    v0a: 0.92244,
    v0b: 5.5e-4,
    taitB0: 230,
    taitB1: 4.0e-3,
    cp: 2.2,
    dHf: 0,
    Tnf: 115,
    Teject: 90,
    alpha: 0.1,
    Tdeg: 275,
    meltWindow: [210, 270],
    mouldWindow: [40, 80],
    maxResidenceS: 420,
    hygroscopic: true,
    Mref: 0.1,
    kw: 0.3,
    Mcrit: 0.1,
    Meq: [0.02, 0.05, 0.12, 0.2],
    tauDryH: 0.75,
    Min: 0.3,
    dryTempC: 80,
    kP: 0.00055,
    kTm: 0.0002,
    kTM: 0.00005,
    Sref: 0.006,
    aP: 0.00015,
    aM: 0.00005,
    aC: 0.0002,
    aMoist: 0,
    gFlashRef: 0.038,
    kBP: 0.42,
    laserResponse: 1.0,
    regrindLimit: 0.3,
  },
  PA6: {
    id: 'PA6',
    name: { fr: 'Polyamide 6 (PA6)', en: 'Polyamide 6 (PA6)' },
    n: 0.35,
    tauStar: 1.0e5,
    D1: 1.87e13,
    D2: 323.15,
    A1: 30.6,
    A2,
    mfiNominal: 30,
    rhoSolid: 1.13,
    v0a: 0.89417,
    v0b: 5.0e-4,
    taitB0: 260,
    taitB1: 4.0e-3,
    cp: 2.4,
    dHf: 75,
    Tnf: 205,
    Teject: 140,
    alpha: 0.09,
    Tdeg: 285,
    meltWindow: [245, 280],
    mouldWindow: [70, 110],
    maxResidenceS: 330,
    hygroscopic: true,
    Mref: 0.1,
    kw: 1.0,
    Mcrit: 0.2,
    Meq: [0.05, 0.12, 0.25, 0.45],
    tauDryH: 1.0,
    Min: 0.15,
    dryTempC: 80,
    kP: 0.0007,
    kTm: 0.0002,
    kTM: 0.00005,
    Sref: 0.013,
    aP: 0.0002,
    aM: 0.00015,
    aC: 0.0004,
    aMoist: -0.003,
    gFlashRef: 0.015,
    kBP: 0.43,
    laserResponse: 0.9,
    regrindLimit: 0.25,
  },
};

/** Process settings of a job (the validated dataset, §1.2). */
export interface JobSettings {
  /** Z1..Z4, nozzle, °C */
  readonly zones: readonly [number, number, number, number, number];
  readonly feedThroatC: number;
  /** TCU set point, both halves, °C */
  readonly mouldC: number;
  readonly shotSizeMm: number;
  readonly decompressionMm: number;
  readonly injSpeedMmS: number;
  readonly transferMm: number;
  readonly transferTimeMaxS: number;
  readonly pressureLimitMPa: number;
  readonly holdMPa: number;
  readonly holdS: number;
  readonly coolS: number;
  readonly rpm: number;
  readonly backPressureMPa: number;
  readonly clampKN: number;
  readonly doseTimeoutS: number;
}

export interface Job {
  readonly id: string;
  readonly material: MaterialId;
  readonly partName: { readonly fr: string; readonly en: string };
  readonly partMassG: number;
  readonly runnerMassG: number;
  readonly hotRunner: boolean;
  /** total cavity volume incl. runner and shrink allowance, cm³ (§1.2) */
  readonly vCavCm3: number;
  /** projected area incl. runner, cm² */
  readonly aProjCm2: number;
  readonly wallMm: number;
  readonly gateMm: number;
  /** key dimension, mm (§1.2 L_key) and its tolerance (± mm) */
  readonly lKeyMm: number;
  readonly lKeyTolMm: number;
  /** part weight tolerance (± g), set so the healthy process shows Cpk ≈ 1.7–2 (§6.3) */
  readonly weightTolG: number;
  /** §3.4 demand at Q_ref (the job's injection speed) and φ = 1 */
  readonly pRefMPa: number;
  readonly settings: JobSettings;
  /** cycle-time reference for OEE/expected cycle, s */
  readonly cycleRefS: number;
}

const R_PP: Job = {
  id: 'R-PP',
  material: 'PP',
  partName: { fr: 'Couvercle rond PP', en: 'Round PP lid' },
  partMassG: 24,
  runnerMassG: 6,
  hotRunner: false,
  vCavCm3: 62.4,
  aProjCm2: 208,
  wallMm: 2.0,
  gateMm: 1.2,
  lKeyMm: 113.0,
  lKeyTolMm: 0.19,
  weightTolG: 0.2,
  pRefMPa: 70,
  settings: {
    zones: [195, 210, 225, 230, 230],
    feedThroatC: 40,
    mouldC: 40,
    shotSizeMm: 86.2,
    decompressionMm: 3,
    injSpeedMmS: 80,
    transferMm: 21.9,
    transferTimeMaxS: 2.0,
    pressureLimitMPa: 90,
    holdMPa: 45,
    holdS: 5,
    coolS: 8,
    rpm: 280,
    backPressureMPa: 8,
    clampKN: 900,
    doseTimeoutS: 9,
  },
  cycleRefS: 20,
};

/** §1.2 hot-runner variant R-PP-HR (used by F19): 2 drops gate directly, no cold runner. */
const R_PP_HR: Job = {
  ...R_PP,
  id: 'R-PP-HR',
  runnerMassG: 0,
  hotRunner: true,
  vCavCm3: 55.4,
  aProjCm2: 200,
  settings: { ...R_PP.settings, shotSizeMm: 77.7, transferMm: 20.4 },
};

/** R-ABS housing, wall 2.5 mm, 2 × 30 g (§1.2 alternative sets; settings from §2.3 and §3) [D/A]. */
const R_ABS: Job = {
  id: 'R-ABS',
  material: 'ABS',
  partName: { fr: 'Boîtier ABS', en: 'ABS housing' },
  partMassG: 30,
  runnerMassG: 7,
  hotRunner: false,
  vCavCm3: 65.27,
  aProjCm2: 188,
  wallMm: 2.5,
  gateMm: 1.2,
  lKeyMm: 150.0,
  lKeyTolMm: 0.18,
  weightTolG: 0.25,
  pRefMPa: 85,
  settings: {
    zones: [200, 220, 235, 240, 240],
    feedThroatC: 40,
    mouldC: 60,
    shotSizeMm: 0, // derived by deriveStrokes()
    decompressionMm: 3,
    injSpeedMmS: 60,
    transferMm: 0,
    transferTimeMaxS: 2.5,
    pressureLimitMPa: 120,
    holdMPa: 60,
    holdS: 6.5,
    coolS: 13,
    rpm: 250,
    backPressureMPa: 8,
    clampKN: 1100,
    doseTimeoutS: 0,
  },
  cycleRefS: 26,
};

/** R-PA6 clip, wall 2.0 mm, 2 × 15 g [D/A]. */
const R_PA6: Job = {
  id: 'R-PA6',
  material: 'PA6',
  partName: { fr: 'Clip PA6', en: 'PA6 clip' },
  partMassG: 15,
  runnerMassG: 4,
  hotRunner: false,
  vCavCm3: 31.44,
  aProjCm2: 85,
  wallMm: 2.0,
  gateMm: 1.5,
  lKeyMm: 40.0,
  lKeyTolMm: 0.06,
  weightTolG: 0.12,
  pRefMPa: 65,
  settings: {
    zones: [235, 250, 260, 260, 258],
    feedThroatC: 40,
    mouldC: 80,
    shotSizeMm: 0,
    decompressionMm: 3,
    injSpeedMmS: 100,
    transferMm: 0,
    transferTimeMaxS: 1.5,
    pressureLimitMPa: 100,
    holdMPa: 50,
    holdS: 2.5,
    coolS: 8,
    rpm: 200,
    backPressureMPa: 5,
    clampKN: 450,
    doseTimeoutS: 0,
  },
  cycleRefS: 17,
};

// ---------------------------------------------------------------------------------------------------------
// Machine constants (§1.1) [A/D]

export const SCREW_D_MM = 35;
/** screw area, cm³ per mm of stroke (A_s = π·3.5²/4 = 9.62 cm²) */
export const AS_CM3_PER_MM = (Math.PI * 3.5 * 3.5) / 4 / 10;
/** screw tip and nozzle dead volume, cm³ (§3.5) */
export const V_DEAD_CM3 = 2;
/** Tait universal constant (§3.6) */
export const TAIT_C = 0.0894;
/** §3.4 share of the demand consumed by nozzle + runner + gate */
export const A_R = 0.35;
/** §3.4 acceleration allowance of the fill time, s */
export const T_ACC_S = 0.05;
/** §3.4 slow-fill skin factor */
export const K_SKIN = 0.3;
/** §3.4.2 check ring land, gap viscosity (PP at 230 °C, scaled by RVI only) */
export const CR_LAND_MM = 10;
export const ETA_GAP_PAS = 200;
/** §3.5 sensor positions (flow-length fraction), transmission at RVI = 1, hold decay β, overshoot o */
export const X_SENSOR = [0.15, 0.9] as const;
export const ETA_TR_REF = [0.8, 0.53] as const;
export const BETA_HOLD = [0.15, 0.35] as const;
export const PACK_OVERSHOOT = 0.05;
/** compression phase duration after transfer, s (§3.5: 0.05–0.3 s) */
export const T_CMP_S = 0.15;
/** §3.5 gate freeze constant */
export const K_GATE = 3.5;
/** §3.6 sink threshold: P_sink,thr = 0.85·P_eff,ref */
export const SINK_RATIO = 0.85;
/** §3.9 clamp deflection factor, mould separation stiffness (kN/mm), flash mass constant g/(mm·MPa) */
export const K_DEF = 0.95;
export const K_MOULD_KN_PER_MM = 2000;
export const K_FLASH = 0.7;
/** nominal parting-line gap, mm (§3.9) */
export const GAP_PL_NOM_MM = 0.01;
/** §3.6 warpage coefficient (mm/K for the reference part) */
export const C_WARP = 0.075;
/** §3.8 starvation void coefficient */
export const K_VOID = 0.2;
/** V/P switchover response overshoot of the machine pressure (10–30 ms of continued motion) [A] */
export const VP_OVERSHOOT = 0.03;

// ---------------------------------------------------------------------------------------------------------
// Derived helpers

export const meltDensity = (m: Material, tC: number): number => 1 / (m.v0a * Math.exp(m.v0b * tC));
export const taitB = (m: Material, tC: number): number => m.taitB0 * Math.exp(-m.taitB1 * tC);
/** relative compression of the melt at p MPa: C·ln(1 + P/B) (§3.6) */
export const taitCompression = (m: Material, tC: number, pMPa: number): number =>
  TAIT_C * Math.log(1 + Math.max(0, pMPa) / taitB(m, tC));

/** §3.2 zone weights Z1..Z4, nozzle */
export const ZONE_WEIGHTS = [0.1, 0.2, 0.3, 0.3, 0.1] as const;
/** §3.2 shear heating at the reference point */
export const DT_SHEAR0 = 9;

/** §3.2 melt temperature of the job's own settings: zone-weighted + shear at the job's rpm and back pressure */
export const referenceMeltTemp = (job: Job): number => {
  const s = job.settings;
  let t = DT_SHEAR0 + 5 * (s.rpm / 280 - 1) + MATERIALS[job.material].kBP * (s.backPressureMPa - 8);
  for (let i = 0; i < 5; i++) t += ZONE_WEIGHTS[i]! * s.zones[i]!;
  return t;
};

/** §3.4.2 laminar leak, cm³/s, through the check-ring gap δ (mm) at ΔP (MPa), gap viscosity scaled by RVI */
export const checkRingLeak = (deltaMm: number, dpMPa: number, rvi: number): number => {
  const d = SCREW_D_MM * 1e-3;
  const delta = deltaMm * 1e-3;
  const q =
    (Math.PI * d * delta ** 3 * Math.max(0, dpMPa) * 1e6) / (12 * ETA_GAP_PAS * rvi * CR_LAND_MM * 1e-3);
  return q * 1e6;
};

export interface StrokeBudget {
  readonly shotSizeMm: number;
  readonly transferMm: number;
}

/**
 * §1.2 stroke budget: shot size and transfer position that give an 8 mm cushion and φ_tr = 0.95 at the
 * reference state (used for the ABS and PA6 jobs; R-PP keeps the spec's 86.2 / 21.9 mm).
 */
export function deriveStrokes(job: Job): StrokeBudget {
  const m = MATERIALS[job.material];
  const tm = referenceMeltTemp(job);
  const rho = meltDensity(m, tm);
  const s = job.settings;
  const shotMass = 2 * job.partMassG + job.runnerMassG;
  const phi = 0.95;
  const pTr = job.pRefMPa * (A_R + (1 - A_R) * phi);
  const leakHold = checkRingLeak(0.05, s.holdMPa, 1) * s.holdS;
  const vPack = shotMass / rho - phi * job.vCavCm3;
  // transfer position: cushion + pack stroke; V_front depends on x_tr: two fixed-point passes
  let xTr = 20;
  for (let i = 0; i < 4; i++) {
    const vFront = AS_CM3_PER_MM * xTr + V_DEAD_CM3;
    const dvCmp = vFront * (taitCompression(m, tm, pTr) - taitCompression(m, tm, s.holdMPa));
    xTr = 8 + (vPack + leakHold - dvCmp) / AS_CM3_PER_MM;
  }
  const vFront = AS_CM3_PER_MM * xTr + V_DEAD_CM3;
  const fillLeak =
    (checkRingLeak(0.05, 0.66 * pTr, 1) * (0.8 * job.vCavCm3)) / (AS_CM3_PER_MM * s.injSpeedMmS);
  const fill = (phi * job.vCavCm3 + 1.0 + vFront * taitCompression(m, tm, pTr) + fillLeak) / AS_CM3_PER_MM;
  return { shotSizeMm: Math.round((xTr + fill) * 10) / 10, transferMm: Math.round(xTr * 10) / 10 };
}

/** The reference job for a material (default R-PP; R-PP-HR with the hot runner). */
export function jobFor(material: MaterialId, hotRunner = false): Job {
  if (material === 'PP') return hotRunner ? R_PP_HR : R_PP;
  const base = material === 'ABS' ? R_ABS : R_PA6;
  const b: Job = hotRunner
    ? {
        ...base,
        id: `${base.id}-HR`,
        hotRunner: true,
        vCavCm3: (base.vCavCm3 * 2 * base.partMassG) / (2 * base.partMassG + base.runnerMassG),
        runnerMassG: 0,
        aProjCm2: base.aProjCm2 - 8,
      }
    : base;
  const strokes = deriveStrokes(b);
  // time-out = 2 × reference dosing (§3.8); the reference dosing is computed in the IMM from ṁ_0
  return {
    ...b,
    settings: { ...b.settings, shotSizeMm: strokes.shotSizeMm, transferMm: strokes.transferMm },
  };
}
