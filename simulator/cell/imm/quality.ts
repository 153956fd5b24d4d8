/**
 * Part attributes at mould opening: §3.6 shrinkage, dimensions, sink, warpage, ejection force (§3.13) and
 * the §3.15 defect rules, per cavity. Pure functions of the shot result and the thermal context.
 */
import { C_WARP, type Job, type Material, SINK_RATIO } from '../materials.ts';
import type { JobRefs } from '../reference.ts';
import type { Defect, DefectType } from '../shot-record.ts';
import type { ShotResult } from './shot-model.ts';

export interface PartContext {
  readonly m: Material;
  readonly job: Job;
  readonly refs: JobRefs;
  readonly shot: ShotResult;
  readonly tMelt: number;
  readonly vInj: number;
  /** surface temperatures: gate wall per cavity, hottest node per cavity, fixed/moving means */
  readonly tWallCav: readonly [number, number];
  readonly tHotCav: readonly [number, number];
  readonly tMovingCav: readonly [number, number];
  readonly fixedC: number;
  readonly movingC: number;
  /** minimum cavity-surface temperature (condensation check) */
  readonly tSurfMin: number;
  /** TCU set point minus the job's mould temperature, K: hot spots are judged against what the set point implies */
  readonly spOffset: number;
  readonly tcActual: number;
  readonly tcMin: number;
  readonly moisture: number;
  readonly regrind: number;
  readonly residenceS: number;
  readonly nozzleDeficitK: number;
  readonly zoneDeficitK: number;
  readonly ventClog: number;
  readonly dewPointAmb: number;
  readonly brokenEjectorGroup: number;
  readonly decompressionMm: number;
  readonly pHoldSp: number;
  /** standard normal draws: shrink noise per cavity, ejector noise per group, speck and tilt uniforms */
  readonly zS: readonly [number, number];
  readonly zEj: readonly [number, number, number, number];
  readonly uSpeck: readonly [number, number];
  readonly uTilt: number;
}

export interface PartAttributes {
  cavity: 1 | 2;
  weight: number;
  length: number;
  shrinkage: number;
  bow: number;
  defects: Defect[];
  /** true vision features (before the camera) */
  completeness: number;
  edgeExcess: number;
  darkBlobs: number;
  streaks: number;
  sinkIndex: number;
  gloss: number;
  deltaE: number;
  /** the part sticks or tilts on the core (broken ejector pin) */
  tilted: boolean;
}

/** σ of the shot-to-shot shrinkage for S_ref = 1.5 % (absolute fraction; ∝ √S_ref): key dimension σ ≈ 0.02–0.04 % (§3.16) */
export const SHRINK_SIGMA = 0.0002;
/** nominal ejector force per pin group, kN, for the 24 g lid */
export const EJECTOR_F0 = 1.2;

const clip01 = (v: number) => (v < 0 ? 0 : v > 1 ? 1 : v);
const pos = (v: number) => (v > 0 ? v : 0);

export function evaluateParts(x: PartContext): {
  parts: [PartAttributes, PartAttributes];
  ejector: number[];
} {
  const { m, job, refs, shot } = x;
  const sizeFactor = job.lKeyMm / 113;
  const lCav = job.lKeyMm / (1 - m.Sref);
  const ejector: number[] = [];
  const parts: PartAttributes[] = [];
  const dtHalves = x.movingC - x.fixedC;
  const warpTime = Math.min(1.5, Math.max(0.5, refs.tcActualRef / Math.max(0.1, x.tcActual)));
  for (let c = 0; c < 2; c++) {
    const cav = (c + 1) as 1 | 2;
    const defects: Defect[] = [];
    const add = (type: DefectType, severity: number, location: string, min = 0.02) => {
      if (severity >= min)
        defects.push({ type, severity: Math.round(clip01(severity) * 1000) / 1000, location, cavity: cav });
    };
    const pEff = shot.pEffCurve[c]!;
    const weight = shot.wPart[c]!;
    // §3.6 shrinkage and key dimension
    const S =
      m.Sref -
      m.aP * (pEff - refs.pEffRef) +
      m.aM * (x.tWallCav[c]! - refs.tSurfRef) +
      m.aC * pos(x.tcMin - x.tcActual) +
      m.aMoist * pos(x.moisture - m.Mref) +
      SHRINK_SIGMA * Math.sqrt(m.Sref / 0.015) * x.zS[c]!;
    const length = lCav * (1 - S);
    // §3.6 warpage: bow ∝ ΔT between the halves × t_c,ref/t_c,actual, plus a high-hold orientation term
    const bow =
      sizeFactor * (C_WARP * Math.abs(dtHalves) * warpTime + 0.2 * pos(x.pHoldSp / refs.pHoldRef - 1.2));
    // §3.6 sink
    const tp = shot.tP;
    const pSinkThr = SINK_RATIO * refs.pEffRef;
    const sink = clip01(
      pos(pSinkThr - shot.pEffFull[c]!) / pSinkThr +
        0.5 * pos(1 - tp / shot.tGs) +
        0.02 * pos(x.tHotCav[c]! - refs.tSurfRef - x.spOffset - 5),
    );
    add('sink', sink, x.tHotCav[c]! - refs.tSurfRef - x.spOffset > 5 ? 'hot_side' : 'thick_section');
    // §3.15 short shot
    const phiEnd = shot.phiEnd[c]!;
    if (phiEnd < 0.995) add('short_shot', 1 - phiEnd, 'end_of_flow', 0);
    // §3.9 flash (severity scaled ×50 on the W_flash/W driver)
    const wf = shot.wFlash[c]!;
    if (wf > 0)
      add(
        'flash',
        (50 * wf) / weight,
        shot.gapEff > shot.gFlash ? 'parting_line_all_around' : 'parting_line_spot',
        0.005,
      );
    // voids: thick sections under low packing, wet material, starvation voids (§3.8)
    const wet = m.hygroscopic ? pos(x.moisture - m.Mcrit) / m.Mcrit : 0;
    add(
      'voids',
      0.5 * sink + (5 * shot.voidVol) / Math.max(1, refs.shotMassG / refs.rhoMRef) + 0.5 * wet,
      'internal',
      0.05,
    );
    if (bow > 0.2) add('warpage', bow / 1.0, dtHalves >= 0 ? 'bow_to_moving_half' : 'bow_to_fixed_half');
    // burns (dieseling) at the last place to fill
    const vr = x.vInj / refs.vRef;
    add('burn_marks', x.ventClog * vr * clip01((x.ventClog - 0.4) / 0.2), 'end_of_flow');
    // dark streaks / specks: over-temperature, long residence, regrind contamination
    const speck = x.uSpeck[c]! < 0.03 * pos(x.regrind - m.regrindLimit) * 4 ? 0.3 : 0;
    const dark = pos(x.tMelt - m.Tdeg) / 20 + pos(x.residenceS / m.maxResidenceS - 1) + speck;
    add('dark_streaks', dark, speck > 0 && dark === speck ? 'black_specks' : 'throughout');
    // splay: moisture, degradation, condensation on a mould below the dew point, decompression air
    const cond = pos(x.dewPointAmb - x.tSurfMin) / 5;
    const splay = wet + (0.5 * pos(x.tMelt - m.Tdeg)) / 20 + cond + pos(x.decompressionMm - 6) / 6;
    add('splay', splay, cond > wet ? 'water_marks' : 'radiating_from_gate');
    // jetting: high gate velocity with a cold melt
    add('jetting', clip01((vr - 1.6) / 1) * clip01((refs.tMeltRef - x.tMelt) / 20 + 0.3), 'near_gate');
    // flow lines / poor gloss: cold melt, cold mould, slow injection
    const flow =
      0.04 * pos(refs.tMeltRef - 4 - x.tMelt) +
      0.03 * pos(refs.tSurfRef - 8 - x.tWallCav[c]!) +
      0.5 * pos(0.6 - vr);
    add('flow_lines', flow, 'flow_front');
    // cold slug / unmelt
    add('cold_slug', pos(x.nozzleDeficitK - 15) / 30 + pos(x.zoneDeficitK - 15) / 40, 'near_gate');
    // dimension and weight outside the job tolerances
    const dL = length - job.lKeyMm;
    if (Math.abs(dL) > job.lKeyTolMm)
      add('dimension_drift', Math.abs(dL) / (3 * job.lKeyTolMm), dL > 0 ? 'oversize' : 'undersize', 0);
    const dW = weight - job.partMassG;
    if (Math.abs(dW) > job.weightTolG)
      add('weight_drift', Math.abs(dW) / (3 * job.weightTolG), dW > 0 ? 'heavy' : 'light', 0);
    // §3.13 ejector force per pin group (2 groups per cavity): over-packing, hot core, shrink onto the core
    const fBase =
      EJECTOR_F0 *
      (job.partMassG / 24) *
      (1 + 0.03 * (shot.pEffFull[c]! - refs.pEffRef)) *
      (1 + 0.04 * pos(x.tMovingCav[c]! - refs.tSurfRef - x.spOffset));
    let tilted = false;
    for (let g = 0; g < 2; g++) {
      const group = 2 * c + g + 1;
      let f = fBase * (1 + 0.02 * x.zEj[2 * c + g]!);
      if (x.brokenEjectorGroup === group) f *= 0.75;
      else if (x.brokenEjectorGroup > 0 && (x.brokenEjectorGroup - 1) >> 1 === c) f *= 1.12;
      ejector.push(Math.max(0, f));
    }
    const overPack = pos(fBase / (EJECTOR_F0 * (job.partMassG / 24)) - 1.3);
    const broken = x.brokenEjectorGroup > 0 && (x.brokenEjectorGroup - 1) >> 1 === c;
    if (broken) tilted = x.uTilt < 0.35;
    add(
      'ejector_marks',
      overPack * 2 + (broken ? 0.4 : 0),
      broken ? 'broken_pin_protrusion' : 'ejector_pins',
    );
    parts.push({
      cavity: cav,
      weight,
      length,
      shrinkage: S,
      bow,
      defects,
      completeness: phiEnd,
      edgeExcess: (1000 * wf) / weight,
      darkBlobs: 10 * Math.max(clip01(dark), defects.find((d) => d.type === 'burn_marks')?.severity ?? 0),
      streaks: 10 * clip01(splay),
      sinkIndex: 10 * sink,
      gloss: 90 - 100 * clip01(flow),
      deltaE: 0.3 + 2 * pos(x.regrind - 0.15) + 3 * clip01(dark),
      tilted,
    });
  }
  return { parts: parts as [PartAttributes, PartAttributes], ejector };
}
