/**
 * Per-exercise controls of the Modbus channel: writes disabled (configuration, and per station at run
 * time through the adapter's service), the client allow-list, the connection limit (MB-3), the idle
 * timeout and the bound on unread answers.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { CommandRecord } from '../../../simulator/kernel/command-types.ts';
import {
  exceptionCode,
  frame,
  type ModbusLab,
  pdus,
  RawClient,
  registers,
  startModbusLab,
} from '../../helpers/modbus.ts';

const WRITES = [
  pdus.writeCoil(0, 0xff00),
  pdus.writeRegister(0, 1000),
  pdus.writeCoils(0, [true, true]),
  pdus.writeRegisters(0, [1000, 50]),
];

describe('Modbus TCP: per-exercise controls', () => {
  let m: ModbusLab | undefined;
  afterEach(async () => {
    await m?.close();
    m = undefined;
  });

  it('refuses every write function with 01 when writes are disabled, and journals nothing', async () => {
    m = await startModbusLab({ stations: 2, modbus: { allowWrites: false } });
    const records: CommandRecord[] = [];
    m.station('st1').hooks.on('command', (r) => records.push(r));
    m.lab.step();
    const c = await RawClient.connect(m.port('st1'));
    for (const pdu of WRITES) {
      const r = await m.settle(c.request(pdu));
      expect(exceptionCode(r)).toBe(1);
      expect(r.pdu[0]).toBe(pdu[0]! | 0x80);
    }
    expect(registers(await c.request(pdus.read(3, 0, 2)))).toEqual([2000, 100]); // reads still served
    m.lab.step();
    expect(records).toHaveLength(0);
    expect(m.service.writesEnabled('st1')).toBe(false);
    expect(m.service.health().stations.st1!.writes_enabled).toBe(false);
    await c.close();
  });

  it('switches writes per station at run time through the service', async () => {
    m = await startModbusLab({ stations: 2 });
    m.lab.step();
    const c1 = await RawClient.connect(m.port('st1'));
    const c2 = await RawClient.connect(m.port('st2'));
    m.service.setWritesEnabled('st1', false);
    expect(exceptionCode(await m.settle(c1.request(pdus.writeRegister(0, 1000))))).toBe(1);
    expect(exceptionCode(await m.settle(c2.request(pdus.writeRegister(0, 1000))))).toBeNull();
    m.service.setWritesEnabled('st1', true);
    expect(exceptionCode(await m.settle(c1.request(pdus.writeRegister(0, 1100))))).toBeNull();
    expect(registers(await c1.request(pdus.read(3, 0, 1)))).toEqual([1100]);
    expect(() => m!.service.setWritesEnabled('st9', true)).toThrow(/unknown station/);
    await c1.close();
    await c2.close();
  });

  it('refuses at connection a client outside the configured allow-list', async () => {
    m = await startModbusLab({ modbus: { allowList: ['10.0.0.0/8', '192.168.1.7'] } });
    const c = await RawClient.connect(m.port());
    await c.whenClosed();
    expect(c.replies).toHaveLength(0);
    expect(m.service.health().stations.st1).toMatchObject({ refused_allow_list: 1, connections: 0 });
  });

  it('applies a per-station allow-list from the configuration to that station only', async () => {
    m = await startModbusLab({ stations: 2, modbus: { allowListByStation: { st1: ['10.9.9.9'] } } });
    m.lab.step();
    const refused = await RawClient.connect(m.port('st1'));
    await refused.whenClosed();
    const c2 = await RawClient.connect(m.port('st2'));
    expect(exceptionCode(await c2.request(pdus.read(3, 0, 1)))).toBeNull();
    expect(m.service.allowList('st1')).toEqual(['10.9.9.9']);
    expect(m.service.allowList('st2')).toBeNull();
    await c2.close();
  });

  it('rejects a malformed allow-list entry in the configuration', async () => {
    const { parseConfig } = await import('../../../simulator/session/config.ts');
    expect(() => parseConfig({ modbus: { allowList: ['10.0.0.0/33'] } })).toThrow(/CIDR/);
    expect(() => parseConfig({ modbus: { allowListByStation: { st1: ['example.org'] } } })).toThrow(/CIDR/);
    expect(() => parseConfig({ modbus: { allowListByStation: { x: ['10.0.0.1'] } } })).toThrow(
      /allowListByStation\.x/,
    );
    expect(
      parseConfig({ modbus: { allowList: ['10.0.0.0/8', '::1', 'fd00::/8'] } }).modbus.allowList,
    ).toHaveLength(3);
  });

  it('serves a client inside the allow-list, and applies a new list at once, closing refused clients', async () => {
    m = await startModbusLab({ stations: 2, modbus: { allowList: ['127.0.0.0/8'] } });
    m.lab.step();
    const c = await RawClient.connect(m.port('st1'));
    const other = await RawClient.connect(m.port('st2'));
    expect(exceptionCode(await c.request(pdus.read(3, 0, 1)))).toBeNull();
    m.service.setAllowList('st1', ['10.1.2.3']);
    await c.whenClosed();
    expect(other.closed).toBe(false); // station 2 keeps its own list
    expect(exceptionCode(await other.request(pdus.read(3, 0, 1)))).toBeNull();
    const refused = await RawClient.connect(m.port('st1'));
    await refused.whenClosed();
    expect(() => m!.service.setAllowList('st1', ['not-an-address'])).toThrow(/not an IP address/);
    expect(m.service.allowList('st1')).toEqual(['10.1.2.3']);
    m.service.setAllowList('st1', null);
    const again = await RawClient.connect(m.port('st1'));
    expect(exceptionCode(await again.request(pdus.read(3, 0, 1)))).toBeNull();
    expect(m.service.health().stations.st1).toMatchObject({ closed_allow_list: 1, refused_allow_list: 1 });
    await again.close();
    await other.close();
  });

  it('refuses connections beyond the per-station limit, and accepts again once one closes', async () => {
    m = await startModbusLab({ modbus: { maxConnections: 2 } });
    m.lab.step();
    const a = await RawClient.connect(m.port());
    const b = await RawClient.connect(m.port());
    expect(exceptionCode(await b.request(pdus.read(3, 0, 1)))).toBeNull();
    const extra = await RawClient.connect(m.port());
    await extra.whenClosed();
    await a.close();
    const d = await RawClient.connect(m.port());
    expect(exceptionCode(await d.request(pdus.read(3, 0, 1)))).toBeNull();
    expect(m.service.health().stations.st1).toMatchObject({ refused_limit: 1, connections: 2 });
    await b.close();
    await d.close();
  });

  it('closes a silent connection after the idle timeout', async () => {
    m = await startModbusLab({ modbus: { idleTimeoutS: 1 } });
    const c = await RawClient.connect(m.port());
    await c.whenClosed();
    expect(m.service.health().stations.st1!.closed_idle).toBe(1);
  });

  it('disconnects a client that never reads its answers, once 1 MiB is waiting', async () => {
    m = await startModbusLab();
    m.lab.step();
    const c = await RawClient.connect(m.port());
    c.sock.pause();
    const one = frame(1, 1, Uint8Array.from(pdus.read(3, 0, 12)));
    const n = 60_000; // 60,000 × 31-byte answers ≈ 1.8 MB, more than the kernel buffers hold
    c.send(Buffer.concat(new Array(n).fill(one)));
    for (let i = 0; i < 1000 && m.service.health().stations.st1!.closed_slow_reader === 0; i++) {
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(m.service.health().stations.st1!.closed_slow_reader).toBe(1);
    c.sock.destroy();
  });
});
