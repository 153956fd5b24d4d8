/**
 * MQTT security (reliability-security §2.2 MQ-1, threat T2, canary check I2): authentication, per-station
 * subscribe/publish ACLs, Will messages, client-id takeover, the trainer's read-only view, and a capture
 * of everything on the broker during a run that must hold no trainer-only key or value.
 */
import type { MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Acl, type Principal } from '../../../simulator/adapters/mqtt/acl.ts';
import { loadSparkplugCodec } from '../../../simulator/adapters/mqtt/sparkplug.ts';
import { grantedQos, Inbox, type MqttLab, mqttConnect, sleep, startMqttLab } from '../../helpers/mqtt-lab.ts';
import { CANARY_NUMBER, CANARY_TEXT } from '../../helpers/mqtt-model.ts';

const connectError = async (p: Promise<MqttClient>): Promise<number | undefined> => {
  try {
    const c = await p;
    c.end(true);
    return 0;
  } catch (e) {
    return (e as { code?: number }).code;
  }
};

describe('MQTT security', () => {
  let l: MqttLab;
  const group = 'site1-line1';
  beforeAll(async () => {
    l = await startMqttLab({ stations: 2 });
  });
  afterAll(async () => {
    await l.close();
  });

  it('refuses anonymous clients (CONNACK 5) and wrong passwords (CONNACK 4)', async () => {
    expect(await connectError(mqttConnect(l.mqttUrl))).toBe(5);
    expect(
      await connectError(mqttConnect(l.mqttUrl, { username: 'st1', password: 'not-the-password' })),
    ).toBe(4);
    expect(await connectError(mqttConnect(l.mqttUrl, { username: 'nobody', password: 'whatever123' }))).toBe(
      4,
    );
    expect(await connectError(mqttConnect(l.mqttUrl, { username: 'st1' }))).toBe(4);
    expect(await connectError(mqttConnect(l.wsUrl))).toBe(5);
    expect(l.health().mqtt.auth_failures).toBeGreaterThanOrEqual(5);
  });

  it('limits a candidate’s subscriptions to its own station (SUBACK 0x80 otherwise)', async () => {
    const c = await mqttConnect(l.mqttUrl, l.creds('st1'));
    try {
      const refused = [
        '#',
        '+/#',
        '$SYS/#',
        '$SYS/+/heartbeat',
        'plastlab/#',
        `${l.root}/#`,
        `${l.root}/+/#`,
        `${l.root}/+/imm/barrel/temp_pv`,
        `${l.root}/st2/#`,
        `${l.root}/st2/cmd/reply`,
        'plastlab/+/moulding/line1/st1/#',
        'spBv1.0/#',
        `spBv1.0/${group}/#`,
        `spBv1.0/${group}/+/+/#`,
        `spBv1.0/${group}/+/st2/#`,
        `spBv1.0/other-group/+/st1/#`,
        'spBv1.0/STATE/#',
        'spBv1.0/STATE/st2',
        'plastlab',
      ];
      const granted = await grantedQos(c, refused);
      expect(Object.fromEntries(refused.map((f, i) => [f, granted[i]]))).toEqual(
        Object.fromEntries(refused.map((f) => [f, 128])),
      );
      const own = [
        `${l.root}/st1/#`,
        `${l.root}/st1/+/barrel/#`,
        `spBv1.0/${group}/+/st1/#`,
        `spBv1.0/${group}/DDATA/st1/imm`,
        'spBv1.0/STATE/st1',
      ];
      expect(await grantedQos(c, own)).toEqual([0, 0, 0, 0, 0]);
    } finally {
      await c.endAsync();
    }
  });

  it('closes a candidate connection that publishes outside its own command topics, and delivers nothing', async () => {
    const trainer = await mqttConnect(l.mqttUrl, l.creds('trainer'));
    const seen = new Inbox(trainer);
    await trainer.subscribeAsync(['#', '$SYS/#']);
    const st2 = l.lab.station('st2')!;
    const sp2 = st2.store.value(st2.registry.indexOf('imm.barrel.temp_sp'));
    const forbidden = [
      `${l.root}/st2/cmd/imm.barrel.temp_sp`,
      `${l.root}/st1/imm/barrel/temp_sp`,
      `${l.root}/st1/cmd/reply`,
      `${l.root}/st1/cmd/err`,
      `${l.root}/st1/mes/job`,
      '$SYS/fake/heartbeat',
      `spBv1.0/${group}/DCMD/st2/imm`,
      `spBv1.0/${group}/NCMD/st2`,
      `spBv1.0/${group}/NBIRTH/st1`,
      `spBv1.0/${group}/DDATA/st1/imm`,
      'spBv1.0/STATE/st2',
      'plastlab/forged',
    ];
    for (const topic of forbidden) {
      const c = await mqttConnect(l.mqttUrl, l.creds('st1'));
      const closed = new Promise<void>((r) => c.once('close', () => r()));
      c.publish(topic, '160', { qos: 1 });
      await closed;
      c.end(true);
    }
    await sleep(200);
    const leaked = seen.messages.filter((m) => forbidden.includes(m.topic) && m.payload.toString() === '160');
    expect(leaked.map((m) => m.topic)).toEqual([]);
    expect(st2.store.value(st2.registry.indexOf('imm.barrel.temp_sp'))).toBe(sp2);
    expect(l.health().mqtt.rejected_publishes).toBeGreaterThanOrEqual(forbidden.length);
    await trainer.endAsync();
  });

  it('checks the Will topic at CONNECT like any publish (CVE-2018-3778)', async () => {
    const will = (topic: string) => ({
      ...l.creds('st1'),
      will: { topic, payload: Buffer.from('x'), qos: 0 as const, retain: false },
    });
    expect(await connectError(mqttConnect(l.mqttUrl, will(`${l.root}/st2/cmd/imm.running`)))).toBe(5);
    expect(await connectError(mqttConnect(l.mqttUrl, will(`${l.root}/st1/imm/running`)))).toBe(5);
    expect(await connectError(mqttConnect(l.mqttUrl, will('$SYS/x')))).toBe(5);
    // a Sparkplug host's own STATE Will is fine
    expect(await connectError(mqttConnect(l.mqttUrl, will('spBv1.0/STATE/st1')))).toBe(0);
  });

  it('refuses a client id held by another user, and the lab’s reserved ids (no session takeover)', async () => {
    const a = await mqttConnect(l.mqttUrl, { ...l.creds('st1'), clientId: 'node-red' });
    try {
      expect(await connectError(mqttConnect(l.mqttUrl, { ...l.creds('st2'), clientId: 'node-red' }))).toBe(2);
      expect(a.connected).toBe(true);
      expect(
        await connectError(mqttConnect(l.mqttUrl, { ...l.creds('st1'), clientId: 'plastlab-edge-st1' })),
      ).toBe(2);
      expect(l.service.edgeNode('st1')!.born).toBe(true);
    } finally {
      await a.endAsync();
    }
  });

  it('gives the trainer and the jury a read-only view', async () => {
    const jury = await mqttConnect(l.mqttUrl, l.creds('jury'));
    expect(await grantedQos(jury, ['#', `${l.root}/st2/#`])).toEqual([0, 0]);
    await jury.endAsync();
    const st1 = l.lab.station('st1')!;
    const before = st1.store.value(st1.registry.indexOf('imm.barrel.temp_sp'));
    const trainer = await mqttConnect(l.mqttUrl, l.creds('trainer'));
    const closed = new Promise<void>((r) => trainer.once('close', () => r()));
    trainer.publish(`${l.root}/st1/cmd/imm.barrel.temp_sp`, '155', { qos: 1 });
    await closed;
    trainer.end(true);
    await sleep(100);
    expect(st1.store.value(st1.registry.indexOf('imm.barrel.temp_sp'))).toBe(before);
  });

  it('carries no trainer-only key or value anywhere on the broker during a run (canary scan I2)', async () => {
    const codec = await loadSparkplugCodec();
    const trainer = await mqttConnect(l.mqttUrl, l.creds('trainer'));
    const seen = new Inbox(trainer);
    await trainer.subscribeAsync(['#', '$SYS/#'], { qos: 1 });
    // make the run eventful: commands, alarms, a rebirth, shots
    const cand = await mqttConnect(l.mqttUrl, l.creds('st1'));
    await cand.publishAsync(`${l.root}/st1/cmd/imm.running`, 'false', { qos: 1 });
    await cand.publishAsync(
      `spBv1.0/${group}/NCMD/st1`,
      Buffer.from(
        codec.encodePayload({ metrics: [{ name: 'Node Control/Rebirth', type: 'Boolean', value: true }] }),
      ),
    );
    await sleep(300);
    await cand.publishAsync(`${l.root}/st1/cmd/imm.running`, 'true', { qos: 1 });
    await sleep(700);
    await cand.endAsync();
    await trainer.endAsync();

    const trainerKeys = [...l.lab.stations.values()].flatMap((st) =>
      st.registry.signals.filter((s) => s.visibility === 'trainer').map((s) => s.key),
    );
    expect(trainerKeys.length).toBeGreaterThan(0);
    const canaryNum = String(CANARY_NUMBER).slice(0, 7); // "4242.42"
    const hits: string[] = [];
    let births = 0;
    for (const m of seen.messages) {
      let text = `${m.topic} ${m.payload.toString('latin1')}`;
      if (m.topic.startsWith('spBv1.0/') && !m.topic.startsWith('spBv1.0/STATE/')) {
        const p = codec.decodePayload(m.payload);
        if (m.topic.includes('BIRTH')) births++;
        text += JSON.stringify(p.metrics?.map((x) => [x.name, String(x.value)]));
      }
      for (const needle of [CANARY_TEXT, canaryNum, 'hidden', ...trainerKeys]) {
        if (text.includes(needle)) hits.push(`${needle} in ${m.topic}`);
      }
    }
    expect(seen.messages.length).toBeGreaterThan(100);
    expect(births).toBeGreaterThan(0);
    expect(seen.messages.some((m) => m.topic.endsWith('/imm/shot'))).toBe(true);
    expect(seen.messages.some((m) => m.topic.endsWith('/alarms'))).toBe(true);
    expect(hits).toEqual([]);
  });

  it('classifies every publish of a candidate (authorizePublish and Will rules)', () => {
    const acl = new Acl({ root: l.root, rootLevels: l.root.split('/'), group });
    const cand: Principal = {
      kind: 'candidate',
      user: 'st1',
      station: 'st1',
      id: { user: 'st1', kind: 'candidate', roles: ['operator', 'technician'], station: 'st1' },
    };
    const cases: [string, string | null][] = [
      [`${l.root}/st1/cmd/imm.job`, 'command'],
      [`${l.root}/st1/cmd/action/imm.reset_counter`, 'command'],
      [`${l.root}/st1/cmd/action`, null],
      [`${l.root}/st1/cmd/action/`, null],
      [`${l.root}/st1/cmd/action/a/b`, null],
      [`${l.root}/st1/cmd/reply`, null],
      [`${l.root}/st1/cmd/err`, null],
      [`${l.root}/st1/cmd/`, null],
      [`${l.root}/st1/cmd/a/b`, null],
      [`${l.root}/st1/imm/job`, null],
      [`${l.root}/st11/cmd/imm.job`, null],
      [`${l.root}/st2/cmd/imm.job`, null],
      [`plastlab/x/moulding/line1/st1/cmd/imm.job`, null],
      [`spBv1.0/${group}/NCMD/st1`, 'sparkplug-command'],
      [`spBv1.0/${group}/DCMD/st1/imm`, 'sparkplug-command'],
      [`spBv1.0/${group}/DCMD/st1`, null],
      [`spBv1.0/${group}/NCMD/st2`, null],
      [`spBv1.0/${group}/DDATA/st1/imm`, null],
      [`spBv1.0/${group}/NBIRTH/st1`, null],
      ['spBv1.0/STATE/st1', 'host-state'],
      ['spBv1.0/STATE/st2', null],
      ['$SYS/x', null],
    ];
    expect(cases.map(([t]) => [t, acl.publishKind(cand, t)])).toEqual(cases);
    const trainer: Principal = {
      kind: 'observer',
      user: 'trainer',
      id: { user: 'trainer', kind: 'trainer', roles: ['trainer'] },
    };
    expect(acl.publishKind(trainer, `${l.root}/st1/cmd/imm.job`)).toBeNull();
  });

  it('has a second check before each delivery (authorizeForward) with the same rules', () => {
    const acl = new Acl({ root: l.root, rootLevels: l.root.split('/'), group });
    const cand: Principal = {
      kind: 'candidate',
      user: 'st1',
      station: 'st1',
      id: { user: 'st1', kind: 'candidate', roles: ['operator', 'technician'], station: 'st1' },
    };
    const prefix = `${l.root}/st1/`;
    expect(acl.canReceive(cand, `${l.root}/st1/imm/mode`, prefix)).toBe(true);
    expect(acl.canReceive(cand, `${l.root}/st2/imm/mode`, prefix)).toBe(false);
    expect(acl.canReceive(cand, `${l.root}/st10/imm/mode`, prefix)).toBe(false);
    expect(acl.canReceive(cand, `spBv1.0/${group}/DDATA/st1/imm`, prefix)).toBe(true);
    expect(acl.canReceive(cand, `spBv1.0/${group}/NBIRTH/st1`, prefix)).toBe(true);
    expect(acl.canReceive(cand, `spBv1.0/${group}/DDATA/st11/imm`, prefix)).toBe(false);
    expect(acl.canReceive(cand, `spBv1.0/${group}/NBIRTH/st2`, prefix)).toBe(false);
    expect(acl.canReceive(cand, '$SYS/broker/heartbeat', prefix)).toBe(false);
    expect(acl.canReceive(cand, 'spBv1.0/STATE/st1', prefix)).toBe(true);
    expect(acl.canReceive(cand, 'spBv1.0/STATE/st2', prefix)).toBe(false);
  });
});

describe('MQTT resource limits per candidate', () => {
  let l: MqttLab;
  beforeAll(async () => {
    l = await startMqttLab({ stations: 2, mqtt: { maxClientsPerUser: 2 } });
  });
  afterAll(async () => {
    await l.close();
  });

  it('caps the connections of one user without starving the others (CONNACK 3)', async () => {
    const a = await mqttConnect(l.mqttUrl, l.creds('st1'));
    const b = await mqttConnect(l.mqttUrl, l.creds('st1'));
    expect(await connectError(mqttConnect(l.mqttUrl, l.creds('st1')))).toBe(3);
    const other = await mqttConnect(l.mqttUrl, l.creds('st2'));
    expect(other.connected).toBe(true);
    await a.endAsync();
    await sleep(50);
    const c = await mqttConnect(l.mqttUrl, l.creds('st1')); // a slot is free again
    await Promise.all([b.endAsync(), c.endAsync(), other.endAsync()]);
  });

  it('caps the number of subscriptions of one client', async () => {
    const c = await mqttConnect(l.mqttUrl, l.creds('st1'));
    const filters = Array.from({ length: 600 }, (_, i) => `${l.root}/st1/f${i}`);
    const granted = await grantedQos(c, filters);
    expect(granted.filter((g) => g === 0)).toHaveLength(500);
    expect(granted.slice(500).every((g) => g === 128)).toBe(true);
    await c.unsubscribeAsync(filters.slice(0, 10));
    expect(await grantedQos(c, [`${l.root}/st1/again`])).toEqual([0]);
    await c.endAsync();
  });

  it('keeps no persistent session: nothing is queued for an offline client', async () => {
    const first = await mqttConnect(l.mqttUrl, { ...l.creds('st1'), clientId: 'persistent', clean: false });
    await first.subscribeAsync(`${l.root}/st1/imm/shot`, { qos: 1 });
    await first.endAsync();
    await sleep(300); // shots happen meanwhile
    const again = await mqttConnect(l.mqttUrl, { ...l.creds('st1'), clientId: 'persistent', clean: false });
    const inbox = new Inbox(again);
    await sleep(200);
    expect(inbox.messages).toEqual([]);
    await again.endAsync();
  });
});
