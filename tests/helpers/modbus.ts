/** Modbus test helpers: a lab with the Modbus adapter on ephemeral ports, and a raw MBAP client. */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import type { RunningAdapter } from '../../simulator/adapters/adapter.ts';
import { type ModbusService, startModbus } from '../../simulator/adapters/modbus/index.ts';
import type { Model } from '../../simulator/kernel/model.ts';
import type { Station } from '../../simulator/kernel/station.ts';
import type { LabConfigInput } from '../../simulator/session/config.ts';
import { Lab } from '../../simulator/session/lab.ts';
import { tempDir, testConfig } from './lab.ts';
import { ModbusToy } from './modbus-model.ts';

export interface ModbusLab {
  readonly lab: Lab;
  readonly adapter: RunningAdapter & { service: ModbusService };
  readonly service: ModbusService;
  readonly log: string[];
  port(stationId?: string): number;
  station(id?: string): Station;
  model(id?: string): ModbusToy;
  /** step every station until `p` settles (commands are applied at the next tick boundary) */
  settle<T>(p: Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export async function startModbusLab(
  opts: {
    stations?: number;
    tickMs?: number;
    modbus?: NonNullable<LabConfigInput['modbus']>;
    models?: (stationId: string, index: number) => Model[];
  } = {},
): Promise<ModbusLab> {
  const tmp = tempDir('plastlab-modbus-');
  const config = testConfig(tmp.dir, {
    lab: { dataDir: tmp.dir, tickMs: opts.tickMs ?? 100 },
    stations: { count: opts.stations ?? 1 },
    modbus: { enabled: true, basePort: 0, ...(opts.modbus ?? {}) },
  });
  const lab = new Lab({ config, models: opts.models ?? (() => [new ModbusToy('mb')]) });
  const log: string[] = [];
  const adapter = await startModbus({
    config,
    stations: lab.stations,
    epochMs: lab.startedAt,
    dataDir: tmp.dir,
    httpServer: undefined as never,
    authenticate: () => null,
    addHealth: (name, p) => lab.addHealth(name, p),
    log: (l) => log.push(l),
  });
  const service = adapter.service;
  return {
    lab,
    adapter,
    service,
    log,
    port: (id = 'st1') => service.ports()[id]!,
    station: (id = 'st1') => lab.stations.get(id)!,
    model: (id = 'st1') => lab.stations.get(id)!.model<ModbusToy>('mb')!,
    async settle<T>(p: Promise<T>): Promise<T> {
      let done = false;
      const q = p.finally(() => {
        done = true;
      });
      for (let i = 0; !done && i < 10_000; i++) {
        await new Promise((r) => setImmediate(r));
        if (!done && [...lab.stations.values()].some((s) => s.pendingCount > 0)) lab.step();
      }
      return q;
    },
    async close() {
      lab.pacer.stop();
      await adapter.stop();
      lab.stop();
      tmp.cleanup();
    },
  };
}

export interface Reply {
  readonly tid: number;
  readonly protocolId: number;
  readonly unit: number;
  readonly pdu: Buffer;
}

/** The exception code of a reply, or null for a normal answer. */
export const exceptionCode = (r: Reply): number | null => (r.pdu[0]! & 0x80 ? r.pdu[1]! : null);

/** A raw Modbus TCP client: exact frames in, exact frames out, matched by transaction id. */
export class RawClient {
  readonly sock: Socket;
  private buf = Buffer.alloc(0);
  private tid = 1;
  private readonly waiting = new Map<number, (r: Reply) => void>();
  readonly replies: Reply[] = [];
  closed = false;
  private readonly closedP: Promise<void>;

  private constructor(sock: Socket) {
    this.sock = sock;
    sock.setNoDelay(true);
    sock.on('data', (d: Buffer) => this.onData(d));
    sock.on('error', () => {});
    this.closedP = new Promise((r) =>
      sock.once('close', () => {
        this.closed = true;
        r();
      }),
    );
  }

  static connect(port: number, host = '127.0.0.1'): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const s = connect({ port, host }, () => {
        s.off('error', reject);
        resolve(new RawClient(s));
      });
      s.once('error', reject);
    });
  }

  private onData(d: Buffer): void {
    this.buf = Buffer.concat([this.buf, d]);
    while (this.buf.length >= 7) {
      const len = this.buf.readUInt16BE(4);
      if (this.buf.length < 6 + len) break;
      const r: Reply = {
        tid: this.buf.readUInt16BE(0),
        protocolId: this.buf.readUInt16BE(2),
        unit: this.buf[6]!,
        pdu: Buffer.from(this.buf.subarray(7, 6 + len)),
      };
      this.buf = this.buf.subarray(6 + len);
      this.replies.push(r);
      const w = this.waiting.get(r.tid);
      if (w) {
        this.waiting.delete(r.tid);
        w(r);
      }
    }
  }

  nextTid(): number {
    this.tid = (this.tid % 0xffff) + 1;
    return this.tid;
  }

  /** Send a PDU and wait for the reply with the same transaction id. */
  request(pdu: Uint8Array | number[], unit = 1): Promise<Reply> {
    const tid = this.nextTid();
    const p = new Promise<Reply>((resolve, reject) => {
      this.waiting.set(tid, resolve);
      this.closedP.then(() => reject(new Error(`connection closed before the reply to tid ${tid}`)));
    });
    this.sock.write(frame(tid, unit, Uint8Array.from(pdu)));
    return p;
  }

  /** Resolve when the reply with `tid` arrives (for frames sent with `send`). */
  reply(tid: number): Promise<Reply> {
    const got = this.replies.find((r) => r.tid === tid);
    if (got) return Promise.resolve(got);
    return new Promise((resolve, reject) => {
      this.waiting.set(tid, resolve);
      this.closedP.then(() => reject(new Error(`connection closed before the reply to tid ${tid}`)));
    });
  }

  send(bytes: Uint8Array): void {
    this.sock.write(bytes);
  }

  whenClosed(): Promise<void> {
    return this.closedP;
  }

  close(): Promise<void> {
    this.sock.end();
    return this.closedP;
  }
}

/** An MBAP frame. */
export function frame(
  tid: number,
  unit: number,
  pdu: Uint8Array,
  protocolId = 0,
  length = pdu.length + 1,
): Buffer {
  const out = Buffer.alloc(7 + pdu.length);
  out.writeUInt16BE(tid & 0xffff, 0);
  out.writeUInt16BE(protocolId & 0xffff, 2);
  out.writeUInt16BE(length & 0xffff, 4);
  out[6] = unit;
  out.set(pdu, 7);
  return out;
}

const u16 = (v: number) => [(v >> 8) & 0xff, v & 0xff];

export const pdus = {
  read: (fc: 1 | 2 | 3 | 4, address: number, quantity: number) => [fc, ...u16(address), ...u16(quantity)],
  writeCoil: (address: number, value: number) => [5, ...u16(address), ...u16(value)],
  writeRegister: (address: number, value: number) => [6, ...u16(address), ...u16(value & 0xffff)],
  writeCoils: (address: number, bits: boolean[], byteCount = Math.ceil(bits.length / 8)) => {
    const bytes = new Array<number>(Math.ceil(bits.length / 8)).fill(0);
    bits.forEach((b, i) => {
      if (b) bytes[i >> 3]! |= 1 << (i & 7);
    });
    return [15, ...u16(address), ...u16(bits.length), byteCount, ...bytes];
  },
  writeRegisters: (address: number, words: number[], byteCount = words.length * 2) => [
    16,
    ...u16(address),
    ...u16(words.length),
    byteCount,
    ...words.flatMap((w) => u16(w & 0xffff)),
  ],
};

/** The 16-bit registers of a normal FC3/FC4 reply. */
export const registers = (r: Reply): number[] => {
  const out: number[] = [];
  for (let i = 0; i < r.pdu[1]! / 2; i++) out.push(r.pdu.readUInt16BE(2 + 2 * i));
  return out;
};

/** The bits of a normal FC1/FC2 reply. */
export const bits = (r: Reply, quantity: number): boolean[] =>
  Array.from({ length: quantity }, (_, i) => ((r.pdu[2 + (i >> 3)]! >> (i & 7)) & 1) === 1);

/** IEEE 754 single as two registers, high word first. */
export const floatWords = (x: number): [number, number] => {
  const b = Buffer.alloc(4);
  b.writeFloatBE(x);
  return [b.readUInt16BE(0), b.readUInt16BE(2)];
};
export const wordsFloat = (hi: number, lo: number): number => {
  const b = Buffer.alloc(4);
  b.writeUInt16BE(hi, 0);
  b.writeUInt16BE(lo, 2);
  return b.readFloatBE(0);
};

/** Debian's python3 (the one python3-pymodbus installs into), not a pyenv shim. */
export const PYTHON = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';

/** Run a program; resolves with its exit code and output (never rejects on a non-zero exit). */
export function run(
  cmd: string,
  args: string[],
  opts: { timeoutMs?: number; input?: string } = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(
      cmd,
      args,
      { timeout: opts.timeoutMs ?? 20_000, encoding: 'utf8' },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
    if (opts.input !== undefined) child.stdin?.end(opts.input);
  });
}

/** A port p on loopback such that p … p + n − 1 are all free (for `modbus.basePort` with n stations). */
export async function freePortRange(n: number): Promise<number> {
  const { createServer } = await import('node:net');
  const tryListen = (port: number) =>
    new Promise<import('node:net').Server | null>((resolve) => {
      const s = createServer();
      s.once('error', () => resolve(null));
      s.listen(port, '127.0.0.1', () => resolve(s));
    });
  for (let attempt = 0; attempt < 100; attempt++) {
    const base = 20000 + Math.floor(Math.random() * 40000);
    const held: import('node:net').Server[] = [];
    for (let i = 0; i < n; i++) {
      const s = await tryListen(base + i);
      if (!s) break;
      held.push(s);
    }
    await Promise.all(held.map((s) => new Promise((r) => s.close(r))));
    if (held.length === n) return base;
  }
  throw new Error(`no ${n} consecutive free ports found`);
}
