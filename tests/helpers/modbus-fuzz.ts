/**
 * Seeded malformed-frame generator for the Modbus robustness campaign (reliability-security §5.2 R1,
 * R4): noise, random PDUs, bad quantities, lying MBAP lengths, protocol ids, random function codes,
 * truncated FC16, FC5 0x1234, and valid writes mixed in. Deterministic for a seed.
 */
import { frame } from './modbus.ts';

/** mulberry32: small, fast and seeded. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface FuzzFrame {
  readonly kind: string;
  readonly bytes: Buffer;
  readonly tid: number;
  /** the server answers it (a well-framed request): exactly one reply is due */
  readonly answered: boolean;
  /** the exception code the answer must carry, when the rules fix it */
  readonly expect?: number;
  /** the stream is no longer trustworthy after it: the server may close the connection */
  readonly fatal: boolean;
}

const u16 = (v: number) => [(v >> 8) & 0xff, v & 0xff];

export class FrameFuzzer {
  private readonly r: () => number;
  private tid = 0;

  constructor(seed: number) {
    this.r = rng(seed);
  }

  int(n: number): number {
    return Math.floor(this.r() * n);
  }

  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)]!;
  }

  bytes(n: number): number[] {
    return Array.from({ length: n }, () => this.int(256));
  }

  private next(kind: string, pdu: number[], opts: Partial<FuzzFrame> = {}, unit = 1): FuzzFrame {
    this.tid = (this.tid + 1) & 0xffff;
    return {
      kind,
      tid: this.tid,
      bytes: frame(this.tid, unit, Uint8Array.from(pdu)),
      answered: true,
      fatal: false,
      ...opts,
    };
  }

  /** A frame the server must answer and after which the stream stays in sync. */
  answerable(): FuzzFrame {
    switch (this.int(8)) {
      case 0: // random PDU, random function code, random unit id
        return this.next('random_pdu', [this.int(256), ...this.bytes(this.int(252))], {}, this.int(256));
      case 1: {
        // bad quantity for a read
        const fc = this.pick([1, 2, 3, 4]);
        const q = fc <= 2 ? this.pick([0, 2001, 4000, 65535]) : this.pick([0, 126, 2000, 65535]);
        return this.next('bad_quantity', [fc, ...u16(this.int(65536)), ...u16(q)], { expect: 3 });
      }
      case 2: {
        // truncated FC16: the byte count and the data disagree with the quantity
        const q = 1 + this.int(123);
        const have = this.int(2 * q);
        return this.next(
          'truncated_fc16',
          [16, ...u16(this.int(65536)), ...u16(q), 2 * q, ...this.bytes(have)],
          {
            expect: 3,
          },
        );
      }
      case 3: // FC5 with a value other than 0x0000/0xFF00
        return this.next(
          'fc5_value',
          [5, ...u16(this.int(4)), ...u16(this.pick([0x1234, 0x00ff, 0xffff, 1]))],
          {
            expect: 3,
          },
        );
      case 4: // unsupported function code
        return this.next(
          'bad_fc',
          [this.pick([0, 7, 8, 11, 12, 17, 20, 21, 22, 23, 24, 43, 0x80, 0xff]), ...this.bytes(4)],
          {
            expect: 1,
          },
        );
      case 5: {
        // a valid write to a mapped holding register or coil, with a random value (accepted or refused)
        return this.int(2)
          ? this.next('write', [6, ...u16(this.pick([0, 1, 10, 11, 20])), ...u16(this.int(65536))])
          : this.next('write', [5, ...u16(this.int(3)), ...u16(this.pick([0, 0xff00]))]);
      }
      case 6: // a valid read, or one reaching unmapped addresses
        return this.next('read', [this.pick([1, 2, 3, 4]), ...u16(this.int(24)), ...u16(1 + this.int(12))]);
      default: // address overflow
        return this.next('overflow', [3, ...u16(65535 - this.int(10)), ...u16(11 + this.int(100))], {
          expect: 2,
        });
    }
  }

  /** A frame after which the server may close the connection or lose the framing. */
  fatal(): FuzzFrame {
    switch (this.int(4)) {
      case 0: {
        const f = this.next('protocol_id', [3, 0, 0, 0, 1], { answered: false, fatal: true });
        f.bytes.writeUInt16BE(1 + this.int(0xffff), 2);
        return f;
      }
      case 1: {
        // length outside 2…254
        const f = this.next('lying_length', [3, 0, 0, 0, 1], { answered: false, fatal: true });
        f.bytes.writeUInt16BE(this.pick([0, 1, 255, 256, 4096, 0xffff]), 4);
        return f;
      }
      case 2: {
        // plausible but wrong length: the next frame boundary is lost
        const f = this.next('lying_length', [3, 0, 0, 0, 1], { answered: false, fatal: true });
        f.bytes.writeUInt16BE(2 + this.int(253), 4);
        return f;
      }
      default: {
        this.tid = (this.tid + 1) & 0xffff;
        return {
          kind: 'noise',
          tid: -1,
          bytes: Buffer.from(this.bytes(1 + this.int(300))),
          answered: false,
          fatal: true,
        };
      }
    }
  }

  /** Cut a byte stream into writes of random sizes: frames split across writes and coalesced. */
  chunks(stream: Buffer): Buffer[] {
    const out: Buffer[] = [];
    let off = 0;
    while (off < stream.length) {
      const n = this.pick([1, 2, 3, 7, 12, 40, 100, 260, 1000, 4096]);
      out.push(stream.subarray(off, off + n));
      off += n;
    }
    return out;
  }
}
