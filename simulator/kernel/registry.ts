/**
 * Signal registry: equipment types declare their signals once; a station instantiates them and gets a
 * dense index per signal plus the cross-checks no single declaration can make (duplicate ids, Modbus
 * address overlaps, duplicate browse paths or topics).
 */
import { formatZodIssues, ValidationError } from './errors.ts';
import {
  modbusWidth,
  type RegisteredSignal,
  type SignalDef,
  type SignalDefInput,
  SignalDefSchema,
} from './signal-schema.ts';

/** The declaration of one equipment instance: its id (e.g. `tcu2`) and its signals. */
export interface EquipmentSignals {
  readonly equipment: string;
  readonly signals: readonly SignalDefInput[];
}

/** Validate a list of declarations; the error lists every bad field as `<equipment>.signals[i].<path>`. */
export function parseSignals(equipment: string, signals: readonly SignalDefInput[]): SignalDef[] {
  const issues: string[] = [];
  const out: SignalDef[] = [];
  signals.forEach((input, i) => {
    const r = SignalDefSchema.safeParse(input);
    if (r.success) out.push(r.data);
    else {
      const id =
        typeof (input as { id?: unknown })?.id === 'string' ? ` (${(input as { id: string }).id})` : '';
      issues.push(...formatZodIssues(r.error, `${equipment}.signals[${i}]${id}`));
    }
  });
  if (issues.length) throw new ValidationError(`invalid signal declarations for "${equipment}"`, issues);
  return out;
}

export class SignalRegistry {
  readonly signals: readonly RegisteredSignal[];
  private readonly byKey: ReadonlyMap<string, RegisteredSignal>;

  constructor(equipments: readonly EquipmentSignals[]) {
    const issues: string[] = [];
    const signals: RegisteredSignal[] = [];
    const byKey = new Map<string, RegisteredSignal>();
    const paths = new Map<string, string>();
    const topics = new Map<string, string>();
    const modbus = new Map<string, string>(); // `${table}:${address}` → key
    for (const eq of equipments) {
      if (!/^[a-z][a-z0-9_]*$/.test(eq.equipment)) {
        issues.push(`equipment id "${eq.equipment}": lower-case letters, digits and "_" only`);
        continue;
      }
      let parsed: SignalDef[];
      try {
        parsed = parseSignals(eq.equipment, eq.signals);
      } catch (e) {
        if (e instanceof ValidationError) {
          issues.push(...e.issues);
          continue;
        }
        throw e;
      }
      for (const def of parsed) {
        const key = `${eq.equipment}.${def.id}`;
        if (byKey.has(key)) {
          issues.push(`${key}: duplicate signal id`);
          continue;
        }
        const reg: RegisteredSignal = { ...def, key, equipment: eq.equipment, index: signals.length };
        const { opcua, mqtt, modbus: mb } = def.channels;
        if (opcua) {
          const other = paths.get(opcua.browsePath);
          if (other)
            issues.push(`${key}.channels.opcua.browsePath: "${opcua.browsePath}" already used by ${other}`);
          else paths.set(opcua.browsePath, key);
        }
        if (mqtt) {
          const other = topics.get(mqtt.topic);
          if (other) issues.push(`${key}.channels.mqtt.topic: "${mqtt.topic}" already used by ${other}`);
          else topics.set(mqtt.topic, key);
        }
        if (mb) {
          for (let w = 0; w < modbusWidth(mb.encoding); w++) {
            const slot = `${mb.table}:${mb.address + w}`;
            const other = modbus.get(slot);
            if (other) {
              issues.push(
                `${key}.channels.modbus.address: ${mb.table} ${mb.address + w} overlaps ${other} (each address holds one signal)`,
              );
              break;
            }
            if (mb.address + w > 65535) {
              issues.push(`${key}.channels.modbus.address: ${mb.address} + width exceeds 65535`);
              break;
            }
            modbus.set(slot, key);
          }
        }
        byKey.set(key, reg);
        signals.push(reg);
      }
    }
    if (issues.length) throw new ValidationError('invalid signal registry', issues);
    this.signals = signals;
    this.byKey = byKey;
  }

  get size(): number {
    return this.signals.length;
  }

  get(key: string): RegisteredSignal | undefined {
    return this.byKey.get(key);
  }

  /** Index of a signal; throws with the key when it does not exist (a programming error in a model). */
  indexOf(key: string): number {
    const s = this.byKey.get(key);
    if (!s) throw new Error(`unknown signal "${key}"`);
    return s.index;
  }

  /** Signals a candidate-side channel may ever see (never trainer-only). */
  candidateSignals(): RegisteredSignal[] {
    return this.signals.filter((s) => s.visibility === 'candidate');
  }
}
