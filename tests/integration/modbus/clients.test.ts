/**
 * Real third-party Modbus clients from Debian against a running station (real-time pacer): mbpoll
 * (libmodbus) and pymodbus. What a process engineer would type is what the test runs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ModbusLab, PYTHON, run, startModbusLab } from '../../helpers/modbus.ts';

/** `[n]: \tvalue` lines of mbpoll's output. */
const values = (out: string): Record<number, string> =>
  Object.fromEntries([...out.matchAll(/^\[(\d+)\]:\s+(\S+)$/gm)].map((x) => [Number(x[1]), x[2]!]));

const PYMODBUS = `
import json, sys
from pymodbus.client import ModbusTcpClient
from pymodbus.payload import BinaryPayloadDecoder, BinaryPayloadBuilder
from pymodbus.constants import Endian
c = ModbusTcpClient('127.0.0.1', port=int(sys.argv[1]), timeout=5)
assert c.connect()
def f32(regs, order):
    return BinaryPayloadDecoder.fromRegisters(regs, byteorder=Endian.Big, wordorder=order).decode_32bit_float()
def regs(x, order):
    b = BinaryPayloadBuilder(byteorder=Endian.Big, wordorder=order)
    b.add_32bit_float(x)
    return b.to_registers()
out = {}
out['coils'] = c.read_coils(0, 3, slave=1).bits[:3]
out['discrete'] = c.read_discrete_inputs(0, 2, slave=1).bits[:2]
ir = c.read_input_registers(0, 6, slave=1).registers
out['pressure'] = f32(ir[0:2], Endian.Big)
out['level'] = f32(ir[4:6], Endian.Little)
r = c.write_registers(6, regs(3.25, Endian.Big) + regs(-4.5, Endian.Little), slave=1)
out['fc16_error'] = r.isError()
hr = c.read_holding_registers(6, 4, slave=1).registers
out['gain'] = f32(hr[0:2], Endian.Big)
out['bias'] = f32(hr[2:4], Endian.Little)
out['fc15_error'] = c.write_coils(0, [True, False], slave=1).isError()
out['coils_after'] = c.read_coils(0, 2, slave=1).bits[:2]
out['nan'] = getattr(c.write_registers(6, [0x7fc0, 0], slave=1), 'exception_code', None)
out['half'] = getattr(c.write_registers(7, [0, 0], slave=1), 'exception_code', None)
out['unit0'] = c.read_holding_registers(0, 1, slave=0).registers
c.close()
print(json.dumps(out))
`;

describe('Modbus TCP with real third-party clients', () => {
  let m: ModbusLab;
  let port = '';
  const mbpoll = (...args: string[]) => run('mbpoll', ['-m', 'tcp', '-p', port, '-0', '-o', '5', ...args]);

  beforeAll(async () => {
    m = await startModbusLab({ tickMs: 20 });
    m.model().countStep = 0;
    m.lab.start();
    port = String(m.port());
  });
  afterAll(async () => {
    await m.close();
  });

  it('mbpoll reads holding and input registers', async () => {
    const hr = await mbpoll('-t', '4', '-r', '0', '-c', '2', '-1', '127.0.0.1');
    expect(hr.code).toBe(0);
    expect(values(hr.stdout)).toEqual({ 0: '2000', 1: '100' });
    const ir = await mbpoll('-t', '3:float', '-B', '-r', '0', '-c', '1', '-1', '127.0.0.1');
    expect(ir.code).toBe(0);
    expect(values(ir.stdout)).toEqual({ 0: '12.5' });
  });

  it('mbpoll writes a set point and reads it back', async () => {
    const w = await mbpoll('-t', '4', '-r', '0', '127.0.0.1', '2155');
    expect(w.code).toBe(0);
    expect(w.stdout).toContain('Written 1 references');
    const r = await mbpoll('-t', '4', '-r', '0', '-c', '1', '-1', '127.0.0.1');
    expect(values(r.stdout)).toEqual({ 0: '2155' });
    const st = m.station();
    expect(st.store.value(st.registry.indexOf('mb.temp_sp'))).toBe(215.5);
  });

  it('mbpoll gets exception 03 for an out-of-range set point, which is not applied', async () => {
    const w = await mbpoll('-t', '4', '-r', '0', '127.0.0.1', '5000');
    expect(w.code).not.toBe(0);
    expect(w.stderr).toContain('Illegal data value');
    const r = await mbpoll('-t', '4', '-r', '0', '-c', '1', '-1', '127.0.0.1');
    expect(values(r.stdout)).toEqual({ 0: '2155' });
  });

  it('mbpoll gets exception 02 for an unmapped address', async () => {
    const r = await mbpoll('-t', '4', '-r', '50', '-c', '1', '-1', '127.0.0.1');
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('Illegal data address');
  });

  it('pymodbus reads coils, discrete inputs and float32 in both word orders, and writes with FC15/FC16', async () => {
    const r = await run(PYTHON, ['-c', PYMODBUS, port]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      coils: [false, true, true],
      discrete: [true, false],
      pressure: 12.5,
      level: 0.25,
      fc16_error: false,
      gain: 3.25,
      bias: -4.5,
      fc15_error: false,
      coils_after: [true, false],
      nan: 3,
      half: 2,
      unit0: [2155],
    });
  });
});
