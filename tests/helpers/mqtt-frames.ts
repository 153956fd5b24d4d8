/**
 * Raw MQTT 3.1.1 frames, valid and malformed, for the robustness campaign (reliability-security R2, R4;
 * OASIS MQTT 3.1.1 §2–3). Written by hand so a malformed frame is exactly what the test says it is.
 */
import { connect } from 'node:net';

export const varint = (n: number): number[] => {
  const out: number[] = [];
  do {
    let b = n % 128;
    n = Math.floor(n / 128);
    if (n > 0) b |= 0x80;
    out.push(b);
  } while (n > 0);
  return out;
};

const u16 = (n: number) => [(n >> 8) & 0xff, n & 0xff];
export const mqttString = (s: string | Buffer): number[] => {
  const b = typeof s === 'string' ? Buffer.from(s, 'utf8') : s;
  return [...u16(b.length), ...b];
};

export const frame = (first: number, body: number[] | Buffer): Buffer =>
  Buffer.from([first, ...varint(body.length), ...body]);

export function connectFrame(o: {
  clientId: string;
  user?: string;
  password?: string;
  keepalive?: number;
  level?: number;
}): Buffer {
  let flags = 0x02; // clean session
  if (o.user !== undefined) flags |= 0x80;
  if (o.password !== undefined) flags |= 0x40;
  const body = [
    ...mqttString('MQTT'),
    o.level ?? 4,
    flags,
    ...u16(o.keepalive ?? 60),
    ...mqttString(o.clientId),
    ...(o.user !== undefined ? mqttString(o.user) : []),
    ...(o.password !== undefined ? mqttString(o.password) : []),
  ];
  return frame(0x10, body);
}

export function publishFrame(
  topic: string | Buffer,
  payload: string | Buffer,
  qos: 0 | 1 = 0,
  id = 1,
): Buffer {
  const p = typeof payload === 'string' ? Buffer.from(payload, 'utf8') : payload;
  return frame(0x30 | (qos << 1), [...mqttString(topic), ...(qos > 0 ? u16(id) : []), ...p]);
}

export function subscribeFrame(filters: (string | Buffer)[], id = 1, qos = 0): Buffer {
  return frame(0x82, [...u16(id), ...filters.flatMap((f) => [...mqttString(f), qos])]);
}

export const pingFrame = (): Buffer => Buffer.from([0xc0, 0x00]);

/** mulberry32: a small seeded generator, enough to make a campaign reproducible. */
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

/**
 * Open a TCP connection, write `frames`, read whatever comes back, and close after `lingerMs` unless the
 * broker closed first. Resolves with what was received and whether the broker closed the connection.
 */
export function rawSession(
  port: number,
  frames: Buffer[],
  lingerMs = 30,
): Promise<{ received: Buffer; closedByBroker: boolean }> {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    let timer: NodeJS.Timeout | undefined;
    let closedByUs = false;
    s.on('error', () => {});
    s.on('data', (d) => chunks.push(d));
    s.on('connect', () => {
      for (const f of frames) if (!s.destroyed) s.write(f);
      timer = setTimeout(() => {
        closedByUs = true;
        s.destroy();
      }, lingerMs);
    });
    s.on('close', () => {
      clearTimeout(timer);
      resolve({ received: Buffer.concat(chunks), closedByBroker: !closedByUs });
    });
  });
}
