/**
 * The HMI's socket.io channel against a lab started in-process (issue 6): authentication, snapshot and
 * per-tick deltas that rebuild the station's values, access levels that only narrow, commands with
 * reasons and idempotency keys, alarms and their acknowledgement, views, the logbook and the diagnosis
 * versions — each checked against the journal and the REST routes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WireAlarm, WireLogbookEntry } from '../../../simulator/server/realtime/wire.ts';
import { connectError, connectHmi, type HmiClient, type HmiLab, startHmiLab } from '../../helpers/hmi-lab.ts';

const diagnosis = {
  symptoms: ['zone 2 below set point', 'dosing time up'],
  rootCause: { equipment: 'barrel', component: 'z2_heater', failureMode: 'open_circuit' },
  evidence: [{ kind: 'signal', ref: 'imm.zone2.temp_actual', from: 1000, to: 2000, note: 'falls 30 K' }],
  explanation: 'the zone output is saturated while the temperature falls',
  corrective: 'replace the band under lockout',
  preventive: 'check heater currents weekly',
};

describe('HMI realtime channel', () => {
  let lab: HmiLab;
  let token = '';
  let tech: HmiClient;

  beforeAll(async () => {
    lab = await startHmiLab({ stations: 2 });
    token = await lab.candidate('st1');
    tech = await connectHmi(lab.url, { token, level: 'technician' });
  });

  afterAll(async () => {
    tech?.close();
    await lab.close();
  });

  const api = async (path: string, init: RequestInit = {}, tk = token) =>
    fetch(`${lab.url}${path}`, {
      ...init,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${tk}`, ...(init.headers ?? {}) },
    });

  it('refuses a connection without a valid token, and never lets a candidate pick a station', async () => {
    expect(await connectError(lab.url, {})).toBe('unauthorized');
    expect(await connectError(lab.url, { token: 'forged' })).toBe('unauthorized');
    const c = await connectHmi(lab.url, { token, station: 'st2' });
    expect(c.snapshot!.station).toBe('st1');
    c.close();
  });

  it('sends a snapshot of candidate-visible signals, then deltas that rebuild the station exactly', async () => {
    const snap = tech.snapshot!;
    const st = lab.running.lab.station('st1')!;
    const visible = st.registry.candidateSignals().map((s) => s.key);
    expect(snap.keys.map((k) => k.key)).toEqual(visible);
    expect(snap.level).toBe('technician');
    const before = tech.count('d');
    await tech.until(() => tech.count('d') >= before + 5, 5000, 'five deltas');
    // stop the clock, let the last frame arrive, then compare with the REST values route
    lab.running.lab.pacer.stop();
    try {
      const tick = st.clock.tick;
      await tech.until(
        () => tech.received.some((r) => r.name === 'd' && (r.payload as { s: number }).s === tick),
        2000,
        'last tick',
      );
      const rest = (await (await api(`/api/stations/st1/values?keys=${visible.join(',')}`)).json()) as Record<
        string,
        { value: unknown }
      >;
      for (const key of visible) expect(tech.values.get(key)?.value, key).toEqual(rest[key]!.value);
    } finally {
      lab.running.lab.pacer.start();
    }
    // one delta per tick at most: tick numbers strictly increase
    const ticks = tech.received.filter((r) => r.name === 'd').map((r) => (r.payload as { s: number }).s);
    for (let i = 1; i < ticks.length; i++) expect(ticks[i]!).toBeGreaterThan(ticks[i - 1]!);
  });

  it('narrows the roles to the selected level: an operator cannot write a technician set point', async () => {
    const op = await connectHmi(lab.url, { token, level: 'operator' });
    const meta = op.snapshot!.keys.find((k) => k.key === 'imm.hold_pressure_sp')!;
    expect(meta).toMatchObject({ writeLevel: 'technician', writable: false });
    const refused = await op.ack('command', {
      kind: 'write',
      signal: 'imm.hold_pressure_sp',
      value: 50,
      reason: 'correction: test',
    });
    expect(refused).toMatchObject({ ok: false, error: 'forbidden' });
    expect(refused.message).toContain('imm.hold_pressure_sp');
    const ok = await op.ack('command', {
      kind: 'write',
      signal: 'tcu1.supply_temp_sp',
      value: 42,
      reason: 'correction: test',
    });
    expect(ok).toMatchObject({ ok: true, previous: 40, applied: 42 });
    // a forged level never widens: "trainer" is read as operator
    const forged = await connectHmi(lab.url, { token, level: 'trainer' });
    expect(forged.snapshot!.level).toBe('operator');
    op.close();
    forged.close();
  });

  it('applies a set point with its reason, refuses an out-of-range one with the limit, and logs the change', async () => {
    const ok = await tech.ack('command', {
      kind: 'write',
      signal: 'imm.hold_pressure_sp',
      value: 48,
      reason: 'correction: re-centre',
    });
    expect(ok).toMatchObject({ ok: true, previous: 45, applied: 48 });
    const bad = await tech.ack('command', {
      kind: 'write',
      signal: 'imm.hold_pressure_sp',
      value: 800,
      reason: 'x',
    });
    expect(bad).toMatchObject({ ok: false, error: 'out_of_range' });
    expect(bad.message).toContain('maximum 80');
    const noReason = await tech.ack('command', { kind: 'write', signal: 'imm.hold_pressure_sp', value: 47 });
    expect(noReason).toMatchObject({ ok: false, error: 'invalid' });
    await tech.until(
      () => tech.received.some((r) => r.name === 'logbook' && (r.payload as WireLogbookEntry).new === 48),
      3000,
      'logbook event',
    );
    const book = (await (await api('/api/stations/st1/logbook')).json()) as WireLogbookEntry[];
    const e = book.find((x) => x.signal === 'imm.hold_pressure_sp' && x.new === 48)!;
    expect(e).toMatchObject({ old: 45, channel: 'hmi', user: 'st1', reason: 'correction: re-centre' });
  });

  it('applies a command re-sent with the same idempotency key exactly once', async () => {
    const cmd = {
      kind: 'write',
      signal: 'tcu1.supply_temp_sp',
      value: 43,
      reason: 'test: idem',
      id: 'cmd-42',
    };
    const [a, b] = await Promise.all([tech.ack('command', cmd), tech.ack('command', cmd)]);
    expect(a).toMatchObject({ ok: true, applied: 43 });
    expect(b).toMatchObject({ ok: true, applied: 43, duplicate: true });
    const again = await tech.ack('command', cmd);
    expect(again.duplicate).toBe(true);
    const entries = lab.running.lab.journal
      .read({ station: 'st1', types: ['command'] })
      .filter((e) => (e.payload as { corr?: string }).corr === 'cmd-42');
    expect(entries).toHaveLength(1);
  });

  it('refuses and journals an attempt on another station or a forged trainer call', async () => {
    const other = await tech.ack('command', {
      kind: 'write',
      signal: 'tcu1.supply_temp_sp',
      value: 44,
      reason: 'x',
      station: 'st2',
    });
    expect(other).toMatchObject({ ok: false, error: 'other_station' });
    const forged = await tech.ack('fault.inject', { id: 'F01' });
    expect(forged).toMatchObject({ ok: false, error: 'unknown_event' });
    const trainerAction = await tech.ack('command', {
      kind: 'action',
      action: 'fault.canary_inject',
      args: {},
    });
    expect(trainerAction).toMatchObject({ ok: false, error: 'unknown_action' });
    const events = lab.running.lab.journal.read({ station: 'st1', types: ['event'] }).map((e) => e.payload);
    expect(events).toContainEqual(expect.objectContaining({ refused: 'command', reason: 'other_station' }));
    expect(events).toContainEqual(
      expect.objectContaining({ refused: 'fault.inject', reason: 'forged_trainer_call' }),
    );
    const st2 = lab.running.lab.station('st2')!;
    expect(st2.store.value(st2.registry.indexOf('tcu1.supply_temp_sp'))).toBe(40);
  });

  it('journals views with the identity, and refuses unknown targets the same way as hidden ones', async () => {
    expect(await tech.ack('view', { screen: 'faceplate', target: 'imm' })).toEqual({ ok: true });
    expect(
      await tech.ack('view', { screen: 'trends', signals: ['imm.zone2.temp_actual'], from: 1, to: 2 }),
    ).toEqual({ ok: true });
    const hidden = await tech.ack('view', { screen: 'trends', signals: ['imm.heater_health'] });
    const absent = await tech.ack('view', { screen: 'trends', signals: ['imm.nothing_here'] });
    expect(hidden).toMatchObject({ ok: false, error: 'invalid' });
    expect(hidden.message).toBe('signals: imm.heater_health: unknown signal');
    expect(absent.message).toBe('signals: imm.nothing_here: unknown signal');
    expect((await tech.ack('view', { screen: 'faceplate', target: 'ghost' })).ok).toBe(false);
    const views = lab.running.lab.journal.read({ station: 'st1', types: ['view'] });
    expect(views.map((v) => v.payload)).toContainEqual({ screen: 'faceplate', target: 'imm' });
    const v = views.find((x) => (x.payload as { screen: string }).screen === 'trends')!;
    expect(v.actor).toMatchObject({ user: 'st1', channel: 'hmi', roles: ['operator', 'technician'] });
    expect(views.map((x) => x.payload)).toContainEqual({ screen: 'access_level', target: 'technician' });
  });

  it('raises an alarm, acknowledges it through the command API, and refuses a second acknowledgement', async () => {
    const set = await tech.ack('command', {
      kind: 'write',
      signal: 'imm.zone3.temp_sp',
      value: 280,
      reason: 'test: alarm',
    });
    expect(set.ok).toBe(true);
    await tech.until(
      () => tech.received.some((r) => r.name === 'alarm' && (r.payload as WireAlarm).code === 'ZONE3_DEV'),
      5000,
      'alarm',
    );
    const active = (await (await api('/api/stations/st1/alarms')).json()) as { active: WireAlarm[] };
    expect(active.active).toContainEqual(
      expect.objectContaining({ code: 'ZONE3_DEV', active: true, acked: false }),
    );
    const ack = await tech.ack('alarm.ack', { equipment: 'imm', code: 'ZONE3_DEV' });
    expect(ack.ok).toBe(true);
    await tech.until(
      () => tech.received.some((r) => r.name === 'alarm' && (r.payload as WireAlarm).acked === true),
      3000,
      'acknowledged alarm',
    );
    const again = await tech.ack('alarm.ack', { equipment: 'imm', code: 'ZONE3_DEV' });
    expect(again).toMatchObject({ ok: false, error: 'precondition' });
    expect(again.message).toContain('already acknowledged');
    const cmds = lab.running.lab.journal.read({ station: 'st1', types: ['command'] });
    expect(cmds.map((c) => c.payload)).toContainEqual(
      expect.objectContaining({
        status: 'accepted',
        input: expect.objectContaining({ action: 'alarm.ack' }),
      }),
    );
  });

  it('locks the first diagnosis and makes a resubmission version 2, both journaled', async () => {
    const first = await tech.ack('diagnosis.submit', { expectedVersion: 0, diagnosis });
    expect(first).toMatchObject({ ok: true, version: 1 });
    const twice = await tech.ack('diagnosis.submit', { expectedVersion: 0, diagnosis });
    expect(twice).toMatchObject({ ok: false, error: 'version_conflict' });
    const hidden = await tech.ack('diagnosis.submit', {
      expectedVersion: 1,
      diagnosis: { ...diagnosis, evidence: [{ kind: 'signal', ref: 'imm.heater_health' }] },
    });
    expect(hidden).toMatchObject({
      ok: false,
      error: 'invalid',
      message: 'evidence.0.ref: imm.heater_health: unknown signal',
    });
    const notInTaxonomy = await tech.ack('diagnosis.submit', {
      expectedVersion: 1,
      diagnosis: {
        ...diagnosis,
        rootCause: { equipment: 'barrel', component: 'z2_heater', failureMode: 'f01' },
      },
    });
    expect(notInTaxonomy.ok).toBe(false);
    const second = await tech.ack('diagnosis.submit', {
      expectedVersion: 1,
      diagnosis: { ...diagnosis, preventive: 'v2' },
    });
    expect(second).toMatchObject({ ok: true, version: 2 });
    const entries = lab.running.lab.journal.read({ station: 'st1', types: ['diagnosis'] });
    expect(entries.map((e) => (e.payload as { version: number }).version)).toEqual([1, 2]);
    expect(entries[1]!.payload).toMatchObject({ supersedes: 1, locked: true, family: 'machine' });
    expect(entries[1]!.actor).toMatchObject({ user: 'st1', channel: 'hmi' });
    const rest = (await (await api('/api/stations/st1/diagnosis')).json()) as {
      versions: { version: number }[];
    };
    expect(rest.versions.map((v) => v.version)).toEqual([1, 2]);
    await tech.until(() => tech.received.some((r) => r.name === 'diagnosis'), 2000, 'diagnosis status');
  });

  it('resynchronises on request and reports its counters through /api/health', async () => {
    const n = tech.count('snapshot');
    expect(await tech.ack('resync')).toEqual({ ok: true });
    await tech.until(() => tech.count('snapshot') > n, 2000, 'resync snapshot');
    expect(
      (tech.received.findLast((r) => r.name === 'snapshot')!.payload as { resync: boolean }).resync,
    ).toBe(true);
    const h = (await (await fetch(`${lab.url}/api/health`)).json()) as {
      queues: { realtime: Record<string, number> };
    };
    expect(h.queues.realtime).toMatchObject({ clients: expect.any(Number), frames: expect.any(Number) });
    expect(h.queues.realtime.frames).toBeGreaterThan(0);
    expect(h.queues.realtime.auth_failures).toBeGreaterThanOrEqual(2);
  });

  it('resynchronises after a disconnect, and applies a command re-sent after reconnecting once', async () => {
    const c = await connectHmi(lab.url, { token, level: 'technician' });
    const cmd = {
      kind: 'write',
      signal: 'tcu1.supply_temp_sp',
      value: 55,
      reason: 'test: reconnect',
      id: 'reconnect-1',
    };
    expect(await c.ack('command', cmd)).toMatchObject({ ok: true, applied: 55 });
    c.socket.disconnect();
    // meanwhile, someone else changes the station
    await fetch(`${lab.url}/api/stations/st1/commands`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ kind: 'write', signal: 'imm.zone1.temp_sp', value: 199, reason: 'test' }),
    });
    const snapshots = c.count('snapshot');
    c.socket.connect();
    await c.until(() => c.count('snapshot') > snapshots, 3000, 'snapshot after reconnect');
    expect(c.values.get('imm.zone1.temp_sp')?.value).toBe(199);
    // the client did not know its command was applied: it sends it again with the same key
    expect(await c.ack('command', cmd)).toMatchObject({ ok: true, duplicate: true });
    const applied = lab.running.lab.journal
      .read({ station: 'st1', types: ['command'] })
      .filter((e) => (e.payload as { corr?: string }).corr === 'reconnect-1');
    expect(applied).toHaveLength(1);
    c.close();
  });

  it('serves the taxonomy to a logged-in user only', async () => {
    expect((await fetch(`${lab.url}/api/taxonomy`)).status).toBe(401);
    const tx = (await (await api('/api/taxonomy')).json()) as {
      families: unknown[];
      equipment: { id: string }[];
    };
    expect(tx.families).toHaveLength(6);
    expect(tx.equipment.map((e) => e.id)).toContain('barrel');
  });
});
