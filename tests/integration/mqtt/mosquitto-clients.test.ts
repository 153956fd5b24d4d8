/**
 * Debian's `mosquitto_sub` / `mosquitto_pub` against the embedded broker, with station credentials:
 * what a process engineer does from a terminal (issue 5 "Tests").
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MqttLab, sleep, startMqttLab } from '../../helpers/mqtt-lab.ts';
import {
  mosquittoPub,
  mosquittoSub,
  mosquittoSubscriber,
  payloadLines,
} from '../../helpers/mqtt-mosquitto.ts';

describe('mosquitto_sub / mosquitto_pub against the embedded broker', () => {
  let l: MqttLab;
  let port: number;
  let auth: string[];
  beforeAll(async () => {
    l = await startMqttLab({ stations: 2 });
    port = l.service.tcpPort!;
    const c = l.creds('st1');
    auth = ['-u', c.username, '-P', c.password];
    await sleep(200); // a few ticks: the retained state is in place
  });
  afterAll(async () => {
    await l.close();
  });

  it('reads the retained UNS state with the station’s credentials', async () => {
    const r = await mosquittoSub(port, [
      ...auth,
      '-t',
      `${l.root}/st1/imm/barrel/temp_sp`,
      '-C',
      '1',
      '-W',
      '5',
      '-F',
      '%t|%r|%p',
    ]);
    expect(r.code).toBe(0);
    const [topic, retained, payload] = r.stdout.trim().split('|');
    expect(topic).toBe(`${l.root}/st1/imm/barrel/temp_sp`);
    expect(retained).toBe('1');
    expect(JSON.parse(payload!)).toMatchObject({ value: 220, unit: '°C', quality: 'Good' });
  });

  it('sends a command with mosquitto_pub and sees the accepted reply with mosquitto_sub', async () => {
    const sub = await mosquittoSubscriber(port, [
      ...auth,
      '-t',
      `${l.root}/st1/cmd/reply`,
      '-C',
      '1',
      '-W',
      '10',
    ]);
    const pub = await mosquittoPub(port, [
      ...auth,
      '-q',
      '1',
      '-t',
      `${l.root}/st1/cmd/imm.barrel.temp_sp`,
      '-m',
      '{"value": 240, "corr": "mosq-1", "reason": "from a terminal"}',
    ]);
    expect(pub.code).toBe(0);
    const out = await sub.done;
    expect(JSON.parse(payloadLines(out.stdout)[0]!)).toMatchObject({
      corr: 'mosq-1',
      status: 'accepted',
      applied: 240,
    });
    const st = l.lab.station('st1')!;
    expect(st.store.value(st.registry.indexOf('imm.barrel.temp_sp'))).toBe(240);
  });

  it('sees a rejected out-of-range value with its reason naming the signal and the limit', async () => {
    const sub = await mosquittoSubscriber(port, [
      ...auth,
      '-t',
      `${l.root}/st1/cmd/err`,
      '-C',
      '1',
      '-W',
      '10',
    ]);
    await mosquittoPub(port, [...auth, '-q', '1', '-t', `${l.root}/st1/cmd/imm.barrel.temp_sp`, '-m', '90']);
    const reply = JSON.parse(payloadLines((await sub.done).stdout)[0]!);
    expect(reply).toMatchObject({ status: 'rejected', code: 'out_of_range', signal: 'imm.barrel.temp_sp' });
    expect(reply.message).toBe('imm.barrel.temp_sp: 90 °C is below the minimum 150 °C');
    const st = l.lab.station('st1')!;
    expect(st.store.value(st.registry.indexOf('imm.barrel.temp_sp'))).toBe(240);
  });

  it('refuses a wrong password and anonymous access, and denies another station’s topics', async () => {
    const bad = await mosquittoSub(port, [
      '-u',
      'st1',
      '-P',
      'guess',
      '-t',
      `${l.root}/st1/#`,
      '-C',
      '1',
      '-W',
      '3',
    ]);
    expect(bad.stderr).toContain('bad user name or password');
    const anon = await mosquittoSub(port, ['-t', `${l.root}/st1/#`, '-C', '1', '-W', '3']);
    expect(anon.stderr).toContain('not authorised');
    const foreign = await mosquittoSub(port, [
      ...auth,
      '-t',
      `${l.root}/st2/#`,
      '-t',
      '#',
      '-C',
      '1',
      '-W',
      '3',
    ]);
    expect(foreign.stderr).toContain('All subscription requests were denied');
    expect(foreign.stdout).toBe('');
  });
});
