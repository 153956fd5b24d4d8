/**
 * The MES on the MQTT Unified Namespace: retained state under `plastlab/<site>/<area>/<line>/<station>/mes/…`,
 * one event per MES action, the job-interface signals published by the MQTT adapter; a candidate sees their
 * own station only and never a trainer-only action.
 */
import type { MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MesLab, startMesLab } from '../../helpers/mes-lab.ts';
import { grantedQos, Inbox, mqttConnect, sleep } from '../../helpers/mqtt-lab.ts';

let L: MesLab;
let client: MqttClient;
let inbox: Inbox;
let root = '';

beforeAll(async () => {
  L = await startMesLab({
    stations: 2,
    config: { mqtt: { enabled: true, port: 0, websocket: false, sparkplug: { enabled: false } } },
  });
  L.ff(5 * 60_000);
  const acc = L.running.lab.credentials.forStation('st1')!;
  const mqttPort = (L.running.banner.join('\n').match(/mqtt:\/\/[^:\s]+:(\d+)/) ?? [])[1];
  client = await mqttConnect(`mqtt://127.0.0.1:${mqttPort}`, { username: acc.user, password: acc.password });
  inbox = new Inbox(client);
  root = `plastlab/site1/moulding/line1`;
});

afterAll(async () => {
  await client?.endAsync();
  await L.close();
});

/** Step the lab until the bridge publishes (it waits 10 s of simulation and 1 s of wall time between rounds). */
async function nextRound() {
  await sleep(1100);
  L.ff(11_000);
}

describe('MES on the MQTT Unified Namespace', () => {
  it('publishes the order, counts, OEE, downtime, quality and work orders as retained JSON', async () => {
    expect(await grantedQos(client, [`${root}/st1/mes/#`])).toEqual([0]);
    await nextRound();
    for (const leaf of ['order', 'counts', 'oee', 'downtime', 'quality', 'workorders']) {
      const m = await inbox.wait((x) => x.topic === `${root}/st1/mes/${leaf}`, 5000, `mes/${leaf}`);
      expect(m.payload.length).toBeGreaterThan(2);
    }
    const order = inbox.json(inbox.messages.findLast((x) => x.topic.endsWith('/mes/order'))!);
    expect(order.job).toMatchObject({ JobName: 'MO-24017', status: 'JOB_IN_PRODUCTION' });
    // the state of this round (the retained one may be from the start)
    const oee = inbox.json(
      await inbox.wait(
        (x) => x.topic.endsWith('/st1/mes/oee') && inbox.json(x).lastHour.shots > 10,
        5000,
        'OEE with shots',
      ),
    );
    expect(oee.lastHour.oee).toBeGreaterThan(0.5);
    const wo = inbox.json(inbox.messages.findLast((x) => x.topic.endsWith('/mes/workorders'))!);
    expect(wo.plansDue.map((p: { id: string }) => p.id)).toContain('PM_TCU2_FILTER');
    // the job-interface signals come from the adapter itself, from the signal registry
    await inbox.wait(
      (x) => x.topic === `${root}/st1/mes/status/automatic_run_enabled`,
      5000,
      'AutomaticRunEnabled',
    );
  });

  it('publishes one event per MES action, without its author, and none for a trainer-only action', async () => {
    const tok = await L.token('st1');
    const r = await L.call(tok, 'POST', '/api/stations/st1/gmao/work-orders', {
      equipment: 'conveyor',
      title: 'belt noise',
    });
    expect(r.status).toBe(200);
    const ev = await inbox.wait(
      (x) => x.topic === `${root}/st1/mes/events` && inbox.json(x).action === 'gmao.open_work_order',
      5000,
      'mes/events',
    );
    expect(inbox.json(ev).result).toMatchObject({ id: r.body.result.id, status: 'open' });
    expect(ev.retain).toBe(false);
    const trainer = await L.token('trainer');
    const t = await L.call(trainer, 'POST', '/api/stations/st1/commands', {
      kind: 'action',
      action: 'gmao.set_counter',
      args: { equipment: 'robot', counter: 'shots', value: 900_000 },
    });
    expect(t.status).toBe(200);
    await L.call(tok, 'POST', '/api/stations/st1/mes/message', { message: 'marker' });
    await inbox.wait(
      (x) => x.topic.endsWith('/mes/events') && inbox.json(x).action === 'mes.set_message',
      5000,
      'marker',
    );
    const events = inbox.messages
      .filter((x) => x.topic.endsWith('/mes/events'))
      .map((x) => inbox.json(x).action);
    expect(events).not.toContain('gmao.set_counter');
    for (const m of inbox.messages) {
      const text = m.payload.toString('utf8');
      expect(text).not.toContain('set_counter');
      expect(text).not.toContain('"by":"trainer"');
    }
  });

  it("keeps a candidate out of another station's MES topics", async () => {
    expect(await grantedQos(client, [`${root}/st2/mes/#`])).toEqual([128]);
    await nextRound();
    expect(inbox.messages.some((x) => x.topic.includes('/st2/'))).toBe(false);
  });
});
