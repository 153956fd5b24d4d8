/**
 * Engineering value ↔ Modbus registers (standards.md §1.11): raw = engineering × scale for the integer
 * encodings, IEEE 754 single precision for float32; 32-bit values take two registers, high word first
 * for word order "big" (AB CD) and low word first for "little" (CD AB). Bytes within a register are
 * always big-endian (Modbus Application Protocol §4.2).
 */
import type { MapEntry } from './map.ts';

const LIMITS = {
  int16: [-0x8000, 0x7fff],
  uint16: [0, 0xffff],
  int32: [-0x80000000, 0x7fffffff],
  uint32: [0, 0xffffffff],
} as const;

const f32 = new DataView(new ArrayBuffer(4));

/**
 * The raw 32-bit (or 16-bit) pattern of an engineering value, as an unsigned integer.
 * Out-of-range values saturate, except counters, which wrap like a PLC counter; NaN reads as the
 * encoding's minimum (0x8000… for signed, 0 for unsigned), the usual "no value" pattern.
 */
export function rawOf(e: MapEntry, value: number): number {
  if (e.encoding === 'bool') return value !== 0 ? 1 : 0;
  if (e.encoding === 'float32') {
    f32.setFloat32(0, value);
    return f32.getUint32(0);
  }
  const [min, max] = LIMITS[e.encoding];
  const bits = e.width * 16;
  const mod = 2 ** bits;
  let raw: number;
  if (Number.isNaN(value)) raw = min;
  else {
    raw = Math.round(value * e.scale);
    if (e.wraps && Number.isFinite(raw)) raw = ((raw % mod) + mod) % mod;
    else raw = raw < min ? min : raw > max ? max : raw;
  }
  // to the unsigned pattern (two's complement for negative values)
  return raw < 0 ? raw + mod : raw;
}

/** Write the value of `e` into `regs` at its address (registers tables). */
export function encodeInto(e: MapEntry, value: number, regs: Uint16Array): void {
  const raw = rawOf(e, value);
  if (e.width === 1) {
    regs[e.address] = raw;
    return;
  }
  const hi = Math.floor(raw / 0x10000) & 0xffff;
  const lo = raw & 0xffff;
  regs[e.address] = e.wordOrder === 'big' ? hi : lo;
  regs[e.address + 1] = e.wordOrder === 'big' ? lo : hi;
}

/** Shortest decimal that is the same float32, so a written 200.1 is journaled as 200.1, not 200.100006. */
export function shortestFloat32(x: number): number {
  if (!Number.isFinite(x)) return x;
  for (let p = 1; p <= 9; p++) {
    const y = Number(x.toPrecision(p));
    if (Math.fround(y) === x) return y;
  }
  return x;
}

/**
 * The engineering value written into registers `words` (one or two, in wire order). Integer encodings
 * divide by the scale (cleaned to 15 significant digits so 2121 / 10 gives 212.1).
 */
export function decode(e: MapEntry, words: readonly number[]): number {
  let raw: number;
  if (e.width === 1) raw = words[0]!;
  else {
    const [a, b] = [words[0]!, words[1]!];
    const hi = e.wordOrder === 'big' ? a : b;
    const lo = e.wordOrder === 'big' ? b : a;
    raw = hi * 0x10000 + lo;
  }
  switch (e.encoding) {
    case 'float32':
      f32.setUint32(0, raw);
      return shortestFloat32(f32.getFloat32(0));
    case 'int16':
      if (raw >= 0x8000) raw -= 0x10000;
      break;
    case 'int32':
      if (raw >= 0x80000000) raw -= 0x100000000;
      break;
    default:
      break;
  }
  return e.scale === 1 ? raw : Number((raw / e.scale).toPrecision(15));
}
