/**
 * Hidden truth and isolation over Modbus (reliability-security T3, §5.5 I3): a scanner on a station's
 * port walks all four tables, address by address over 0…65535 and in blocks at the quantity limits,
 * and finds exactly the generated map, no canary value of the trainer-only signals, and nothing of
 * another station. Writes to every unmapped address change nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIMITS } from '../../../simulator/adapters/modbus/pdu.ts';
import type { CommandRecord } from '../../../simulator/kernel/command-types.ts';
import {
  bits,
  exceptionCode,
  type ModbusLab,
  pdus,
  RawClient,
  registers,
  startModbusLab,
  wordsFloat,
} from '../../helpers/modbus.ts';
import { CANARY } from '../../helpers/modbus-model.ts';

type Fc = 1 | 2 | 3 | 4;
const TABLE_OF = { 1: 'coil', 2: 'discrete', 3: 'holding', 4: 'input' } as const;

/** Read every address of a table one by one (pipelined); address → value, plus the exception codes seen. */
async function scanSingle(
  c: RawClient,
  fc: Fc,
): Promise<{ values: Map<number, number>; codes: Set<number> }> {
  const values = new Map<number, number>();
  const codes = new Set<number>();
  for (let start = 0; start < 65536; start += 4096) {
    const batch = Array.from({ length: 4096 }, (_, i) => start + i);
    const replies = await Promise.all(batch.map((a) => c.request(pdus.read(fc, a, 1))));
    replies.forEach((r, i) => {
      const code = exceptionCode(r);
      if (code !== null) codes.add(code);
      else values.set(batch[i]!, fc <= 2 ? (bits(r, 1)[0] ? 1 : 0) : registers(r)[0]!);
    });
  }
  return { values, codes };
}

/** Addresses the map says are readable in a table (32-bit values take two). */
const mappedAddresses = (m: ModbusLab, fc: Fc, station = 'st1'): number[] =>
  m.service
    .map(station)!
    .entries.filter((e) => e.table === TABLE_OF[fc])
    .flatMap((e) => Array.from({ length: e.width }, (_, w) => e.address + w))
    .sort((a, b) => a - b);

/** Does a register dump contain a canary, as uint16, int32/uint32 or float32 in either word order? */
function findCanaries(regs: Map<number, number>): string[] {
  const hits: string[] = [];
  const addrs = [...regs.keys()].sort((a, b) => a - b);
  for (const a of addrs) {
    const v = regs.get(a)!;
    if (v === CANARY.trainerInt || v === CANARY.hiddenInput) hits.push(`uint16 @${a}`);
    const n = regs.get(a + 1);
    if (n === undefined) continue;
    for (const [hi, lo] of [
      [v, n],
      [n, v],
    ] as const) {
      if (Math.abs(wordsFloat(hi, lo) - CANARY.trainerFloat) < 0.01) hits.push(`float32 @${a}`);
      const u32 = hi * 65536 + lo;
      if (u32 === CANARY.trainerInt || u32 === CANARY.hiddenInput) hits.push(`int32 @${a}`);
    }
  }
  return hits;
}

describe('Modbus TCP: hidden truth and station isolation', () => {
  let m: ModbusLab;
  let c1: RawClient;
  let c2: RawClient;
  const records: CommandRecord[] = [];

  beforeAll(async () => {
    m = await startModbusLab({ stations: 2 });
    for (const id of ['st1', 'st2']) {
      m.model(id).countStep = 0;
      m.station(id).hooks.on('command', (r) => records.push(r));
    }
    m.model('st2').pressure = 777.75; // station 2's own reading, to look for on station 1's port
    m.lab.step();
    c1 = await RawClient.connect(m.port('st1'));
    c2 = await RawClient.connect(m.port('st2'));
  });
  afterAll(async () => {
    await c1.close();
    await c2.close();
    await m.close();
  });

  it('gives each station its own port', () => {
    const ports = m.service.ports();
    expect(Object.keys(ports)).toEqual(['st1', 'st2']);
    expect(ports.st1).not.toBe(ports.st2);
  });

  for (const fc of [1, 2, 3, 4] as const) {
    it(`scan of ${TABLE_OF[fc]} 0…65535 finds exactly the map, everything else answers 02`, async () => {
      const { values, codes } = await scanSingle(c1, fc);
      expect([...values.keys()].sort((a, b) => a - b)).toEqual(mappedAddresses(m, fc));
      expect([...codes]).toEqual([2]);
      if (fc >= 3) expect(findCanaries(values)).toEqual([]);
    });
  }

  it('block reads at the quantity limits reveal nothing beyond the map', async () => {
    for (const fc of [1, 2, 3, 4] as const) {
      const q = LIMITS[fc];
      for (let a = 0; a < 65536; a += q) {
        const r = await c1.request(pdus.read(fc, a, Math.min(q, 65536 - a)));
        expect(exceptionCode(r)).toBe(2); // every block this size holds unmapped addresses
      }
    }
    // the mapped blocks read whole
    expect(registers(await c1.request(pdus.read(3, 0, 12)))).toHaveLength(12);
    expect(registers(await c1.request(pdus.read(4, 0, 6)))).toHaveLength(6);
  });

  it('station 1 port serves station 1 only: its values, not station 2 values', async () => {
    const ir1 = registers(await c1.request(pdus.read(4, 0, 2)));
    const ir2 = registers(await c2.request(pdus.read(4, 0, 2)));
    expect(wordsFloat(ir1[0]!, ir1[1]!)).toBe(12.5);
    expect(wordsFloat(ir2[0]!, ir2[1]!)).toBe(777.75);
    const { values } = await scanSingle(c1, 4);
    const regs = [...values.entries()];
    expect(regs.some(([a, v]) => Math.abs(wordsFloat(v, values.get(a + 1) ?? 0) - 777.75) < 0.01)).toBe(
      false,
    );
  });

  it('a write on station 1 port changes station 1 only, as a command bound to station 1', async () => {
    records.length = 0;
    const r = await m.settle(c1.request(pdus.writeRegister(0, 1500)));
    expect(exceptionCode(r)).toBeNull();
    const sp = (id: string) => m.station(id).store.value(m.station(id).registry.indexOf('mb.temp_sp'));
    expect(sp('st1')).toBe(150);
    expect(sp('st2')).toBe(200);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ station: 'st1', actor: { station: 'st1', channel: 'modbus' } });
    // no unit id reaches another station: anything but 0, 1, 255 is "nothing behind this port"
    for (let unit = 2; unit < 255; unit++) {
      expect(exceptionCode(await c1.request(pdus.read(3, 0, 1), unit))).toBe(0x0b);
    }
  });

  it('writes to every unmapped coil and holding register answer 02 and change nothing', async () => {
    records.length = 0;
    const st = m.station('st1');
    const before = Array.from(st.store.num);
    const coils = new Set(mappedAddresses(m, 1));
    const holding = new Set(mappedAddresses(m, 3));
    for (let start = 0; start < 65536; start += 4096) {
      const addrs = Array.from({ length: 4096 }, (_, i) => start + i);
      const replies = await Promise.all([
        ...addrs.filter((a) => !coils.has(a)).map((a) => c1.request(pdus.writeCoil(a, 0xff00))),
        ...addrs
          .filter((a) => !holding.has(a))
          .map((a) => c1.request(pdus.writeRegister(a, CANARY.trainerInt))),
      ]);
      expect(new Set(replies.map(exceptionCode))).toEqual(new Set([2]));
    }
    m.lab.step();
    expect(records).toHaveLength(0);
    expect(Array.from(st.store.num)).toEqual(before);
    expect(st.store.value(st.registry.indexOf('mb.fault_code'))).toBe(CANARY.trainerInt);
  });
});
