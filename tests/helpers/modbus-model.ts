/**
 * A test model that exercises every Modbus table and encoding, with hidden truth to hunt for:
 * trainer-only signals and a candidate-visible signal the candidate roles may not read, all holding
 * canary values that must never appear on the wire (reliability-security §5.5 I3).
 */
import type { BindContext, Model, StepContext } from '../../simulator/kernel/model.ts';
import type { SignalDefInput } from '../../simulator/kernel/signal-schema.ts';

/** Canary values: a scan that finds any of these raw patterns has found hidden truth. */
export const CANARY = { trainerFloat: 4242.4242, trainerInt: 31337, hiddenInput: 27182 } as const;

const cand = { read: ['operator', 'technician', 'trainer'] as ('operator' | 'technician' | 'trainer')[] };
const label = (en: string) => ({ fr: en, en });

export class ModbusToy implements Model {
  readonly id: string;
  /** hidden model parameters a test or the benchmark changes, like a fault would */
  pressure = 12.5;
  temp = -3.5;
  count = 0;
  countStep = 1;
  level = 0.25;
  ready = true;
  door = false;
  private h: Record<string, number> = {};

  constructor(id = 'mb') {
    this.id = id;
  }

  declare(): SignalDefInput[] {
    return [
      // holding registers: set points and parameters
      {
        id: 'temp_sp',
        label: { fr: 'Consigne température', en: 'Temperature set point' },
        type: 'float',
        unit: '°C',
        range: { min: 0, max: 300 },
        initial: 200,
        access: { ...cand, write: ['technician', 'trainer'] },
        visibility: 'candidate',
        kind: 'setpoint',
        channels: { modbus: { table: 'holding', address: 0, encoding: 'int16', scale: 10 } },
      },
      {
        id: 'speed_sp',
        label: label('Speed set point'),
        type: 'int',
        unit: 'rpm',
        range: { min: 0, max: 1000 },
        initial: 100,
        access: { ...cand, write: ['operator', 'trainer'] },
        visibility: 'candidate',
        kind: 'setpoint',
        channels: { modbus: { table: 'holding', address: 1, encoding: 'uint16' } },
      },
      {
        id: 'offset',
        label: label('Offset'),
        type: 'int',
        range: { min: -100000, max: 100000 },
        initial: -70000,
        access: { ...cand, write: ['technician'] },
        visibility: 'candidate',
        kind: 'parameter',
        channels: { modbus: { table: 'holding', address: 2, encoding: 'int32' } },
      },
      {
        id: 'limit',
        label: label('Limit'),
        type: 'int',
        range: { min: 0, max: 4000000000 },
        initial: 3000000000,
        access: { ...cand, write: ['technician'] },
        visibility: 'candidate',
        kind: 'parameter',
        channels: { modbus: { table: 'holding', address: 4, encoding: 'uint32' } },
      },
      {
        id: 'gain',
        label: { fr: 'Gain', en: 'Gain' },
        type: 'float',
        range: { min: -50, max: 50 },
        initial: 1.5,
        access: { ...cand, write: ['technician'] },
        visibility: 'candidate',
        kind: 'parameter',
        channels: { modbus: { table: 'holding', address: 6, encoding: 'float32', wordOrder: 'big' } },
      },
      {
        id: 'bias',
        label: label('Bias'),
        type: 'float',
        range: { min: -50, max: 50 },
        initial: -2.25,
        access: { ...cand, write: ['technician'] },
        visibility: 'candidate',
        kind: 'parameter',
        channels: { modbus: { table: 'holding', address: 8, encoding: 'float32', wordOrder: 'little' } },
      },
      {
        id: 'mode',
        label: label('Mode'),
        type: 'enum',
        enumValues: ['manual', 'semi', 'auto'],
        initial: 0,
        access: { ...cand, write: ['operator'] },
        visibility: 'candidate',
        kind: 'state',
        channels: { modbus: { table: 'holding', address: 10, encoding: 'uint16' } },
      },
      {
        id: 'firmware',
        label: { fr: 'Micrologiciel, version', en: 'Firmware "rev", version' },
        type: 'int',
        initial: 312,
        access: cand,
        visibility: 'candidate',
        kind: 'parameter',
        channels: { modbus: { table: 'holding', address: 11, encoding: 'uint16' } },
      },
      {
        id: 'service_sp',
        label: label('Service set point'),
        type: 'float',
        range: { min: 0, max: 100 },
        initial: 10,
        access: { ...cand, write: ['maintenance', 'trainer'] },
        visibility: 'candidate',
        kind: 'setpoint',
        channels: { modbus: { table: 'holding', address: 20, encoding: 'int16', scale: 10 } },
      },
      // input registers: measurements
      {
        id: 'pressure',
        label: label('Pressure'),
        type: 'float',
        unit: 'bar',
        range: { min: 0, max: 2500 },
        access: cand,
        visibility: 'candidate',
        kind: 'measurement',
        channels: { modbus: { table: 'input', address: 0, encoding: 'float32' } },
      },
      {
        id: 'temp',
        label: label('Temperature'),
        type: 'float',
        unit: '°C',
        access: cand,
        visibility: 'candidate',
        kind: 'measurement',
        channels: { modbus: { table: 'input', address: 2, encoding: 'int16', scale: 10 } },
      },
      {
        id: 'count',
        label: label('Count'),
        type: 'int',
        access: cand,
        visibility: 'candidate',
        kind: 'counter',
        channels: { modbus: { table: 'input', address: 3, encoding: 'uint16' } },
      },
      {
        id: 'level',
        label: label('Level'),
        type: 'float',
        access: cand,
        visibility: 'candidate',
        kind: 'measurement',
        channels: { modbus: { table: 'input', address: 4, encoding: 'float32', wordOrder: 'little' } },
      },
      {
        id: 'hidden_input',
        label: label('Maintenance-only reading'),
        type: 'int',
        access: { read: ['maintenance', 'trainer'] },
        visibility: 'candidate',
        kind: 'measurement',
        initial: CANARY.hiddenInput,
        channels: { modbus: { table: 'input', address: 10, encoding: 'uint16' } },
      },
      {
        id: 'label_text',
        label: label('Text'),
        type: 'string',
        initial: 'hello',
        access: cand,
        visibility: 'candidate',
        kind: 'parameter',
        channels: { modbus: { table: 'input', address: 20, encoding: 'uint16' } },
      },
      // coils and discrete inputs
      {
        id: 'run',
        label: label('Run'),
        type: 'bool',
        initial: false,
        access: { ...cand, write: ['operator', 'trainer'] },
        visibility: 'candidate',
        kind: 'state',
        channels: { modbus: { table: 'coil', address: 0, encoding: 'bool' } },
      },
      {
        id: 'heat',
        label: label('Heat'),
        type: 'bool',
        initial: true,
        access: { ...cand, write: ['operator', 'trainer'] },
        visibility: 'candidate',
        kind: 'state',
        channels: { modbus: { table: 'coil', address: 1, encoding: 'bool' } },
      },
      {
        id: 'lamp',
        label: label('Lamp'),
        type: 'bool',
        initial: true,
        access: cand,
        visibility: 'candidate',
        kind: 'state',
        channels: { modbus: { table: 'coil', address: 2, encoding: 'bool' } },
      },
      {
        id: 'ready',
        label: label('Ready'),
        type: 'bool',
        access: cand,
        visibility: 'candidate',
        kind: 'state',
        channels: { modbus: { table: 'discrete', address: 0, encoding: 'bool' } },
      },
      {
        id: 'door',
        label: label('Door open'),
        type: 'bool',
        access: cand,
        visibility: 'candidate',
        kind: 'state',
        channels: { modbus: { table: 'discrete', address: 1, encoding: 'bool' } },
      },
      // hidden truth: trainer-only, never mapped
      {
        id: 'true_pressure',
        label: label('True pressure'),
        type: 'float',
        access: { read: ['trainer'] },
        visibility: 'trainer',
        kind: 'measurement',
        initial: CANARY.trainerFloat,
      },
      {
        id: 'fault_code',
        label: label('Fault code'),
        type: 'int',
        access: { read: ['trainer'], write: ['trainer'] },
        range: { min: 0, max: 100000 },
        visibility: 'trainer',
        kind: 'parameter',
        initial: CANARY.trainerInt,
      },
    ];
  }

  bind(ctx: BindContext): void {
    for (const s of this.declare()) this.h[s.id] = ctx.handle(`${this.id}.${s.id}`);
    // interlock: the speed may not exceed 900 rpm while running
    ctx.addInterlock(`${this.id}.speed_sp`, (_sig, v, st) =>
      Number(v) > 900 && st.store.getBool(this.h.run!) ? 'above 900 rpm only when stopped' : null,
    );
  }

  step(ctx: StepContext): void {
    const s = ctx.store;
    s.set(this.h.pressure!, this.pressure);
    s.set(this.h.temp!, this.temp);
    this.count += this.countStep;
    s.set(this.h.count!, this.count);
    s.set(this.h.level!, this.level);
    s.setBool(this.h.ready!, this.ready);
    s.setBool(this.h.door!, this.door);
    s.set(this.h.true_pressure!, CANARY.trainerFloat);
  }

  snapshot(): unknown {
    return { pressure: this.pressure, temp: this.temp, count: this.count };
  }

  restore(state: unknown): void {
    Object.assign(this, state);
  }
}
