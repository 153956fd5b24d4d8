/**
 * Laser-marking station (fibre laser, 20 W): each part gets a code mark; its contrast follows the line
 * energy P/v (saturating), falls again when over-marking foams and browns the surface, and depends on the
 * pulse frequency (pulse energy P/f) and the grade's response [A]. The vision station grades it
 * (ISO/IEC 29158-style grade A = 4 … F = 0).
 */
import type { BindContext, Model, StepContext } from '../kernel/model.ts';
import type { RandomStream } from '../kernel/rng.ts';
import type { SignalDefInput } from '../kernel/signal-schema.ts';
import type { Material } from './materials.ts';
import { MODBUS_BLOCKS } from './modbus-plan.ts';
import { OP_WRITE, SignalBuilder } from './signals.ts';

export const LASER_MAX_W = 20;
const E0 = 0.004; // J/mm, line energy giving 63 % of the saturated contrast
const E_BURN = 0.014; // J/mm, onset of over-marking

/** mark contrast 0…1 for power (W), speed (mm/s), frequency (kHz) on a material */
export function markContrast(m: Material, powerW: number, speed: number, freqKHz: number): number {
  const el = powerW / Math.max(1, speed);
  const base = 1 - Math.exp(-el / E0);
  const burn = 0.6 * Math.max(0, el / E_BURN - 1);
  const lf = Math.log(Math.max(1, freqKHz) / 60);
  const freq = Math.exp(-(lf * lf) / (2 * 0.8 * 0.8));
  return Math.max(0, Math.min(1, (base - burn) * freq * m.laserResponse));
}

export const markGrade = (c: number): number =>
  c >= 0.7 ? 4 : c >= 0.55 ? 3 : c >= 0.4 ? 2 : c >= 0.2 ? 1 : 0;

export class LaserModel implements Model {
  readonly id = 'laser';
  private h: Record<string, number> = {};
  private rng!: RandomStream;
  private readonly m: Material;
  private marks = 0;
  private markingUntil = 0;
  private energyJ = 0;
  private enabledNow = true;
  private setting = { p: 12, v: 1500, f: 50 };

  constructor(m: Material) {
    this.m = m;
  }

  get powerW(): number {
    return this.enabledNow ? 100 + (this.markingUntil > 0 ? 200 : 0) : 0;
  }

  /** mark one part: its contrast (0 when the laser is off) */
  mark(t: number): number {
    if (!this.enabledNow) return 0;
    this.marks++;
    this.markingUntil = t + 0.8;
    const c = markContrast(this.m, this.setting.p, this.setting.v, this.setting.f);
    return Math.max(0, Math.min(1, c + 0.02 * this.rng.gaussian()));
  }

  declare(): SignalDefInput[] {
    const b = new SignalBuilder('laser', 'DeviceSet/Laser_1', MODBUS_BLOCKS.laser);
    b.bool(
      'enabled',
      { fr: 'Marquage laser en service', en: 'Laser marking enabled' },
      true,
      'Operation/Enabled',
      { write: OP_WRITE, kind: 'setpoint' },
    )
      .setpoint(
        'power_pct',
        { fr: 'Puissance laser', en: 'Laser power' },
        '%',
        { min: 5, max: 100 },
        60,
        'ProcessSetpoints/Power',
      )
      .setpoint(
        'speed',
        { fr: 'Vitesse de marquage', en: 'Marking speed' },
        'mm/s',
        { min: 100, max: 5000 },
        1500,
        'ProcessSetpoints/MarkingSpeed',
      )
      .setpoint(
        'frequency',
        { fr: 'Fréquence des impulsions', en: 'Pulse frequency' },
        'kHz',
        { min: 20, max: 200 },
        50,
        'ProcessSetpoints/PulseFrequency',
      )
      .bool('marking', { fr: 'Marquage en cours', en: 'Marking' }, false, 'Marking')
      .counter('marks', { fr: 'Pièces marquées', en: 'Parts marked' }, 'MarkCounter');
    return b.list;
  }

  bind(ctx: BindContext): void {
    for (const k of ['enabled', 'power_pct', 'speed', 'frequency', 'marking', 'marks'])
      this.h[k] = ctx.handle(`laser.${k}`);
    this.rng = ctx.stream('mark');
  }

  step(ctx: StepContext): void {
    const st = ctx.store;
    this.enabledNow = st.getBool(this.h.enabled!);
    this.setting.p = (LASER_MAX_W * st.get(this.h.power_pct!)) / 100;
    this.setting.v = st.get(this.h.speed!);
    this.setting.f = st.get(this.h.frequency!);
    if (this.markingUntil > 0 && ctx.t >= this.markingUntil) this.markingUntil = 0;
    this.energyJ += this.powerW * ctx.dt;
    st.setBool(this.h.marking!, this.markingUntil > 0);
    st.set(this.h.marks!, this.marks);
  }

  get energy(): number {
    return this.energyJ;
  }

  snapshot(): unknown {
    return {
      marks: this.marks,
      until: this.markingUntil,
      e: this.energyJ,
      en: this.enabledNow,
      set: { ...this.setting },
    };
  }

  restore(state: unknown): void {
    const x = state as {
      marks: number;
      until: number;
      e: number;
      en: boolean;
      set: { p: number; v: number; f: number };
    };
    this.marks = x.marks;
    this.markingUntil = x.until;
    this.energyJ = x.e;
    this.enabledNow = x.en;
    this.setting = { ...x.set };
  }
}
