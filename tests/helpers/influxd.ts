/**
 * A real InfluxDB 1.x for tests and benchmarks (standards.md §5.2): Debian's `influxd`, unpacked (never
 * installed: the packaged service listens on every interface) by `.ci/run` into `.tools/influxdb`, run
 * with a generated loopback-only configuration in a temp folder. It can be killed and restarted on the
 * same folder and port (outage tests).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from './lab.ts';

const REPO = resolve(import.meta.dirname, '..', '..');

/** Path of `influxd`: `$PLASTLAB_INFLUXD`, else `.tools/influxdb/usr/bin/influxd`; throws with the fix. */
export function influxdBinary(): string {
  const candidates = [process.env.PLASTLAB_INFLUXD, join(REPO, '.tools/influxdb/usr/bin/influxd')];
  for (const c of candidates) if (c && existsSync(c)) return c;
  throw new Error(
    "InfluxDB 1.x (influxd) not found: run `bash .ci/run` once (it unpacks Debian's influxdb into .tools/influxdb without installing the service), or set PLASTLAB_INFLUXD to an influxd binary",
  );
}

export interface Influxd {
  readonly url: string;
  readonly port: number;
  readonly dir: string;
  readonly running: boolean;
  /** stop the server (SIGKILL simulates a crash) and wait for the process to exit */
  stop(signal?: NodeJS.Signals): Promise<void>;
  /** start it again on the same folder and port */
  restart(): Promise<void>;
  /** InfluxQL through the HTTP API, results of the first statement as rows of objects */
  query(db: string, q: string): Promise<Record<string, unknown>[]>;
  /** stop and delete the folder */
  close(): Promise<void>;
}

function configText(dir: string, httpPort: number, rpcPort: number): string {
  return `reporting-enabled = false
bind-address = "127.0.0.1:${rpcPort}"

[meta]
  dir = "${join(dir, 'meta')}"

[data]
  dir = "${join(dir, 'data')}"
  wal-dir = "${join(dir, 'wal')}"
  query-log-enabled = false

[monitor]
  store-enabled = false

[http]
  enabled = true
  bind-address = "127.0.0.1:${httpPort}"
  auth-enabled = false
  log-enabled = false

[logging]
  level = "warn"
`;
}

async function waitReady(url: string, proc: ChildProcess, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (proc.exitCode !== null) throw new Error(`influxd exited with code ${proc.exitCode} at start`);
    try {
      const r = await fetch(`${url}/ping`, { signal: AbortSignal.timeout(500) });
      if (r.status === 204) return;
    } catch {
      // not yet listening
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`influxd did not answer ${url}/ping within ${timeoutMs} ms`);
}

export async function startInfluxd(): Promise<Influxd> {
  const bin = influxdBinary();
  const dir = mkdtempSync(join(tmpdir(), 'plastlab-influxd-'));
  const [port, rpc] = [await freePort(), await freePort()];
  const conf = join(dir, 'influxdb.conf');
  writeFileSync(conf, configText(dir, port, rpc));
  const url = `http://127.0.0.1:${port}`;
  let proc: ChildProcess | undefined;
  let stderr = '';

  const launch = async () => {
    stderr = '';
    const p = spawn(bin, ['-config', conf], { stdio: ['ignore', 'ignore', 'pipe'] });
    p.stderr?.on('data', (d: Buffer) => {
      stderr = (stderr + d.toString()).slice(-4000);
    });
    proc = p;
    try {
      await waitReady(url, p, 20_000);
    } catch (e) {
      p.kill('SIGKILL');
      throw new Error(`${e instanceof Error ? e.message : e}\n${stderr}`);
    }
  };

  const stop = async (signal: NodeJS.Signals = 'SIGTERM') => {
    const p = proc;
    proc = undefined;
    if (!p || p.exitCode !== null || p.signalCode !== null) return;
    const exited = new Promise<void>((r) => p.once('exit', () => r()));
    p.kill(signal);
    const timer = setTimeout(() => p.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };

  await launch();
  return {
    url,
    port,
    dir,
    get running() {
      return proc !== undefined;
    },
    stop,
    restart: launch,
    async query(db, q) {
      const r = await fetch(`${url}/query?db=${encodeURIComponent(db)}&epoch=ms&q=${encodeURIComponent(q)}`);
      const body = (await r.json()) as {
        results: {
          series?: { columns: string[]; values: unknown[][]; tags?: Record<string, string> }[];
          error?: string;
        }[];
      };
      const res = body.results[0];
      if (res?.error) throw new Error(res.error);
      const rows: Record<string, unknown>[] = [];
      for (const s of res?.series ?? []) {
        for (const v of s.values) {
          const row: Record<string, unknown> = { ...(s.tags ?? {}) };
          s.columns.forEach((c, i) => {
            row[c] = v[i];
          });
          rows.push(row);
        }
      }
      return rows;
    },
    async close() {
      await stop('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
