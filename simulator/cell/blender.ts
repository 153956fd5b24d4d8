/**
 * Gravimetric blender: virgin + regrind (0–25 %) + masterbatch (1–3 %) (domain-model §1.1, §3.3, §3.8,
 * F07, F08, F25). It sets the blend's MFI (lot factor × regrind effect MFI_v·(1 + 0.35·r)), the resin
 * moisture entering the dryer, the feed behaviour at the throat (bulk density, scatter, intermittent drops)
 * and the colour.
 */
import type { BindContext, Model, StepContext } from '../kernel/model.ts';
import type { RandomStream } from '../kernel/rng.ts';
import type { SignalDefInput } from '../kernel/signal-schema.ts';
import { type BlenderFaults, nominalBlenderFaults } from './fault-surface.ts';
import type { Material } from './materials.ts';
import { MODBUS_BLOCKS } from './modbus-plan.ts';
import { regrindMfiFactor } from './physics/viscosity.ts';
import { Noise, OP_WRITE, quant, SignalBuilder } from './signals.ts';

export const REGRIND_REF = 0.15;
export const MASTERBATCH_REF = 0.02;

export class BlenderModel implements Model {
  readonly id = 'blender';
  faults: BlenderFaults = nominalBlenderFaults();
  private h: Record<string, number> = {};
  private noise!: Noise;
  private rng!: RandomStream;
  private readonly m: Material;
  private readonly lot: string;
  private regrind = REGRIND_REF;
  private masterbatch = MASTERBATCH_REF;

  constructor(m: Material, lot: string) {
    this.m = m;
    this.lot = lot;
  }

  /** actual regrind fraction in the blend */
  get regrindRatio(): number {
    return this.faults.regrindActual ?? this.regrind;
  }

  get masterbatchRatio(): number {
    return this.masterbatch;
  }

  /** blend MFI relative to the reference blend (nominal lot at 15 % regrind) */
  get mfiFactor(): number {
    return (this.faults.mfiFactor * regrindMfiFactor(this.regrindRatio)) / regrindMfiFactor(REGRIND_REF);
  }

  /** moisture of the blend entering the dryer, %; regrind stored open picks up water (hygroscopic grades) */
  get moistureIn(): number {
    const base = this.faults.moistureInPct ?? this.m.Min;
    return this.m.hygroscopic ? base * (1 + 0.5 * Math.max(0, this.regrindRatio - REGRIND_REF)) : base;
  }

  /** plasticizing-rate factor from the blend's bulk density (regrind flakes convey less per flight) */
  get bulkDensityFactor(): number {
    return 1 - 0.4 * (this.regrindRatio - REGRIND_REF);
  }

  /** colour deviation from the masterbatch dosing, ΔE */
  get colourDeltaE(): number {
    return 60 * Math.abs(this.masterbatch - MASTERBATCH_REF);
  }

  /** one shot's feed factor at the throat (§3.8): mean × (1 + σ·z), σ ×4 at 40 % regrind (fines, bulk density; F08), intermittent drops (F25) */
  drawFeedFactor(): number {
    const f = this.faults;
    const sigma = f.feedScatter * (1 + (3 * Math.max(0, this.regrindRatio - REGRIND_REF)) / 0.25);
    let ff = f.feedFactorMean * (1 + sigma * this.rng.gaussian());
    if (f.feedIntermittentP > 0 && this.rng.chance(f.feedIntermittentP)) ff *= f.feedIntermittentFactor;
    return Math.max(0, ff);
  }

  declare(): SignalDefInput[] {
    const b = new SignalBuilder('blender', 'DeviceSet/Blender_1', MODBUS_BLOCKS.blender);
    b.setpoint(
      'regrind_sp',
      { fr: 'Consigne taux de rebroyé', en: 'Regrind ratio set point' },
      '%',
      { min: 0, max: 40 },
      100 * REGRIND_REF,
      'ProcessSetpoints/RegrindRatio',
    )
      .setpoint(
        'masterbatch_sp',
        { fr: 'Consigne mélange-maître', en: 'Masterbatch ratio set point' },
        '%',
        { min: 0, max: 5 },
        100 * MASTERBATCH_REF,
        'ProcessSetpoints/MasterbatchRatio',
      )
      .measurement(
        'regrind_actual',
        { fr: 'Taux de rebroyé mesuré', en: 'Regrind ratio actual' },
        '%',
        { min: 0, max: 100 },
        'RegrindRatio',
        { sigma: 0.3 },
      )
      .measurement(
        'masterbatch_actual',
        { fr: 'Taux de mélange-maître mesuré', en: 'Masterbatch ratio actual' },
        '%',
        { min: 0, max: 10 },
        'MasterbatchRatio',
        { sigma: 0.05 },
      )
      .text('lot', { fr: 'Lot matière', en: 'Material lot' }, this.lot, 'MaterialLot', {
        write: ['technician', 'mes', 'trainer'],
      })
      .bool('running', { fr: 'Doseur en marche', en: 'Blender running' }, true, 'Operation/Running', {
        write: OP_WRITE,
        kind: 'setpoint',
      });
    return b.list;
  }

  bind(ctx: BindContext): void {
    for (const k of [
      'regrind_sp',
      'masterbatch_sp',
      'regrind_actual',
      'masterbatch_actual',
      'lot',
      'running',
    ])
      this.h[k] = ctx.handle(`blender.${k}`);
    this.noise = new Noise(ctx.stream('tags'));
    this.rng = ctx.stream('feed');
  }

  get lotName(): string {
    return this.lotNow;
  }
  private lotNow = '';

  step(ctx: StepContext): void {
    const st = ctx.store;
    this.regrind = st.get(this.h.regrind_sp!) / 100;
    this.masterbatch = st.get(this.h.masterbatch_sp!) / 100;
    this.lotNow = st.getStr(this.h.lot!);
    if (ctx.tick % 50 !== 9) return; // 0.2 Hz (batch weighing)
    const n = this.noise;
    n.begin();
    st.set(this.h.regrind_actual!, quant(100 * this.regrindRatio + 0.3 * n.g(), 0.1));
    st.set(this.h.masterbatch_actual!, quant(100 * this.masterbatch + 0.05 * n.g(), 0.01));
  }

  snapshot(): unknown {
    return structuredClone({ faults: this.faults, r: this.regrind, mb: this.masterbatch, lot: this.lotNow });
  }

  restore(state: unknown): void {
    const x = structuredClone(state) as { faults: BlenderFaults; r: number; mb: number; lot: string };
    this.faults = x.faults;
    this.regrind = x.r;
    this.masterbatch = x.mb;
    this.lotNow = x.lot;
  }
}
