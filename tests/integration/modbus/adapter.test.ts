/**
 * The Modbus adapter inside the lab (`plastlab start`): registered with the other adapters, one server
 * per station on basePort + station index, a banner line per station, and its counters on /api/health.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningLab, startLab } from '../../../simulator/server/start.ts';
import { tempDir, testConfig } from '../../helpers/lab.ts';
import { exceptionCode, freePortRange, pdus, RawClient, registers } from '../../helpers/modbus.ts';

describe('Modbus adapter in the lab', () => {
  let running: RunningLab;
  let base = 0;
  const tmp = tempDir();

  beforeAll(async () => {
    base = await freePortRange(2);
    running = await startLab(
      testConfig(tmp.dir, {
        stations: { count: 2 },
        lab: { tickMs: 20 },
        modbus: { enabled: true, basePort: base },
      }),
    );
  });
  afterAll(async () => {
    await running.close();
    tmp.cleanup();
  });

  it('prints one banner line per station with its port', () => {
    const lines = running.banner.filter((l) => l.startsWith('Modbus TCP'));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toContain(`st1: 127.0.0.1:${base} `);
    expect(lines[1]).toContain(`st2: 127.0.0.1:${base + 1} `);
  });

  it('serves station n on basePort + n − 1 with the lab models, and a set point written on st2 stays on st2', async () => {
    // a writable 16-bit set point of the lab's default models, written mid-range
    const sig = running.lab
      .station('st2')!
      .registry.signals.find(
        (s) =>
          s.channels.modbus?.table === 'holding' &&
          s.channels.modbus.encoding === 'int16' &&
          s.access.write.includes('technician') &&
          s.range,
      )!;
    const mb = sig.channels.modbus!;
    const raw = Math.round(((sig.range!.min + sig.range!.max) / 2) * mb.scale);
    const c1 = await RawClient.connect(base);
    const c2 = await RawClient.connect(base + 1);
    const before1 = registers(await c1.request(pdus.read(3, mb.address, 1)));
    expect(exceptionCode(await c2.request(pdus.writeRegister(mb.address, raw)))).toBeNull();
    expect(registers(await c2.request(pdus.read(3, mb.address, 1)))).toEqual([raw]);
    expect(registers(await c1.request(pdus.read(3, mb.address, 1)))).toEqual(before1);
    await c1.close();
    await c2.close();
  });

  it('reports its counters on /api/health', async () => {
    const h = (await (await fetch(`${running.url}/api/health`)).json()) as {
      queues: { modbus: { requests: number; stations: Record<string, { port: number }> } };
    };
    expect(h.queues.modbus.requests).toBeGreaterThanOrEqual(3);
    expect(h.queues.modbus.stations.st2!.port).toBe(base + 1);
  });
});
