/**
 * MQTT robustness campaign (reliability-security R2, R4; bad inputs §4.4): at least 10,000 seeded
 * malformed frames against the embedded broker's TCP port — noise after CONNECT, bad flags, remaining-
 * length lies, bad UTF-8, U+0000, illegal filters, 150-level topics in PUBLISH and SUBSCRIBE, forbidden
 * filters, oversized claims, fuzzed command payloads — bounded and reproducible. The process stays up and
 * a valid QoS 1 publish is delivered end to end right after.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  connectFrame,
  frame,
  mqttString,
  pingFrame,
  publishFrame,
  rawSession,
  rng,
  subscribeFrame,
  varint,
} from '../helpers/mqtt-frames.ts';
import { Inbox, type MqttLab, mqttConnect, startMqttLab } from '../helpers/mqtt-lab.ts';

const SEED = 0x5eed_2026;

/** Heap in use after a full collection (RSS keeps freed socket buffers, so it says little about leaks). */
function heapAfterGc(): number {
  setFlagsFromString('--expose_gc');
  const gc = runInNewContext('gc') as () => void;
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}
const MALFORMED_TARGET = 10_000;

describe('MQTT robustness', () => {
  let l: MqttLab;
  let port: number;
  let password: string;
  beforeAll(async () => {
    l = await startMqttLab({ stations: 2 });
    port = l.service.tcpPort!;
    password = l.creds('st1').password;
  });
  afterAll(async () => {
    await l.close();
  });

  async function deliveredEndToEnd(tag: string): Promise<void> {
    const sub = await mqttConnect(l.mqttUrl, l.creds('st1'));
    const inbox = new Inbox(sub);
    await sub.subscribeAsync(`${l.root}/st1/cmd/+`, { qos: 1 });
    const pub = await mqttConnect(l.mqttUrl, l.creds('st1'));
    const payload = JSON.stringify({ value: `J-${tag}`, corr: tag });
    await pub.publishAsync(`${l.root}/st1/cmd/imm.job`, payload, { qos: 1 });
    const got = await inbox.wait(
      (m) => m.topic.endsWith('/cmd/imm.job') && m.payload.toString() === payload,
      5000,
    );
    expect(got).toBeTruthy();
    const reply = await inbox.wait((m) => m.topic.endsWith('/cmd/reply') && inbox.json(m).corr === tag, 5000);
    expect(inbox.json(reply).status).toBe('accepted');
    await sub.endAsync();
    await pub.endAsync();
  }

  it(`survives ${MALFORMED_TARGET}+ seeded malformed frames and delivers a QoS 1 publish right after`, async () => {
    const r = rng(SEED);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
    const int = (a: number, b: number) => a + Math.floor(r() * (b - a + 1));
    const bytes = (n: number) => Buffer.from(Array.from({ length: n }, () => int(0, 255)));
    const own = `${l.root}/st1`;
    const deep = Array.from({ length: 150 }, (_, i) => `l${i}`).join('/');
    const text = () =>
      pick([
        () => bytes(int(0, 40)).toString('latin1'),
        () => JSON.stringify({ value: pick([1, -1e308, 'x', null, true, [], {}]), corr: pick(['a', 7, '']) }),
        () => `{"value": ${pick(['1e999', 'NaN', '"\\u0000"', '[1,2', '{}'])}}`,
        () => pick(['', ' ', 'null', '"manual"', '250', '{"value":250,"extra":1}']),
      ])();
    const malformed: Record<string, () => Buffer> = {
      noise: () => bytes(int(1, 48)),
      publish_qos3: () => Buffer.from([0x36, ...varint(6), ...mqttString('a/b'), 0, 1, 0x41]),
      subscribe_bad_flags: () =>
        frame(0x80 | pick([0, 1, 3, 4, 8, 15]), [0, 1, ...mqttString(`${own}/#`), 0]),
      pubrel_bad_flags: () => frame(0x60, [0, 1]),
      length_claims_more: () => {
        const f = publishFrame(`${own}/cmd/imm.job`, '"x"');
        return Buffer.from([f[0]!, ...varint(f.length + int(1, 200)), ...f.subarray(2)]);
      },
      length_claims_less: () => {
        const f = publishFrame(`${own}/cmd/imm.job`, '"abcdefgh"');
        return Buffer.from([f[0]!, ...varint(int(1, 6)), ...f.subarray(2)]);
      },
      length_5_bytes: () => Buffer.from([0x30, 0xff, 0xff, 0xff, 0xff, 0x01]),
      bad_utf8_topic: () =>
        publishFrame(Buffer.concat([Buffer.from(`${own}/cmd/`), Buffer.from([0xc3, 0x28])]), '1'),
      nul_topic: () => publishFrame(`${own}/cmd/imm.\u0000job`, '1'),
      nul_filter: () => subscribeFrame([`${own}/\u0000/#`]),
      illegal_filter: () => subscribeFrame([pick(['a/#/b', 'a+/b', '#/x', '', 'a/b#', '+a', `${own}/#/x`])]),
      deep_publish: () => publishFrame(deep, 'x', pick([0, 1])),
      deep_subscribe: () => subscribeFrame([deep]),
      forbidden_filter: () =>
        subscribeFrame([
          pick(['#', '+/#', '$SYS/#', `${l.root}/st2/#`, `${l.root}/+/#`, 'spBv1.0/#', 'spBv1.0/STATE/#']),
        ]),
      subscribe_qos3: () => subscribeFrame([`${own}/#`], int(1, 65535), 3),
      huge_claim: () => Buffer.concat([Buffer.from([0x30, ...varint(16 * 1024 * 1024)]), bytes(64)]),
      bad_type: () => frame(pick([0x00, 0xf0]), [...bytes(int(0, 8))]),
      second_connect: () => connectFrame({ clientId: `x${int(0, 1e6)}`, user: 'st1', password }),
      command_fuzz: () =>
        publishFrame(
          `${own}/cmd/${pick(['imm.barrel.temp_sp', 'imm.mode', 'imm.job', 'imm.running', 'x'])}`,
          text(),
          pick([0, 1]),
          int(1, 65535),
        ),
      action_fuzz: () =>
        publishFrame(`${own}/cmd/action/${pick(['imm.reset_counter', 'zz'])}`, text(), 1, int(1, 65535)),
      foreign_publish: () =>
        publishFrame(
          pick([`${l.root}/st2/cmd/imm.job`, `${own}/imm/job`, '$SYS/x', `${own}/cmd/reply`]),
          '"x"',
        ),
      wildcard_publish: () => publishFrame(`${own}/cmd/+`, '1'),
      unsubscribe_empty: () => frame(0xa2, [0, 1, ...mqttString('')]),
      ping_with_body: () => Buffer.from([0xc0, 0x01, 0x00]),
      qos1_message_id_0: () => publishFrame(`${own}/cmd/imm.job`, '"z"', 1, 0),
      sparkplug_junk: () =>
        publishFrame(
          `spBv1.0/site1-line1/${pick(['NCMD/st1', 'DCMD/st1/imm', 'DCMD/st1/nodev'])}`,
          bytes(int(0, 60)),
          pick([0, 1]),
        ),
    };
    const kinds = Object.keys(malformed);
    const valid = () =>
      pick([
        () => pingFrame(),
        () => subscribeFrame([`${own}/imm/#`], int(1, 65535)),
        () => publishFrame(`${own}/cmd/imm.barrel.temp_sp`, String(int(150, 300)), 1, int(1, 65535)),
      ])();
    const opening = (): Buffer[] => {
      const x = r();
      if (x < 0.75) return [connectFrame({ clientId: `fz${int(0, 1e9)}`, user: 'st1', password })];
      if (x < 0.85) return [connectFrame({ clientId: 'fz', user: 'st1', password: 'wrong-password' })];
      if (x < 0.92) {
        return [
          pick([
            () => connectFrame({ clientId: 'fz', user: 'st1', password, level: 9 }),
            () => connectFrame({ clientId: 'fz', user: 'st1', password, keepalive: 0 }),
            () => frame(0x10, [...mqttString('MQIsdp'), 4, 0x01, 0, 60, ...mqttString('fz')]),
            () => frame(0x11, [...mqttString('MQTT'), 4, 0x02, 0, 60, ...mqttString('fz')]),
          ])(),
        ];
      }
      return [];
    };

    const counts: Record<string, number> = {};
    let sent = 0;
    let sessions = 0;
    let closedByBroker = 0;
    const before = heapAfterGc();
    const deadline = Date.now() + 90_000; // bounded whatever happens
    while (sent < MALFORMED_TARGET && Date.now() < deadline) {
      const batch: Promise<{ closedByBroker: boolean }>[] = [];
      for (let k = 0; k < 16; k++) {
        const frames = opening();
        const n = int(2, 10);
        for (let i = 0; i < n; i++) {
          if (r() < 0.25) frames.push(valid());
          else {
            const kind = pick(kinds);
            counts[kind] = (counts[kind] ?? 0) + 1;
            sent++;
            frames.push(malformed[kind]!());
          }
        }
        sessions++;
        batch.push(rawSession(port, frames, 25));
      }
      for (const res of await Promise.all(batch)) if (res.closedByBroker) closedByBroker++;
    }
    expect(sent).toBeGreaterThanOrEqual(MALFORMED_TARGET);
    expect(Object.keys(counts).sort()).toEqual([...kinds].sort());
    expect(closedByBroker).toBeGreaterThan(sessions / 2);
    // the broker and the lab are still here and working
    await deliveredEndToEnd('after-campaign');
    const h = l.health().mqtt;
    expect(h.oversized_frames).toBeGreaterThan(0);
    expect(h.rejected_subscriptions).toBeGreaterThan(0);
    expect(h.commands_malformed + h.commands_rejected).toBeGreaterThan(0);
    expect(l.lab.station('st1')!.hooks.errors).toBe(0);
    const growthMiB = (heapAfterGc() - before) / 2 ** 20;
    console.log(
      `mqtt campaign: ${sent} malformed frames in ${sessions} sessions (seed ${SEED}), ${closedByBroker} closed by the broker, heap ${growthMiB >= 0 ? '+' : ''}${growthMiB.toFixed(1)} MiB`,
    );
    expect(growthMiB).toBeLessThan(50); // R1/R2 memory bound
  }, 120_000);

  it('closes a PUBLISH with a 150-level topic (aedes < 1.1.1 crashed: qlobber "too many words")', async () => {
    const deep = Array.from({ length: 150 }, () => 'x').join('/');
    const res = await rawSession(
      port,
      [connectFrame({ clientId: 'deep1', user: 'st1', password }), publishFrame(deep, 'x', 1)],
      2000,
    );
    expect(res.closedByBroker).toBe(true);
    expect(res.received.subarray(0, 4)).toEqual(Buffer.from([0x20, 0x02, 0x00, 0x00])); // CONNACK 0, no PUBACK
    await deliveredEndToEnd('after-deep-publish');
  });

  it('closes a SUBSCRIBE with a 150-level filter without SUBACK', async () => {
    const deep = Array.from({ length: 150 }, () => '+').join('/');
    const res = await rawSession(
      port,
      [connectFrame({ clientId: 'deep2', user: 'st1', password }), subscribeFrame([deep])],
      2000,
    );
    expect(res.closedByBroker).toBe(true);
    expect(res.received.length).toBe(4); // the CONNACK only
    await deliveredEndToEnd('after-deep-subscribe');
  });

  it('cuts a frame claiming 16 MiB or 256 MiB at the stream level, before buffering it', async () => {
    for (const claim of [16 * 2 ** 20, 256 * 2 ** 20 - 1]) {
      const before = l.health().mqtt.oversized_frames;
      const res = await rawSession(
        port,
        [
          connectFrame({ clientId: 'big', user: 'st1', password }),
          Buffer.from([0x30, ...varint(claim)]),
          Buffer.alloc(4096),
        ],
        5000,
      );
      expect(res.closedByBroker).toBe(true);
      expect(l.health().mqtt.oversized_frames).toBe(before + 1);
    }
    await deliveredEndToEnd('after-big-claims');
  });

  it('answers SUBACK 0x80 for $SYS/# and foreign filters, keeping the connection', async () => {
    const res = await rawSession(
      port,
      [
        connectFrame({ clientId: 'sys', user: 'st1', password }),
        subscribeFrame(['$SYS/#', `${l.root}/st2/#`, '#'], 7),
        pingFrame(),
      ],
      300,
    );
    expect(res.closedByBroker).toBe(false);
    // CONNACK, then SUBACK for id 7 with three refusals, then PINGRESP
    expect([...res.received.subarray(4, 11)]).toEqual([0x90, 0x05, 0x00, 0x07, 0x80, 0x80, 0x80]);
    expect([...res.received.subarray(11, 13)]).toEqual([0xd0, 0x00]);
  });
});
