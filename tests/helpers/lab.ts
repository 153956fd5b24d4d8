import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type LabConfigInput, parseConfig } from '../../simulator/session/config.ts';

export function tempDir(prefix = 'plastlab-test-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A free TCP port on loopback. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** A test configuration: temp data folder, HTTP on an ephemeral port, protocol adapters off. */
export function testConfig(dataDir: string, over: LabConfigInput = {}) {
  return parseConfig({
    ...over,
    lab: { dataDir, ...(over.lab ?? {}) },
    http: { port: 0, ...(over.http ?? {}) },
    mqtt: { enabled: false, ...(over.mqtt ?? {}) },
    opcua: { enabled: false, ...(over.opcua ?? {}) },
    modbus: { enabled: false, ...(over.modbus ?? {}) },
  });
}
