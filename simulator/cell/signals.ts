/**
 * Helpers to declare cell signals once, with the channel conventions of docs/physics.md:
 * - key `<equipment>.<local id>`; MQTT topic `<equipment>/<local id with "/" for ".">`;
 * - OPC UA browse path below `Objects/`, given relative to the equipment's root (e.g. `DeviceSet/TCU_1`);
 * - Modbus: one block per equipment, addresses allocated in declaration order (append only, so a published
 *   register map never moves): measurements → input registers (float32, big-endian words), set points →
 *   holding registers (float32), bool measurements → discrete inputs, bool controls → coils, enums and
 *   counters → uint16 / uint32. An explicit address can override the allocation.
 */
import type { RandomStream } from '../kernel/rng.ts';
import type { ModbusBlock, Role, SignalDefInput } from '../kernel/signal-schema.ts';

export const READ_ALL: Role[] = [
  'operator',
  'technician',
  'maintenance',
  'trainer',
  'mes',
  'integrator',
  'observer',
];
/** process set points: technicians and trainers */
export const SP_WRITE: Role[] = ['technician', 'trainer'];
/** operating controls (modes, start/stop of peripherals) */
export const OP_WRITE: Role[] = ['operator', 'technician', 'trainer'];
/** safety devices a person actuates (guards, E-stop): anyone on the shop floor */
export const SAFETY_WRITE: Role[] = ['operator', 'technician', 'maintenance', 'trainer'];

export interface ModbusBase {
  readonly input: number;
  readonly holding: number;
  readonly coil: number;
  readonly discrete: number;
}

type Label = { readonly fr: string; readonly en: string };
type MbOverride = Partial<Pick<ModbusBlock, 'table' | 'address' | 'encoding' | 'scale'>> | false;

interface Common {
  readonly opc?: string | false;
  readonly mb?: MbOverride;
  readonly mqtt?: false;
  readonly sigma?: number;
  readonly initial?: number | boolean | string;
}

export class SignalBuilder {
  readonly equipment: string;
  private readonly opcRoot: string;
  private readonly next: { input: number; holding: number; coil: number; discrete: number };
  private readonly limit: ModbusBase;
  readonly list: SignalDefInput[] = [];

  constructor(equipment: string, opcRoot: string, base: ModbusBase, size = 100) {
    this.equipment = equipment;
    this.opcRoot = opcRoot;
    this.next = { ...base };
    this.limit = {
      input: base.input + size,
      holding: base.holding + size,
      coil: base.coil + size,
      discrete: base.discrete + size,
    };
  }

  private modbus(
    type: 'float' | 'int' | 'bool' | 'enum',
    writable: boolean,
    o: MbOverride | undefined,
    counter = false,
  ): ModbusBlock | undefined {
    if (o === false) return undefined;
    const table: ModbusBlock['table'] =
      o?.table ?? (type === 'bool' ? (writable ? 'coil' : 'discrete') : writable ? 'holding' : 'input');
    const encoding: ModbusBlock['encoding'] =
      o?.encoding ??
      (type === 'bool'
        ? 'bool'
        : type === 'enum'
          ? 'uint16'
          : counter
            ? 'uint32'
            : type === 'int'
              ? 'int32'
              : 'float32');
    const width = encoding === 'float32' || encoding === 'int32' || encoding === 'uint32' ? 2 : 1;
    let address = o?.address;
    if (address === undefined) {
      address = this.next[table];
      this.next[table] += width;
      if (this.next[table] > this.limit[table]) {
        throw new Error(`${this.equipment}: Modbus ${table} block exhausted at ${address}`);
      }
    }
    return { table, address, encoding, scale: o?.scale ?? 1, wordOrder: 'big' };
  }

  private channels(id: string, opc: string | false | undefined, mb: ModbusBlock | undefined, mqtt?: false) {
    return {
      ...(opc ? { opcua: { browsePath: `${this.opcRoot}/${opc}` } } : {}),
      ...(mb ? { modbus: mb } : {}),
      ...(mqtt === false ? {} : { mqtt: { topic: `${this.equipment}/${id.replace(/\./g, '/')}` } }),
    };
  }

  /** A measured value, readable by every role. */
  measurement(
    id: string,
    label: Label,
    unit: string,
    range: { min: number; max: number },
    opc: string | false,
    o: Common & { type?: 'float' | 'int' } = {},
  ): this {
    const type = o.type ?? 'float';
    this.list.push({
      id,
      label,
      type,
      unit,
      range,
      access: { read: READ_ALL },
      visibility: 'candidate',
      kind: 'measurement',
      ...(o.sigma !== undefined ? { sigma: o.sigma } : {}),
      ...(o.initial !== undefined ? { initial: o.initial } : {}),
      channels: this.channels(id, o.opc ?? opc, this.modbus(type, false, o.mb), o.mqtt),
    });
    return this;
  }

  /** A process set point, writable by technicians and trainers (or `write`). */
  setpoint(
    id: string,
    label: Label,
    unit: string,
    range: { min: number; max: number },
    initial: number,
    opc: string | false,
    o: Common & { type?: 'float' | 'int'; write?: Role[] } = {},
  ): this {
    const type = o.type ?? 'float';
    this.list.push({
      id,
      label,
      type,
      unit,
      range,
      initial,
      access: { read: READ_ALL, write: o.write ?? SP_WRITE },
      visibility: 'candidate',
      kind: 'setpoint',
      channels: this.channels(id, opc, this.modbus(type, true, o.mb), o.mqtt),
    });
    return this;
  }

  /** A boolean state or command. `write` makes it a control (coil). */
  bool(
    id: string,
    label: Label,
    initial: boolean,
    opc: string | false,
    o: Common & { write?: Role[]; kind?: 'state' | 'measurement' | 'setpoint' } = {},
  ): this {
    const writable = (o.write?.length ?? 0) > 0;
    this.list.push({
      id,
      label,
      type: 'bool',
      initial,
      access: { read: READ_ALL, write: o.write ?? [] },
      visibility: 'candidate',
      kind: o.kind ?? 'state',
      channels: this.channels(id, opc, this.modbus('bool', writable, o.mb), o.mqtt),
    });
    return this;
  }

  /** An enumeration (index into `values`). */
  enumeration(
    id: string,
    label: Label,
    values: readonly string[],
    initial: number,
    opc: string | false,
    o: Common & { write?: Role[]; kind?: 'state' | 'setpoint' } = {},
  ): this {
    const writable = (o.write?.length ?? 0) > 0;
    this.list.push({
      id,
      label,
      type: 'enum',
      enumValues: [...values],
      initial,
      access: { read: READ_ALL, write: o.write ?? [] },
      visibility: 'candidate',
      kind: o.kind ?? (writable ? 'setpoint' : 'state'),
      channels: this.channels(id, opc, this.modbus('enum', writable, o.mb), o.mqtt),
    });
    return this;
  }

  /** A monotonic counter (uint32 on Modbus). */
  counter(id: string, label: Label, opc: string | false, o: Common = {}): this {
    this.list.push({
      id,
      label,
      type: 'int',
      unit: '',
      range: { min: 0, max: 4294967295 },
      access: { read: READ_ALL },
      visibility: 'candidate',
      kind: 'counter',
      ...(o.initial !== undefined ? { initial: o.initial } : {}),
      channels: this.channels(id, opc, this.modbus('int', false, o.mb, true), o.mqtt),
    });
    return this;
  }

  /** A text value (no Modbus). */
  text(
    id: string,
    label: Label,
    initial: string,
    opc: string | false,
    o: Common & { write?: Role[] } = {},
  ): this {
    this.list.push({
      id,
      label,
      type: 'string',
      initial,
      access: { read: READ_ALL, write: o.write ?? [] },
      visibility: 'candidate',
      kind: (o.write?.length ?? 0) > 0 ? 'setpoint' : 'state',
      channels: this.channels(id, opc, undefined, o.mqtt),
    });
    return this;
  }

  /** Hidden truth for trainers only: no channel, no candidate role (DESIGN.md principle 5). */
  hidden(id: string, label: Label, unit: string, range?: { min: number; max: number }): this {
    this.list.push({
      id,
      label,
      type: 'float',
      unit,
      ...(range ? { range } : {}),
      access: { read: ['trainer'] },
      visibility: 'trainer',
      kind: 'measurement',
      channels: {},
    });
    return this;
  }
}

/**
 * Cheap measurement noise (cosmetic, for live tags): a 4096-entry table of N(0,1) drawn once at bind from
 * the model's seeded stream, indexed per tick from one fresh uniform draw. Physics noise (per shot) uses the
 * stream directly. Deterministic and needs no snapshot: the table is rebuilt identically at bind.
 */
export class Noise {
  private readonly table = new Float64Array(4096);
  private readonly stream: RandomStream;
  private base = 0;
  private k = 0;

  constructor(stream: RandomStream) {
    this.stream = stream;
    for (let i = 0; i < 4096; i++) this.table[i] = stream.gaussian();
  }

  /** Start a tick: one uniform draw positions the table. */
  begin(): void {
    this.base = (this.stream.next() * 4096) | 0;
    this.k = 0;
  }

  /** Next N(0,1) value of this tick. */
  g(): number {
    this.k++;
    return this.table[(this.base + this.k * 2053) & 4095]!;
  }
}

/** Round to a quantisation step (display resolution of a controller). */
export const quant = (v: number, step: number): number => Math.round(v / step) / Math.round(1 / step);

export const clamp = (v: number, lo: number, hi: number): number => (v < lo ? lo : v > hi ? hi : v);

/** A set of alarms with edge detection: raises on activation, clears on deactivation (symptoms only). */
export interface AlarmDef {
  readonly severity: 'info' | 'warning' | 'alarm' | 'critical';
  readonly fr: string;
  readonly en: string;
}

export interface AlarmSink {
  raise(a: {
    code: string;
    state: 'active' | 'cleared';
    severity: AlarmDef['severity'];
    text: { fr: string; en: string };
  }): void;
}

export class Alarms {
  private readonly defs: Readonly<Record<string, AlarmDef>>;
  active: string[] = [];

  constructor(defs: Readonly<Record<string, AlarmDef>>) {
    this.defs = defs;
  }

  isActive(code: string): boolean {
    return this.active.includes(code);
  }

  set(ctx: AlarmSink, code: string, on: boolean): void {
    const was = this.active.includes(code);
    if (on === was) return;
    const d = this.defs[code];
    if (!d) throw new Error(`undeclared alarm ${code}`);
    if (on) this.active.push(code);
    else this.active = this.active.filter((c) => c !== code);
    ctx.raise({ code, state: on ? 'active' : 'cleared', severity: d.severity, text: { fr: d.fr, en: d.en } });
  }
}
