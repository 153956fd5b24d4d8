/**
 * The twin's replay over HTTP (issue 7): the debrief markers route `GET /api/stations/:id/replay/journal`
 * gives trainers and jury the candidate's commands and gestures from the journal — never a fault action
 * nor a trainer's own command — and refuses candidates, even for their own station (EI-4: candidates
 * never read the journal). The process values of a replay come from the historian under the candidate
 * rules (own station, candidate-visible signals only). Each markers read is journaled session-wide, so
 * it never counts as a candidate's investigation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTwinLab, type TwinLab } from '../helpers/twin-lab.ts';

describe('twin replay API', () => {
  let lab: TwinLab;
  let candidate: string;
  let trainer: string;
  let jury: string;

  const get = (path: string, token?: string) =>
    fetch(`${lab.url}${path}`, token ? { headers: { authorization: `Bearer ${token}` } } : {});
  const command = (token: string, station: string, body: unknown) =>
    fetch(`${lab.url}/api/stations/${station}/commands`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
    });

  beforeAll(async () => {
    lab = await startTwinLab({ stations: 2 });
    candidate = await lab.candidate('st1');
    trainer = await lab.login('trainer');
    jury = await lab.login('jury');
    // the candidate changes a set point and runs the vacuum test; the trainer acts on the same station
    expect(
      (
        await command(candidate, 'st1', {
          kind: 'write',
          signal: 'imm.hold_pressure_sp',
          value: 47,
          reason: 'weight',
        })
      ).status,
    ).toBe(200);
    await command(candidate, 'st1', { kind: 'action', action: 'robot.vacuum_test' });
    await command(trainer, 'st1', { kind: 'write', signal: 'imm.hold_pressure_sp', value: 45 });
    // a fault action as the trainer side journals it
    lab.running.lab.record({
      type: 'fault',
      station: 'st1',
      t: lab.running.lab.station('st1')!.clock.now,
      actor: { user: 'trainer', roles: ['trainer'], channel: 'trainer' },
      payload: { action: 'inject', fault: 'F24', secret: 'CANARY-FAULT-77' },
    });
  }, 60_000);

  afterAll(async () => {
    await lab?.close();
  });

  it('gives trainers and jury the candidate’s commands and gestures as time markers', async () => {
    for (const token of [trainer, jury]) {
      const r = await get('/api/stations/st1/replay/journal', token);
      expect(r.status).toBe(200);
      const body = (await r.json()) as {
        station: string;
        markers: { kind: string; what: string; user: string; value?: unknown; t: number }[];
      };
      expect(body.station).toBe('st1');
      expect(body.markers).toContainEqual(
        expect.objectContaining({ kind: 'write', what: 'imm.hold_pressure_sp', user: 'st1', value: 47 }),
      );
      expect(body.markers).toContainEqual(
        expect.objectContaining({ kind: 'gesture', what: 'robot.vacuum_test' }),
      );
      // the trainer's own command and the fault action are not markers
      expect(body.markers.filter((m) => m.user !== 'st1')).toEqual([]);
      const text = JSON.stringify(body);
      expect(text).not.toContain('CANARY-FAULT-77');
      expect(text).not.toContain('F24');
      expect(text).not.toContain('inject');
    }
  });

  it('filters by simulation time', async () => {
    const all = (await (await get('/api/stations/st1/replay/journal', trainer)).json()) as {
      markers: { t: number }[];
    };
    const last = Math.max(...all.markers.map((m) => m.t));
    const later = (await (
      await get(`/api/stations/st1/replay/journal?from=${last + 1}`, trainer)
    ).json()) as {
      markers: unknown[];
    };
    expect(later.markers).toEqual([]);
    expect((await get('/api/stations/st1/replay/journal?from=-5', trainer)).status).toBe(400);
  });

  it('refuses candidates, for their own station and any other, and anonymous requests', async () => {
    expect((await get('/api/stations/st1/replay/journal', candidate)).status).toBe(403);
    expect((await get('/api/stations/st2/replay/journal', candidate)).status).toBe(403);
    expect((await get('/api/stations/st1/replay/journal')).status).toBe(401);
    expect((await get('/api/stations/nope/replay/journal', trainer)).status).toBe(404);
  });

  it('serves a candidate the replay’s values from their own station only, candidate-visible only', async () => {
    const own = await get(
      '/api/stations/st1/history?signals=imm.mould_position,robot.axis_x.position&agg=raw&from=-5m',
      candidate,
    );
    expect(own.status).toBe(200);
    expect(
      (await get('/api/stations/st2/history?signals=imm.mould_position&agg=raw', candidate)).status,
    ).toBe(404);
    expect(
      (await get('/api/stations/st1/history?signals=imm.zone1.temp_true&agg=raw', candidate)).status,
    ).toBe(404);
    expect(
      (await get('/api/stations/st1/history?signals=canary.fault_level&agg=raw', candidate)).status,
    ).toBe(404);
  });

  it('journals each markers read session-wide, never as the candidate’s investigation', async () => {
    const j = lab.running.lab.journal;
    const debrief = j
      .read({ types: ['view'] })
      .filter((e) => (e.payload as { screen?: string }).screen === 'debrief');
    expect(debrief.length).toBeGreaterThanOrEqual(2);
    for (const e of debrief) {
      expect(e.station).toBe('');
      expect(['trainer', 'jury']).toContain(e.actor?.user);
    }
    const st1Views = j.read({ station: 'st1', types: ['view'] }).map((e) => e.payload as { screen?: string });
    expect(st1Views.some((p) => p.screen === 'debrief')).toBe(false);
  });
});
