/**
 * A small two-equipment cell for the MQTT tests: an `imm` with every data type, a per-shot record, an
 * alarm and an action, a `mould` (a second Sparkplug device), a trainer-only signal carrying canary
 * values, and a candidate-visible signal without an MQTT channel.
 */
import { z } from 'zod';
import type { BindContext, Model, StepContext } from '../../simulator/kernel/model.ts';
import type { SignalDefInput } from '../../simulator/kernel/signal-schema.ts';

/** Values only the trainer-only signals ever hold: none may appear on a candidate surface. */
export const CANARY_NUMBER = 4242.4242;
export const CANARY_TEXT = 'CANARY-hidden-7f3a9c';

const rw: SignalDefInput['access'] = {
  read: ['operator', 'technician', 'trainer'],
  write: ['technician', 'trainer'],
};
const ro: SignalDefInput['access'] = { read: ['operator', 'technician', 'trainer'] };
const label = (en: string) => ({ fr: en, en });

export class PressModel implements Model {
  readonly id = 'imm';
  /** ticks per shot */
  private readonly shotEvery: number;
  private h: Record<string, number> = {};
  private temp = 200;
  private shots = 0;
  private stoppedAlarm = false;

  constructor(shotEvery = 5) {
    this.shotEvery = shotEvery;
  }

  declare(): SignalDefInput[] {
    return [
      {
        id: 'barrel.temp_sp',
        label: label('Barrel set point'),
        type: 'float',
        unit: '°C',
        range: { min: 150, max: 300 },
        initial: 220,
        access: rw,
        visibility: 'candidate',
        kind: 'setpoint',
        channels: { mqtt: { topic: 'imm/barrel/temp_sp' } },
      },
      {
        id: 'barrel.temp_pv',
        label: label('Barrel temperature'),
        type: 'float',
        unit: '°C',
        range: { min: 0, max: 400 },
        access: ro,
        visibility: 'candidate',
        kind: 'measurement',
        channels: { mqtt: { topic: 'imm/barrel/temp_pv' } },
      },
      {
        id: 'mode',
        label: label('Machine mode'),
        type: 'enum',
        enumValues: ['manual', 'semi_auto', 'auto'],
        initial: 2,
        access: { read: ['operator', 'technician', 'trainer'], write: ['operator', 'technician', 'trainer'] },
        visibility: 'candidate',
        kind: 'state',
        channels: { mqtt: { topic: 'imm/mode' } },
      },
      {
        id: 'cycle_count',
        label: label('Cycle counter'),
        type: 'int',
        access: ro,
        visibility: 'candidate',
        kind: 'counter',
        channels: { mqtt: { topic: 'imm/cycle_count' } },
      },
      {
        id: 'running',
        label: label('Running'),
        type: 'bool',
        initial: true,
        access: { read: ['operator', 'technician', 'trainer'], write: ['operator', 'technician', 'trainer'] },
        visibility: 'candidate',
        kind: 'state',
        channels: { mqtt: { topic: 'imm/running' } },
      },
      {
        id: 'job',
        label: label('Job'),
        type: 'string',
        initial: 'J-001',
        access: rw,
        visibility: 'candidate',
        kind: 'parameter',
        channels: { mqtt: { topic: 'imm/job' } },
      },
      {
        id: 'panel.note',
        label: label('HMI-only note'),
        type: 'string',
        access: rw,
        visibility: 'candidate',
        kind: 'parameter',
      },
      {
        id: 'hidden.check_ring_gap',
        label: label('Check ring gap (hidden truth)'),
        type: 'float',
        unit: 'mm',
        initial: CANARY_NUMBER,
        access: { read: ['trainer'], write: ['trainer'] },
        range: { min: 0, max: 10_000 },
        visibility: 'trainer',
        kind: 'parameter',
      },
      {
        id: 'hidden.fault_tag',
        label: label('Active fault (hidden truth)'),
        type: 'string',
        initial: CANARY_TEXT,
        access: { read: ['trainer'] },
        visibility: 'trainer',
        kind: 'state',
      },
    ];
  }

  bind(ctx: BindContext): void {
    for (const k of ['barrel.temp_sp', 'barrel.temp_pv', 'cycle_count', 'running', 'hidden.check_ring_gap']) {
      this.h[k] = ctx.handle(`imm.${k}`);
    }
    ctx.registerAction({
      name: 'imm.reset_counter',
      roles: ['technician', 'trainer'],
      args: z.strictObject({ to: z.int().min(0).max(1000).default(0) }),
      check: (_a, c) => (c.store.getBool(this.h.running!) ? 'stop the machine first' : null),
      apply: (a, c) => {
        c.store.set(this.h.cycle_count!, a.to);
        return { cycle_count: a.to };
      },
    });
  }

  step(ctx: StepContext): void {
    const s = ctx.store;
    const running = s.getBool(this.h.running!);
    this.temp += ((s.get(this.h['barrel.temp_sp']!) - this.temp) * ctx.dt) / 2;
    // trainer-only values move every tick too, so a leak would show in any capture
    s.set(this.h['hidden.check_ring_gap']!, CANARY_NUMBER + (ctx.tick % 2) * 0.0001);
    s.set(this.h['barrel.temp_pv']!, Math.round(this.temp * 100) / 100 + (ctx.tick % 2) * 0.01);
    if (running && ctx.tick % this.shotEvery === 0) {
      this.shots++;
      s.set(this.h.cycle_count!, s.get(this.h.cycle_count!) + 1);
      ctx.cycleEnd({
        shot: this.shots,
        cushion_mm: 5.2,
        injection_time_s: 0.84,
        curve: new Float32Array([0, 120.5, 340.25, 0]),
        // hidden truth, as the real ShotRecord carries it (simulator/cell/shot-record.ts)
        trainer: { defects: [{ type: CANARY_TEXT }], resin_moisture: CANARY_NUMBER },
      });
    }
    if (!running && !this.stoppedAlarm) {
      this.stoppedAlarm = true;
      ctx.raise({
        code: 'A100',
        state: 'active',
        severity: 'warning',
        text: { fr: 'Machine arrêtée', en: 'Machine stopped' },
      });
    } else if (running && this.stoppedAlarm) {
      this.stoppedAlarm = false;
      ctx.raise({
        code: 'A100',
        state: 'cleared',
        severity: 'warning',
        text: { fr: 'Machine arrêtée', en: 'Machine stopped' },
      });
    }
  }

  snapshot(): unknown {
    return { temp: this.temp, shots: this.shots, stoppedAlarm: this.stoppedAlarm };
  }

  restore(state: unknown): void {
    Object.assign(this, state as object);
  }
}

export class MouldModel implements Model {
  readonly id = 'mould';
  private hPv = 0;
  private hSp = 0;

  declare(): SignalDefInput[] {
    return [
      {
        id: 'zone1.temp_sp',
        label: label('Mould zone 1 set point'),
        type: 'float',
        unit: '°C',
        range: { min: 10, max: 120 },
        initial: 40,
        access: rw,
        visibility: 'candidate',
        kind: 'setpoint',
        channels: { mqtt: { topic: 'mould/zone1/temp_sp' } },
      },
      {
        id: 'zone1.temp_pv',
        label: label('Mould zone 1 temperature'),
        type: 'float',
        unit: '°C',
        access: ro,
        visibility: 'candidate',
        kind: 'measurement',
        channels: { mqtt: { topic: 'mould/zone1/temp_pv' } },
      },
    ];
  }

  bind(ctx: BindContext): void {
    this.hPv = ctx.handle('mould.zone1.temp_pv');
    this.hSp = ctx.handle('mould.zone1.temp_sp');
  }

  step(ctx: StepContext): void {
    ctx.store.set(this.hPv, ctx.store.get(this.hSp) - 0.5);
  }

  snapshot(): unknown {
    return {};
  }

  restore(): void {}
}

export const pressCell =
  (shotEvery = 5) =>
  () => [new PressModel(shotEvery), new MouldModel()];
