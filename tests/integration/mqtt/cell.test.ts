/**
 * The MQTT adapter on the plastlab cell itself (simulator/cell): every candidate-visible signal in the UNS
 * and in the Sparkplug births, per-shot records without their hidden-truth `trainer` block, and nothing
 * trainer-only anywhere on the broker (canary check I2 with the real model).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSparkplugCodec } from '../../../simulator/adapters/mqtt/sparkplug.ts';
import type { CycleEndEvent } from '../../../simulator/kernel/model.ts';
import { cellFactory } from '../../../simulator/server/models.ts';
import { parseConfig } from '../../../simulator/session/config.ts';
import { Inbox, type MqttLab, mqttConnect, sleep, startMqttLab } from '../../helpers/mqtt-lab.ts';

describe('MQTT with the plastlab cell', () => {
  let l: MqttLab;
  const emitted: CycleEndEvent[] = [];
  let trainer: Inbox;
  let cand: Inbox;
  let closeClients: () => Promise<void>;

  beforeAll(async () => {
    l = await startMqttLab({ stations: 2, tickMs: 100, models: cellFactory(parseConfig({})), pacer: false });
    l.lab.station('st1')!.hooks.on('cycleEnd', (e) => emitted.push(e));
    const t = await mqttConnect(l.mqttUrl, l.creds('trainer'));
    trainer = new Inbox(t);
    await t.subscribeAsync(['#', '$SYS/#'], { qos: 1 });
    const c = await mqttConnect(l.mqttUrl, l.creds('st1'));
    cand = new Inbox(c);
    await c.subscribeAsync([`${l.root}/st1/#`, 'spBv1.0/site1-line1/+/st1/#'], { qos: 1 });
    const codec = await loadSparkplugCodec();
    await c.publishAsync(
      'spBv1.0/site1-line1/NCMD/st1',
      Buffer.from(
        codec.encodePayload({ metrics: [{ name: 'Node Control/Rebirth', type: 'Boolean', value: true }] }),
      ),
    );
    // fast-forward about two cycles, letting the broker deliver as it goes
    for (let i = 0; i < 500; i++) {
      l.lab.step();
      if (i % 10 === 0) await sleep(2);
    }
    await cand.wait((m) => m.topic.endsWith('/imm/shot'), 10_000, 'a shot record');
    await sleep(300);
    closeClients = async () => {
      await Promise.all([t.endAsync(), c.endAsync()]);
    };
  });
  afterAll(async () => {
    await closeClients?.();
    await l.close();
  });

  it('publishes every candidate-visible MQTT signal of the cell in the UNS', () => {
    const st = l.lab.station('st1')!;
    const expected = st.registry.signals
      .filter((s) => s.visibility === 'candidate' && s.channels.mqtt)
      .map((s) => `${l.root}/st1/${s.channels.mqtt!.topic}`);
    expect(expected.length).toBeGreaterThan(100);
    const seen = new Set(cand.messages.map((m) => m.topic));
    expect(expected.filter((t) => !seen.has(t))).toEqual([]);
  });

  it('describes every such signal in the Sparkplug births', async () => {
    const codec = await loadSparkplugCodec();
    const st = l.lab.station('st1')!;
    const expected = st.registry.signals.filter(
      (s) => s.visibility === 'candidate' && s.channels.mqtt,
    ).length;
    const births = cand.messages.filter((m) => m.topic.includes('/DBIRTH/st1/'));
    const metrics = births.flatMap((m) => codec.decodePayload(m.payload).metrics ?? []);
    expect(metrics).toHaveLength(expected);
  });

  it('publishes each shot record exactly as emitted minus its trainer block', () => {
    const shots = cand.messages.filter((m) => m.topic === `${l.root}/st1/imm/shot`).map((m) => cand.json(m));
    expect(shots.length).toBeGreaterThan(0);
    for (const shot of shots) {
      expect(shot).not.toHaveProperty('trainer');
      const source = emitted.find((e) => (e.record as { shot_id?: unknown }).shot_id === shot.shot_id)!;
      expect(source.record).toHaveProperty('trainer');
      const { trainer: _hidden, ...visible } = source.record as Record<string, unknown>;
      expect(shot).toEqual(JSON.parse(JSON.stringify(visible)));
    }
  });

  it('carries no trainer-only signal anywhere on the broker', async () => {
    const codec = await loadSparkplugCodec();
    const hidden = [...l.lab.stations.values()].flatMap((st) =>
      st.registry.signals.filter((s) => s.visibility === 'trainer'),
    );
    expect(hidden.length).toBeGreaterThan(0);
    const needles = [...new Set(hidden.flatMap((s) => [s.key, s.id, s.id.replaceAll('.', '/')]))];
    const hits: string[] = [];
    for (const m of trainer.messages) {
      let text = m.topic;
      if (m.topic.startsWith('spBv1.0/') && !m.topic.startsWith('spBv1.0/STATE/')) {
        text += JSON.stringify(codec.decodePayload(m.payload).metrics?.map((x) => x.name));
      } else {
        text += m.payload.toString('utf8');
      }
      for (const n of needles) if (text.includes(n)) hits.push(`${n} in ${m.topic}`);
      if (text.includes('"trainer"')) hits.push(`a trainer block in ${m.topic}`);
    }
    expect(trainer.messages.length).toBeGreaterThan(500);
    expect(hits).toEqual([]);
  });
});
