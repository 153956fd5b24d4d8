/**
 * Modbus malformed-frame campaign (reliability-security §5.2 R1 and the named regressions of R4):
 * ≥ 10,000 seeded frames over hundreds of connections, split and coalesced across TCP writes, with the
 * station ticking. Pass: no unhandled error, every well-framed request answered exactly once with the
 * exception the rules fix, a bad stream closed and counted, a valid FC3 answered right after, and
 * bounded memory growth.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  exceptionCode,
  frame,
  type ModbusLab,
  pdus,
  RawClient,
  registers,
  startModbusLab,
} from '../helpers/modbus.ts';
import { FrameFuzzer, type FuzzFrame } from '../helpers/modbus-fuzz.ts';

const FRAMES = Number(process.env.PLASTLAB_MODBUS_FUZZ_FRAMES ?? 10_000);
const SEED = Number(process.env.PLASTLAB_MODBUS_FUZZ_SEED ?? 20260505);
const PARALLEL = 16;
const SENTINEL = 0xbeef;

interface Outcome {
  frames: number;
  problems: string[];
  fatal: boolean;
}

/** Resolve once `n` replies arrived or the connection closed. */
async function repliesOrClose(c: RawClient, n: number): Promise<void> {
  while (c.replies.length < n && !c.closed) await new Promise((r) => setTimeout(r, 1));
}

/**
 * One connection: answerable frames, then (3 times in 10) a frame that breaks the stream. Half of the
 * broken streams send it only once the answers are in, so the answers can be checked strictly; the other
 * half coalesce it with the rest, where the server's close may make the client lose unread answers
 * (EPIPE on its own later writes), so there answers are checked only when they arrive.
 */
async function oneConnection(port: number, fz: FrameFuzzer): Promise<Outcome> {
  const frames: FuzzFrame[] = [];
  const n = 5 + fz.int(40);
  for (let i = 0; i < n; i++) frames.push(fz.answerable());
  const fatal = fz.int(10) < 3 ? fz.fatal() : null;
  const strict = !fatal || fz.int(2) === 0;
  const sentinel = frame(SENTINEL, 1, Uint8Array.from(pdus.read(3, 0, 2)));
  const c = await RawClient.connect(port);
  const problems: string[] = [];
  const timer = setTimeout(() => {
    problems.push('connection neither answered nor closed within 10 s');
    c.sock.destroy();
  }, 10_000);
  const sendAll = async (stream: Buffer) => {
    for (const chunk of fz.chunks(stream)) {
      if (c.closed) return;
      c.send(chunk);
      if (fz.int(4) === 0) await new Promise((r) => setImmediate(r)); // separate TCP segments
    }
  };
  const head = Buffer.concat([...frames.map((f) => f.bytes), ...(fatal ? [] : [sentinel])]);
  if (fatal && strict) {
    await sendAll(head);
    await repliesOrClose(c, frames.length);
    await sendAll(fatal.bytes);
  } else {
    await sendAll(fatal ? Buffer.concat([head, fatal.bytes]) : head);
  }
  if (!c.closed) c.sock.end();
  await c.whenClosed();
  clearTimeout(timer);
  for (const r of c.replies) if (r.protocolId !== 0) problems.push(`reply with protocol id ${r.protocolId}`);
  const byTid = new Map<number, number>();
  for (const r of c.replies) byTid.set(r.tid, (byTid.get(r.tid) ?? 0) + 1);
  // every answerable frame is answered exactly once, with the exception the rules fix
  for (const f of frames) {
    const count = byTid.get(f.tid) ?? 0;
    if (count > 1 || (strict && count !== 1)) problems.push(`${f.kind} tid ${f.tid}: ${count} replies`);
    const reply = c.replies.find((r) => r.tid === f.tid);
    if (f.expect !== undefined && reply && exceptionCode(reply) !== f.expect) {
      problems.push(`${f.kind} tid ${f.tid}: exception ${exceptionCode(reply)}, expected ${f.expect}`);
    }
  }
  if (!fatal) {
    const s = c.replies.find((r) => r.tid === SENTINEL);
    if (!s || exceptionCode(s) !== null || registers(s).length !== 2)
      problems.push('sentinel FC3 not answered');
  }
  return { frames: frames.length + (fatal ? 1 : 0), problems, fatal: fatal !== null };
}

describe('Modbus TCP robustness: seeded malformed-frame campaign', () => {
  let m: ModbusLab;
  beforeAll(async () => {
    m = await startModbusLab({ tickMs: 10, modbus: { maxConnections: 64 } });
    m.lab.start();
  });
  afterAll(async () => {
    await m.close();
  });

  it(`survives ${FRAMES} malformed frames and answers a valid FC3 right after`, async () => {
    const fz = new FrameFuzzer(SEED);
    const rss0 = process.memoryUsage().rss;
    let sent = 0;
    let connections = 0;
    let fatalConnections = 0;
    const problems: string[] = [];
    while (sent < FRAMES) {
      const batch = await Promise.all(
        Array.from({ length: PARALLEL }, () => oneConnection(m.port(), new FrameFuzzer(fz.int(2 ** 31)))),
      );
      for (const o of batch) {
        sent += o.frames;
        connections++;
        if (o.fatal) fatalConnections++;
        problems.push(...o.problems);
      }
    }
    expect(problems.slice(0, 20)).toEqual([]);
    expect(sent).toBeGreaterThanOrEqual(FRAMES);

    // the station still answers, right after the campaign
    const c = await RawClient.connect(m.port());
    const r = await c.request(pdus.read(3, 0, 2));
    expect(exceptionCode(r)).toBeNull();
    expect(registers(r)).toHaveLength(2);
    await c.close();

    const h = m.service.health().stations.st1!;
    expect(h.internal_errors).toBe(0);
    expect(h.connections_total).toBe(connections + 1);
    expect(h.dropped_frames).toBeGreaterThan(0);
    expect(h.dropped_frames).toBeLessThanOrEqual(fatalConnections);
    expect(h.exceptions['01']).toBeGreaterThan(0);
    expect(h.exceptions['03']).toBeGreaterThan(0);
    expect(h.requests).toBeGreaterThan(FRAMES * 0.8);
    const growthMiB = (process.memoryUsage().rss - rss0) / 2 ** 20;
    expect(growthMiB).toBeLessThan(50);
  });

  it('named regressions: FC3 quantities 0/126/2000 and FC5 0x1234 answer 03, and the connection stays up', async () => {
    const c = await RawClient.connect(m.port());
    for (const q of [0, 126, 2000]) expect(exceptionCode(await c.request(pdus.read(3, 0, q)))).toBe(3);
    expect(exceptionCode(await c.request(pdus.writeCoil(0, 0x1234)))).toBe(3);
    expect(exceptionCode(await c.request(pdus.read(3, 0, 2)))).toBeNull();
    await c.close();
  });
});
