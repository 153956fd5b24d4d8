/**
 * The scoring routes on a running lab with the real cell: trainers and the jury only (a candidate gets 403
 * everywhere and never reaches an exercise file); a transcript produced by actually running the simulator —
 * a cooling-circuit blockage injected through the fault engine's trainer REST, real shot records in the
 * journal, a candidate's trend queries, parameter change and diagnosis through the API — graded from the
 * live journal; trainer overrides journaled with the trainer's identity; HTML/PDF/CSV exports; a new
 * exercise file dropped in the folder is picked up.
 */
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScoreReport } from '../../../scoring/report-types.ts';
import { type RunningLab, startLab } from '../../../simulator/server/start.ts';
import { tempDir, testConfig } from '../../helpers/lab.ts';
import { EXERCISES_DIR } from '../../helpers/transcript-personas.ts';

const F04 = 'outillage-f04-cooling-blockage';
const F01 = 'pilotage-f01-heater-band';

describe('scoring routes', () => {
  let running: RunningLab;
  const tmp = tempDir();
  const exDir = join(tmp.dir, 'exercises');
  const tokens: Record<'candidate' | 'other' | 'trainer' | 'jury', string> = {
    candidate: '',
    other: '',
    trainer: '',
    jury: '',
  };

  const api = (path: string, who: keyof typeof tokens | null, init: RequestInit = {}) =>
    fetch(`${running.url}${path}`, {
      ...init,
      headers: {
        'content-type': 'application/json',
        ...(who ? { authorization: `Bearer ${tokens[who]}` } : {}),
        ...(init.headers ?? {}),
      },
    });

  beforeAll(async () => {
    mkdirSync(exDir, { recursive: true });
    for (const id of [F04, F01]) copyFileSync(join(EXERCISES_DIR, `${id}.yaml`), join(exDir, `${id}.yaml`));
    running = await startLab(
      testConfig(join(tmp.dir, 'data'), { stations: { count: 2 }, scoring: { exercisesDir: exDir } }),
    );
    const login = async (user: string, password: string) => {
      const r = await fetch(`${running.url}/api/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ user, password }),
      });
      return ((await r.json()) as { token: string }).token;
    };
    const c = running.lab.credentials;
    tokens.candidate = await login(c.forStation('st1')!.user, c.forStation('st1')!.password);
    tokens.other = await login(c.forStation('st2')!.user, c.forStation('st2')!.password);
    tokens.trainer = await login('trainer', c.account('trainer')!.password);
    tokens.jury = await login('jury', c.account('jury')!.password);
  });

  afterAll(async () => {
    await running.close();
    tmp.cleanup();
  });

  /** Fast-forward the whole lab by `ms` of simulation time (the pacer keeps running beside it). */
  const fastForward = (ms: number) => {
    for (let i = 0; i < ms / running.lab.config.lab.tickMs; i++) running.lab.step();
  };

  it('refuses candidates on every scoring route, and anonymous callers', async () => {
    const routes: [string, RequestInit?][] = [
      ['/api/scoring/exercises'],
      [`/api/scoring/exercises/${F04}`],
      [`/api/scoring/stations/st1/report?exercise=${F04}`],
      [`/api/scoring/stations/st1/report?exercise=${F04}&format=pdf`],
      [`/api/scoring/group?exercise=${F04}`],
      [
        '/api/scoring/stations/st1/override',
        {
          method: 'POST',
          body: JSON.stringify({
            exercise: F04,
            criterion: 'gestures',
            score: 1,
            comment: 'je me mets 100 %',
          }),
        },
      ],
    ];
    for (const [path, init] of routes) {
      expect((await api(path, 'candidate', init)).status, path).toBe(403);
      expect((await api(path, 'other', init)).status, path).toBe(403);
      expect((await api(path, null, init)).status, path).toBe(401);
    }
    // no override was journaled by those attempts
    expect(running.lab.journal.read({ types: ['override'] })).toHaveLength(0);
  });

  it('never serves exercise files to a candidate', async () => {
    for (const p of [
      `/exercises/${F04}.yaml`,
      `/${F04}.yaml`,
      `/hmi/exercises/${F04}.yaml`,
      '/exercises/cell-signals.json',
    ]) {
      const r = await api(p, 'candidate');
      expect(r.status, p).not.toBe(200);
    }
    // whatever the HMI's fallback page answers, it holds no exercise content
    for (const p of ['/exercises/', '/exercises', `/api/exercises/${F04}`]) {
      const text = await (await api(p, 'candidate')).text();
      for (const secret of ['trainer_notes', 'root_causes', 'partial_blockage', 'circuit_b2'])
        expect(text, p).not.toContain(secret);
    }
  });

  it('lists the exercise folder for trainers and the jury, and picks up a file dropped in it', async () => {
    const list = async () =>
      (await (await api('/api/scoring/exercises', 'jury')).json()) as {
        id?: string;
        ok: boolean;
        issues?: { line: number; path: string }[];
      }[];
    expect((await list()).map((e) => e.id).sort()).toEqual([F04, F01].sort());
    const f02 = 'pilotage-f02-thermocouple-drift';
    copyFileSync(join(EXERCISES_DIR, `${f02}.yaml`), join(exDir, `${f02}.yaml`));
    writeFileSync(
      join(exDir, 'zz-broken.yaml'),
      readFileSync(join(EXERCISES_DIR, `${f02}.yaml`), 'utf8').replace('level: advanced', 'levle: advanced'),
    );
    const after = await list();
    expect(after.filter((e) => e.ok).map((e) => e.id)).toContain(f02);
    const broken = after.find((e) => !e.ok)!;
    expect(broken.issues!.some((i) => i.path === 'levle' && i.line > 0)).toBe(true);
    const one = await api(`/api/scoring/exercises/${F04}`, 'trainer');
    expect(one.status).toBe(200);
    expect(((await one.json()) as { exercise: { id: string } }).exercise.id).toBe(F04);
  });

  it('grades a station from the live journal of the running simulator', async () => {
    const lab = running.lab;
    const st = lab.station('st1')!;
    // the trainer injects the exercise's fault through the fault engine's REST
    const inj = await api('/api/stations/st1/faults', 'trainer', {
      method: 'POST',
      body: JSON.stringify({
        fault: 'F04',
        id: 'f1',
        item: 'f1',
        exercise: F04,
        option: 'b2',
        component: 'mould.circuit_b2',
        severity: 1,
        profile: { kind: 'step' },
      }),
    });
    expect(inj.status).toBe(201);
    fastForward(8 * 60_000);
    // the candidate's investigation, through the API
    for (const signals of [
      'mould.temp_fixed,mould.temp_moving',
      'mould.circuit_b2.flow,mould.circuit_b2.supply_temp,mould.circuit_b2.return_temp',
      'tcu2.supply_temp,tcu2.flow',
    ]) {
      const r = await api(`/api/stations/st1/history?signals=${signals}&from=-12m`, 'candidate');
      expect(r.status, signals).toBe(200);
    }
    const w = await api('/api/stations/st1/commands', 'candidate', {
      method: 'POST',
      body: JSON.stringify({
        kind: 'write',
        signal: 'imm.cooling_time_sp',
        value: 12,
        reason: 'confinement : refroidissement allongé, circuit B2 bouché',
      }),
    });
    expect(w.status).toBe(200);
    const now = lab.startedAt + st.clock.now;
    const d = await api('/api/stations/st1/diagnosis', 'candidate', {
      method: 'POST',
      body: JSON.stringify({
        expectedVersion: 0,
        diagnosis: {
          symptoms: ['Partie mobile plus chaude', 'Voilage'],
          rootCause: { equipment: 'mould', component: 'circuit_b2', failureMode: 'partial_blockage' },
          evidence: [
            {
              kind: 'signal',
              ref: 'mould.circuit_b2.flow',
              from: now - 12 * 60_000,
              to: now,
              note: 'débit effondré',
            },
            { kind: 'signal', ref: 'mould.temp_moving', from: now - 12 * 60_000, to: now },
          ],
          explanation:
            'Débit du circuit B2 en chute (obstruction), ΔT retour en hausse, partie mobile plus chaude : asymétrie, voilage.',
          corrective:
            'Détartrer et rincer le circuit, vérifier le débit ≥ 8 L/min, retirer le refroidissement ajouté.',
          preventive: "Traitement de l'eau, surveillance du débit par circuit.",
        },
      }),
    });
    expect(d.status).toBe(200);
    fastForward(2 * 60_000);

    // real shot records carry the fault's signature
    const cycles = lab.journal.read({ station: 'st1', types: ['cycle'] });
    expect(cycles.length).toBeGreaterThan(20);
    const last = cycles.at(-1)!.payload as { mould: { circuits: { id: string; flow: number }[] } };
    expect(last.mould.circuits.find((c) => c.id === 'b2')!.flow).toBeLessThan(2);

    const res = await api(`/api/scoring/stations/st1/report?exercise=${F04}`, 'trainer');
    expect(res.status).toBe(200);
    const r = (await res.json()) as ScoreReport;
    expect(r.faults[0]).toMatchObject({ onset_source: 'journal', component: 'mould.circuit_b2' });
    const crit = (id: string) => r.criteria.find((c) => c.id === id)!;
    expect(crit('identification').items.find((i) => i.id === 'root_cause')!.earned).toBe(1);
    const views = lab.journal.read({ station: 'st1', types: ['view'] });
    const circuitView = views.find((v) =>
      (v.payload as { signals?: string[] }).signals?.includes('mould.circuit_b2.flow'),
    )!;
    const ev = crit('investigation').items.find((i) => i.id === 'evidence:circuit')!;
    expect(ev.earned).toBe(1);
    expect(ev.refs).toContain(circuitView.seq);
    expect(r.detection.seconds).not.toBeNull();
    // the gestures are not implemented in the simulator yet: no safety step was done
    expect(crit('gestures').auto).toBeLessThan(0.3);
    expect(r.candidate).toBe(running.lab.credentials.forStation('st1')!.user);
    // the other station did nothing
    const other = (await (
      await api(`/api/scoring/stations/st2/report?exercise=${F04}`, 'jury')
    ).json()) as ScoreReport;
    expect(other.diagnosis.versions).toBe(0);
  });

  it('journals a trainer override with the trainer identity; the jury can read but not override', async () => {
    const body = {
      exercise: F04,
      criterion: 'gestures',
      score: 0.5,
      comment: 'Gestes réalisés sur la cellule réelle, constatés par le formateur.',
    };
    const jury = await api('/api/scoring/stations/st1/override', 'jury', {
      method: 'POST',
      body: JSON.stringify(body),
    });
    expect(jury.status).toBe(403);
    const bad = await api('/api/scoring/stations/st1/override', 'trainer', {
      method: 'POST',
      body: JSON.stringify({ ...body, comment: '' }),
    });
    expect(bad.status).toBe(400);
    const ok = await api('/api/scoring/stations/st1/override', 'trainer', {
      method: 'POST',
      body: JSON.stringify(body),
    });
    expect(ok.status).toBe(200);
    const r = (await ok.json()) as ScoreReport;
    const g = r.criteria.find((c) => c.id === 'gestures')!;
    expect(g.override).toMatchObject({ score: 0.5, by: 'trainer', comment: body.comment });
    expect(g.auto).not.toBe(0.5);
    const entries = running.lab.journal.read({ types: ['override'] });
    expect(entries).toHaveLength(1);
    expect(entries[0]!.actor).toMatchObject({ user: 'trainer', roles: ['trainer'], channel: 'rest' });
    expect(entries[0]!.station).toBe('st1');
  });

  it('exports the report as HTML, PDF and CSV, and the group grid', async () => {
    const html = await api(`/api/scoring/stations/st1/report?exercise=${F04}&format=html`, 'jury');
    expect(html.headers.get('content-type')).toContain('text/html');
    expect(await html.text()).toContain("Grille d'évaluation");
    const pdf = await api(`/api/scoring/stations/st1/report?exercise=${F04}&format=pdf`, 'jury');
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(
      Buffer.from(await pdf.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
    const csv = await api(`/api/scoring/stations/st1/report?exercise=${F04}&format=csv`, 'trainer');
    expect(csv.headers.get('content-disposition')).toContain('st1-outillage-f04-cooling-blockage.csv');
    const group = await api(`/api/scoring/group?exercise=${F04}`, 'trainer');
    const lines = (await group.text()).trimEnd().split('\r\n');
    expect(lines).toHaveLength(3);
    expect(lines[1]!.startsWith('"st1"')).toBe(true);
    expect((await api('/api/scoring/stations/st9/report?exercise=' + F04, 'trainer')).status).toBe(404);
    expect((await api('/api/scoring/stations/st1/report?exercise=nope-nope', 'trainer')).status).toBe(404);
  });
});
