/**
 * MBAP framing of Modbus TCP (Modbus Messaging on TCP/IP Implementation Guide v1.0b §3.1.3):
 * transaction id (2), protocol id (2, always 0), length (2, unit id + PDU), unit id (1), PDU (≤ 253).
 *
 * The decoder never trusts the stream (reliability-security §2.3 MB-2, §4.3): a protocol id other
 * than 0 or a length outside 2…254 means the stream is not Modbus or has lost its framing, so the
 * connection is closed and the frame counted. A frame never needs more than 260 bytes of buffer.
 */

export const MBAP_HEADER = 7;
/** unit id + the largest PDU (253 bytes) */
export const MAX_MBAP_LENGTH = 254;

export interface Frame {
  readonly tid: number;
  readonly unit: number;
  readonly pdu: Buffer;
}

export type FrameError = 'protocol_id' | 'length';

export class MbapDecoder {
  private pending: Buffer | null = null;

  /** Bytes of an incomplete frame held back, waiting for the rest. */
  get buffered(): number {
    return this.pending?.length ?? 0;
  }

  /**
   * Feed a chunk; returns the complete frames and, when the stream is not valid Modbus TCP, the reason
   * (the frames before it are still returned; nothing after it is parsed).
   */
  push(chunk: Buffer): { frames: Frame[]; error?: FrameError } {
    let buf = this.pending ? Buffer.concat([this.pending, chunk]) : chunk;
    this.pending = null;
    const frames: Frame[] = [];
    let off = 0;
    while (buf.length - off >= 6) {
      const pid = buf.readUInt16BE(off + 2);
      const len = buf.readUInt16BE(off + 4);
      if (pid !== 0) return { frames, error: 'protocol_id' };
      if (len < 2 || len > MAX_MBAP_LENGTH) return { frames, error: 'length' };
      if (buf.length - off < 6 + len) break;
      frames.push({
        tid: buf.readUInt16BE(off),
        unit: buf[off + 6]!,
        pdu: buf.subarray(off + MBAP_HEADER, off + 6 + len),
      });
      off += 6 + len;
    }
    if (off < buf.length) {
      // copy the tail so the chunk it came from can be collected
      buf = Buffer.from(buf.subarray(off));
      this.pending = buf;
    }
    return { frames };
  }
}

/** An MBAP frame around a PDU (responses, and requests in the tests and the benchmark). */
export function mbap(tid: number, unit: number, pdu: Uint8Array, protocolId = 0): Buffer {
  const out = Buffer.allocUnsafe(MBAP_HEADER + pdu.length);
  out.writeUInt16BE(tid & 0xffff, 0);
  out.writeUInt16BE(protocolId, 2);
  out.writeUInt16BE(pdu.length + 1, 4);
  out[6] = unit;
  out.set(pdu, MBAP_HEADER);
  return out;
}
