/**
 * Input validation of every writable register and coil (reliability-security §5.6 V3, Modbus column):
 * for each writable entry of the map — generated from the signal model, so the real cell's registers
 * are covered as soon as it is the lab's default — min − ε, max + ε, NaN and ±∞ (float32), a value of
 * the wrong type (a fraction for an integer signal, an index past an enumeration, 2 for a boolean) and
 * half of a 32-bit value are refused with the code of §4.3, and the read-back is unchanged.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeInto } from '../../../simulator/adapters/modbus/codec.ts';
import type { MapEntry } from '../../../simulator/adapters/modbus/map.ts';
import { cellFactory } from '../../../simulator/server/models.ts';
import { parseConfig } from '../../../simulator/session/config.ts';
import {
  exceptionCode,
  type ModbusLab,
  pdus,
  RawClient,
  registers,
  startModbusLab,
} from '../../helpers/modbus.ts';

const LIMITS: Record<string, [number, number]> = {
  int16: [-0x8000, 0x7fff],
  uint16: [0, 0xffff],
  int32: [-0x80000000, 0x7fffffff],
  uint32: [0, 0xffffffff],
};

/** The raw words for an engineering value, or null when the encoding cannot even express it. */
function words(e: MapEntry, v: number): number[] | null {
  if (e.encoding !== 'float32' && e.encoding !== 'bool') {
    const raw = Math.round(v * e.scale);
    const [lo, hi] = LIMITS[e.encoding]!;
    if (!Number.isFinite(raw) || raw < lo || raw > hi) return null;
  }
  const regs = new Uint16Array(e.address + e.width);
  encodeInto({ ...e, wraps: false }, v, regs);
  return Array.from(regs.subarray(e.address));
}

/** Wire values that must be refused, with the exception each must get. */
function badValues(e: MapEntry): { what: string; words: number[] | null; code: number }[] {
  const s = e.sig;
  const out: { what: string; words: number[] | null; code: number }[] = [];
  const eps = e.encoding === 'float32' ? Math.max(1e-3, Math.abs((s.range?.max ?? 1) * 1e-5)) : 1 / e.scale;
  if (s.range && (s.type === 'float' || s.type === 'int')) {
    const step = s.type === 'int' ? Math.max(1, eps) : eps;
    out.push({ what: 'min − ε', words: words(e, s.range.min - step), code: 3 });
    out.push({ what: 'max + ε', words: words(e, s.range.max + step), code: 3 });
  }
  if (e.encoding === 'float32') {
    out.push({ what: 'NaN', words: words(e, Number.NaN), code: 3 });
    out.push({ what: '+∞', words: words(e, Number.POSITIVE_INFINITY), code: 3 });
    out.push({ what: '−∞', words: words(e, Number.NEGATIVE_INFINITY), code: 3 });
  }
  if (s.type === 'int' && (e.encoding === 'float32' || e.scale !== 1)) {
    const base = s.range ? s.range.min : 0;
    out.push({ what: 'fraction for an integer', words: words(e, base + 0.5), code: 3 });
  }
  if (s.type === 'enum' && s.enumValues) {
    out.push({ what: 'index past the enumeration', words: words(e, s.enumValues.length), code: 3 });
  }
  if (s.type === 'bool') out.push({ what: '2 for a boolean', words: words(e, 2), code: 3 });
  return out.filter((x) => x.words !== null);
}

const suites: [
  string,
  ((id: string, i: number) => import('../../../simulator/kernel/model.ts').Model[]) | undefined,
][] = [
  ['the test model', undefined],
  ['the lab’s default models', cellFactory(parseConfig({}))],
];

for (const [name, models] of suites) {
  describe(`Modbus input validation: every writable entry of ${name}`, () => {
    let m: ModbusLab;
    let c: RawClient;
    beforeAll(async () => {
      m = await startModbusLab(models ? { models } : {});
      m.lab.step();
      c = await RawClient.connect(m.port());
    });
    afterAll(async () => {
      await c.close();
      await m.close();
    });

    const readBack = async (e: MapEntry) =>
      e.table === 'coil'
        ? [...(await c.request(pdus.read(1, e.address, 1))).pdu]
        : registers(await c.request(pdus.read(3, e.address, e.width)));

    it('refuses each bad value with the right exception and leaves the read-back unchanged', async () => {
      const entries = m.service.map('st1')!.entries.filter((e) => e.writable);
      expect(entries.length).toBeGreaterThan(0);
      const rows: string[] = [];
      for (const e of entries) {
        const cases =
          e.table === 'coil'
            ? [{ what: 'FC5 0x1234', pdu: pdus.writeCoil(e.address, 0x1234), code: 3 }]
            : badValues(e).map((b) => ({
                what: b.what,
                pdu:
                  b.words!.length === 1
                    ? pdus.writeRegister(e.address, b.words![0]!)
                    : pdus.writeRegisters(e.address, b.words!),
                code: b.code,
              }));
        if (e.width === 2) {
          cases.push({ what: 'first half of 32 bits', pdu: pdus.writeRegister(e.address, 0), code: 2 });
          cases.push({
            what: 'second half of 32 bits',
            pdu: pdus.writeRegisters(e.address + 1, [0]),
            code: 2,
          });
        }
        for (const k of cases) {
          const before = await readBack(e);
          const got = exceptionCode(await m.settle(c.request(k.pdu)));
          const after = await readBack(e);
          rows.push(
            `${e.sig.key} ${k.what}: ${got === k.code && String(after) === String(before) ? 'ok' : `exception ${got}, read-back ${before} → ${after}`}`,
          );
        }
      }
      expect(rows.filter((r) => !r.endsWith(': ok'))).toEqual([]);
      expect(rows.length).toBeGreaterThanOrEqual(entries.length);
    });
  });
}
