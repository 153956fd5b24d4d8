/**
 * Seeded malformed OPC UA TCP frames (OPC UA Part 6 §7.1: 3-byte message type, 1-byte chunk type,
 * UInt32 message size, then the body) for the robustness campaign (reliability-security R3): handshake
 * variants, boundary values in the size fields, bad chunk types, long and lying URL lengths, random
 * bytes after HEL and OPN, unknown message types, plain noise. Sent only to loopback.
 */
import { Socket } from 'node:net';

export class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0 || 1;
  }
  /** mulberry32 */
  next(): number {
    this.s = (this.s + 0x6d2b79f5) >>> 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)]!;
  }
  bytes(n: number): Buffer {
    const b = Buffer.alloc(n);
    for (let i = 0; i < n; i++) b[i] = this.int(256);
    return b;
  }
}

const U32_EDGES = [0, 1, 7, 8, 255, 8191, 8192, 65535, 65536, 0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff];
const I32_EDGES = [-2, -1, 0, 1, 4096, 65536, 0x7fffffff];

function header(type: string, chunk: string, size: number): Buffer {
  const b = Buffer.alloc(8);
  b.write(type.padEnd(3, 'X').slice(0, 3), 0, 'latin1');
  b.write(chunk.slice(0, 1), 3, 'latin1');
  b.writeUInt32LE(size >>> 0, 4);
  return b;
}

function uaString(r: Rng, s: string): Buffer {
  const len = Buffer.alloc(4);
  const body = Buffer.from(s, 'utf8');
  len.writeInt32LE(r.next() < 0.3 ? r.pick(I32_EDGES) : body.length, 0);
  return Buffer.concat([len, body]);
}

/** A frame whose size field lies 30 % of the time (never when `r` is null). */
function frame(type: string, chunk: string, body: Buffer, r: Rng | null): Buffer {
  const honest = body.length + 8;
  const size = r && r.next() < 0.3 ? r.pick(U32_EDGES) : honest;
  return Buffer.concat([header(type, chunk, size), body]);
}

function hello(r: Rng, url: string): Buffer {
  const b = Buffer.alloc(20);
  const v = () => (r.next() < 0.5 ? r.pick(U32_EDGES) : 65536);
  b.writeUInt32LE(r.next() < 0.8 ? 0 : r.pick(U32_EDGES), 0);
  b.writeUInt32LE(v(), 4);
  b.writeUInt32LE(v(), 8);
  b.writeUInt32LE(v(), 12);
  b.writeUInt32LE(r.next() < 0.5 ? r.pick(U32_EDGES) : 0, 16);
  return Buffer.concat([b, uaString(r, url)]);
}

function longUrl(r: Rng, base: string): string {
  return r.next() < 0.5 ? base : `${base}/${'x'.repeat(r.pick([256, 4096, 5000, 70_000]))}`;
}

/** One test case: the frames to write, in order (each counts as one malformed frame). */
export function fuzzCase(r: Rng, url: string): Buffer[] {
  const validHello = () => {
    const b = Buffer.alloc(20);
    b.writeUInt32LE(65536, 4);
    b.writeUInt32LE(65536, 8);
    const u = Buffer.from(url);
    const len = Buffer.alloc(4);
    len.writeInt32LE(u.length, 0);
    return frame('HEL', 'F', Buffer.concat([b, len, u]), null);
  };
  switch (r.int(8)) {
    case 0: // HEL with boundary values and long or lying URL lengths
      return [frame('HEL', 'F', hello(r, longUrl(r, url)), r)];
    case 1: // bad chunk type on the handshake
      return [frame('HEL', r.pick(['C', 'A', 'X', '\u0000']), hello(r, url), r)];
    case 2: // valid HEL then random bytes
      return [validHello(), r.bytes(1 + r.int(300))];
    case 3: {
      // valid HEL then an OPN with a random security header and body
      const sec = Buffer.concat([
        Buffer.from([0, 0, 0, 0]),
        uaString(r, r.pick(['http://opcfoundation.org/UA/SecurityPolicy#None', 'x', 'y'.repeat(5000)])),
        uaString(r, ''),
        uaString(r, ''),
        r.bytes(r.int(64)),
      ]);
      return [validHello(), frame('OPN', r.pick(['F', 'C', 'A']), sec, r)];
    }
    case 4: // MSG/CLO/OPN before any handshake
      return [frame(r.pick(['MSG', 'CLO', 'OPN', 'ACK', 'ERR', 'RHE']), 'F', r.bytes(r.int(200)), r)];
    case 5: // unknown message types
      return [frame(r.bytes(3).toString('latin1'), r.pick(['F', 'C']), r.bytes(r.int(100)), r)];
    case 6: // truncated header or body
      return [header('HEL', 'F', r.pick(U32_EDGES)).subarray(0, 1 + r.int(8))];
    default: // noise
      return [r.bytes(1 + r.int(400))];
  }
}

/**
 * Send one case on its own connection; resolves when the server closes it or after `waitMs`, with
 * whether the frames reached the server (false when the station was down).
 */
export function sendCase(port: number, frames: readonly Buffer[], waitMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = new Socket();
    let done = false;
    let delivered = false;
    const finish = () => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      s.destroy();
      resolve(delivered);
    };
    const timer = setTimeout(finish, waitMs);
    s.on('error', finish);
    s.on('close', finish);
    s.on('data', () => {});
    s.connect(port, '127.0.0.1', () => {
      delivered = true;
      for (const f of frames) s.write(f);
    });
  });
}
