/**
 * The trainer REST of sessions on a running lab with the real cell (HTTP, realtime socket), in virtual
 * time: trainers act, the jury reads, candidates get 403 on every route and 200 forged requests change
 * nothing (reliability-security I6, T6, T11); a candidate sees nothing of the exercise or its faults on
 * REST or on the realtime socket while it runs (I4, canary exercise), only the text of a hint given to
 * them — never another station's; and the full loop on the heater-band exercise: start through the API →
 * the drawn fault's onset → a scripted expert candidate on their own channels (screens, trends, LOTO,
 * repair, diagnosis) → graded ≥ 85 % with every point's journal entries cited → an override journaled with
 * the trainer's identity → group CSV, per-candidate PDF/HTML/CSV and the debrief timeline.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { instantiateExercise } from '../../../exercises/instantiate.ts';
import { OverridePayloadSchema } from '../../../scoring/journal-model.ts';
import type { ScoreReport } from '../../../scoring/report-types.ts';
import type { StartResult } from '../../../simulator/session/exercise-runner.ts';
import { exerciseRunner } from '../../../simulator/session/exercise-runner.ts';
import type { EntrySummary } from '../../../simulator/session/journal-summary.ts';
import { connectHmi, type HmiClient } from '../../helpers/hmi-lab.ts';
import { heaterBandExpert, MIN, ScriptedCandidate } from '../../helpers/trainer-candidate.ts';
import { exerciseText, startTrainerLab, type TrainerLab, type Who } from '../../helpers/trainer-lab.ts';

const F01 = 'pilotage-f01-heater-band';
const F06 = 'pilotage-f06-wet-pa6';
const F19 = 'outillage-f19-hot-runner';
/** the heater-band exercise under a canary id and title: none of it may reach a candidate */
const CANARY = 'canary-q7x3z-session';
const CANARY_TITLE = 'QZX7-CANARY-TITLE';
const SEED = 918_273_645;

/** strings only the trainer side would put out (fault engine, exercise) */
const TRUTH = [
  /"F\d\d"/,
  /F\d\d-\d/,
  /fault\.(inject|schedule|clear|list)/,
  /onset_t/,
  /"severity":\s*\d/,
  /exercise_stop|"event":"exercise"/,
  new RegExp(CANARY),
  new RegExp(CANARY_TITLE),
  new RegExp(String(SEED)),
];

interface Graded {
  report: ScoreReport;
  cited: EntrySummary[];
}

describe('trainer REST of sessions', () => {
  let t: TrainerLab;
  let start: StartResult;
  let sha256 = '';
  let cand1: HmiClient;
  let cand2: HmiClient;
  const restSeen: string[] = [];

  beforeAll(async () => {
    t = await startTrainerLab({ stations: 2, exercises: [F01, F06, F19] });
    t.addExercise(
      `${CANARY}.yaml`,
      exerciseText(F01, [
        [`id: ${F01}`, `id: ${CANARY}`],
        ["fr: Défaillance d'un collier chauffant du fourreau", `fr: ${CANARY_TITLE}`],
      ]),
    );
    cand1 = await connectHmi(t.url, { token: await t.token('st1'), level: 'technician' });
    // a candidate naming another station still gets their own
    cand2 = await connectHmi(t.url, { token: await t.token('st2'), station: 'st1' });
    expect(cand2.snapshot!.station).toBe('st2');
  });

  afterAll(async () => {
    cand1?.close();
    cand2?.close();
    await t?.close();
  });

  const json = async <T>(path: string, who: Who | null, init?: Parameters<TrainerLab['api']>[2]) => {
    const r = await t.api(path, who, init);
    return { status: r.status, body: (await r.json()) as T };
  };

  it('lists the exercises with their fit to the running lab, for trainers and the jury', async () => {
    const { status, body } = await json<
      { id: string; ok: boolean; compatible: boolean; reasons: { code: string; fr: string; en: string }[] }[]
    >('/api/sessions/exercises', 'jury');
    expect(status).toBe(200);
    const by = (id: string) => body.find((e) => e.id === id)!;
    expect(by(F01)).toMatchObject({ ok: true, compatible: true, reasons: [] });
    expect(by(F06).compatible).toBe(false);
    expect(by(F06).reasons.map((r) => r.code)).toEqual(['material']);
    expect(by(F19).reasons.map((r) => r.code)).toEqual(['hot_runner']);
    expect(by(F19).reasons[0]!.fr).toContain('canal chaud');
  });

  it('refuses starts that do not fit, with their reasons, and bad requests', async () => {
    const before = t.lab.journal.headSeq;
    let r = await json<{ error: string; reasons: { code: string }[] }>('/api/sessions', 'trainer', {
      json: { exercise: F06 },
    });
    expect(r.status).toBe(409);
    expect(r.body.reasons.map((x) => x.code)).toEqual(['material']);
    r = await json('/api/sessions', 'trainer', { json: { exercise: F01, stations: ['st1', 'st9'] } });
    expect(r.status).toBe(409);
    expect(r.body.reasons).toEqual([expect.objectContaining({ code: 'station', station: 'st9' })]);
    expect((await t.api('/api/sessions', 'trainer', { json: { exercise: 'nope-nope' } })).status).toBe(404);
    for (const exercise of ['../../etc/passwd', '/tmp/x.yaml', 'exercises/x.yaml'])
      expect((await t.api('/api/sessions', 'trainer', { json: { exercise } })).status, exercise).toBe(400);
    expect((await t.api('/api/sessions', 'trainer', { json: { exercise: F01, seed: -1 } })).status).toBe(400);
    expect((await t.api('/api/sessions/stop', 'trainer', { json: {} })).status).toBe(409);
    expect(t.lab.journal.read({ fromSeq: before + 1, types: ['session', 'fault', 'command'] })).toEqual([]);
  });

  it('starts the exercise on both stations for the trainer; each station gets its own drawn fault', async () => {
    const r = await json<StartResult>('/api/sessions', 'trainer', { json: { exercise: CANARY, seed: SEED } });
    expect(r.status).toBe(201);
    start = r.body;
    sha256 = start.exercise.sha256;
    expect(start.stations.map((s) => s.station)).toEqual(['st1', 'st2']);
    expect(start.stations.every((s) => s.setup === 10 && s.faults.length === 1)).toBe(true);
    const a = exerciseRunner(t.lab).active('st1')!;
    for (const s of start.stations) {
      const inst = instantiateExercise(a.exercise, SEED, s.station).faults[0]!;
      expect(s.faults[0]).toMatchObject({ fault: 'F01', option: inst.option, severity: inst.severity });
    }
    expect(start.stations[0]!.faults[0]).not.toEqual(start.stations[1]!.faults[0]);
    // busy now
    const again = await json<{ error: string }>('/api/sessions', 'trainer', { json: { exercise: F01 } });
    expect(again.status).toBe(409);
    expect(again.body.error).toBe('busy');
    const sessions = await json<{ stations: { station: string; exercise: { id: string; seed: number } }[] }>(
      '/api/sessions',
      'jury',
    );
    expect(sessions.body.stations.map((s) => [s.station, s.exercise.id, s.exercise.seed])).toEqual([
      ['st1', CANARY, SEED],
      ['st2', CANARY, SEED],
    ]);
  });

  it('refuses candidates on every trainer route (forged requests change nothing) and anonymous callers', async () => {
    const before = {
      head: t.lab.journal.read({ types: ['session', 'override', 'event', 'fault'] }).length,
      faults: t.lab.journal.read({ types: ['command'] }).length,
    };
    const routes: [string, RequestInit & { json?: unknown }][] = [
      ['/api/sessions/exercises', {}],
      ['/api/sessions', {}],
      ['/api/sessions/status', {}],
      ['/api/sessions/stations/st1/score', {}],
      ['/api/sessions/stations/st1/score?format=pdf', {}],
      ['/api/sessions/stations/st1/debrief?format=csv', {}],
      ['/api/sessions/group', {}],
      ['/api/sessions', { json: { exercise: F01, stations: ['st1'] } }],
      ['/api/sessions/stop', { json: { stations: ['st1'] } }],
      ['/api/sessions/stations/st1/hint', { json: { text: { fr: 'indice' } } }],
      ['/api/sessions/stations/st2/hint', { json: { text: { fr: 'indice' } } }],
      [
        '/api/sessions/stations/st1/override',
        { json: { criterion: 'gestures', score: 1, comment: 'je me mets 100 %' } },
      ],
    ];
    let n = 0;
    while (n < 200) {
      for (const [path, init] of routes) {
        const who: Who = (n % 2 === 0 ? 'st1' : 'st2') as Who;
        const r = await t.api(path, who, init);
        expect(r.status, `${who} ${path}`).toBe(403);
        const text = await r.text();
        expect(text).not.toMatch(new RegExp(`${CANARY}|${CANARY_TITLE}|onset`));
        n++;
      }
    }
    for (const [path, init] of routes) expect((await t.api(path, null, init)).status, path).toBe(401);
    // the jury reads, never writes
    for (const [path, init] of routes.slice(0, 7))
      expect((await t.api(path, 'jury', init)).status, path).toBe(200);
    for (const [path, init] of routes.slice(7))
      expect((await t.api(path, 'jury', init)).status, path).toBe(403);
    expect(t.lab.journal.read({ types: ['session', 'override', 'event', 'fault'] }).length).toBe(before.head);
    expect(t.lab.journal.read({ types: ['command'] }).length).toBe(before.faults);
    expect(exerciseRunner(t.lab).active('st1')?.exercise.id).toBe(CANARY);
  });

  it('runs the full loop: onset → scripted expert on their own channels → graded ≥ 85 % with cited entries', async () => {
    const me = start.stations.find((s) => s.station === 'st1')!;
    const onset = me.faults[0]!.onset_t;
    const a = exerciseRunner(t.lab).active('st1')!;
    // the trainer watches the group: before the onset, nothing
    let status = await json<{ station: string; since_onset_s: number | null; faults: { state: string }[] }[]>(
      '/api/sessions/status',
      'trainer',
    );
    expect(status.body[0]).toMatchObject({ station: 'st1', since_onset_s: null });
    expect(status.body[0]!.faults.map((f) => f.state)).toEqual(['scheduled']);
    // a hint to st2 only (its candidate sees it; st1 never does)
    expect(
      (
        await t.api('/api/sessions/stations/st2/hint', 'trainer', {
          json: { text: { fr: 'Pensez au courant des colliers.' } },
        })
      ).status,
    ).toBe(201);

    const c = new ScriptedCandidate(t, 'st1');
    c.socket = cand1;
    await heaterBandExpert(c, onset, instantiateExercise(a.exercise, SEED, 'st1').vars);
    expect(c.answers.filter((x) => x.status !== 'accepted')).toEqual([]);

    status = await json('/api/sessions/status', 'trainer');
    const st1 = status.body[0] as unknown as {
      since_onset_s: number;
      diagnosis: { versions: number };
      shots: number;
      faults: unknown[];
      exercise: { id: string };
    };
    expect(st1.since_onset_s).toBe(Math.round((t.lab.station('st1')!.clock.now - onset) / 1000));
    expect(st1.diagnosis.versions).toBe(1);
    expect(st1.shots).toBeGreaterThan(50);
    expect(st1.faults).toEqual([]); // repaired
    const juryStatus = await json<Record<string, unknown>[]>('/api/sessions/status', 'jury');
    expect(juryStatus.body[0]!.faults).toBeUndefined();

    const g = await json<Graded>('/api/sessions/stations/st1/score', 'trainer');
    expect(g.status).toBe(200);
    const r = g.body.report;
    expect(r.exercise).toMatchObject({ id: CANARY, sha256 });
    expect(r.faults[0]).toMatchObject({
      onset_source: 'journal',
      onset_t: onset,
      component: me.faults[0]!.component,
    });
    expect(r.total.pct).toBeGreaterThanOrEqual(85);
    expect(r.detection.seconds).not.toBeNull();
    // every point given cites journal entries, and each citation is explained (seq, time, what)
    const cited = new Map(g.body.cited.map((e) => [e.seq, e]));
    const given = r.criteria
      .flatMap((cr) => cr.items)
      .filter((i) => i.kind === 'check' && (i.earned ?? 0) > 0);
    expect(given.length).toBeGreaterThan(10);
    for (const i of given) {
      for (const s of i.refs) {
        const e = cited.get(s)!;
        expect(e, `${i.id} cites ${s}`).toBeDefined();
        expect(e.clock).toMatch(/^-?(\d+:)?\d\d:\d\d$/);
        expect(e.fr.length).toBeGreaterThan(3);
      }
    }
    const repair = [...cited.values()].find((e) => e.en.startsWith('Maintenance action'))!;
    expect(repair.who).toBe(t.lab.credentials.forStation('st1')!.user);
  });

  it('journals an override with the trainer’s identity; the jury cannot; exports the grid and reports', async () => {
    const bad = await t.api('/api/sessions/stations/st1/override', 'trainer', {
      json: { criterion: 'gestures', score: 0.9, comment: '  ' },
    });
    expect(bad.status).toBe(400);
    const body = {
      criterion: 'gestures',
      score: 0.9,
      comment: 'Dissipation non annoncée à voix haute, constatée sur place.',
    };
    expect((await t.api('/api/sessions/stations/st1/override', 'jury', { json: body })).status).toBe(403);
    const o = await json<Graded & { seq: number }>('/api/sessions/stations/st1/override', 'trainer', {
      json: body,
    });
    expect(o.status).toBe(201);
    const e = t.lab.journal.read({ types: ['override'] }).find((x) => x.seq === o.body.seq)!;
    expect(e.actor).toMatchObject({ user: 'trainer', roles: ['trainer'], channel: 'rest' });
    expect(OverridePayloadSchema.parse(e.payload)).toEqual({ ...body, exercise: CANARY });
    const gestures = o.body.report.criteria.find((c) => c.id === 'gestures')!;
    expect(gestures.override).toMatchObject({ score: 0.9, by: 'trainer', seq: o.body.seq });
    expect(gestures.score).toBe(0.9);
    expect(o.body.report.timeline.some((x) => x.kind === 'override' && x.seq === o.body.seq)).toBe(true);

    // exports: the group grid (one line per station), the candidate's PDF, HTML and CSV, the debrief
    const csv = await t.api('/api/sessions/group', 'jury');
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const lines = (await csv.text()).trim().split(/\r?\n/);
    expect(lines).toHaveLength(3);
    expect(lines[1]).toContain('"st1"');
    const pdf = await t.api('/api/sessions/stations/st1/score?format=pdf', 'trainer');
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(
      Buffer.from(await pdf.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
    const html = await (await t.api('/api/sessions/stations/st1/score?format=html', 'jury')).text();
    expect(html).toContain('Dissipation non annoncée');
    const one = await (await t.api('/api/sessions/stations/st1/score?format=csv', 'trainer')).text();
    expect(one.split('\n').length).toBeGreaterThan(20);
    const debrief = await (await t.api('/api/sessions/stations/st1/debrief?format=csv', 'trainer')).text();
    expect(debrief.split('\r\n')[0]).toBe('"station","exercise","clock","t_ms","seq","kind","fr","en"');
    expect(debrief).toMatch(/"onset"/);
    expect(debrief).toMatch(/"override"/);
  });

  it('showed the candidates nothing of the exercise or its faults, on REST and on the realtime socket', async () => {
    for (const [who, client] of [
      ['st1', cand1],
      ['st2', cand2],
    ] as const) {
      for (const path of [
        '/api/me',
        '/api/stations',
        `/api/stations/${who}/signals`,
        `/api/stations/${who}/values`,
        `/api/stations/${who}/actions`,
        `/api/stations/${who}/alarms`,
        `/api/stations/${who}/events`,
        `/api/stations/${who}/logbook?limit=1000`,
        `/api/stations/${who}/diagnosis`,
        `/api/stations/${who}/shots?limit=20`,
        `/api/stations/${who}/mes`,
        '/trainer/',
      ]) {
        const r = await t.api(path, who);
        const text = await r.text();
        restSeen.push(text);
        const hits = TRUTH.filter((re) => re.test(text)).map(String);
        expect(hits, `${who} ${path}`).toEqual([]);
      }
      expect(client.received.length).toBeGreaterThan(100);
      for (const f of client.received) {
        const hits = TRUTH.filter((re) => re.test(f.text)).map(String);
        expect(hits, `${who} frame ${f.name}`).toEqual([]);
      }
    }
    // the set-up writes show in the logbook without naming the exercise
    expect(restSeen.join('\n')).toContain('validated dataset');
    // the hint reached st2's candidate as text only, and never st1's
    const hint = (c: HmiClient) =>
      c.received.filter((f) => f.name === 'event' && f.text.includes('Pensez au courant des colliers.'));
    expect(hint(cand2)).toHaveLength(1);
    expect(hint(cand2)[0]!.payload).toEqual({
      type: 'message',
      equipment: 'session',
      t: expect.any(Number),
      data: { fr: 'Pensez au courant des colliers.' },
    });
    expect(hint(cand1)).toEqual([]);
  });

  it('lets the trainer and the jury watch a station live over the realtime socket', async () => {
    for (const who of ['trainer', 'jury'] as const) {
      const w = await connectHmi(t.url, { token: await t.token(who), station: 'st2' });
      expect(w.snapshot).toMatchObject({ station: 'st2', level: who });
      expect(w.snapshot!.keys.length).toBeGreaterThan(100);
      w.close();
    }
    t.run(MIN);
  });

  it('stops the session: the remaining faults of the exercise are cleared', async () => {
    const r = await json<{ stations: string[]; cleared: Record<string, string[]> }>(
      '/api/sessions/stop',
      'trainer',
      {
        json: { reason: 'fin de l’épreuve' },
      },
    );
    expect(r.status).toBe(200);
    expect(r.body.stations).toEqual(['st1', 'st2']);
    expect(r.body.cleared.st1).toEqual([]); // repaired by the candidate
    expect(r.body.cleared.st2).toEqual(['f1']);
    const s = await json<{ exercise: { active: boolean } }[]>('/api/sessions/status', 'trainer');
    expect(s.body.map((x) => x.exercise.active)).toEqual([false, false]);
    // the grade stays available after the stop
    expect((await t.api('/api/sessions/stations/st1/score', 'jury')).status).toBe(200);
  });
});
