/**
 * External-broker mode against a real Debian `mosquitto` on a free loopback port, configured as in
 * docs/mqtt.md: `allow_anonymous false`, a password file made with `mosquitto_passwd -b` from the lab's
 * credentials, and `pattern` ACLs per station.
 */
import type { MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSparkplugCodec } from '../../../simulator/adapters/mqtt/sparkplug.ts';
import type { CommandRecord } from '../../../simulator/kernel/command-types.ts';
import { CredentialStore } from '../../../simulator/session/credentials.ts';
import { tempDir } from '../../helpers/lab.ts';
import { Inbox, type MqttLab, mqttConnect, sleep, startMqttLab } from '../../helpers/mqtt-lab.ts';
import { type Mosquitto, startMosquitto } from '../../helpers/mqtt-mosquitto.ts';

const ROOT = 'plastlab/site1/moulding/line1';
const G = 'site1-line1';

/** The ACL file of docs/mqtt.md for this lab. */
const ACL = `# the lab's service account: publishes the trees, reads the commands
user plastlab-svc
topic readwrite plastlab/#
topic readwrite spBv1.0/#

# trainer and jury: read-only over every station
user trainer
topic read plastlab/#
topic read spBv1.0/#
user jury
topic read plastlab/#
topic read spBv1.0/#

# each candidate (user name = station id): its own station only
pattern read ${ROOT}/%u/#
pattern write ${ROOT}/%u/cmd/+
pattern write ${ROOT}/%u/cmd/action/+
pattern read spBv1.0/${G}/+/%u/#
pattern write spBv1.0/${G}/NCMD/%u
pattern write spBv1.0/${G}/DCMD/%u/+
pattern readwrite spBv1.0/STATE/%u
`;

describe('external broker (Mosquitto)', () => {
  let mosq: Mosquitto;
  let l: MqttLab;
  let creds: CredentialStore;
  const journal: CommandRecord[] = [];
  let c1: MqttClient;
  let inbox: Inbox;

  beforeAll(async () => {
    const tmp = tempDir('plastlab-mqtt-ext-');
    creds = CredentialStore.loadOrCreate(tmp.dir, ['st1', 'st2']);
    const users: Record<string, string> = { 'plastlab-svc': 'service-secret-1' };
    for (const u of ['st1', 'st2', 'trainer', 'jury']) users[u] = creds.account(u)!.password;
    mosq = await startMosquitto(users, ACL);
    // a retained command left on the broker before the lab starts must never be executed
    const early = await mqttConnect(mosq.url, { username: 'st1', password: users.st1 });
    await early.publishAsync(`${ROOT}/st1/cmd/imm.job`, '"J-STALE"', { qos: 1, retain: true });
    await early.endAsync();
    l = await startMqttLab({
      stations: 2,
      dataDir: tmp.dir,
      mqtt: { externalUrl: mosq.url, username: 'plastlab-svc', password: 'service-secret-1' },
    });
    l.lab.station('st1')!.hooks.on('command', (r) => journal.push(r));
    c1 = await mqttConnect(mosq.url, l.creds('st1'));
    inbox = new Inbox(c1);
    await c1.subscribeAsync([`${ROOT}/st1/#`, `spBv1.0/${G}/+/st1/#`], { qos: 1 });
  });
  afterAll(async () => {
    await c1?.endAsync();
    await l?.close();
    await mosq?.stop();
  });

  it('publishes the retained UNS state on the external broker, readable with station credentials', async () => {
    const m = await inbox.wait((x) => x.topic === `${ROOT}/st1/imm/barrel/temp_sp`);
    expect(inbox.json(m)).toMatchObject({ value: 220, unit: '°C', quality: 'Good' });
    const late = await mqttConnect(mosq.url, l.creds('st1'));
    const lateInbox = new Inbox(late);
    await late.subscribeAsync(`${ROOT}/st1/imm/mode`);
    const r = await lateInbox.wait(() => true);
    expect(r.retain).toBe(true);
    expect(lateInbox.json(r).value).toBe('auto');
    await late.endAsync();
    expect(l.health().mqtt).toMatchObject({ mode: 'external', connected: true });
  });

  it('round-trips a command through Mosquitto, and answers a refusal with its reason', async () => {
    const reply = inbox.next((x) => x.topic === `${ROOT}/st1/cmd/reply` && inbox.json(x).corr === 'ext-1');
    await c1.publishAsync(
      `${ROOT}/st1/cmd/imm.barrel.temp_sp`,
      JSON.stringify({ value: 233, corr: 'ext-1' }),
      { qos: 1 },
    );
    expect(inbox.json(await reply)).toMatchObject({ status: 'accepted', applied: 233 });
    const st = l.lab.station('st1')!;
    expect(st.store.value(st.registry.indexOf('imm.barrel.temp_sp'))).toBe(233);
    const rec = journal.find((r) => r.corr === 'ext-1')!;
    // the trusted service identity, scoped to the topic's station, with candidate roles only
    expect(rec.actor).toMatchObject({
      user: 'plastlab-svc',
      station: 'st1',
      channel: 'mqtt',
      roles: ['operator', 'technician'],
    });
    const bad = inbox.next((x) => x.topic === `${ROOT}/st1/cmd/reply` && inbox.json(x).corr === 'ext-2');
    await c1.publishAsync(
      `${ROOT}/st1/cmd/imm.barrel.temp_sp`,
      JSON.stringify({ value: 301, corr: 'ext-2' }),
      { qos: 1 },
    );
    const r = inbox.json(await bad);
    expect(r).toMatchObject({ status: 'rejected', code: 'out_of_range' });
    expect(r.message).toContain('maximum 300');
    expect(st.store.value(st.registry.indexOf('imm.barrel.temp_sp'))).toBe(233);
  });

  it('ignored the retained command found on the broker at start', () => {
    const st = l.lab.station('st1')!;
    expect(st.store.value(st.registry.indexOf('imm.job'))).toBe('J-001');
    expect(journal.some((r) => r.input.kind === 'write' && r.input.value === 'J-STALE')).toBe(false);
    expect(l.health().mqtt.ignored_retained).toBeGreaterThanOrEqual(1);
  });

  it('runs the Sparkplug edge nodes on the external broker, DCMD included', async () => {
    const codec = await loadSparkplugCodec();
    await c1.publishAsync(
      `spBv1.0/${G}/NCMD/st1`,
      Buffer.from(
        codec.encodePayload({ metrics: [{ name: 'Node Control/Rebirth', type: 'Boolean', value: true }] }),
      ),
    );
    const nb = await inbox.wait((x) => x.topic === `spBv1.0/${G}/NBIRTH/st1`);
    expect(codec.decodePayload(nb.payload).metrics?.map((m) => m.name)).toContain('bdSeq');
    await c1.publishAsync(
      `spBv1.0/${G}/DCMD/st1/mould`,
      Buffer.from(codec.encodePayload({ metrics: [{ name: 'zone1/temp_sp', type: 'Double', value: 61 }] })),
    );
    await inbox.wait(
      (x) =>
        x.topic === `spBv1.0/${G}/DDATA/st1/mould` &&
        (codec.decodePayload(x.payload).metrics ?? []).some(
          (m) => m.name === 'zone1/temp_sp' && m.value === 61,
        ),
    );
    const rec = journal.find((r) => r.input.kind === 'write' && r.input.signal === 'mould.zone1.temp_sp')!;
    expect(rec.actor).toMatchObject({ channel: 'sparkplug', station: 'st1' });
  });

  it('keeps each candidate to its own station through the broker’s ACL', async () => {
    const c2 = await mqttConnect(mosq.url, l.creds('st2'));
    const box2 = new Inbox(c2);
    await c2.subscribeAsync(['#', `${ROOT}/st1/#`, `spBv1.0/${G}/+/st1/#`]).catch(() => undefined);
    await c2.publishAsync(`${ROOT}/st1/cmd/imm.barrel.temp_sp`, '199', { qos: 1 }).catch(() => undefined);
    await sleep(500);
    expect(box2.messages.filter((m) => m.topic.includes('/st1')).map((m) => m.topic)).toEqual([]);
    const st = l.lab.station('st1')!;
    expect(st.store.value(st.registry.indexOf('imm.barrel.temp_sp'))).toBe(233);
    await c2.endAsync();
  });
});
