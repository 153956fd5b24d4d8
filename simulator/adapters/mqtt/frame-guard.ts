/**
 * Stream-level MQTT frame cap (reliability-security MQ-3, R6): aedes and mqtt-packet 9 have no maximum
 * packet size, so a client claiming a 256 MiB PUBLISH would make the broker buffer it. The guard follows
 * the MQTT fixed header of every frame (type byte, then the Remaining Length as a variable byte integer
 * of at most 4 bytes, MQTT 3.1.1 §2.2.3) as the bytes arrive and destroys the connection as soon as a
 * frame announces more than `limit` bytes, before its body is buffered.
 *
 * It sits in front of the readable side by wrapping the stream's `push` (what `net.Socket` and `ws`'s
 * `createWebSocketStream` call for each chunk received), so aedes keeps reading the socket itself and the
 * common path costs a few integer operations per frame.
 */
import type { Duplex } from 'node:stream';

export interface FrameGuardEvents {
  /** a frame announced more than the limit, or its length field was malformed (`length` = -1) */
  onViolation(length: number): void;
}

export function guardFrames(stream: Duplex, limit: number, events: FrameGuardEvents): void {
  const push = stream.push;
  let inLength = false; // reading the Remaining Length bytes
  let length = 0;
  let multiplier = 1;
  let lengthBytes = 0;
  let skip = 0; // body bytes of the current frame still to come
  let closed = false;
  stream.push = function guardedPush(this: Duplex, chunk: unknown, encoding?: BufferEncoding): boolean {
    if (closed) return false;
    if (chunk !== null && chunk !== undefined) {
      const buf: Uint8Array =
        typeof chunk === 'string' ? Buffer.from(chunk, encoding) : (chunk as Uint8Array);
      const n = buf.length;
      let i = 0;
      while (i < n) {
        if (skip > 0) {
          const k = Math.min(skip, n - i);
          skip -= k;
          i += k;
          continue;
        }
        if (!inLength) {
          // fixed header byte 1: packet type and flags
          inLength = true;
          length = 0;
          multiplier = 1;
          lengthBytes = 0;
          i++;
          continue;
        }
        const b = buf[i++]!;
        length += (b & 0x7f) * multiplier;
        multiplier *= 128;
        lengthBytes++;
        if (b & 0x80) {
          if (lengthBytes >= 4) return violate(this, -1);
          continue;
        }
        if (length > limit) return violate(this, length);
        inLength = false;
        skip = length;
      }
    }
    return push.call(this, chunk, encoding);
  } as Duplex['push'];

  function violate(s: Duplex, len: number): boolean {
    closed = true;
    events.onViolation(len);
    s.destroy(
      new Error(len < 0 ? 'malformed MQTT remaining length' : `MQTT frame of ${len} bytes over ${limit}`),
    );
    return false;
  }
}
