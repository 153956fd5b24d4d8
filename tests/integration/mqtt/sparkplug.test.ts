/**
 * Sparkplug B edge node per station (standards.md §3.1), decoded with `sparkplug-payload` by a candidate
 * acting as a host application: births, seq/bdSeq rules, rebirth, DCMD through the command API, deaths.
 */
import type { MqttClient } from 'mqtt';
import type { UPayload } from 'sparkplug-payload/lib/sparkplugbpayload.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSparkplugCodec, type SpCodec } from '../../../simulator/adapters/mqtt/sparkplug.ts';
import type { CommandRecord } from '../../../simulator/kernel/command-types.ts';
import { Inbox, type MqttLab, mqttConnect, type Received, startMqttLab } from '../../helpers/mqtt-lab.ts';

const G = 'site1-line1';
const num = (v: unknown): number =>
  typeof v === 'object' && v && 'toNumber' in v ? (v as { toNumber(): number }).toNumber() : Number(v);

describe('Sparkplug B edge node', () => {
  let l: MqttLab;
  let codec: SpCodec;
  let host: MqttClient;
  let inbox: Inbox;
  const journal: CommandRecord[] = [];
  const decode = (m: Received): UPayload => codec.decodePayload(m.payload);
  const metric = (p: UPayload, name: string) => p.metrics?.find((m) => m.name === name);
  const rebirth = () =>
    host.publishAsync(
      `spBv1.0/${G}/NCMD/st1`,
      Buffer.from(
        codec.encodePayload({
          timestamp: Date.now(),
          metrics: [{ name: 'Node Control/Rebirth', type: 'Boolean', value: true }],
        }),
      ),
    );
  const dcmd = (
    device: string,
    metrics: { name: string; type: 'Double' | 'String' | 'Boolean' | 'Int64'; value: unknown }[],
  ) =>
    host.publishAsync(
      `spBv1.0/${G}/DCMD/st1/${device}`,
      Buffer.from(codec.encodePayload({ timestamp: Date.now(), metrics: metrics as never })),
    );

  beforeAll(async () => {
    codec = await loadSparkplugCodec();
    l = await startMqttLab({ stations: 2, tickMs: 10 });
    l.lab.station('st1')!.hooks.on('command', (r) => journal.push(r));
    host = await mqttConnect(l.mqttUrl, l.creds('st1'));
    inbox = new Inbox(host);
    await host.subscribeAsync([`spBv1.0/${G}/+/st1/#`, `${l.root}/st1/cmd/reply`], { qos: 1 });
  });
  afterAll(async () => {
    await host.endAsync();
    await l.close();
  });

  it('answers a rebirth request with NBIRTH (seq 0, bdSeq, Node Control/Rebirth) then every DBIRTH', async () => {
    const from = inbox.messages.length;
    await rebirth();
    const nbirth = await inbox.wait(
      (m) => inbox.messages.indexOf(m) >= from && m.topic === `spBv1.0/${G}/NBIRTH/st1`,
    );
    const nb = decode(nbirth);
    expect(num(nb.seq)).toBe(0);
    expect(metric(nb, 'bdSeq')).toMatchObject({ type: 'UInt64' });
    expect(metric(nb, 'Node Control/Rebirth')).toMatchObject({ type: 'Boolean', value: false });
    expect(metric(nb, 'Node Info/UNS Prefix')?.value).toBe(`${l.root}/st1`);
    await inbox.wait(
      (m) =>
        m.topic.endsWith('/DBIRTH/st1/mould') && inbox.messages.indexOf(m) > inbox.messages.indexOf(nbirth),
    );
    const births = inbox.messages
      .slice(inbox.messages.indexOf(nbirth) + 1)
      .filter((m) => !m.topic.includes('/cmd/'));
    // every DBIRTH right after the NBIRTH, before any DDATA (Sparkplug 3.0 §5.2)
    expect(births.slice(0, 2).map((m) => m.topic)).toEqual([
      `spBv1.0/${G}/DBIRTH/st1/imm`,
      `spBv1.0/${G}/DBIRTH/st1/mould`,
    ]);
    expect(births.slice(0, 2).map((m) => num(decode(m).seq))).toEqual([1, 2]);
    const imm = decode(births[0]!);
    const byName = Object.fromEntries((imm.metrics ?? []).map((m) => [m.name, m]));
    expect(Object.keys(byName).sort()).toEqual([
      'barrel/temp_pv',
      'barrel/temp_sp',
      'cycle_count',
      'job',
      'mode',
      'running',
    ]);
    expect(byName['barrel/temp_sp']).toMatchObject({ type: 'Double' });
    expect(byName['barrel/temp_sp']!.properties).toMatchObject({
      engUnit: { value: '°C' },
      engLow: { value: 150 },
      engHigh: { value: 300 },
      readOnly: { value: false },
      Quality: { value: 192 },
    });
    expect(byName['barrel/temp_pv']!.properties?.readOnly?.value).toBe(true);
    expect(byName.mode).toMatchObject({ type: 'String', value: 'auto' });
    expect(byName.cycle_count).toMatchObject({ type: 'Int64' });
    expect(byName.running).toMatchObject({ type: 'Boolean', value: true });
    expect(num(byName.job!.timestamp)).toBeGreaterThanOrEqual(l.lab.startedAt);
  });

  it('numbers every message of the node 0…255 and wraps to 0, DDATA only for changes', async () => {
    await rebirth();
    const start = await inbox.next((m) => m.topic.endsWith('/NBIRTH/st1'));
    let i = inbox.messages.indexOf(start) + 1;
    let expected = 0;
    let wrapped = false;
    let ddata = 0;
    const deadline = Date.now() + 15_000;
    while (!wrapped || ddata < 260) {
      if (i >= inbox.messages.length) {
        if (Date.now() > deadline) throw new Error(`no wrap seen after ${ddata} DDATA`);
        await new Promise((r) => setTimeout(r, 20));
        continue;
      }
      const m = inbox.messages[i++]!;
      if (!m.topic.startsWith('spBv1.0/') || m.topic.includes('/NCMD/') || m.topic.includes('/DCMD/'))
        continue;
      if (m.topic.endsWith('/NBIRTH/st1')) throw new Error('unexpected rebirth');
      const seq = num(decode(m).seq);
      expect(seq).toBe((expected + 1) % 256);
      if (seq === 0) wrapped = true;
      expected = seq;
      if (m.topic.includes('/DDATA/')) {
        ddata++;
        // DDATA carries only what changed: here the measurement, never the whole device
        expect(decode(m).metrics!.length).toBeLessThan(6);
      }
    }
    expect(wrapped).toBe(true);
  });

  it('writes a DCMD through the command API as the candidate, visible in the next DDATA', async () => {
    await dcmd('imm', [{ name: 'barrel/temp_sp', type: 'Double', value: 262.5 }]);
    const m = await inbox.wait((x) => {
      if (!x.topic.endsWith('/DDATA/st1/imm')) return false;
      return decode(x).metrics!.some((mm) => mm.name === 'barrel/temp_sp' && mm.value === 262.5);
    });
    expect(m).toBeTruthy();
    const rec = journal.find((r) => r.input.kind === 'write' && r.input.value === 262.5)!;
    expect(rec.status).toBe('accepted');
    expect(rec.actor).toMatchObject({ user: 'st1', channel: 'sparkplug', station: 'st1' });
    await dcmd('mould', [{ name: 'zone1/temp_sp', type: 'Double', value: 55 }]);
    await inbox.wait(
      (x) =>
        x.topic.endsWith('/DDATA/st1/mould') &&
        decode(x).metrics!.some((mm) => mm.name === 'zone1/temp_pv' && mm.value === 54.5),
    );
  });

  it('sends NDATA when the node metric (active alarm count) changes', async () => {
    await dcmd('imm', [{ name: 'running', type: 'Boolean', value: false }]);
    const up = await inbox.wait((m) => m.topic === `spBv1.0/${G}/NDATA/st1`);
    expect(num(metric(decode(up), 'Node Info/Active Alarms')!.value)).toBe(1);
    await dcmd('imm', [{ name: 'running', type: 'Boolean', value: true }]);
    const down = await inbox.next((m) => m.topic === `spBv1.0/${G}/NDATA/st1`);
    expect(num(metric(decode(down), 'Node Info/Active Alarms')!.value)).toBe(0);
  });

  it('applies all metrics of one DCMD or none, and answers a refusal on the UNS reply topic', async () => {
    const st = l.lab.station('st1')!;
    const sp = st.store.value(st.registry.indexOf('imm.barrel.temp_sp'));
    const mode = st.store.value(st.registry.indexOf('imm.mode'));
    const from = inbox.messages.length;
    await dcmd('imm', [
      { name: 'barrel/temp_sp', type: 'Double', value: 199 },
      { name: 'mode', type: 'String', value: 'turbo' },
    ]);
    // one answer per metric: the culprit with its reason, the other refused with the rest of the group
    await inbox.wait(
      (m) =>
        inbox.messages.indexOf(m) >= from &&
        m.topic.endsWith('/cmd/reply') &&
        inbox.json(m).signal === 'imm.mode',
    );
    const replies = inbox.messages
      .slice(from)
      .filter((m) => m.topic.endsWith('/cmd/reply'))
      .map((m) => inbox.json(m));
    const culprit = replies.find((r) => r.signal === 'imm.mode');
    expect(culprit).toMatchObject({ status: 'rejected', channel: 'sparkplug', code: 'out_of_range' });
    expect(culprit.message).toContain('turbo');
    const other = await inbox.wait(
      (m) =>
        inbox.messages.indexOf(m) >= from &&
        m.topic.endsWith('/cmd/reply') &&
        inbox.json(m).signal === 'imm.barrel.temp_sp',
    );
    expect(inbox.json(other)).toMatchObject({ status: 'rejected', channel: 'sparkplug' });
    expect(inbox.json(other).message).toContain('refused with the rest of the group');
    await new Promise((res) => setTimeout(res, 100));
    expect(st.store.value(st.registry.indexOf('imm.barrel.temp_sp'))).toBe(sp);
    expect(st.store.value(st.registry.indexOf('imm.mode'))).toBe(mode);
    const unknown = inbox.next((m) => m.topic.endsWith('/cmd/reply'));
    await dcmd('imm', [{ name: 'hidden/check_ring_gap', type: 'Double', value: 1 }]);
    expect(inbox.json(await unknown)).toMatchObject({ status: 'rejected', code: 'unknown_signal' });
    const junk = inbox.next((m) => m.topic.endsWith('/cmd/reply'));
    await host.publishAsync(`spBv1.0/${G}/DCMD/st1/imm`, Buffer.from([0xff, 0xff, 0xff]));
    expect(inbox.json(await junk)).toMatchObject({ status: 'rejected', code: 'bad_payload' });
  });

  it('publishes the NDEATH Will with the NBIRTH’s bdSeq when the connection drops, then rebirths with bdSeq + 1', async () => {
    await rebirth();
    const nb = decode(await inbox.next((m) => m.topic.endsWith('/NBIRTH/st1')));
    const bd = num(metric(nb, 'bdSeq')!.value);
    l.service.edgeNode('st1')!.dropConnection();
    const death = decode(await inbox.next((m) => m.topic === `spBv1.0/${G}/NDEATH/st1`));
    expect(num(metric(death, 'bdSeq')!.value)).toBe(bd);
    expect(death.seq ?? null).toBeNull(); // NDEATH carries no seq
    const reborn = decode(await inbox.next((m) => m.topic.endsWith('/NBIRTH/st1'), 10_000));
    expect(num(reborn.seq)).toBe(0);
    expect(num(metric(reborn, 'bdSeq')!.value)).toBe((bd + 1) % 256);
  });

  it('sends DDEATH for each device then NDEATH when the lab stops', async () => {
    const l2 = await startMqttLab({ stations: 1 });
    const h = await mqttConnect(l2.mqttUrl, l2.creds('trainer'));
    const box = new Inbox(h);
    await h.subscribeAsync('spBv1.0/#', { qos: 1 });
    const edge = l2.service.edgeNode('st1')!;
    const bd = edge.bdSeq;
    await new Promise((r) => setTimeout(r, 100));
    await edge.stop();
    const nd = await box.wait((m) => m.topic.endsWith('/NDEATH/st1'));
    const deaths = box.messages.filter((m) => m.topic.includes('DEATH')).map((m) => m.topic);
    expect(deaths).toEqual([
      `spBv1.0/${G}/DDEATH/st1/imm`,
      `spBv1.0/${G}/DDEATH/st1/mould`,
      `spBv1.0/${G}/NDEATH/st1`,
    ]);
    expect(num(metric(codec.decodePayload(nd.payload), 'bdSeq')!.value)).toBe(bd);
    await h.endAsync();
    await l2.close();
    // a clean DISCONNECT after the explicit NDEATH: the Will is not sent a second time
    expect(box.messages.filter((m) => m.topic.endsWith('/NDEATH/st1'))).toHaveLength(1);
  });
});
