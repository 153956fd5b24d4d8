/**
 * Commands over MQTT (reliability-security §4.4): through the command API with the connection's
 * identity, answered on `…/cmd/reply` (rejections also on `…/cmd/err`); malformed, oversized and
 * refused commands never change state.
 */
import type { MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandRecord } from '../../../simulator/kernel/command-types.ts';
import { Inbox, type MqttLab, mqttConnect, sleep, startMqttLab } from '../../helpers/mqtt-lab.ts';

describe('MQTT commands', () => {
  let l: MqttLab;
  let c: MqttClient;
  let inbox: Inbox;
  const journal: CommandRecord[] = [];
  let n = 0;

  beforeAll(async () => {
    l = await startMqttLab({ stations: 2 });
    l.lab.station('st1')!.hooks.on('command', (r) => journal.push(r));
    c = await mqttConnect(l.mqttUrl, { ...l.creds('st1'), clientId: 'candidate-tool' });
    inbox = new Inbox(c);
    await c.subscribeAsync([`${l.root}/st1/cmd/reply`, `${l.root}/st1/cmd/err`], { qos: 1 });
  });
  afterAll(async () => {
    await c.endAsync();
    await l.close();
  });

  const st = () => l.lab.station('st1')!;
  const value = (key: string) => st().store.value(st().registry.indexOf(key));
  const cmd = (key: string) => `${l.root}/st1/cmd/${key}`;
  /** publish and wait for the reply carrying our correlation id (or, without one, the next reply) */
  async function send(topic: string, payload: string | Buffer, corr?: string) {
    const reply = inbox.next(
      (m) => m.topic.endsWith('/cmd/reply') && (corr === undefined || inbox.json(m).corr === corr),
      5000,
      `reply ${corr ?? ''}`,
    );
    await c.publishAsync(topic, payload, { qos: 1 });
    return inbox.json(await reply);
  }

  it('applies a write through the command API with the identity of the connection', async () => {
    const corr = `c${++n}`;
    const r = await send(
      cmd('imm.barrel.temp_sp'),
      JSON.stringify({ value: 245.5, corr, reason: 'warm-up' }),
      corr,
    );
    expect(r).toMatchObject({
      corr,
      signal: 'imm.barrel.temp_sp',
      status: 'accepted',
      applied: 245.5,
      previous: 220,
      channel: 'mqtt',
    });
    expect(value('imm.barrel.temp_sp')).toBe(245.5);
    const rec = journal.find((x) => x.corr === corr)!;
    expect(rec.actor).toMatchObject({
      user: 'st1',
      channel: 'mqtt',
      station: 'st1',
      roles: ['operator', 'technician'],
    });
    expect(rec.actor.client).toMatch(/^candidate-tool@/);
    expect(rec.input).toEqual({
      kind: 'write',
      signal: 'imm.barrel.temp_sp',
      value: 245.5,
      reason: 'warm-up',
    });
  });

  it('accepts a bare JSON value and an enum by name', async () => {
    expect(await send(cmd('imm.barrel.temp_sp'), '230')).toMatchObject({
      status: 'accepted',
      applied: 230,
      corr: null,
    });
    expect(await send(cmd('imm.mode'), '"manual"')).toMatchObject({ status: 'accepted', applied: 0 });
    expect(await send(cmd('imm.job'), JSON.stringify({ value: 'J-042' }))).toMatchObject({
      status: 'accepted',
    });
    expect(value('imm.mode')).toBe(0);
    expect(value('imm.job')).toBe('J-042');
  });

  it('refuses an out-of-range value with the signal and the limit, copied on cmd/err, state unchanged', async () => {
    const before = value('imm.barrel.temp_sp');
    const corr = `c${++n}`;
    const err = inbox.next((m) => m.topic.endsWith('/cmd/err') && inbox.json(m).corr === corr);
    const r = await send(cmd('imm.barrel.temp_sp'), JSON.stringify({ value: 999, corr }), corr);
    expect(r).toMatchObject({ corr, status: 'rejected', code: 'out_of_range', signal: 'imm.barrel.temp_sp' });
    expect(r.message).toContain('imm.barrel.temp_sp');
    expect(r.message).toContain('maximum 300');
    expect(inbox.json(await err)).toEqual(r);
    expect(value('imm.barrel.temp_sp')).toBe(before);
  });

  it.each([
    ['not JSON', 'hot please', /not JSON/],
    ['invalid UTF-8', Buffer.from([0x7b, 0xc3, 0x28, 0x7d]), /UTF-8/],
    ['U+0000', '"a\u0000b"', /U\+0000/],
    ['an unknown field', '{"value": 200, "actor": "trainer"}', /unknown field "actor"/],
    ['no value', '{"corr": "x"}', /missing "value"/],
    ['an empty payload', '', /empty payload/],
    ['a bad corr', '{"value": 200, "corr": 12}', /"corr" must be a string/],
    ['a wrong type', '{"value": "hot"}', /expected a number/],
    ['a non-finite number', '{"value": 1e999}', /not a finite number/],
  ])('refuses %s with a reason and changes nothing', async (_what, payload, reason) => {
    const setpoint = value('imm.barrel.temp_sp');
    const r = await send(cmd('imm.barrel.temp_sp'), payload);
    expect(r.status).toBe('rejected');
    expect(r.message).toMatch(reason);
    expect(value('imm.barrel.temp_sp')).toBe(setpoint);
  });

  it('refuses an oversized payload with a reply, without dropping the connection', async () => {
    const big = JSON.stringify({ value: 200, pad: 'x'.repeat(100 * 1024) });
    const r = await send(cmd('imm.barrel.temp_sp'), big);
    expect(r).toMatchObject({ status: 'rejected', code: 'payload_too_large' });
    expect(r.message).toContain(`${Buffer.byteLength(big)} bytes`);
    expect(r.message).toContain('65536');
    expect(c.connected).toBe(true);
    expect(l.health().mqtt.oversized_payloads).toBeGreaterThan(0);
  });

  it('makes trainer-only signals, signals without an MQTT channel and unknown ones look alike', async () => {
    const msgs = [];
    for (const key of ['imm.hidden.check_ring_gap', 'imm.panel.note', 'imm.no_such_signal']) {
      const r = await send(cmd(key), '1');
      expect(r).toMatchObject({ status: 'rejected', code: 'unknown_signal', signal: key });
      msgs.push(r.message.replace(key, '<key>'));
    }
    expect(new Set(msgs).size).toBe(1);
    expect(value('imm.hidden.check_ring_gap')).toBeGreaterThan(4000);
  });

  it('refuses a read-only signal and a write the role may not do', async () => {
    expect(await send(cmd('imm.barrel.temp_pv'), '100')).toMatchObject({
      status: 'rejected',
      code: 'not_writable',
    });
  });

  it('runs a named action with its precondition checked at the boundary', async () => {
    const corr = `c${++n}`;
    const refused = await send(
      `${l.root}/st1/cmd/action/imm.reset_counter`,
      JSON.stringify({ args: { to: 5 }, corr }),
      corr,
    );
    expect(refused).toMatchObject({ action: 'imm.reset_counter', status: 'rejected', code: 'precondition' });
    expect(refused.message).toContain('stop the machine first');
    expect(await send(cmd('imm.running'), 'false')).toMatchObject({ status: 'accepted' });
    const ok = await send(`${l.root}/st1/cmd/action/imm.reset_counter`, JSON.stringify({ args: { to: 5 } }));
    expect(ok).toMatchObject({ status: 'accepted', result: { cycle_count: 5 } });
    expect(value('imm.cycle_count')).toBe(5);
    expect(await send(`${l.root}/st1/cmd/action/imm.reset_counter`, '{"args": {"to": -1}}')).toMatchObject({
      status: 'rejected',
      code: 'invalid_args',
    });
    expect(await send(`${l.root}/st1/cmd/action/no.such_action`, '')).toMatchObject({
      code: 'unknown_action',
    });
    expect(await send(cmd('imm.running'), 'true')).toMatchObject({ status: 'accepted' });
  });

  it('does not keep a command retained (it would replay to every new subscriber)', async () => {
    await c.publishAsync(cmd('imm.job'), '"J-RET"', { qos: 1, retain: true });
    await inbox.next((m) => m.topic.endsWith('/cmd/reply'));
    const late = await mqttConnect(l.mqttUrl, l.creds('st1'));
    const lateInbox = new Inbox(late);
    await late.subscribeAsync(`${l.root}/st1/cmd/+`);
    await sleep(200);
    expect(lateInbox.messages.filter((m) => m.retain)).toEqual([]);
    await late.endAsync();
  });

  it('never takes the actor from the payload, and a candidate of station 2 cannot command station 1', async () => {
    const other = await mqttConnect(l.mqttUrl, l.creds('st2'));
    const closed = new Promise<void>((r) => other.once('close', () => r()));
    const before = value('imm.barrel.temp_sp');
    other.publish(cmd('imm.barrel.temp_sp'), '151');
    await closed; // [MQTT-3.3.5-2]: an unauthorised PUBLISH closes the connection
    await sleep(100);
    expect(value('imm.barrel.temp_sp')).toBe(before);
    expect(journal.every((r) => r.actor.user === 'st1')).toBe(true);
    other.end(true);
  });
});
