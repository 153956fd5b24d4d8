/**
 * PKI and the teaching switches (reliability-security OPC-2, OPC-3; standards.md §4.3): without
 * auto-accept an unknown client certificate is refused and lands in the station's `rejected` folder
 * under the lab's data folder, and trusting it (moving it to `trusted/certs`) lets the client in;
 * `allowInsecure` opens anonymous + None with a warning, and anonymous stays read-only.
 */
import { existsSync, readdirSync, renameSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { AttributeIds, DataType, MessageSecurityMode, SecurityPolicy, StatusCodes } from 'node-opcua';
import { describe, expect, it } from 'vitest';
import { startLab } from '../../../simulator/server/start.ts';
import { tempDir, testConfig } from '../../helpers/lab.ts';
import { mustResolve, readValue, until } from '../../helpers/opcua-client.ts';
import { connect, freePorts, startOpcuaLab } from '../../helpers/opcua-lab.ts';
import { OpcuaTestCell } from '../../helpers/opcua-model.ts';

const SP =
  'DeviceSet/IMM_1/InjectionUnits/InjectionUnit_1/TemperatureZones/TemperatureZone_1/NominalTemperature';

describe('OPC UA PKI and teaching switches', () => {
  it('refuses an untrusted client certificate until the trainer trusts it', async () => {
    const L = await startOpcuaLab({
      stations: 1,
      models: () => [new OpcuaTestCell()],
      opcua: { autoAcceptCertificates: false },
    });
    try {
      const pki = join(L.dataDir, 'pki', 'opcua', 'st1');
      expect(existsSync(join(pki, 'own', 'certs'))).toBe(true);
      await expect(connect(L.url('st1'), { user: 'st1', password: L.password('st1') })).rejects.toThrow();
      const rejected = join(pki, 'rejected');
      await until(() => readdirSync(rejected).some((f) => f.endsWith('.pem') || f.endsWith('.der')));
      for (const f of readdirSync(rejected)) renameSync(join(rejected, f), join(pki, 'trusted', 'certs', f));
      // the certificate manager watches its folders: the trust takes effect without a restart
      let c: Awaited<ReturnType<typeof connect>> | null = null;
      for (let i = 0; i < 20 && !c; i++) {
        c = await connect(L.url('st1'), { user: 'st1', password: L.password('st1') }).catch(() => null);
        if (!c) await new Promise((r) => setTimeout(r, 250));
      }
      expect(c).not.toBeNull();
      expect((await readValue(c!.session, SP)).statusCode).toBe(StatusCodes.Good);
      await c!.close();
    } finally {
      await L.close();
    }
  });

  it('allowInsecure opens anonymous and None for teaching, logs a warning, and keeps anonymous read-only', async () => {
    const L = await startOpcuaLab({
      stations: 1,
      models: () => [new OpcuaTestCell()],
      opcua: { allowInsecure: true },
    });
    try {
      expect(L.logs.some((l) => l.startsWith('WARNING opcua.allowInsecure'))).toBe(true);
      const c = await connect(L.url('st1'), { mode: MessageSecurityMode.None, policy: SecurityPolicy.None });
      expect((await readValue(c.session, SP)).statusCode).toBe(StatusCodes.Good);
      const sc = await c.session.write({
        nodeId: await mustResolve(c.session, SP),
        attributeId: AttributeIds.Value,
        value: { value: { dataType: DataType.Double, value: 200 } },
      });
      expect(sc).toBe(StatusCodes.BadUserAccessDenied);
      await c.close();
    } finally {
      await L.close();
    }
  });

  it('a station that cannot serve (port taken) makes the start fail with the reason, instead of looping', async () => {
    const port = await freePorts(1);
    const squatter = createServer().listen(port, '127.0.0.1');
    await new Promise((r) => squatter.once('listening', r));
    try {
      await expect(
        startOpcuaLab({ stations: 1, models: () => [new OpcuaTestCell()], opcua: { basePort: port } }),
      ).rejects.toThrow(/st1: the endpoint could not start/);
    } finally {
      squatter.close();
    }
  });

  it('plastlab start serves one endpoint per station and prints a banner line for each', async () => {
    const tmp = tempDir();
    const basePort = await freePorts(2);
    const running = await startLab(
      testConfig(tmp.dir, { stations: { count: 2 }, opcua: { enabled: true, basePort } }),
    );
    try {
      expect(running.banner).toContain(`opc.tcp://127.0.0.1:${basePort}  station st1`);
      expect(running.banner).toContain(`opc.tcp://127.0.0.1:${basePort + 1}  station st2`);
      const health = running.lab.healthReport('test').queues as Record<
        string,
        Record<string, { state: string }>
      >;
      expect(health.opcua!.st1!.state).toBe('ready');
    } finally {
      await running.close();
      tmp.cleanup();
    }
  });
});
