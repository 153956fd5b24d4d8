/**
 * Unified Namespace over the embedded broker with mqtt.js clients on TCP: retained state of every
 * candidate-visible MQTT signal, per-shot records, alarms, the publishing service and health counters.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { grantedQos, Inbox, type MqttLab, mqttConnect, sleep, startMqttLab } from '../../helpers/mqtt-lab.ts';

describe('MQTT Unified Namespace (embedded broker)', () => {
  let l: MqttLab;
  beforeAll(async () => {
    l = await startMqttLab({ stations: 2 });
    await sleep(200); // a few ticks: the retained state is in place
  });
  afterAll(async () => {
    await l.close();
  });

  it('serves retained JSON state {value, unit, ts, quality} for each candidate-visible MQTT signal', async () => {
    const st = l.lab.station('st1')!;
    const c = await mqttConnect(l.mqttUrl, l.creds('st1'));
    try {
      const inbox = new Inbox(c);
      expect(await grantedQos(c, [`${l.root}/st1/#`])).toEqual([0]);
      const expected = st.registry.signals.filter((s) => s.visibility === 'candidate' && s.channels.mqtt);
      for (const s of expected) {
        const m = await inbox.wait((x) => x.topic === `${l.root}/st1/${s.channels.mqtt!.topic}` && x.retain);
        const body = inbox.json(m);
        expect(Object.keys(body).sort()).toEqual(['quality', 'ts', 'unit', 'value']);
        expect(body.unit).toBe(s.unit);
        expect(body.quality).toBe('Good');
        expect(body.ts).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      }
      // a static signal: its source timestamp is the lab epoch + the store's source time
      const job = st.registry.get('imm.job')!;
      const jm = await inbox.wait((x) => x.topic === `${l.root}/st1/imm/job`);
      expect(inbox.json(jm)).toEqual({
        value: 'J-001',
        unit: '',
        ts: new Date(l.lab.startedAt + st.store.srcTs[job.index]!).toISOString(),
        quality: 'Good',
      });
      // an enum is published by name
      const mode = await inbox.wait((x) => x.topic === `${l.root}/st1/imm/mode`);
      expect(inbox.json(mode).value).toBe('auto');
      // a measurement keeps coming, with the newest value
      const first = await inbox.wait((x) => x.topic === `${l.root}/st1/imm/barrel/temp_pv`);
      const later = await inbox.next((x) => x.topic === `${l.root}/st1/imm/barrel/temp_pv`);
      expect(later.retain).toBe(false); // live delivery [MQTT-3.3.1-9]
      expect(inbox.json(later).ts >= inbox.json(first).ts).toBe(true);
      // nothing for a signal without an MQTT channel, nothing of the other station
      await sleep(100);
      expect(inbox.messages.some((x) => x.topic.includes('panel'))).toBe(false);
      expect(inbox.messages.every((x) => x.topic.startsWith(`${l.root}/st1/`))).toBe(true);
    } finally {
      await c.endAsync();
    }
  });

  it('publishes one non-retained QoS 1 message per shot with the record as given, minus its trainer block', async () => {
    const c = await mqttConnect(l.mqttUrl, l.creds('st1'));
    try {
      const inbox = new Inbox(c);
      await c.subscribeAsync(`${l.root}/st1/imm/shot`, { qos: 1 });
      const a = await inbox.wait((x) => x.topic.endsWith('/imm/shot'));
      const b = await inbox.next((x) => x.topic.endsWith('/imm/shot'));
      expect(a.retain).toBe(false);
      const ra = inbox.json(a);
      expect(ra).toMatchObject({ cushion_mm: 5.2, injection_time_s: 0.84, curve: [0, 120.5, 340.25, 0] });
      expect(ra).not.toHaveProperty('trainer');
      expect(a.payload.toString()).not.toContain('CANARY');
      expect(inbox.json(b).shot).toBe(ra.shot + 1); // none lost between two shots
    } finally {
      await c.endAsync();
    }
  });

  it('publishes alarm events and keeps the active set retained', async () => {
    const st = l.lab.station('st2')!;
    const c = await mqttConnect(l.mqttUrl, l.creds('st2'));
    try {
      const inbox = new Inbox(c);
      await c.subscribeAsync([`${l.root}/st2/alarms`, `${l.root}/st2/alarms/active`], { qos: 1 });
      const empty = await inbox.wait((x) => x.topic.endsWith('/alarms/active') && x.retain);
      expect(inbox.json(empty)).toEqual([]);
      await c.publishAsync(`${l.root}/st2/cmd/imm.running`, 'false', { qos: 1 });
      const ev = await inbox.wait((x) => x.topic.endsWith('/alarms'));
      expect(inbox.json(ev)).toMatchObject({
        code: 'A100',
        equipment: 'imm',
        state: 'active',
        severity: 'warning',
      });
      const active = await inbox.wait(
        (x) => x.topic.endsWith('/alarms/active') && inbox.json(x).length === 1,
      );
      expect(inbox.json(active)[0]).toMatchObject({ code: 'A100', text: { en: 'Machine stopped' } });
      // a late subscriber finds the active set retained
      const late = await mqttConnect(l.mqttUrl, l.creds('st2'));
      const lateInbox = new Inbox(late);
      await late.subscribeAsync(`${l.root}/st2/alarms/active`);
      const r = await lateInbox.wait((x) => x.retain);
      expect(lateInbox.json(r).map((a: { code: string }) => a.code)).toEqual(['A100']);
      await late.endAsync();
      await c.publishAsync(`${l.root}/st2/cmd/imm.running`, 'true', { qos: 1 });
      const cleared = await inbox.wait(
        (x) => x.topic.endsWith('/alarms') && inbox.json(x).state === 'cleared',
      );
      expect(inbox.json(cleared).code).toBe('A100');
      expect(st.store.getBool(st.registry.indexOf('imm.running'))).toBe(true);
    } finally {
      await c.endAsync();
    }
  });

  it('offers other layers a publishing service below the station prefix', async () => {
    const c = await mqttConnect(l.mqttUrl, l.creds('st1'));
    try {
      const inbox = new Inbox(c);
      await c.subscribeAsync(`${l.root}/st1/mes/#`, { qos: 1 });
      expect(l.service.prefix('st1')).toBe(`${l.root}/st1`);
      expect(l.service.publish('st1', 'mes/job', { order: 'OF-12', qty: 500 }, { retain: true })).toBe(true);
      const m = await inbox.wait((x) => x.topic === `${l.root}/st1/mes/job`);
      expect(inbox.json(m)).toEqual({ order: 'OF-12', qty: 500 });
      // refused: the command namespace, wildcards, too deep, unknown station
      expect(l.service.publish('st1', 'cmd/imm.job', 'x')).toBe(false);
      expect(l.service.publish('st1', 'mes/+', 'x')).toBe(false);
      expect(l.service.publish('st1', Array.from({ length: 20 }, () => 'a').join('/'), 'x')).toBe(false);
      expect(l.service.publish('st9', 'mes/job', 'x')).toBe(false);
    } finally {
      await c.endAsync();
    }
  });

  it('reports its counters on /api/health', async () => {
    await sleep(100);
    const h = l.health().mqtt;
    expect(h).toMatchObject({ mode: 'embedded', events_dropped: 0, publish_errors: 0 });
    expect(h.published).toBeGreaterThan(0);
    expect(h.shots).toBeGreaterThan(0);
    expect(h.sparkplug.births).toBeGreaterThanOrEqual(2);
    expect(typeof h.clients).toBe('number');
    expect(l.adapter.banner?.join('\n')).toContain(`${l.root}/st1/`);
    expect(l.adapter.banner?.join('\n')).toContain('mqtt://127.0.0.1:');
  });
});
