/**
 * Debian's Mosquitto tools as real third-party peers: `mosquitto_sub`/`mosquitto_pub` clients and a
 * `mosquitto` broker on a free loopback port with a generated configuration (password file made with
 * `mosquitto_passwd -b`, per-station ACLs). Always asynchronous: the lab under test runs in this process.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { freePort, tempDir } from './lab.ts';

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function run(cmd: string, args: string[], timeoutMs = 15_000): Promise<Run> {
  return new Promise((resolve) => {
    execFile(cmd, args, { encoding: 'utf8', timeout: timeoutMs }, (err, stdout, stderr) => {
      const code = err
        ? typeof (err as { code?: unknown }).code === 'number'
          ? (err as { code: number }).code
          : -1
        : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

const base = (port: number) => ['-h', '127.0.0.1', '-p', String(port), '-V', 'mqttv311'];

/** `mosquitto_sub` to completion (use `-C n -W s` to bound it). */
export const mosquittoSub = (port: number, args: string[]) => run('mosquitto_sub', [...base(port), ...args]);

export const mosquittoPub = (port: number, args: string[]) => run('mosquitto_pub', [...base(port), ...args]);

/**
 * A `mosquitto_sub` that keeps running: resolves once its SUBACK arrived (`-d` output), and `done`
 * resolves at exit with everything it printed.
 */
export function mosquittoSubscriber(
  port: number,
  args: string[],
): Promise<{ done: Promise<Run>; proc: ChildProcess }> {
  return new Promise((resolve, reject) => {
    // line-buffered: through a pipe mosquitto_sub would print "Subscribed" only when it exits
    const proc = spawn('stdbuf', ['-oL', 'mosquitto_sub', ...base(port), '-d', ...args]);
    let stdout = '';
    let stderr = '';
    let subscribed = false;
    const done = new Promise<Run>((r) => proc.on('close', (code) => r({ code: code ?? -1, stdout, stderr })));
    proc.stdout.on('data', (d: Buffer) => {
      stdout += d.toString('utf8');
      if (!subscribed && stdout.includes('Subscribed (mid')) {
        subscribed = true;
        resolve({ done, proc });
      }
    });
    proc.stderr.on('data', (d: Buffer) => {
      stderr += d.toString('utf8');
    });
    proc.on('close', () => {
      if (!subscribed) reject(new Error(`mosquitto_sub exited before subscribing: ${stderr || stdout}`));
    });
  });
}

/** Payload lines of a `-d` run (debug lines start with "Client " or "Subscribed"). */
export const payloadLines = (out: string): string[] =>
  out.split('\n').filter((x) => x && !x.startsWith('Client ') && !x.startsWith('Subscribed'));

export interface Mosquitto {
  readonly port: number;
  readonly url: string;
  readonly log: () => string;
  stop(): Promise<void>;
}

/** A real Mosquitto broker on loopback: no anonymous access, a password file and an ACL file. */
export async function startMosquitto(users: Record<string, string>, acl: string): Promise<Mosquitto> {
  const tmp = tempDir('plastlab-mosquitto-');
  const port = await freePort();
  const pw = join(tmp.dir, 'passwd');
  writeFileSync(pw, '', { mode: 0o600 });
  for (const [u, p] of Object.entries(users)) {
    const r = await run('mosquitto_passwd', ['-b', pw, u, p]);
    if (r.code !== 0) throw new Error(`mosquitto_passwd: ${r.stderr}`);
  }
  const aclFile = join(tmp.dir, 'acl');
  writeFileSync(aclFile, acl);
  const conf = join(tmp.dir, 'mosquitto.conf');
  const lines = [
    `listener ${port} 127.0.0.1`,
    'allow_anonymous false',
    `password_file ${pw}`,
    `acl_file ${aclFile}`,
    'persistence false',
    'log_dest stderr',
    'log_type error',
    'log_type warning',
    'log_type notice',
  ];
  // when run as root, Mosquitto drops to user "mosquitto", who could not read the temp folder
  if (process.getuid?.() === 0) lines.push(`user ${userInfo().username}`);
  writeFileSync(conf, `${lines.join('\n')}\n`);
  const proc = spawn('mosquitto', ['-c', conf]);
  let log = '';
  proc.stderr.on('data', (d: Buffer) => {
    log += d.toString('utf8');
  });
  proc.stdout.on('data', (d: Buffer) => {
    log += d.toString('utf8');
  });
  // ready when the port accepts connections
  const deadline = Date.now() + 10_000;
  for (;;) {
    const r = await run(
      'mosquitto_pub',
      [...base(port), '-u', '__probe__', '-P', 'x', '-t', 'probe', '-m', 'x'],
      2000,
    );
    if (
      r.stderr.includes('not authorised') ||
      r.stderr.includes('bad user name') ||
      r.code === 5 ||
      r.code === 4
    )
      break;
    if (Date.now() > deadline || proc.exitCode !== null) {
      proc.kill('SIGKILL');
      tmp.cleanup();
      throw new Error(`mosquitto did not start: ${log}`);
    }
    await new Promise((res) => setTimeout(res, 100));
  }
  return {
    port,
    url: `mqtt://127.0.0.1:${port}`,
    log: () => log,
    async stop() {
      if (proc.exitCode === null) {
        const exited = new Promise((r) => proc.once('exit', r));
        proc.kill('SIGTERM');
        await exited;
      }
      tmp.cleanup();
    },
  };
}
