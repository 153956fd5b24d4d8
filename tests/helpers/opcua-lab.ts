/**
 * A lab with the OPC UA adapter on loopback for tests: N stations of a test model, real worker
 * processes, real node-opcua clients with their own PKI in a temp folder.
 */
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { join, resolve } from 'node:path';
import {
  type ClientSession,
  MessageSecurityMode,
  OPCUACertificateManager,
  OPCUAClient,
  SecurityPolicy,
  UserTokenType,
} from 'node-opcua';
import type { AdapterContext, RunningAdapter } from '../../simulator/adapters/adapter.ts';
import { type OpcuaService, opcuaAdapter } from '../../simulator/adapters/opcua/index.ts';
import type { Model } from '../../simulator/kernel/model.ts';
import type { LabConfigInput } from '../../simulator/session/config.ts';
import { Lab } from '../../simulator/session/lab.ts';
import { tempDir, testConfig } from './lab.ts';

/**
 * The official EUROMAP NodeSets, loaded by path and never copied into the repository (OPC Foundation
 * licence): `PLASTLAB_NODESETS_DIR`, else `../shared/nodesets/euromap` beside the checkout, else the
 * workplace's shared folder `/work/shared/nodesets/euromap` (a checkout elsewhere on the same machine).
 */
export const EUROMAP_NODESETS = ((): string => {
  const candidates = [
    process.env.PLASTLAB_NODESETS_DIR,
    resolve(import.meta.dirname, '../../../shared/nodesets/euromap'),
    '/work/shared/nodesets/euromap',
  ].filter((d): d is string => !!d);
  return (
    candidates.find((d) => existsSync(join(d, 'Opc.Ua.PlasticsRubber.IMM2MES.NodeSet2.xml'))) ??
    candidates[0]!
  );
})();

function portFree(port: number): Promise<boolean> {
  return new Promise((ok) => {
    const s = createNetServer();
    s.once('error', () => ok(false));
    s.listen(port, '127.0.0.1', () => s.close(() => ok(true)));
  });
}

/** `n` consecutive free loopback ports (station k listens on base + k). */
export async function freePorts(n: number): Promise<number> {
  for (let tries = 0; tries < 50; tries++) {
    const base = 20_000 + Math.floor(Math.random() * 30_000);
    let ok = true;
    for (let i = 0; i < n && ok; i++) ok = await portFree(base + i);
    if (ok) return base;
  }
  throw new Error('no free port range');
}

export interface OpcuaLab {
  readonly lab: Lab;
  readonly adapter: RunningAdapter;
  readonly service: OpcuaService;
  readonly logs: string[];
  readonly dataDir: string;
  readonly models: Map<string, Model[]>;
  url(station: string): string;
  password(user: string): string;
  close(): Promise<void>;
}

export interface OpcuaLabOptions {
  readonly stations?: number;
  readonly nodesets?: boolean;
  readonly opcua?: NonNullable<LabConfigInput['opcua']>;
  readonly models?: (station: string) => Model[];
  readonly tickMs?: number;
}

export async function startOpcuaLab(o: OpcuaLabOptions): Promise<OpcuaLab> {
  const tmp = tempDir('plastlab-opcua-');
  const stations = o.stations ?? 1;
  const basePort = await freePorts(stations);
  const config = testConfig(tmp.dir, {
    lab: { tickMs: o.tickMs ?? 100 },
    stations: { count: stations },
    opcua: {
      enabled: true,
      basePort,
      autoAcceptCertificates: true,
      ...(o.nodesets ? { nodesetsDir: EUROMAP_NODESETS } : {}),
      ...(o.opcua ?? {}),
    },
  });
  const models = new Map<string, Model[]>();
  const lab = new Lab({
    config,
    models: (id) => {
      const m = o.models?.(id) ?? [];
      models.set(id, m);
      return m;
    },
  });
  const logs: string[] = [];
  const http: Server = createServer();
  const ctx: AdapterContext = {
    config,
    stations: lab.stations,
    epochMs: lab.startedAt,
    dataDir: config.lab.dataDir,
    httpServer: http,
    authenticate: (u, p) => lab.credentials.authenticate(u, p),
    addHealth: (n, p) => lab.addHealth(n, p),
    log: (l) => logs.push(l),
  };
  let adapter: RunningAdapter;
  try {
    adapter = await opcuaAdapter.start(ctx);
  } catch (e) {
    lab.stop();
    tmp.cleanup();
    throw new Error(`${e instanceof Error ? e.message : String(e)}\n${logs.join('\n')}`);
  }
  lab.start();
  return {
    lab,
    adapter,
    service: adapter.service as OpcuaService,
    logs,
    dataDir: config.lab.dataDir,
    models,
    url: (st) => `opc.tcp://127.0.0.1:${basePort + Number(st.slice(2)) - 1}`,
    password: (user) => lab.credentials.account(user)!.password,
    async close() {
      lab.pacer.stop();
      await adapter.stop();
      lab.stop();
      tmp.cleanup();
    },
  };
}

let clientPki: OPCUACertificateManager | null = null;
const clientPkiDir = tempDir('plastlab-opcua-client-');
process.once('exit', () => clientPkiDir.cleanup());

/** One client certificate for the whole test process (creating it costs ~0.3 s). */
async function clientCertificates(): Promise<OPCUACertificateManager> {
  if (!clientPki) {
    clientPki = new OPCUACertificateManager({
      rootFolder: join(clientPkiDir.dir, 'pki'),
      automaticallyAcceptUnknownCertificate: true,
    });
    await clientPki.initialize();
  }
  return clientPki;
}

export interface ConnectOptions {
  readonly user?: string;
  readonly password?: string;
  readonly mode?: MessageSecurityMode;
  readonly policy?: SecurityPolicy;
}

export interface Connected {
  readonly client: OPCUAClient;
  readonly session: ClientSession;
  close(): Promise<void>;
}

/** The first client creates the client certificate; the others wait for it (a shared PKI folder). */
let firstClient: Promise<unknown> | null = null;

/** Connect and open a session; anonymous when no user is given. */
export async function connect(url: string, o: ConnectOptions = {}): Promise<Connected> {
  if (firstClient) await firstClient.catch(() => {});
  const p = connectNow(url, o);
  firstClient ??= p;
  return p;
}

async function connectNow(url: string, o: ConnectOptions): Promise<Connected> {
  const client = OPCUAClient.create({
    applicationName: 'plastlab-test',
    applicationUri: 'urn:plastlab:test-client',
    clientCertificateManager: await clientCertificates(),
    securityMode: o.mode ?? MessageSecurityMode.SignAndEncrypt,
    securityPolicy: o.policy ?? SecurityPolicy.Basic256Sha256,
    endpointMustExist: false,
    connectionStrategy: { maxRetry: 0, initialDelay: 100, maxDelay: 200 },
    requestedSessionTimeout: 60_000,
  });
  await client.connect(url);
  try {
    const session = await client.createSession(
      o.user
        ? { type: UserTokenType.UserName, userName: o.user, password: o.password ?? '' }
        : { type: UserTokenType.Anonymous },
    );
    return {
      client,
      session,
      async close() {
        await session.close().catch(() => {});
        await client.disconnect();
      },
    };
  } catch (e) {
    await client.disconnect();
    throw e;
  }
}
