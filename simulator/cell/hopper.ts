/**
 * Machine hopper and vacuum loader (domain-model §1.1, F25): the loader refills the throat hopper from
 * the dryer/blender in batches whenever the level falls below 40 %; a failed loader lets the level run
 * down, and below 3 % the screw starves (feed factor ∝ level). Alarms: hopper low, loader fault.
 */
import type { BindContext, Model, StepContext } from '../kernel/model.ts';
import type { SignalDefInput } from '../kernel/signal-schema.ts';
import { type HopperFaults, nominalHopperFaults } from './fault-surface.ts';
import { MODBUS_BLOCKS } from './modbus-plan.ts';
import { Alarms, Noise, OP_WRITE, quant, SignalBuilder } from './signals.ts';

export const HOPPER_KG = 12;
export const LOADER_BATCH_KG = 1.5;
export const LOADER_CYCLE_S = 25;

export interface HopperState {
  kg: number;
  loading: boolean;
  loadT: number;
  failedCycles: number;
}

export class HopperModel implements Model {
  readonly id = 'hopper';
  faults: HopperFaults = nominalHopperFaults();
  s: HopperState = { kg: 0.7 * HOPPER_KG, loading: false, loadT: 0, failedCycles: 0 };
  private h: Record<string, number> = {};
  private noise!: Noise;
  readonly alarms = new Alarms({
    HOPPER_LOW: { severity: 'warning', fr: 'Trémie : niveau bas', en: 'Hopper level low' },
    LOADER_FAULT: {
      severity: 'alarm',
      fr: 'Chargeur : matière non transportée',
      en: 'Loader: no material conveyed',
    },
  });

  /** feed availability at the throat (1 = flooded feed) */
  get feedAvailability(): number {
    return Math.min(1, this.s.kg / (0.03 * HOPPER_KG));
  }

  consume(g: number): void {
    this.s.kg = Math.max(0, this.s.kg - g / 1000);
  }

  declare(): SignalDefInput[] {
    const b = new SignalBuilder('hopper', 'DeviceSet/Loader_1', MODBUS_BLOCKS.hopper);
    b.measurement(
      'level',
      { fr: 'Niveau trémie machine', en: 'Machine hopper level' },
      '%',
      { min: 0, max: 100 },
      'HopperLevel',
      { sigma: 0.5 },
    )
      .bool('loader_active', { fr: 'Chargeur en cycle', en: 'Loader conveying' }, false, 'LoaderActive')
      .bool(
        'loader_enabled',
        { fr: 'Chargeur en service', en: 'Loader enabled' },
        true,
        'Operation/LoaderEnabled',
        { write: OP_WRITE, kind: 'setpoint' },
      );
    return b.list;
  }

  bind(ctx: BindContext): void {
    for (const k of ['level', 'loader_active', 'loader_enabled']) this.h[k] = ctx.handle(`hopper.${k}`);
    this.noise = new Noise(ctx.stream('tags'));
  }

  step(ctx: StepContext): void {
    const st = ctx.store;
    const s = this.s;
    const enabled = st.getBool(this.h.loader_enabled!);
    if (!s.loading && enabled && s.kg < 0.4 * HOPPER_KG) {
      s.loading = true;
      s.loadT = ctx.t;
    }
    if (s.loading && ctx.t - s.loadT >= LOADER_CYCLE_S) {
      s.loading = false;
      if (this.faults.loaderFailed) s.failedCycles++;
      else {
        s.kg = Math.min(HOPPER_KG, s.kg + LOADER_BATCH_KG);
        s.failedCycles = 0;
      }
    }
    if (!enabled) s.failedCycles = 0;
    this.alarms.set(ctx, 'HOPPER_LOW', s.kg < 0.15 * HOPPER_KG);
    this.alarms.set(ctx, 'LOADER_FAULT', s.failedCycles >= 3);
    if (ctx.tick % 10 !== 2) return; // 1 Hz
    const n = this.noise;
    n.begin();
    st.set(this.h.level!, quant(Math.max(0, (100 * s.kg) / HOPPER_KG + 0.5 * n.g()), 0.1));
    st.setBool(this.h.loader_active!, s.loading);
  }

  snapshot(): unknown {
    return structuredClone({ s: this.s, faults: this.faults, alarms: this.alarms.active });
  }

  restore(state: unknown): void {
    const x = structuredClone(state) as { s: HopperState; faults: HopperFaults; alarms: string[] };
    this.s = x.s;
    this.faults = x.faults;
    this.alarms.active = x.alarms;
  }
}
