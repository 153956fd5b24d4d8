/**
 * Signal value ⇄ OPC UA Variant for one bound variable, chosen from the variable's DataType (standards.md
 * §2.3 pitfall 1: UInt64 travels as `[high, low]` with `arrayType: Scalar`).
 */
import { DataType, VariantArrayType } from 'node-opcua';

export type CodecKind = 'double' | 'integer' | 'uint64' | 'int64' | 'boolean' | 'string' | 'localizedText';

export interface Codec {
  readonly kind: CodecKind;
  /** the built-in DataType on the wire */
  readonly dataType: DataType;
  /** enum signals: signal index → value of the OPC UA enumeration (identity when absent) */
  readonly enumValues?: readonly number[];
  /** wire = signal × scale (a Duration node in ms fed by a signal in s) */
  readonly scale?: number;
}

export interface VariantLike {
  dataType: DataType;
  arrayType?: VariantArrayType;
  value: unknown;
}

const TWO32 = 2 ** 32;

/** Integer built-in types and their limits. */
const INTEGER_LIMITS: Partial<Record<DataType, readonly [number, number]>> = {
  [DataType.SByte]: [-128, 127],
  [DataType.Byte]: [0, 255],
  [DataType.Int16]: [-32768, 32767],
  [DataType.UInt16]: [0, 65535],
  [DataType.Int32]: [-(2 ** 31), 2 ** 31 - 1],
  [DataType.UInt32]: [0, TWO32 - 1],
};

export function codecFor(dataType: DataType, enumValues?: readonly number[]): Codec | null {
  const withEnum = enumValues ? { enumValues } : {};
  switch (dataType) {
    case DataType.Double:
    case DataType.Float:
      return { kind: 'double', dataType, ...withEnum };
    case DataType.UInt64:
      return { kind: 'uint64', dataType, ...withEnum };
    case DataType.Int64:
      return { kind: 'int64', dataType, ...withEnum };
    case DataType.Boolean:
      return { kind: 'boolean', dataType };
    case DataType.String:
      return { kind: 'string', dataType };
    case DataType.LocalizedText:
      return { kind: 'localizedText', dataType };
    default:
      return INTEGER_LIMITS[dataType] ? { kind: 'integer', dataType, ...withEnum } : null;
  }
}

/** The Variant of a signal value as the store holds it (enum = index, bool = boolean). */
export function encode(codec: Codec, value: number | boolean | string): VariantLike {
  let n = typeof value === 'number' ? value : typeof value === 'boolean' ? (value ? 1 : 0) : Number(value);
  if (codec.enumValues) n = codec.enumValues[n] ?? 0;
  if (codec.scale) n *= codec.scale;
  switch (codec.kind) {
    case 'double':
      return { dataType: codec.dataType, value: n };
    case 'integer': {
      const [lo, hi] = INTEGER_LIMITS[codec.dataType]!;
      return { dataType: codec.dataType, value: Math.min(hi, Math.max(lo, Math.round(n) || 0)) };
    }
    case 'uint64':
    case 'int64': {
      const v = Math.max(codec.kind === 'uint64' ? 0 : -(2 ** 53), Math.round(n) || 0);
      const high = Math.floor(v / TWO32);
      return {
        dataType: codec.dataType,
        arrayType: VariantArrayType.Scalar,
        value: [high, v - high * TWO32],
      };
    }
    case 'boolean':
      return { dataType: DataType.Boolean, value: typeof value === 'boolean' ? value : n !== 0 };
    case 'string':
      return { dataType: DataType.String, value: String(value) };
    case 'localizedText':
      return { dataType: DataType.LocalizedText, value: { text: String(value) } };
  }
}

export type Decoded =
  | { ok: true; value: number | boolean | string }
  | { ok: false; reason: 'type' | 'range' };

/**
 * The signal value of a written Variant, or why not. Type: the exact DataType of the node and a scalar
 * (Part 4 §7.27). Range: non-finite numbers (node-opcua lets NaN through, reliability-security §2.1),
 * integers beyond 2^53, enumeration values the signal does not know.
 */
export function decode(codec: Codec, v: VariantLike): Decoded {
  if (v.dataType !== codec.dataType) return { ok: false, reason: 'type' };
  const scalar = v.arrayType === undefined || v.arrayType === VariantArrayType.Scalar;
  if (!scalar) return { ok: false, reason: 'type' };
  let n: number;
  switch (codec.kind) {
    case 'boolean':
      return typeof v.value === 'boolean' ? { ok: true, value: v.value } : { ok: false, reason: 'type' };
    case 'string':
      return typeof v.value === 'string' ? { ok: true, value: v.value } : { ok: false, reason: 'type' };
    case 'localizedText': {
      const text = (v.value as { text?: unknown } | null)?.text;
      return typeof text === 'string' ? { ok: true, value: text } : { ok: false, reason: 'type' };
    }
    case 'uint64':
    case 'int64': {
      const pair = v.value;
      if (!Array.isArray(pair) || pair.length !== 2) return { ok: false, reason: 'type' };
      const [high, low] = pair as [number, number];
      n = high * TWO32 + (low >>> 0);
      if (!Number.isSafeInteger(n)) return { ok: false, reason: 'range' };
      break;
    }
    default:
      if (typeof v.value !== 'number') return { ok: false, reason: 'type' };
      n = v.value;
  }
  if (!Number.isFinite(n)) return { ok: false, reason: 'range' };
  if (codec.scale) n /= codec.scale;
  if (codec.enumValues) {
    const i = codec.enumValues.indexOf(n);
    return i < 0 ? { ok: false, reason: 'range' } : { ok: true, value: i };
  }
  return { ok: true, value: n };
}
