/** Placeholder cell used until the physics models land (issue 3): a heater with a noisy thermocouple. */
import { z } from 'zod';
import type { BindContext, Model, StepContext } from '../kernel/model.ts';
import type { RandomStream } from '../kernel/rng.ts';
import type { SignalDefInput } from '../kernel/signal-schema.ts';

export class ToyHeater implements Model {
  readonly id: string;
  private temp = 20;
  private hSp = 0;
  private hPv = 0;
  private hTrue = 0;
  private hRuns = 0;
  private noise!: RandomStream;
  runs = 0;

  private readonly base: number;

  constructor(id = 'heater', modbusBase = 0) {
    this.id = id;
    this.base = modbusBase;
  }

  declare(): SignalDefInput[] {
    return [
      {
        id: 'temp_sp',
        label: { fr: 'Consigne', en: 'Set point' },
        type: 'float',
        unit: '°C',
        range: { min: 0, max: 300 },
        initial: 200,
        access: { read: ['operator', 'technician', 'trainer'], write: ['technician', 'trainer'] },
        visibility: 'candidate',
        kind: 'setpoint',
        channels: {
          opcua: { browsePath: `DeviceSet/${this.id.toUpperCase()}/Temperature/SetValue` },
          modbus: { table: 'holding', address: this.base, encoding: 'int16', scale: 10 },
          mqtt: { topic: `${this.id}/temp_sp` },
        },
      },
      {
        id: 'temp_pv',
        label: { fr: 'Température mesurée', en: 'Measured temperature' },
        type: 'float',
        unit: '°C',
        range: { min: 0, max: 400 },
        access: { read: ['operator', 'technician', 'trainer'] },
        visibility: 'candidate',
        kind: 'measurement',
        channels: {
          opcua: { browsePath: `DeviceSet/${this.id.toUpperCase()}/Temperature/ActualValue` },
          modbus: { table: 'input', address: this.base, encoding: 'float32' },
          mqtt: { topic: `${this.id}/temp_pv` },
        },
      },
      {
        id: 'temp_true',
        label: { fr: 'Température vraie', en: 'True temperature' },
        type: 'float',
        unit: '°C',
        access: { read: ['trainer'] },
        visibility: 'trainer',
        kind: 'measurement',
      },
      {
        id: 'running',
        label: { fr: 'En marche', en: 'Running' },
        type: 'bool',
        access: { read: ['operator', 'trainer'], write: ['operator', 'trainer'] },
        visibility: 'candidate',
        kind: 'state',
        initial: true,
        channels: {
          modbus: { table: 'coil', address: this.base, encoding: 'bool' },
          mqtt: { topic: `${this.id}/running` },
        },
      },
    ];
  }

  bind(ctx: BindContext): void {
    this.hSp = ctx.handle(`${this.id}.temp_sp`);
    this.hPv = ctx.handle(`${this.id}.temp_pv`);
    this.hTrue = ctx.handle(`${this.id}.temp_true`);
    this.hRuns = ctx.handle(`${this.id}.running`);
    this.noise = ctx.stream('tc');
    ctx.registerAction({
      name: `${this.id}.reset`,
      roles: ['technician', 'trainer'],
      args: z.strictObject({ to: z.number().min(0).max(100) }),
      check: (_a, c) => (c.store.getBool(this.hRuns) ? 'stop the heater first' : null),
      apply: (a) => {
        this.temp = a.to;
        return { temp: this.temp };
      },
    });
  }

  step(ctx: StepContext): void {
    const s = ctx.store;
    if (s.getBool(this.hRuns)) {
      const sp = s.get(this.hSp);
      // first-order lag towards the set point, τ = 10 s
      this.temp += ((sp - this.temp) * ctx.dt) / 10;
    }
    s.set(this.hTrue, this.temp);
    s.set(this.hPv, Math.round((this.temp + this.noise.normal(0, 0.3)) * 10) / 10);
    this.runs++;
  }

  snapshot(): unknown {
    return { temp: this.temp };
  }

  restore(state: unknown): void {
    this.temp = (state as { temp: number }).temp;
  }
}
