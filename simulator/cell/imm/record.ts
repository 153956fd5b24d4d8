/**
 * Per-cycle results: part attributes at mould opening (§3.6, §3.15), the controller's quality monitoring,
 * and at cycle end the §7.3 ShotRecord with the EUROMAP 77 cycle parameter set, the 100 Hz curves, the
 * vision verdicts and the per-consumer energy.
 */
import type { StepContext } from '../../kernel/model.ts';
import { CONSUMERS, type Consumer } from '../energy.ts';
import { AS_CM3_PER_MM, SCREW_D_MM, T_ACC_S } from '../materials.ts';
import { SENSOR_NAMES } from '../mould.ts';
import { coolingTimeCentre } from '../physics/cooling.ts';
import {
  type CavityFeatures,
  type CavitySensorId,
  type Defect,
  type PartRecord,
  type ShotRecord,
  toEmitted,
  type VisionResult,
} from '../shot-record.ts';
import type { ImmModel } from './imm.ts';
import { MACHINE_MODES } from './imm-signals.ts';
import { evaluateParts } from './quality.ts';
import { cavityPressure, injectionPressure, injectionVelocity, screwPosition } from './shot-model.ts';

const r2 = (v: number) => Math.round(v * 100) / 100;
const r3 = (v: number) => Math.round(v * 1000) / 1000;
const r4 = (v: number) => Math.round(v * 10000) / 10000;

/** measured (sensor-path) cavity pressure of sensor i at time tr from injection start, without point noise */
function measured(imm: ImmModel, i: number, tr: number): number {
  const sh = imm.s.shot!;
  return imm.mould.measureCavity(i, cavityPressure(sh, i, tr), tr / Math.max(1, imm.refs.tcActualRef), 0);
}

/** Mould open: part attributes, quality monitoring, ejector forces, EUROMAP 67 reject. */
export function evaluateOpening(imm: ImmModel, ctx: StepContext): void {
  const s = imm.s;
  const sh = s.shot!;
  const c = s.cycle;
  const m = imm.m;
  const g = () => imm.rng.gaussian();
  const mould = imm.mould;
  const tcActual = c.tOpenStart - c.tInj;
  const tSurf = 0.5 * (mould.fixedC + mould.movingC);
  const { parts, ejector } = evaluateParts({
    m,
    job: imm.job,
    refs: imm.refs,
    shot: sh,
    tMelt: c.tMelt,
    vInj: c.vInj,
    tWallCav: [mould.gateWallC(0), mould.gateWallC(1)],
    tHotCav: [mould.hottestC(0), mould.hottestC(1)],
    tMovingCav: [mould.s.t[2], mould.s.t[3]],
    fixedC: mould.fixedC,
    movingC: mould.movingC,
    // coldest point of the cavity surface: between the node and the channel water (condensation, F24)
    tSurfMin: Math.min(...mould.s.t.map((tn, j) => 0.5 * (tn + mould.s.supply[j]!))),
    spOffset: 0.5 * (imm.tcuSp(0) + imm.tcuSp(1)) - imm.job.settings.mouldC,
    tcActual,
    tcMin: coolingTimeCentre(imm.job.wallMm, m.alpha, c.tMelt, tSurf, m.Teject),
    moisture: imm.dryer.moisture,
    regrind: imm.blender.regrindRatio,
    residenceS: c.residenceS,
    nozzleDeficitK: imm.bx.sp[4]! - s.barrel.zones[4]!.t,
    zoneDeficitK: Math.max(imm.bx.sp[0]! - s.barrel.zones[0]!.t, imm.bx.sp[1]! - s.barrel.zones[1]!.t),
    ventClog: imm.faults.ventClog,
    dewPointAmb: imm.ambient.s.dpC,
    brokenEjectorGroup: imm.faults.brokenEjectorGroup,
    decompressionMm: c.decompression,
    pHoldSp: sh.pHold,
    zS: [g(), g()],
    zEj: [g(), g(), g(), g()],
    uSpeck: [imm.rng.next(), imm.rng.next()],
    uTilt: imm.rng.next(),
  });
  s.parts = parts;
  const st = ctx.store;
  for (let k = 0; k < 4; k++) st.set(imm.h[`ejector.group${k + 1}_force_peak`]!, r3(ejector[k]!));
  s.lastEjector = ejector;
  // the controller's tolerance monitoring (§6.4 envelope, reduced to its windows)
  const bad: string[] = [];
  const peaks = [0, 1, 2, 3].map((i) => peakMeasured(imm, i));
  if (st.getBool(imm.h['monitor.enabled']!)) {
    if (
      sh.cushion < st.get(imm.h['monitor.cushion_min']!) ||
      sh.cushion > st.get(imm.h['monitor.cushion_max']!)
    )
      bad.push('cushion');
    if (sh.tFill > st.get(imm.h['monitor.fill_time_max']!)) bad.push('fill_time');
    const lo = st.get(imm.h['monitor.cav_gate_pmax_min']!);
    const hi = st.get(imm.h['monitor.cav_gate_pmax_max']!);
    for (const i of [0, 2]) {
      const p = peaks[i]!;
      if (p < lo || p > hi) bad.push(`cav${(i >> 1) + 1}_gate_pmax`);
    }
  }
  c.monitorBad = bad.join(';');
  st.setBool(imm.h['em67.reject']!, bad.length > 0);
  imm.alarms.set(ctx, 'QUALITY_WINDOW', bad.length > 0);
  imm.alarms.set(ctx, 'INJ_PRESSURE_LIMIT', sh.pressureLimited);
  imm.alarms.set(ctx, 'CUSHION_ZERO', sh.bottomed);
  const clampSp = st.get(imm.h.clamp_force_sp!);
  imm.alarms.set(ctx, 'CLAMP_FORCE_DEV', Math.abs(c.clampKN - clampSp) > 0.1 * clampSp);
  let flat = false;
  for (let i = 0; i < 4; i++) if (peaks[i]! < 0.5 && sh.pPk[i]! > 5) flat = true;
  imm.alarms.set(ctx, 'CAV_SENSOR_FAULT', flat);
}

function peakMeasured(imm: ImmModel, i: number): number {
  const sh = imm.s.shot!;
  let pk = 0;
  const tEnd = sh.tFill + Math.min(sh.tHold, sh.tGs) + 0.3;
  for (let tr = sh.arrival[i]!; tr <= tEnd; tr += 0.02) {
    const p = measured(imm, i, tr);
    if (p > pk) pk = p;
  }
  return pk;
}

let cleanBuf = new Float64Array(4096);

function features(imm: ImmModel, i: number, tClosed: number): { f: CavityFeatures; curve: number[] } {
  const sh = imm.s.shot!;
  const n = Math.max(100, Math.ceil(tClosed / 0.01));
  if (cleanBuf.length < n) cleanBuf = new Float64Array(2 * n);
  const clean = cleanBuf;
  const curve = new Array<number>(n);
  const noise = imm.noise;
  let pmax = -1e9;
  let tPmax = 0;
  let integral = 0;
  let arrival = -1;
  for (let k = 0; k < n; k++) {
    const tr = k * 0.01;
    const p = measured(imm, i, tr);
    clean[k] = p;
    if (p > pmax) {
      pmax = p;
      tPmax = tr;
    }
    if (arrival < 0 && p > 0.5) arrival = tr;
    integral += p * 0.01;
    if ((k & 63) === 0) noise.begin();
    const spike = imm.mould.faults.cavitySensors[i]!.noiseMPa;
    curve[k] = r2(p + 0.05 * noise.g() + (spike > 0 ? spike * noise.g() : 0));
  }
  let t0 = -1;
  for (let k = Math.round(tPmax / 0.01); k < n; k++) {
    if (clean[k]! < 0.5) {
      t0 = k * 0.01;
      break;
    }
  }
  const at = (tr: number) => measured(imm, i, tr);
  return {
    f: {
      sensor: SENSOR_NAMES[i] as CavitySensorId,
      pmax: r2(pmax),
      t_pmax: r2(tPmax),
      integral: r2(integral),
      t0: r2(t0),
      t_arrival: r2(arrival),
      p_transfer: r2(at(sh.tFill)),
      p_end_hold: r2(at(sh.tFill + sh.tHold - 0.01)),
    },
    curve,
  };
}

/** FNV-1a over the IMM's set points: the active dataset fingerprint (F23) */
function datasetHash(imm: ImmModel, st: StepContext['store']): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (const id of imm.setpointIds) {
    const v = Math.round(st.get(imm.h[id]!) * 1000);
    h1 = Math.imul(h1 ^ v, 16777619) >>> 0;
    h2 = Math.imul(h2 ^ (v >>> 3), 2246822519) >>> 0;
  }
  return h1.toString(16).padStart(8, '0') + h2.toString(16).padStart(8, '0');
}

/** Cycle end: vision, counters, live last-cycle values and the ShotRecord (§7.3). */
export function finishCycle(imm: ImmModel, ctx: StepContext, tEnd: number): void {
  const s = imm.s;
  const sh = s.shot!;
  const c = s.cycle;
  const st = ctx.store;
  const h = imm.h;
  const parts = s.parts!;
  const cycleTime = tEnd - c.tStart;
  // vision (per part, at take-out) and laser marking
  const offset = imm.robot.placementOffsetMm;
  const scratch = 0.5 * Math.max(0, offset - 2);
  const withRobot = st.getBool(h['robot.operation_with_robot']!);
  const partRecords: PartRecord[] = [];
  let good = 0;
  let reason = '';
  // a part the robot could not take out stays in the mould: not inspected, not delivered
  const notRemoved = s.partInMould;
  for (const p of parts) {
    const contrast = notRemoved ? 0 : imm.laser.mark(tEnd);
    let v: VisionResult;
    if (notRemoved)
      v = { ...passThrough(p, imm.job.lKeyMm), result: 'not_found', reasons: ['part_not_removed'] };
    else if (imm.vision.enabled())
      v = imm.vision.inspect(p, withRobot ? offset : 0, contrast, withRobot ? scratch : 0);
    else v = passThrough(p, imm.job.lKeyMm);
    const bad = v.result !== 'good' || c.monitorBad !== '';
    const why = notRemoved
      ? 'robot:part_not_removed'
      : c.monitorBad
        ? `monitoring:${c.monitorBad}`
        : v.reasons.length
          ? `vision:${v.reasons.join(';')}`
          : '';
    if (!bad) good++;
    else if (!reason) reason = `cav${p.cavity} ${why}`;
    partRecords.push({
      cavity: p.cavity,
      weight: r3(p.weight),
      dimension: r3(p.length),
      shrinkage_pct: r4(100 * p.shrinkage),
      bow_mm: r3(p.bow),
      mark_contrast: r3(contrast),
      defects: p.defects,
      vision: v,
      quality: bad ? 'bad' : 'good',
      reason: why,
    });
  }
  // counters (EUROMAP 77 ActiveJobValues)
  const k = s.counters;
  k.cycle++;
  k.machine++;
  k.parts += parts.length;
  k.good += good;
  k.bad += parts.length - good;
  k.lastMs = cycleTime * 1000;
  k.avgMs = k.avgMs === 0 ? k.lastMs : k.avgMs + (k.lastMs - k.avgMs) * 0.1;
  if (s.startupLeft > 0) s.startupLeft--;
  st.set(h['job.cycle_counter']!, k.cycle);
  st.set(h['job.machine_cycle_counter']!, k.machine);
  st.set(h['job.parts_counter']!, k.parts);
  st.set(h['job.good_parts']!, k.good);
  st.set(h['job.bad_parts']!, k.bad);
  st.set(h['job.last_cycle_time']!, Math.round(k.lastMs));
  st.set(h['job.average_cycle_time']!, Math.round(k.avgMs));
  // energy of the cycle per consumer
  const now = imm.energy.cumulative({} as Record<Consumer, number>);
  const byConsumer: Record<string, number> = {};
  let total = 0;
  for (const name of CONSUMERS) {
    const e = (now[name] - (c.energy0[name] ?? 0)) / 3.6e6;
    byConsumer[name] = Math.round(e * 1e6) / 1e6;
    total += e;
  }
  const machine = (byConsumer.heaters ?? 0) + (byConsumer.drive ?? 0) + (byConsumer.hotrunner ?? 0);
  const shotKg = imm.refs.shotMassG / 1000;
  // cavity curves and features (measured path), machine curves
  const tClosed = c.tOpenStart - c.tInj;
  const cav: CavityFeatures[] = [];
  const curves = {} as Record<CavitySensorId, number[]>;
  for (let i = 0; i < 4; i++) {
    const r = features(imm, i, tClosed);
    cav.push(r.f);
    curves[SENSOR_NAMES[i] as CavitySensorId] = r.curve;
  }
  const nM = Math.max(100, Math.ceil((sh.tFill + sh.tHold + 0.5) / 0.01));
  const screw = new Array<number>(nM);
  const vel = new Array<number>(nM);
  const pres = new Array<number>(nM);
  for (let j = 0; j < nM; j++) {
    const tr = j * 0.01;
    screw[j] = r2(screwPosition(sh, tr));
    vel[j] = r2(injectionVelocity(sh, tr));
    pres[j] = r2(injectionPressure(sh, tr));
  }
  const rv = sh.pPeakInj * sh.tFill;
  const cavMax = Math.max(...cav.map((f) => f.pmax));
  const doseTime = s.dose.lastTime;
  const defects: Defect[] = [];
  for (const p of parts) defects.push(...p.defects);
  const quality = good === parts.length ? 'good' : 'bad';
  const mould = imm.mould;
  const circuits = (['a1', 'a2', 'b1', 'b2'] as const).map((id, j) => ({
    id,
    surface_T: r2(mould.s.t[j]!),
    flow: r2(mould.s.flow[j]!),
    supply_T: r2(mould.s.supply[j]!),
    return_T: r2(mould.s.ret[j]!),
    dT: r3(mould.s.ret[j]! - mould.s.supply[j]!),
  }));
  const tcOpen = imm.faults.tcOpen.some((x) => x);
  const flat = imm.alarms.isActive('CAV_SENSOR_FAULT');
  const stroke = c.shotSize + c.decompression - sh.xTrAct;
  const alarms = [...new Set([...c.alarms, ...imm.cellAlarms()])];
  const record: ShotRecord = {
    shot_id: k.machine,
    job: imm.job.id,
    material: imm.job.material,
    material_lot: imm.blender.lotName,
    mode: MACHINE_MODES[st.get(h.mode!)] ?? 'OTHER',
    t_start: r3(c.tStart),
    t_end: r3(tEnd),
    cycle_time: r3(cycleTime),
    times: {
      close: r3(c.tLock - c.tStart),
      lock: r3(c.tInj - c.tLock),
      fill: r3(sh.tFill),
      hold: r3(sh.tHold),
      cool: r3(c.tOpenStart - c.tHoldEnd),
      dose: r3(doseTime),
      open: r3(c.tOpenEnd - c.tOpenStart),
      eject: r3(tEnd - c.tOpenEnd),
      robot: r3(imm.robot.lastTakeout.t),
    },
    transfer_position: r2(sh.xTrAct),
    transfer_pressure: r2(sh.pTransfer),
    transfer_reason: sh.transferReason,
    peak_inj_pressure: r2(sh.pPeakInj),
    peak_inj_pressure_hyd: r2(sh.pPeakInj),
    hold_p_avg: r2(sh.pHold),
    hold_p_max: r2(sh.pHold * 1.004),
    cushion_end: r3(sh.cushion),
    cushion_min: r3(sh.cushion),
    shot_size: r2(c.shotSize),
    decompression: r2(c.decompression),
    pressure_limited: sh.pressureLimited,
    bottomed_out: sh.bottomed,
    gate_seal_time: r3(sh.tGs),
    rpm_avg: r2(s.dose.rpm),
    back_pressure_avg: r2(st.get(h.back_pressure_sp!)),
    torque_avg: r2(s.dose.torque),
    melt_T: r2(c.tMelt),
    zones: {
      sp: imm.bx.sp.map(r2),
      actual: s.barrel.zones.map((z, i) => r2(z.t + imm.faults.tcDriftK[i]!)),
      output_pct: s.barrel.zones.map((z) => r2(100 * z.u)),
    },
    oil_T: r2(s.oil.t),
    mould: { T_fixed: r2(mould.fixedC), T_moving: r2(mould.movingC), circuits },
    cavity_pressure: cav,
    curves: {
      dt_ms: 10,
      screw_position: screw,
      injection_velocity: vel,
      injection_pressure: pres,
      cavity: curves,
    },
    RV: r3(rv),
    shear_rate_index: r3(1 / sh.tFill),
    euromap77: {
      Index: 1,
      CushionVolume: r3(sh.cushion * AS_CM3_PER_MM),
      CushionStroke: r3(sh.cushion),
      DosingTime: r3(doseTime),
      InjectionTime: r3(sh.tFill),
      PlastificationVolume: r3((c.shotSize - sh.cushion) * AS_CM3_PER_MM),
      SpecificPressureMaximum: r2(sh.pPeakInj),
      HydraulicPressureMaximum: r2(sh.pPeakInj),
      VPChangeOverPosition: r2(sh.xTrAct),
      TransferSpecificPressure: r2(sh.pTransfer),
      TransferHydraulicPressure: r2(sh.pTransfer),
      TransferStroke: r2(stroke),
      TransferVolume: r3(stroke * AS_CM3_PER_MM),
      TransferCavityPressure: cav[1]!.p_transfer,
      HoldSpecificPressureAverage: r2(sh.pHold),
      HoldSpecificPressureMaximum: r2(sh.pHold * 1.004),
      HoldHydraulicPressureAverage: r2(sh.pHold),
      HoldHydraulicPressureMaximum: r2(sh.pHold * 1.004),
      InjectionSpeedAverage: r2(stroke / Math.max(0.01, sh.tFill - T_ACC_S)),
      InjectionSpeedMaximum: r2(sh.vMax),
      InjectionStartPosition: r2(c.shotSize + c.decompression),
      BackPressure: r2(st.get(h.back_pressure_sp!)),
      CavityPressureMaximum: r2(cavMax),
      FlowIndex: r3(rv),
      DecompressionVolumeAfterPlastification: r3(c.decompression * AS_CM3_PER_MM),
      PlastificationRotationalSpeedAverage: r2(s.dose.rpm),
      PlastificationCircumferentialSpeedAverage: r3((Math.PI * SCREW_D_MM * s.dose.rpm) / 60000),
    },
    weights: [r3(parts[0]!.weight), r3(parts[1]!.weight)],
    dimensions: [r3(parts[0]!.length), r3(parts[1]!.length)],
    parts: [partRecords[0]!, partRecords[1]!],
    defects,
    quality,
    quality_reason: reason,
    cycle_quality: quality === 'good' ? 'GOOD_CYCLE' : 'BAD_CYCLE',
    energy: {
      kwh_total: Math.round(total * 1e6) / 1e6,
      kwh_machine: Math.round(machine * 1e6) / 1e6,
      by_consumer: byConsumer,
      sec: r3(total / shotKg),
      sec_machine: r3(machine / shotKg),
    },
    clamp_force_actual: r2(c.clampKN),
    ejector_force_peak: s.lastEjector.map(r3),
    vacuum_min: r2(imm.robot.lastTakeout.vacMin),
    alarms,
    regrind_ratio: r3(imm.blender.regrindRatio),
    dryer_dp: r2(imm.dryer.s.dp),
    resin_moisture: r4(imm.dryer.moisture),
    dataset_hash: datasetHash(imm, st),
    data_quality: flat ? 'bad' : tcOpen ? 'uncertain' : 'good',
  };
  // live last-cycle values
  st.set(h['last.cycle_time']!, r3(cycleTime));
  st.set(h['last.cushion']!, r3(sh.cushion));
  st.set(h['last.fill_time']!, r3(sh.tFill));
  st.set(h['last.dose_time']!, r3(doseTime));
  st.set(h['last.peak_pressure']!, r2(sh.pPeakInj));
  st.set(h['last.transfer_pressure']!, r2(sh.pTransfer));
  st.set(h['last.transfer_position']!, r2(sh.xTrAct));
  st.set(h['last.rv']!, r3(rv));
  st.set(h['last.melt_temp']!, r2(c.tMelt));
  for (let i = 0; i < 4; i++) st.set(h[`last.${SENSOR_NAMES[i]}_pmax`]!, cav[i]!.pmax);
  s.parts = null;
  // hidden truth in the `trainer` block (shot-record.ts): stripped by every candidate-facing channel
  ctx.cycleEnd(toEmitted(record));
}

function passThrough(
  p: { cavity: 1 | 2; length: number; completeness: number },
  nominal: number,
): VisionResult {
  return {
    cavity: p.cavity,
    result: 'good',
    reasons: [],
    features: {
      completeness: 1,
      edge_excess: 0,
      dark_blobs: 0,
      streaks: 0,
      sink_index: 0,
      gloss: 0,
      delta_e: 0,
      scratches: 0,
      flatness_mm: 0,
      mark_grade: 0,
    },
    dimension_mm: nominal,
    placement_offset_mm: 0,
    brightness_pct: 0,
  };
}
