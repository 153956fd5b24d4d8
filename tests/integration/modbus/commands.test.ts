/**
 * Modbus reads and writes against a station in virtual time (the test steps the ticks): the register
 * image follows the model, every write is a command (applied at the next boundary, journaled,
 * all or nothing for a block), and every refusal leaves the station unchanged.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CommandRecord } from '../../../simulator/kernel/command-types.ts';
import { Quality } from '../../../simulator/kernel/signal-schema.ts';
import {
  bits,
  exceptionCode,
  floatWords,
  frame,
  type ModbusLab,
  pdus,
  RawClient,
  registers,
  startModbusLab,
  wordsFloat,
} from '../../helpers/modbus.ts';

describe('Modbus TCP: reads and writes through the command API', () => {
  let m: ModbusLab;
  let c: RawClient;
  const records: CommandRecord[] = [];
  const value = (k: string) => m.station().store.value(m.station().registry.indexOf(`mb.${k}`));

  beforeAll(async () => {
    m = await startModbusLab();
    m.model().countStep = 0;
    m.station().hooks.on('command', (r) => records.push(r));
    m.lab.step();
    c = await RawClient.connect(m.port());
  });
  afterAll(async () => {
    await c.close();
    await m.close();
  });
  beforeEach(() => {
    m.lab.step(); // journal the static refusals of the previous test
    records.length = 0;
  });
  /** the command records of the last requests: static refusals are journaled at the next boundary */
  const journaled = () => {
    m.lab.step();
    return records;
  };

  const write = (pdu: number[]) => m.settle(c.request(pdu));

  it('serves holding registers with their scale, sign, 32-bit word order and float encodings', async () => {
    const r = await c.request(pdus.read(3, 0, 12));
    expect(exceptionCode(r)).toBeNull();
    const w = registers(r);
    expect(w[0]).toBe(2000); // 200.0 °C × 10
    expect(w[1]).toBe(100);
    expect(((w[2]! << 16) | w[3]!) >> 0).toBe(-70000); // int32, high word first
    expect(w[4]! * 65536 + w[5]!).toBe(3_000_000_000); // uint32
    expect(wordsFloat(w[6]!, w[7]!)).toBe(1.5); // float32 big (AB CD)
    expect(wordsFloat(w[9]!, w[8]!)).toBe(-2.25); // float32 little (CD AB)
    expect(w[10]).toBe(0);
    expect(w[11]).toBe(312);
  });

  it('serves input registers, coils and discrete inputs from the image', async () => {
    const ir = registers(await c.request(pdus.read(4, 0, 6)));
    expect(wordsFloat(ir[0]!, ir[1]!)).toBe(12.5);
    expect(ir[2]).toBe(0x10000 - 35); // −3.5 °C × 10 as int16
    expect(wordsFloat(ir[5]!, ir[4]!)).toBe(0.25);
    expect(bits(await c.request(pdus.read(1, 0, 3)), 3)).toEqual([false, true, true]);
    expect(bits(await c.request(pdus.read(2, 0, 2)), 2)).toEqual([true, false]);
  });

  it('updates the image every tick from the model (latest value wins)', async () => {
    m.model().pressure = 100.25;
    m.model().door = true;
    m.lab.step();
    m.model().pressure = 200.5;
    m.lab.step();
    const ir = registers(await c.request(pdus.read(4, 0, 2)));
    expect(wordsFloat(ir[0]!, ir[1]!)).toBe(200.5);
    expect(bits(await c.request(pdus.read(2, 0, 2)), 2)).toEqual([true, true]);
  });

  it('keeps the last value of a measurement whose quality went Bad (Modbus has no quality)', async () => {
    const st = m.station();
    const h = st.registry.indexOf('mb.pressure');
    st.store.freeze(h, Quality.Bad);
    m.model().pressure = 999;
    m.lab.step();
    const ir = registers(await c.request(pdus.read(4, 0, 2)));
    expect(wordsFloat(ir[0]!, ir[1]!)).toBe(200.5);
    st.store.unfreeze(h);
    m.lab.step();
    expect(wordsFloat(...(registers(await c.request(pdus.read(4, 0, 2))) as [number, number]))).toBe(999);
  });

  it('wraps a counter like a PLC counter instead of saturating', async () => {
    m.model().count = 65536 + 5;
    m.lab.step();
    expect(registers(await c.request(pdus.read(4, 3, 1)))).toEqual([5]);
  });

  it('applies an accepted FC6 write at the next tick, journals it as the Modbus client, then answers', async () => {
    const r = await write(pdus.writeRegister(0, 2121));
    expect(exceptionCode(r)).toBeNull();
    expect([...r.pdu]).toEqual(pdus.writeRegister(0, 2121)); // echo
    expect(value('temp_sp')).toBe(212.1);
    expect(registers(await c.request(pdus.read(3, 0, 1)))).toEqual([2121]);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      status: 'accepted',
      station: 'st1',
      input: { kind: 'write', signal: 'mb.temp_sp', value: 212.1 },
      actor: {
        user: 'modbus:127.0.0.1',
        roles: ['operator', 'technician'],
        channel: 'modbus',
        station: 'st1',
      },
    });
    expect(records[0]!.actor.client).toMatch(/^127\.0\.0\.1:\d+$/);
  });

  it('answers 03 to an out-of-range set point, journals the refusal and changes nothing', async () => {
    const r = await write(pdus.writeRegister(0, 3500)); // 350.0 °C > 300
    expect(exceptionCode(r)).toBe(3);
    expect(r.pdu[0]).toBe(0x86);
    expect(value('temp_sp')).toBe(212.1);
    expect(journaled()[0]).toMatchObject({ status: 'rejected', rejection: { code: 'out_of_range' } });
    expect(registers(await c.request(pdus.read(3, 0, 1)))).toEqual([2121]);
  });

  it('decodes signed values: a negative set point is refused by its range, not wrapped', async () => {
    expect(exceptionCode(await write(pdus.writeRegister(0, -10)))).toBe(3);
    expect(value('temp_sp')).toBe(212.1);
  });

  it('writes 32-bit values with FC16 in their word order: int32, uint32, float32 big and little', async () => {
    const big = floatWords(12.3);
    const little = floatWords(-7.75);
    const r = await write(
      pdus.writeRegisters(2, [0xfffe, 0x7960, 0xee6b, 0x2800, big[0], big[1], little[1], little[0]]),
    );
    expect(exceptionCode(r)).toBeNull();
    expect([...r.pdu]).toEqual([16, 0, 2, 0, 8]);
    expect(value('offset')).toBe(-100000);
    expect(value('limit')).toBe(4_000_000_000);
    expect(value('gain')).toBe(12.3); // the shortest decimal of the float32, not 12.300000190734863
    expect(value('bias')).toBe(-7.75);
    expect(records).toHaveLength(4);
    expect(new Set(records.map((x) => x.tick)).size).toBe(1);
  });

  it('refuses half of a float32 or int32 with 02, without submitting anything', async () => {
    for (const pdu of [
      pdus.writeRegister(6, 0x4000),
      pdus.writeRegister(7, 0),
      pdus.writeRegister(3, 0),
      pdus.writeRegisters(7, [0, 0]),
      pdus.writeRegisters(6, [0x4000]),
      pdus.writeRegisters(0, [2000, 100, 0]),
    ]) {
      expect(exceptionCode(await write(pdu))).toBe(2);
    }
    expect(journaled()).toHaveLength(0);
    expect(value('gain')).toBe(12.3);
    expect(value('temp_sp')).toBe(212.1);
  });

  it('refuses a NaN or infinite float with 03', async () => {
    expect(exceptionCode(await write(pdus.writeRegisters(6, [0x7fc0, 0])))).toBe(3);
    expect(exceptionCode(await write(pdus.writeRegisters(6, [0x7f80, 0])))).toBe(3);
    expect(value('gain')).toBe(12.3);
    expect(journaled().map((r) => r.rejection?.code)).toEqual(['not_finite', 'not_finite']);
  });

  it('refuses a whole FC16 block when one of its signals refuses (all or nothing)', async () => {
    // temp_sp valid (150.0), speed_sp out of range (2000 rpm)
    expect(exceptionCode(await write(pdus.writeRegisters(0, [1500, 2000])))).toBe(3);
    expect(value('temp_sp')).toBe(212.1);
    expect(value('speed_sp')).toBe(100);
    expect(journaled().map((r) => r.status)).toEqual(['rejected', 'rejected']);
    // a block that includes a read-only register is refused as a whole with 02
    const fw = floatWords(1);
    const block = [1500, 200, 0, 0, 0, 0, fw[0], fw[1], 0, 0, 1, 999];
    expect(exceptionCode(await write(pdus.writeRegisters(0, block)))).toBe(2);
    expect(value('temp_sp')).toBe(212.1);
    expect(value('mode')).toBe(0);
    expect(value('firmware')).toBe(312);
  });

  it('refuses with 02 a register the candidate roles may not write', async () => {
    expect(exceptionCode(await write(pdus.writeRegister(20, 50)))).toBe(2); // maintenance only
    expect(exceptionCode(await write(pdus.writeRegister(11, 1)))).toBe(2); // read-only
    expect(journaled().map((r) => r.rejection?.code)).toEqual(['forbidden', 'not_writable']);
    expect(value('service_sp')).toBe(10);
  });

  it('checks enumerations and interlocks through the command API (03)', async () => {
    expect(exceptionCode(await write(pdus.writeRegister(10, 2)))).toBeNull();
    expect(value('mode')).toBe(2);
    expect(exceptionCode(await write(pdus.writeRegister(10, 3)))).toBe(3);
    expect(value('mode')).toBe(2);
    expect(exceptionCode(await write(pdus.writeCoil(0, 0xff00)))).toBeNull();
    expect(exceptionCode(await write(pdus.writeRegister(1, 950)))).toBe(3);
    expect(journaled().at(-1)?.rejection?.code).toBe('interlock');
    expect(value('speed_sp')).toBe(100);
  });

  it('writes coils with FC5 and FC15, refusing 0x1234, read-only and unmapped coils', async () => {
    expect(exceptionCode(await write(pdus.writeCoil(0, 0x0000)))).toBeNull();
    expect(value('run')).toBe(false);
    expect(exceptionCode(await write(pdus.writeCoil(0, 0x1234)))).toBe(3);
    expect(exceptionCode(await write(pdus.writeCoil(2, 0x0000)))).toBe(2); // lamp is read-only
    expect(exceptionCode(await write(pdus.writeCoil(9, 0xff00)))).toBe(2); // unmapped
    expect(value('lamp')).toBe(true);
    const r = await write(pdus.writeCoils(0, [true, false]));
    expect(exceptionCode(r)).toBeNull();
    expect([...r.pdu]).toEqual([15, 0, 0, 0, 2]);
    expect([value('run'), value('heat')]).toEqual([true, false]);
    // the block includes the read-only lamp: nothing is applied
    expect(exceptionCode(await write(pdus.writeCoils(0, [false, true, false])))).toBe(2);
    expect([value('run'), value('heat'), value('lamp')]).toEqual([true, false, true]);
    expect(bits(await c.request(pdus.read(1, 0, 3)), 3)).toEqual([true, false, true]);
  });

  it('answers pipelined requests in order: a read queued behind a write sees the write', async () => {
    const t1 = c.nextTid();
    const t2 = c.nextTid();
    c.send(
      Buffer.concat([
        frame(t1, 1, Uint8Array.from(pdus.writeRegister(1, 321))),
        frame(t2, 1, Uint8Array.from(pdus.read(3, 1, 1))),
      ]),
    );
    await m.settle(c.reply(t1));
    expect(registers(await c.reply(t2))).toEqual([321]);
  });

  it('answers 01, 02 and 03 per the request rules (function → quantity → address)', async () => {
    const ex = async (pdu: number[]) => exceptionCode(await c.request(pdu));
    for (const fc of [7, 8, 11, 17, 20, 22, 23, 43, 0x41, 0x83]) expect(await ex([fc, 0, 0, 0, 1])).toBe(1);
    expect(await ex(pdus.read(3, 0, 0))).toBe(3);
    expect(await ex(pdus.read(3, 0, 126))).toBe(3);
    expect(await ex(pdus.read(4, 0, 2000))).toBe(3);
    expect(await ex(pdus.read(1, 0, 2001))).toBe(3);
    expect(await ex(pdus.read(2, 0, 0))).toBe(3);
    expect(await ex([3, 0, 0, 0, 1, 0])).toBe(3); // one byte too many
    expect(await ex([3, 0, 0, 0])).toBe(3); // truncated
    expect(await ex(pdus.read(3, 65535, 2))).toBe(2); // overflow
    expect(await ex(pdus.read(3, 0, 13))).toBe(2); // 12 is unmapped
    expect(await ex(pdus.read(3, 12, 1))).toBe(2);
    expect(await ex(pdus.read(4, 10, 1))).toBe(2); // maintenance-only reading: not mapped
    expect(await ex(pdus.read(4, 20, 1))).toBe(2); // text signal: not mapped
    expect(await ex(pdus.read(1, 3, 1))).toBe(2);
    expect(await ex(pdus.read(2, 0, 3))).toBe(2);
    expect(await ex([16, 0, 0, 0, 124, 246, ...new Array(246).fill(0)])).toBe(3); // 124 registers
    expect(await ex([15, 0, 0, 0x07, 0xb1, 0xf7, ...new Array(247).fill(0)])).toBe(3); // 1969 coils
    expect(await ex(pdus.writeRegisters(0, [2000], 4))).toBe(3); // byte count ≠ 2 × quantity
    expect(await ex(pdus.writeRegisters(0, [2000, 100]).slice(0, 8))).toBe(3); // truncated FC16
    expect(await ex(pdus.writeCoils(0, [true], 2))).toBe(3);
    expect(await ex([6, 0, 0, 0])).toBe(3);
    expect(journaled()).toHaveLength(0);
  });

  it('answers unit ids 0, 1 and 255, and 0x0B for any other (nothing else is behind this port)', async () => {
    for (const unit of [0, 1, 255]) {
      const r = await c.request(pdus.read(3, 0, 1), unit);
      expect(exceptionCode(r)).toBeNull();
      expect(r.unit).toBe(unit);
    }
    for (const unit of [2, 3, 247])
      expect(exceptionCode(await c.request(pdus.read(3, 0, 1), unit))).toBe(0x0b);
  });

  it('reports requests, exceptions by code and connections in the health counters', () => {
    const st1 = m.service.health().stations.st1!;
    expect(st1.connections).toBe(1);
    expect(st1.requests).toBeGreaterThan(50);
    expect(st1.exceptions['01']).toBeGreaterThanOrEqual(10);
    expect(st1.exceptions['02']).toBeGreaterThan(0);
    expect(st1.exceptions['03']).toBeGreaterThan(0);
    expect(st1.exceptions['0b']).toBe(3);
    expect(st1.writes_accepted).toBeGreaterThan(0);
    expect(st1.writes_rejected).toBeGreaterThan(0);
    expect(st1.internal_errors).toBe(0);
    expect(m.lab.healthReport('test').queues).toHaveProperty('modbus');
  });
});
