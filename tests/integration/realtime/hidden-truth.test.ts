/**
 * Hidden truth on the HMI's socket (DESIGN.md principle 5; reliability-security T4, I4): a candidate's
 * socket never receives a trainer-only signal, shot field, event field or action result, nor anything of
 * another station — while trainers act on both stations, the other candidate works, alarms rise, shots
 * end and modes change. Every frame is recorded for several seconds and scanned for canary tokens; a
 * trainer's socket on the same station is the positive control that the tokens do flow somewhere.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectHmi, type HmiClient, type HmiLab, startHmiLab } from '../../helpers/hmi-lab.ts';
import { canary, stationTag } from '../../helpers/hmi-models.ts';

describe('HMI socket never leaks hidden truth or another station', () => {
  let lab: HmiLab;
  const clients: HmiClient[] = [];
  let st1: HmiClient;
  let st1Polling: HmiClient;
  let st2: HmiClient;
  let trainer: HmiClient;

  beforeAll(async () => {
    lab = await startHmiLab({ stations: 2, tickMs: 20 });
    const t1 = await lab.candidate('st1');
    const t2 = await lab.candidate('st2');
    const tt = await lab.login('trainer');
    st1 = await connectHmi(lab.url, { token: t1, level: 'technician' });
    st1Polling = await connectHmi(lab.url, { token: t1, level: 'operator' }, { transports: ['polling'] });
    st2 = await connectHmi(lab.url, { token: t2, level: 'technician' });
    trainer = await connectHmi(lab.url, { token: tt, station: 'st1' });
    clients.push(st1, st1Polling, st2, trainer);

    const l = lab.running.lab;
    const tr = { user: 'trainer', roles: ['trainer' as const], channel: 'trainer' as const };
    // activity on both stations for several seconds: trainer writes and actions, the other candidate's
    // alarms and commands, shots and mode changes on both
    await st2.ack('command', {
      kind: 'write',
      signal: 'imm.zone1.temp_sp',
      value: 290,
      reason: 'test: st2 alarm',
    });
    await st2.ack('command', {
      kind: 'write',
      signal: 'tcu1.supply_temp_sp',
      value: 77.7,
      reason: 'test: st2',
    });
    for (const id of ['st1', 'st2']) {
      await l.submit({
        station: id,
        actor: tr,
        input: { kind: 'write', signal: 'imm.fault_note', value: `${canary(id).text}-2` },
      });
      await l.submit({
        station: id,
        actor: tr,
        input: { kind: 'write', signal: 'imm.heater_health', value: canary(id).number },
      });
      await l.submit({
        station: id,
        actor: tr,
        input: { kind: 'action', action: 'fault.canary_inject', args: {} },
      });
    }
    await st1.ack('command', { kind: 'action', action: 'act.mode_semi', args: {} });
    await st2.ack('command', { kind: 'action', action: 'act.mode_semi', args: {} });
    await st1.ack('command', {
      kind: 'write',
      signal: 'imm.zone3.temp_sp',
      value: 280,
      reason: 'test: st1 alarm',
    });
    await st1.ack('command', { kind: 'action', action: 'act.mode_manual', args: {} });
    await new Promise((r) => setTimeout(r, 2500));
    await l.submit({
      station: 'st1',
      actor: tr,
      input: { kind: 'action', action: 'act.mode_semi', args: {} },
    });
    await st1.until(() => st1.count('shot') >= 1 || l.station('st1')!.clock.seconds > 6, 8000, 'a shot');
    await new Promise((r) => setTimeout(r, 1500));
  });

  afterAll(async () => {
    for (const c of clients) c.close();
    await lab.close();
  });

  const forbidden = (station: string, other: string) => [
    canary(station).text,
    canary(station).shot,
    canary(station).event,
    String(canary(station).number),
    canary(other).text,
    canary(other).shot,
    canary(other).event,
    stationTag(other),
    'heater_health',
    'fault_note',
    'fault.canary_inject',
    'fault_hint',
    '"trainer"',
    `"${other}"`,
  ];

  it('records a rich stream: snapshots, deltas, alarms, shots, events, logbook entries', () => {
    for (const name of ['snapshot', 'd', 'alarm', 'logbook', 'event', 'shot'])
      expect(st1.count(name), name).toBeGreaterThan(0);
    expect(st1.count('d')).toBeGreaterThan(50);
    expect(st1Polling.count('d')).toBeGreaterThan(10);
  });

  it('never shows a candidate a trainer-only value or another station (WebSocket and polling)', () => {
    for (const [c, station, other] of [
      [st1, 'st1', 'st2'],
      [st1Polling, 'st1', 'st2'],
      [st2, 'st2', 'st1'],
    ] as const) {
      const all = c.received.map((r) => `${r.name} ${r.text}`).join('\n');
      for (const token of forbidden(station, other))
        expect(all.includes(token), `${station} saw ${token}`).toBe(false);
      // the alarm only the other station raised never arrives
      const otherCode = station === 'st1' ? 'ZONE1_DEV' : 'ZONE3_DEV';
      expect(all.includes(otherCode), `${station} saw ${otherCode}`).toBe(false);
      // every delta index points into the candidate key table
      const n = c.snapshot!.keys.length;
      for (const r of c.received.filter((x) => x.name === 'd')) {
        const cs = (r.payload as { c: unknown[] }).c;
        for (let i = 0; i < cs.length; i += 3) expect(cs[i] as number).toBeLessThan(n);
      }
      for (const s of c.received.filter((x) => x.name === 'snapshot')) {
        expect((s.payload as { station: string }).station).toBe(station);
      }
    }
    expect(st1.received.some((r) => r.text.includes(stationTag('st1')))).toBe(true);
  });

  it('does show the trainer the trainer-only values of the station watched (positive control)', () => {
    const all = trainer.received.map((r) => r.text).join('\n');
    expect(all).toContain('heater_health');
    expect(all).toContain(canary('st1').text);
    expect(all.includes(stationTag('st2'))).toBe(false);
  });
});
