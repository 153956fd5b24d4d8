/**
 * Vision station (domain-model §3.13, F16, F17): a mono camera under a ring light judges every part from its
 * simulated attributes. Each feature is measured with noise whose σ grows as the image gets darker
 * (SNR ∝ brightness); a darker image also biases the dark-blob detector. The key dimension goes through the
 * calibrated mm/px scale; the part must sit inside the ROI. Thresholds, exposure and ROI are adjustable.
 * Baseline false-reject ≈ 0.3–1 % per part [A]; LED ageing (gain 0.75) → 5–15 % false rejects (F17).
 */
import type { BindContext, Model, StepContext } from '../kernel/model.ts';
import type { RandomStream } from '../kernel/rng.ts';
import type { SignalDefInput } from '../kernel/signal-schema.ts';
import { nominalVisionFaults, type VisionFaults } from './fault-surface.ts';
import type { PartAttributes } from './imm/quality.ts';
import { markGrade } from './laser.ts';
import type { Job } from './materials.ts';
import { MODBUS_BLOCKS } from './modbus-plan.ts';
import type { VisionResult } from './shot-record.ts';
import { OP_WRITE, quant, SignalBuilder } from './signals.ts';

/** feature noise σ at nominal brightness (60 %) */
export const SIGMA = {
  completeness: 0.0012,
  edge: 0.35,
  dark: 0.5,
  streaks: 0.7,
  sink: 0.8,
  gloss: 1.5,
  deltaE: 0.25,
  scratches: 0.25,
  flatness: 0.04,
  dimension: 0.02,
  placement: 0.3,
} as const;
export const NOMINAL_BRIGHTNESS = 60;

export interface VisionCounters {
  inspected: number;
  rejected: number;
  recent: number[];
  lastResult: number;
  lastDim: number;
  lastOffset: number;
  lastReasons: string;
  brightness: number;
}

export class VisionModel implements Model {
  readonly id = 'vision';
  faults: VisionFaults = nominalVisionFaults();
  private h: Record<string, number> = {};
  private rng!: RandomStream;
  private readonly job: Job;
  c: VisionCounters = {
    inspected: 0,
    rejected: 0,
    recent: [],
    lastResult: 0,
    lastDim: 0,
    lastOffset: 0,
    lastReasons: '',
    brightness: NOMINAL_BRIGHTNESS,
  };
  private store: StepContext['store'] | undefined;
  private dirty = false;

  constructor(job: Job) {
    this.job = job;
  }

  get powerW(): number {
    return 50;
  }

  declare(): SignalDefInput[] {
    const b = new SignalBuilder('vision', 'DeviceSet/Vision_1', MODBUS_BLOCKS.vision);
    const j = this.job;
    const sp = 'ProcessSetpoints';
    b.bool(
      'enabled',
      { fr: 'Contrôle vision en service', en: 'Vision inspection enabled' },
      true,
      'Operation/Enabled',
      { write: OP_WRITE, kind: 'setpoint' },
    )
      .setpoint(
        'exposure_ms',
        { fr: "Temps d'exposition", en: 'Exposure time' },
        'ms',
        { min: 0.5, max: 20 },
        5,
        `${sp}/Exposure`,
      )
      .setpoint(
        'completeness_min',
        { fr: 'Seuil complétude minimale', en: 'Minimum completeness' },
        '',
        { min: 0.9, max: 1 },
        0.995,
        `${sp}/CompletenessMin`,
      )
      .setpoint(
        'edge_excess_max',
        { fr: 'Seuil excès de bord (bavure)', en: 'Edge excess (flash) limit' },
        '‰',
        { min: 0.1, max: 20 },
        1.0,
        `${sp}/EdgeExcessMax`,
      )
      .setpoint(
        'dark_blobs_max',
        { fr: 'Seuil taches sombres', en: 'Dark blob limit' },
        '',
        { min: 0.1, max: 20 },
        2.0,
        `${sp}/DarkBlobsMax`,
      )
      .setpoint(
        'streaks_max',
        { fr: 'Seuil traînées (texture)', en: 'Streak texture limit' },
        '',
        { min: 0.1, max: 20 },
        2.0,
        `${sp}/StreaksMax`,
      )
      .setpoint(
        'sink_max',
        { fr: 'Seuil retassures', en: 'Sink mark limit' },
        '',
        { min: 0.1, max: 20 },
        3.0,
        `${sp}/SinkMax`,
      )
      .setpoint(
        'gloss_min',
        { fr: 'Brillance minimale', en: 'Minimum gloss' },
        '',
        { min: 0, max: 100 },
        80,
        `${sp}/GlossMin`,
      )
      .setpoint(
        'delta_e_max',
        { fr: 'Écart de teinte maximal', en: 'Colour deviation limit' },
        'ΔE',
        { min: 0.2, max: 10 },
        2.0,
        `${sp}/DeltaEMax`,
      )
      .setpoint(
        'scratches_max',
        { fr: 'Seuil rayures', en: 'Scratch limit' },
        '',
        { min: 0.1, max: 10 },
        1.0,
        `${sp}/ScratchesMax`,
      )
      .setpoint(
        'flatness_max',
        { fr: 'Planéité maximale', en: 'Flatness limit' },
        'mm',
        { min: 0.05, max: 3 },
        0.35,
        `${sp}/FlatnessMax`,
      )
      .setpoint(
        'dim_nominal',
        { fr: 'Cote clé nominale', en: 'Key dimension nominal' },
        'mm',
        { min: 1, max: 500 },
        j.lKeyMm,
        `${sp}/DimensionNominal`,
      )
      .setpoint(
        'dim_tol',
        { fr: 'Tolérance cote clé (±)', en: 'Key dimension tolerance (±)' },
        'mm',
        { min: 0.01, max: 5 },
        j.lKeyTolMm,
        `${sp}/DimensionTolerance`,
      )
      .setpoint(
        'mark_grade_min',
        { fr: 'Note de marquage minimale (A=4 … F=0)', en: 'Minimum mark grade (A=4 … F=0)' },
        '',
        { min: 0, max: 4 },
        2,
        `${sp}/MarkGradeMin`,
        { type: 'int' },
      )
      .setpoint(
        'roi_offset_mm',
        { fr: "Décalage de la région d'intérêt", en: 'Region-of-interest offset' },
        'mm',
        { min: -30, max: 30 },
        0,
        `${sp}/RoiOffset`,
      )
      .setpoint(
        'roi_margin_mm',
        { fr: "Marge de la région d'intérêt", en: 'Region-of-interest margin' },
        'mm',
        { min: 1, max: 30 },
        8,
        `${sp}/RoiMargin`,
      )
      .measurement(
        'brightness',
        { fr: 'Luminosité moyenne image', en: 'Image mean brightness' },
        '%',
        { min: 0, max: 100 },
        'Brightness',
        { sigma: 0.5 },
      )
      .measurement(
        'last_dimension',
        { fr: 'Dernière cote clé mesurée', en: 'Last key dimension measured' },
        'mm',
        { min: 0, max: 500 },
        'LastDimension',
        { sigma: 0.02 },
      )
      .measurement(
        'last_offset',
        { fr: 'Dernier décalage de placement', en: 'Last placement offset' },
        'mm',
        { min: -50, max: 50 },
        'LastPlacementOffset',
        { sigma: 0.3 },
      )
      .enumeration(
        'last_result',
        { fr: 'Dernier verdict', en: 'Last verdict' },
        ['NONE', 'GOOD', 'REJECT', 'NOT_FOUND'],
        0,
        'LastResult',
      )
      .text(
        'last_reasons',
        { fr: 'Derniers motifs de rejet', en: 'Last reject reasons' },
        '',
        'LastRejectReasons',
      )
      .counter('inspected', { fr: 'Pièces contrôlées', en: 'Parts inspected' }, 'InspectedCounter')
      .counter('rejected', { fr: 'Pièces rejetées', en: 'Parts rejected' }, 'RejectedCounter')
      .measurement(
        'reject_rate',
        { fr: 'Taux de rejet (100 dernières)', en: 'Reject rate (last 100)' },
        '%',
        { min: 0, max: 100 },
        'RejectRate',
      );
    return b.list;
  }

  bind(ctx: BindContext): void {
    for (const s of this.declare()) this.h[s.id] = ctx.handle(`vision.${s.id}`);
    this.rng = ctx.stream('inspect');
    this.store = ctx.store;
  }

  private get(k: string): number {
    return this.store!.get(this.h[k]!);
  }

  /** image mean brightness, % (lighting gain × exposure) */
  brightness(): number {
    const exp = this.store ? this.get('exposure_ms') : 5;
    return Math.min(100, NOMINAL_BRIGHTNESS * this.faults.brightnessGain * (exp / 5));
  }

  /** judge one part (called by the IMM at take-out; deterministic from the vision stream) */
  inspect(p: PartAttributes, placementMm: number, contrast: number, scratch: number): VisionResult {
    const g = () => this.rng.gaussian();
    const B = this.brightness();
    const k = NOMINAL_BRIGHTNESS / Math.max(5, B);
    // over-exposure washes dark features out (false accepts), under-exposure adds noise and dark bias
    const wash = Math.max(0, (B - 85) / 15);
    const darkBias = 1.2 * (Math.max(0, NOMINAL_BRIGHTNESS - B) / 15) ** 2;
    const f = this.faults;
    const offset = placementMm + SIGMA.placement * g();
    const found =
      Math.abs(offset + f.roiOffsetMm + (this.store ? this.get('roi_offset_mm') : 0)) <
      (this.store ? this.get('roi_margin_mm') : 8);
    const features = {
      completeness: Math.min(1, p.completeness + SIGMA.completeness * k * g()),
      edge_excess: Math.max(0, p.edgeExcess + SIGMA.edge * k * g()),
      dark_blobs: Math.max(0, p.darkBlobs * (1 - wash) + darkBias + SIGMA.dark * k * g()),
      streaks: Math.max(0, p.streaks * (1 - 0.5 * wash) + SIGMA.streaks * k * g()),
      sink_index: Math.max(0, p.sinkIndex * Math.min(1.2, B / NOMINAL_BRIGHTNESS) + SIGMA.sink * k * g()),
      gloss: p.gloss + SIGMA.gloss * k * g(),
      delta_e: Math.max(0, p.deltaE + SIGMA.deltaE * k * g()),
      scratches: Math.max(0, scratch + SIGMA.scratches * k * g()),
      flatness_mm: Math.max(0, p.bow + SIGMA.flatness * k * g()),
      mark_grade: markGrade(contrast * Math.min(1, B / 40) + 0.02 * g()),
    };
    // measurement noise ≈ 0.02 mm on the Ø113 lid (§7.2), ∝ the field of view for other parts
    const dimension = p.length * (1 + f.scaleError) + SIGMA.dimension * (this.job.lKeyMm / 113) * k * g();
    const reasons: string[] = [];
    let result: VisionResult['result'] = 'good';
    if (!found) {
      result = 'not_found';
      reasons.push('part_not_found_in_roi');
    } else {
      const chk = (cond: boolean, why: string) => {
        if (cond) reasons.push(why);
      };
      chk(features.completeness < this.get('completeness_min'), 'incomplete');
      chk(features.edge_excess > this.get('edge_excess_max'), 'edge_excess');
      chk(features.dark_blobs > this.get('dark_blobs_max'), 'dark_blobs');
      chk(features.streaks > this.get('streaks_max'), 'streaks');
      chk(features.sink_index > this.get('sink_max'), 'sink');
      chk(features.gloss < this.get('gloss_min'), 'gloss');
      chk(features.delta_e > this.get('delta_e_max'), 'colour');
      chk(features.scratches > this.get('scratches_max'), 'scratches');
      chk(features.flatness_mm > this.get('flatness_max'), 'flatness');
      chk(Math.abs(dimension - this.get('dim_nominal')) > this.get('dim_tol'), 'dimension');
      chk(features.mark_grade < this.get('mark_grade_min'), 'mark_grade');
      if (reasons.length) result = 'reject';
    }
    const r3 = (v: number) => Math.round(v * 1000) / 1000;
    const out: VisionResult = {
      cavity: p.cavity,
      result,
      reasons,
      features: {
        completeness: Math.round(features.completeness * 10000) / 10000,
        edge_excess: r3(features.edge_excess),
        dark_blobs: r3(features.dark_blobs),
        streaks: r3(features.streaks),
        sink_index: r3(features.sink_index),
        gloss: r3(features.gloss),
        delta_e: r3(features.delta_e),
        scratches: r3(features.scratches),
        flatness_mm: r3(features.flatness_mm),
        mark_grade: features.mark_grade,
      },
      dimension_mm: r3(dimension),
      placement_offset_mm: r3(offset),
      brightness_pct: Math.round(B * 10) / 10,
    };
    const c = this.c;
    c.inspected++;
    const bad = result !== 'good';
    if (bad) c.rejected++;
    c.recent.push(bad ? 1 : 0);
    if (c.recent.length > 100) c.recent.shift();
    c.lastResult = result === 'good' ? 1 : result === 'reject' ? 2 : 3;
    c.lastDim = out.dimension_mm;
    c.lastOffset = out.placement_offset_mm;
    c.lastReasons = reasons.join(';');
    this.dirty = true;
    return out;
  }

  /** vision disabled: the part passes uninspected */
  enabled(): boolean {
    return this.store ? this.store.getBool(this.h.enabled!) : true;
  }

  step(ctx: StepContext): void {
    const st = ctx.store;
    this.store = st;
    if (this.dirty) {
      this.dirty = false;
      const c = this.c;
      st.set(this.h.last_dimension!, c.lastDim);
      st.set(this.h.last_offset!, c.lastOffset);
      st.set(this.h.last_result!, c.lastResult);
      st.setStr(this.h.last_reasons!, c.lastReasons);
      st.set(this.h.inspected!, c.inspected);
      st.set(this.h.rejected!, c.rejected);
      let sum = 0;
      for (const v of c.recent) sum += v;
      st.set(this.h.reject_rate!, quant((100 * sum) / Math.max(1, c.recent.length), 0.1));
    }
    if (ctx.tick % 10 === 9)
      st.set(this.h.brightness!, quant(this.brightness() * (1 + 0.005 * this.rng.gaussian()), 0.1));
  }

  snapshot(): unknown {
    return structuredClone({ c: this.c, faults: this.faults, dirty: this.dirty });
  }

  restore(state: unknown): void {
    const x = structuredClone(state) as { c: VisionCounters; faults: VisionFaults; dirty: boolean };
    this.c = x.c;
    this.faults = x.faults;
    this.dirty = x.dirty;
  }
}
