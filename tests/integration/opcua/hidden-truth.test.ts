/**
 * Hidden truth through OPC UA (reliability-security T1, OPC-1, OPC-6, I1): a candidate of station 1
 * browses everything from Root (depth ≤ 10), reads every attribute of every node, subscribes to every
 * variable and to the events, and finds no trainer-only value or key, nothing of station 2 and no other
 * session's user name, while the trainer is connected too. Official NodeSets: the largest surface.
 */
import {
  AttributeIds,
  ClientMonitoredItemGroup,
  ClientSubscription,
  type DataValue,
  NodeClass,
  TimestampsToReturn,
} from 'node-opcua';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browseAll, collectEvents, readAllAttributes, until } from '../../helpers/opcua-client.ts';
import { type Connected, connect, type OpcuaLab, startOpcuaLab } from '../../helpers/opcua-lab.ts';
import { CANARY_NUMBER, CANARY_TEXT, OpcuaTestCell } from '../../helpers/opcua-model.ts';

describe('OPC UA hidden truth (official NodeSets, two stations)', () => {
  let L: OpcuaLab;
  let cand: Connected;
  let trainer: Connected;

  beforeAll(async () => {
    L = await startOpcuaLab({ stations: 2, nodesets: true, models: () => [new OpcuaTestCell(3)] });
    trainer = await connect(L.url('st1'), { user: 'trainer', password: L.password('trainer') });
    cand = await connect(L.url('st1'), { user: 'st1', password: L.password('st1') });
  });

  afterAll(async () => {
    await cand?.close();
    await trainer?.close();
    await L?.close();
  });

  const forbidden = (): string[] => {
    const trainerOnly = L.lab.station('st1')!.registry.signals.filter((s) => s.visibility === 'trainer');
    expect(trainerOnly.length).toBeGreaterThan(0);
    return [
      CANARY_TEXT,
      String(CANARY_NUMBER),
      ...trainerOnly.flatMap((s) => [s.key, s.id]),
      'st2',
      L.password('st1'),
      L.password('trainer'),
      '"trainer"',
    ];
  };

  it('a full browse from Root with every attribute read reveals nothing hidden', async () => {
    const nodes = await browseAll(cand.session, 10);
    expect(nodes.length).toBeGreaterThan(1000);
    expect(nodes.some((n) => n.path.endsWith('ActualTemperature'))).toBe(true);
    const texts = await readAllAttributes(cand.session, nodes);
    const all = `${nodes.map((n) => n.path).join('\n')}\n${texts.join('\n')}`;
    for (const f of forbidden()) expect(all.includes(f), f).toBe(false);
  });

  it('subscribing to every variable and to the events reveals nothing hidden', async () => {
    const nodes = (await browseAll(cand.session, 10)).filter(
      (n) => n.nodeClass === NodeClass.Variable && n.path.startsWith('Root/Objects/'),
    );
    const sub = ClientSubscription.create(cand.session, {
      requestedPublishingInterval: 100,
      requestedLifetimeCount: 600,
      requestedMaxKeepAliveCount: 20,
      maxNotificationsPerPublish: 0,
      publishingEnabled: true,
    });
    const seen: string[] = [];
    const group = ClientMonitoredItemGroup.create(
      sub,
      nodes.map((n) => ({ nodeId: n.nodeId, attributeId: AttributeIds.Value })),
      { samplingInterval: 100, queueSize: 1, discardOldest: true },
      TimestampsToReturn.Both,
    );
    group.on('changed', (_item, dv: DataValue) => seen.push(JSON.stringify(dv.value.value)));
    const events = await collectEvents(cand.session, 'i=2253', [['EventType'], ['Message'], ['SourceName']]);
    await until(() => events.events.length >= 2 && seen.length > nodes.length / 2, 10_000);
    const all = `${seen.join('\n')}\n${JSON.stringify(events.events.map((e) => e.map((v) => v.value)))}`;
    for (const f of forbidden()) expect(all.includes(f), f).toBe(false);
    await events.stop();
    await sub.terminate();
  });

  it('diagnostics are off: no session of anyone else can be read', async () => {
    const enabled = await cand.session.read({ nodeId: 'i=2294', attributeId: AttributeIds.Value });
    expect(enabled.statusCode.isGood() && enabled.value.value === true).toBe(false);
    for (const nodeId of ['i=3707', 'i=3708', 'i=2275']) {
      const dv = await cand.session.read({ nodeId, attributeId: AttributeIds.Value });
      expect(dv.statusCode.isGood(), nodeId).toBe(false);
    }
    const perSession = await cand.session.browse('i=3706');
    for (const ref of perSession.references ?? []) {
      const dv = await cand.session.read({ nodeId: ref.nodeId, attributeId: AttributeIds.BrowseName });
      expect(dv.statusCode.isGood(), ref.browseName.toString()).toBe(false);
    }
  });
});
