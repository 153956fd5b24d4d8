/**
 * The pure parts of the Modbus channel: the register map built from the signal registry, the value
 * codec (scale, sign, word order, float32), and the MBAP framing of a byte stream.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decode, encodeInto, shortestFloat32 } from '../../../simulator/adapters/modbus/codec.ts';
import { MbapDecoder, mbap } from '../../../simulator/adapters/modbus/frame.ts';
import { type MapEntry, ModbusMap } from '../../../simulator/adapters/modbus/map.ts';
import { SignalRegistry } from '../../../simulator/kernel/registry.ts';
import type { ModbusBlock, RegisteredSignal } from '../../../simulator/kernel/signal-schema.ts';
import { ModbusToy } from '../../helpers/modbus-model.ts';

const registry = () => new SignalRegistry([{ equipment: 'mb', signals: new ModbusToy('mb').declare() }]);

const entry = (
  encoding: ModbusBlock['encoding'],
  scale = 1,
  wordOrder: 'big' | 'little' = 'big',
  wraps = false,
) =>
  ({
    address: 0,
    width: encoding.endsWith('32') ? 2 : 1,
    encoding,
    scale,
    wordOrder,
    wraps,
    table: 'holding',
  }) as MapEntry;

describe('Modbus register map from the signal model', () => {
  it('maps every candidate-readable signal with a Modbus block, at its address, with its width', () => {
    const map = new ModbusMap(registry().signals);
    const keys = map.entries.map((e) => `${e.table}:${e.address}:${e.sig.key}:${e.width}`);
    expect(keys).toEqual([
      'coil:0:mb.run:1',
      'coil:1:mb.heat:1',
      'coil:2:mb.lamp:1',
      'discrete:0:mb.ready:1',
      'discrete:1:mb.door:1',
      'input:0:mb.pressure:2',
      'input:2:mb.temp:1',
      'input:3:mb.count:1',
      'input:4:mb.level:2',
      'holding:0:mb.temp_sp:1',
      'holding:1:mb.speed_sp:1',
      'holding:2:mb.offset:2',
      'holding:4:mb.limit:2',
      'holding:6:mb.gain:2',
      'holding:8:mb.bias:2',
      'holding:10:mb.mode:1',
      'holding:11:mb.firmware:1',
      'holding:20:mb.service_sp:1',
    ]);
    expect(map.at('holding', 7)?.sig.key).toBe('mb.gain');
    expect(map.at('holding', 12)).toBeUndefined();
    expect(map.covers('holding', 0, 12)).toBe(true);
    expect(map.covers('holding', 0, 13)).toBe(false);
    expect(map.entries.find((e) => e.sig.key === 'mb.service_sp')?.writable).toBe(false);
    expect(map.entries.find((e) => e.sig.key === 'mb.temp_sp')?.writable).toBe(true);
    expect(map.entries.find((e) => e.sig.key === 'mb.lamp')?.writable).toBe(false);
  });

  it('leaves out signals the candidate roles may not read and text signals, and says why', () => {
    const map = new ModbusMap(registry().signals);
    expect(map.skipped).toEqual([
      { key: 'mb.hidden_input', reason: 'not readable by the candidate roles' },
      { key: 'mb.label_text', reason: 'text signals have no Modbus encoding' },
    ]);
  });

  it('never maps a trainer-only signal, even one a hand-made list gave a Modbus block', () => {
    const sigs = registry().signals;
    const forged: RegisteredSignal = {
      ...sigs.find((s) => s.key === 'mb.true_pressure')!,
      channels: { modbus: { table: 'input', address: 30, encoding: 'float32', scale: 1, wordOrder: 'big' } },
    };
    const map = new ModbusMap([...sigs.filter((s) => s !== forged), forged]);
    expect(map.entries.some((e) => e.sig.visibility !== 'candidate')).toBe(false);
    expect(map.at('input', 30)).toBeUndefined();
    expect(map.skipped).toContainEqual({ key: 'mb.true_pressure', reason: 'trainer-only' });
  });
});

describe('Modbus value codec', () => {
  const regs = () => new Uint16Array(2);

  it('scales and rounds integer encodings, and decodes back to the engineering value', () => {
    const e = entry('int16', 10);
    const r = regs();
    encodeInto(e, 212.14, r);
    expect(r[0]).toBe(2121);
    expect(decode(e, [2121])).toBe(212.1);
    encodeInto(e, -3.5, r);
    expect(r[0]).toBe(0xffdd);
    expect(decode(e, [0xffdd])).toBe(-3.5);
  });

  it('saturates out-of-range values, but wraps counters', () => {
    const r = regs();
    encodeInto(entry('int16', 10), 5000, r);
    expect(r[0]).toBe(0x7fff);
    encodeInto(entry('int16', 10), -5000, r);
    expect(r[0]).toBe(0x8000);
    encodeInto(entry('uint16'), -1, r);
    expect(r[0]).toBe(0);
    encodeInto(entry('uint16', 1, 'big', true), 65536 * 3 + 7, r);
    expect(r[0]).toBe(7);
    encodeInto(entry('uint32', 1, 'big', true), 2 ** 32 + 9, r);
    expect([...r]).toEqual([0, 9]);
    encodeInto(entry('int16'), Number.NaN, r);
    expect(r[0]).toBe(0x8000);
  });

  it('orders the words of 32-bit values: big = high word first, little = low word first', () => {
    const r = regs();
    encodeInto(entry('uint32', 1, 'big'), 0x12345678, r);
    expect([...r]).toEqual([0x1234, 0x5678]);
    encodeInto(entry('uint32', 1, 'little'), 0x12345678, r);
    expect([...r]).toEqual([0x5678, 0x1234]);
    encodeInto(entry('float32', 1, 'big'), 1.5, r);
    expect([...r]).toEqual([0x3fc0, 0x0000]);
    encodeInto(entry('float32', 1, 'little'), 1.5, r);
    expect([...r]).toEqual([0x0000, 0x3fc0]);
    encodeInto(entry('int32'), -2, r);
    expect([...r]).toEqual([0xffff, 0xfffe]);
  });

  it('round-trips every encoding and word order (property)', () => {
    const r = regs();
    fc.assert(
      fc.property(
        fc.constantFrom('int16', 'uint16', 'int32', 'uint32', 'float32'),
        fc.constantFrom('big', 'little'),
        fc.integer({ min: -(2 ** 31), max: 2 ** 32 - 1 }),
        (enc, order, n) => {
          const e = entry(enc as ModbusBlock['encoding'], 1, order as 'big' | 'little');
          const lim = {
            int16: [-32768, 32767],
            uint16: [0, 65535],
            int32: [-(2 ** 31), 2 ** 31 - 1],
            uint32: [0, 2 ** 32 - 1],
            float32: [-(2 ** 31), 2 ** 32],
          }[enc]!;
          const v = Math.min(lim[1]!, Math.max(lim[0]!, n));
          encodeInto(e, v, r);
          const back = decode(e, e.width === 1 ? [r[0]!] : [r[0]!, r[1]!]);
          expect(back).toBe(enc === 'float32' ? shortestFloat32(Math.fround(v)) : v);
        },
      ),
      { seed: 5, numRuns: 2000 },
    );
  });

  it('gives the shortest decimal of a float32', () => {
    expect(shortestFloat32(Math.fround(200.1))).toBe(200.1);
    expect(shortestFloat32(Math.fround(0.1))).toBe(0.1);
    expect(shortestFloat32(Math.fround(1 / 3))).toBe(0.33333334);
    expect(Number.isNaN(shortestFloat32(Number.NaN))).toBe(true);
  });
});

describe('MBAP framing', () => {
  const req = (tid: number) => mbap(tid, 1, Uint8Array.from([3, 0, 0, 0, 1]));

  it('reassembles frames split across chunks and splits coalesced ones', () => {
    const d = new MbapDecoder();
    const all = Buffer.concat([req(1), req(2), req(3)]);
    const got: number[] = [];
    for (const cut of [
      [0, 3],
      [3, 11],
      [11, 12],
      [12, all.length],
    ]) {
      const { frames, error } = d.push(all.subarray(cut[0], cut[1]));
      expect(error).toBeUndefined();
      got.push(...frames.map((f) => f.tid));
    }
    expect(got).toEqual([1, 2, 3]);
    expect(d.buffered).toBe(0);
  });

  it('stops at a protocol id other than 0 or a length outside 2…254, keeping the frames before it', () => {
    const bad = Buffer.from(req(9));
    bad.writeUInt16BE(1, 2);
    expect(new MbapDecoder().push(Buffer.concat([req(1), bad]))).toMatchObject({
      frames: [{ tid: 1 }],
      error: 'protocol_id',
    });
    for (const len of [0, 1, 255, 0xffff]) {
      const lying = Buffer.from(req(2));
      lying.writeUInt16BE(len, 4);
      expect(new MbapDecoder().push(lying).error).toBe('length');
    }
  });

  it('holds back at most one incomplete frame', () => {
    const d = new MbapDecoder();
    const big = mbap(1, 1, new Uint8Array(253));
    expect(d.push(big.subarray(0, 200)).frames).toHaveLength(0);
    expect(d.buffered).toBe(200);
    expect(d.push(big.subarray(200)).frames).toHaveLength(1);
  });
});
