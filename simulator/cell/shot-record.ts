/**
 * The per-cycle record (domain-model §7.3), emitted by the IMM with `ctx.cycleEnd(record)` at every cycle
 * end. Units: s, mm, MPa (specific; `_hyd` in bar hyd.), °C, g, kWh, kWh/kg, kN, kPa.
 */

export const DEFECT_TYPES = [
  'short_shot',
  'flash',
  'sink',
  'voids',
  'warpage',
  'burn_marks',
  'dark_streaks',
  'splay',
  'jetting',
  'flow_lines',
  'dimension_drift',
  'weight_drift',
  'ejector_marks',
  'cold_slug',
] as const;
export type DefectType = (typeof DEFECT_TYPES)[number];

export type Defect = {
  type: DefectType;
  /** 0…1 (§3.15 severity driver, scaled to a perceptual 0…1 where the spec's driver is a small ratio) */
  severity: number;
  location: string;
  cavity: 1 | 2;
};

export type CavitySensorId = 'cav1_gate' | 'cav1_eof' | 'cav2_gate' | 'cav2_eof';

/** §3.5 per-sensor features, computed on the measured curve (sensor path included) */
export type CavityFeatures = {
  sensor: CavitySensorId;
  pmax: number;
  t_pmax: number;
  /** ∫P dt over the closed mould time, MPa·s */
  integral: number;
  /** first time after the peak the pressure falls below 0.5 MPa, s from injection start (-1: never) */
  t0: number;
  /** melt arrival (first time above 0.5 MPa) */
  t_arrival: number;
  p_transfer: number;
  p_end_hold: number;
};

export type VisionResult = {
  cavity: 1 | 2;
  result: 'good' | 'reject' | 'not_found';
  reasons: string[];
  features: {
    completeness: number;
    edge_excess: number;
    dark_blobs: number;
    streaks: number;
    sink_index: number;
    gloss: number;
    delta_e: number;
    scratches: number;
    flatness_mm: number;
    mark_grade: number;
  };
  /** key dimension measured through the calibrated mm/px scale */
  dimension_mm: number;
  placement_offset_mm: number;
  brightness_pct: number;
};

export type PartRecord = {
  cavity: 1 | 2;
  weight: number;
  dimension: number;
  shrinkage_pct: number;
  bow_mm: number;
  mark_contrast: number;
  defects: Defect[];
  vision: VisionResult;
  quality: 'good' | 'bad';
  reason: string;
};

/** EUROMAP 77 InjectionUnitCycleParametersType (OPC 40077), values of this cycle. */
export type Euromap77CycleParameters = {
  Index: number;
  CushionVolume: number;
  CushionStroke: number;
  DosingTime: number;
  InjectionTime: number;
  PlastificationVolume: number;
  SpecificPressureMaximum: number;
  HydraulicPressureMaximum: number;
  VPChangeOverPosition: number;
  TransferSpecificPressure: number;
  TransferHydraulicPressure: number;
  TransferStroke: number;
  TransferVolume: number;
  TransferCavityPressure: number;
  HoldSpecificPressureAverage: number;
  HoldSpecificPressureMaximum: number;
  HoldHydraulicPressureAverage: number;
  HoldHydraulicPressureMaximum: number;
  InjectionSpeedAverage: number;
  InjectionSpeedMaximum: number;
  InjectionStartPosition: number;
  BackPressure: number;
  CavityPressureMaximum: number;
  FlowIndex: number;
  DecompressionVolumeAfterPlastification: number;
  PlastificationRotationalSpeedAverage: number;
  PlastificationCircumferentialSpeedAverage: number;
};

export type ShotRecord = {
  shot_id: number;
  job: string;
  material: string;
  material_lot: string;
  mode: string;
  /** s since the start of the run */
  t_start: number;
  t_end: number;
  cycle_time: number;
  times: {
    close: number;
    lock: number;
    fill: number;
    hold: number;
    cool: number;
    dose: number;
    open: number;
    eject: number;
    robot: number;
  };
  transfer_position: number;
  transfer_pressure: number;
  transfer_reason: string;
  peak_inj_pressure: number;
  peak_inj_pressure_hyd: number;
  hold_p_avg: number;
  hold_p_max: number;
  cushion_end: number;
  cushion_min: number;
  shot_size: number;
  decompression: number;
  pressure_limited: boolean;
  bottomed_out: boolean;
  gate_seal_time: number;
  rpm_avg: number;
  back_pressure_avg: number;
  torque_avg: number;
  melt_T: number;
  zones: { sp: number[]; actual: number[]; output_pct: number[] };
  oil_T: number;
  mould: {
    T_fixed: number;
    T_moving: number;
    circuits: {
      id: string;
      surface_T: number;
      flow: number;
      supply_T: number;
      return_T: number;
      dT: number;
    }[];
  };
  cavity_pressure: CavityFeatures[];
  curves: {
    dt_ms: number;
    screw_position: number[];
    injection_velocity: number[];
    injection_pressure: number[];
    cavity: Record<CavitySensorId, number[]>;
  };
  RV: number;
  shear_rate_index: number;
  euromap77: Euromap77CycleParameters;
  weights: [number, number];
  dimensions: [number, number];
  parts: [PartRecord, PartRecord];
  defects: Defect[];
  quality: 'good' | 'bad';
  quality_reason: string;
  cycle_quality: 'GOOD_CYCLE' | 'BAD_CYCLE';
  energy: {
    kwh_total: number;
    kwh_machine: number;
    by_consumer: Record<string, number>;
    sec: number;
    sec_machine: number;
  };
  clamp_force_actual: number;
  ejector_force_peak: number[];
  vacuum_min: number;
  alarms: string[];
  regrind_ratio: number;
  dryer_dp: number;
  resin_moisture: number;
  dataset_hash: string;
  data_quality: 'good' | 'uncertain' | 'bad';
};

/**
 * Fields of the ShotRecord that are simulator truth rather than something the cell measures: the true
 * defect list, the resin moisture at the screw (no online analyser), the true dimensions, shrinkage and bow
 * of each part and the true key dimensions (DESIGN.md principle 5).
 *
 * The IMM emits the record on the `cycleEnd` hook as an `EmittedShotRecord`: the candidate part at the top
 * level and these fields in a top-level `trainer` block — the one convention every candidate-facing channel
 * strips (historian, socket.io, MQTT), while the journal keeps it for the scorer. `fromEmitted` rebuilds the
 * full record (the CSV of `plastlab simulate`, tests).
 */
export const SHOT_RECORD_TRAINER_FIELDS = [
  'defects',
  'resin_moisture',
  'dimensions',
  'parts[].defects',
  'parts[].dimension',
  'parts[].shrinkage_pct',
  'parts[].bow_mm',
] as const;

export type CandidateShotRecord = Omit<ShotRecord, 'defects' | 'resin_moisture' | 'dimensions' | 'parts'> & {
  parts: Omit<PartRecord, 'defects' | 'dimension' | 'shrinkage_pct' | 'bow_mm'>[];
};

export function candidateShotRecord(r: ShotRecord): CandidateShotRecord {
  const { defects: _d, resin_moisture: _m, dimensions: _dims, parts, ...rest } = r;
  return {
    ...rest,
    parts: parts.map(({ defects: _pd, dimension: _dim, shrinkage_pct: _s, bow_mm: _b, ...p }) => p),
  };
}

/** The hidden-truth part of a record, in its top-level `trainer` block. */
export interface ShotTrainerFields {
  defects: Defect[];
  resin_moisture: number;
  /** true key dimension per cavity (what a caliper measures; the vision station measures its own) */
  dimensions: [number, number];
  parts: Pick<PartRecord, 'defects' | 'dimension' | 'shrinkage_pct' | 'bow_mm'>[];
}

/** What the IMM puts on the `cycleEnd` hook. */
export type EmittedShotRecord = CandidateShotRecord & { trainer: ShotTrainerFields };

export function toEmitted(r: ShotRecord): EmittedShotRecord {
  return {
    ...candidateShotRecord(r),
    trainer: {
      defects: r.defects,
      resin_moisture: r.resin_moisture,
      dimensions: r.dimensions,
      parts: r.parts.map((p) => ({
        defects: p.defects,
        dimension: p.dimension,
        shrinkage_pct: p.shrinkage_pct,
        bow_mm: p.bow_mm,
      })),
    },
  };
}

export function fromEmitted(e: EmittedShotRecord): ShotRecord {
  const { trainer, parts, ...rest } = e;
  return {
    ...rest,
    defects: trainer.defects,
    resin_moisture: trainer.resin_moisture,
    dimensions: trainer.dimensions,
    parts: [
      { ...parts[0]!, ...trainer.parts[0]! },
      { ...parts[1]!, ...trainer.parts[1]! },
    ],
  };
}
