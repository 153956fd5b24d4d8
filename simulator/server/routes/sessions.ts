/**
 * Trainer REST of exercise sessions (issues 4 and 8; docs/trainer.md). Zone Z1 of reliability-security
 * §1.2: trainers act, the jury reads, a candidate gets 403 on every route and never any exercise or fault
 * data (T4, T6, T11, I4, I6). Every change goes through the session runner (simulator/session/
 * exercise-runner.ts) and is journaled with the trainer's identity from the token.
 *
 * | Route | Who | What |
 * |---|---|---|
 * | `GET  /api/sessions/exercises` | trainer, jury | exercise files, checked, with their fit to the running lab |
 * | `GET  /api/sessions` | trainer, jury | the lab's set-up and each station's exercise |
 * | `POST /api/sessions` | trainer | start `{ exercise, stations?, seed? }` |
 * | `POST /api/sessions/stop` | trainer | stop `{ stations?, clear_faults?, reason? }` |
 * | `POST /api/sessions/stations/:id/hint` | trainer | a hint `{ text?, criterion?, cost?, show? }` |
 * | `GET  /api/sessions/status` | trainer, jury | live status of every station |
 * | `GET  /api/sessions/stations/:id/score?format=json\|html\|pdf\|csv` | trainer, jury | graded now |
 * | `POST /api/sessions/stations/:id/override` | trainer | `{ criterion, score, comment }`, journaled |
 * | `GET  /api/sessions/stations/:id/debrief?format=json\|csv` | trainer, jury | the debrief timeline |
 * | `GET  /api/sessions/group?exercise=&format=csv\|json` | trainer, jury | the group grid |
 *
 * The trainer console (`/trainer/`) is registered here too (trainer-ui.ts).
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { instantiateExercise } from '../../../exercises/instantiate.ts';
import { CriterionSchema } from '../../../scoring/journal-model.ts';
import { candidateCsv, groupCsv } from '../../../scoring/render-csv.ts';
import { renderHtml } from '../../../scoring/render-html.ts';
import { renderPdf } from '../../../scoring/render-pdf.ts';
import type { FaultEngine } from '../../faults/engine.ts';
import type { Actor } from '../../kernel/command-types.ts';
import { labFit, stationFit } from '../../session/exercise-fit.ts';
import { type Assignment, ExerciseRefused, exerciseRunner } from '../../session/exercise-runner.ts';
import { EXERCISE_ID, exerciseStore } from '../../session/exercise-store.ts';
import { ScoreCache } from '../../session/session-scores.ts';
import type { AppContext } from '../app.ts';
import { actorOf, requireSession } from '../auth.ts';
import { hmiServices } from '../realtime/services.ts';
import { trainerUiRoutes } from './trainer-ui.ts';

const StationId = z.string().regex(/^[A-Za-z0-9_-]{1,32}$/, 'a station id');
const StationParams = z.strictObject({ id: StationId });
const Seed = z
  .int()
  .min(0)
  .max(2 ** 31 - 1);

const StartBody = z.strictObject({
  /** an exercise id of the exercise folder (never a path) */
  exercise: z.string().regex(EXERCISE_ID, 'an exercise id'),
  stations: z.array(StationId).min(1).max(64).optional(),
  seed: Seed.optional(),
});
const StopBody = z.strictObject({
  stations: z.array(StationId).min(1).max(64).optional(),
  clear_faults: z.boolean().optional(),
  reason: z.string().trim().max(300).optional(),
});
const HintBody = z.strictObject({
  text: z
    .strictObject({ fr: z.string().trim().max(2000).optional(), en: z.string().trim().max(2000).optional() })
    .optional(),
  criterion: CriterionSchema.optional(),
  cost: z.number().finite().min(0).max(1).optional(),
  /** show the text on the candidate's HMI (default true) */
  show: z.boolean().optional(),
});
const OverrideBody = z.strictObject({
  criterion: CriterionSchema,
  score: z.number().finite().min(0).max(1),
  comment: z.string().trim().min(3, 'a comment explains the override').max(2000),
});

const TRAINER = ['trainer'] as const;
/** who the list's fit is checked for (a jury reader sees what a trainer could start) */
const FIT_ACTOR: Actor = { user: 'trainer', roles: ['trainer'], channel: 'rest' };
const READERS = ['trainer', 'jury'] as const;

/** HTTP status of a runner refusal. */
const statusOf = (e: ExerciseRefused): number =>
  ({ not_found: 404, invalid: 422, incompatible: 409, busy: 409, refused: 409, not_running: 409 })[e.code];

function refusal(reply: FastifyReply, e: unknown): FastifyReply {
  if (e instanceof ExerciseRefused) {
    return reply.code(statusOf(e)).send({
      error: e.code,
      message: e.message,
      ...(e.reasons.length ? { reasons: e.reasons } : {}),
      ...(e.issues.length ? { issues: e.issues } : {}),
    });
  }
  throw e;
}

const brief = (a: Assignment) => ({
  id: a.exercise.id,
  title: a.exercise.title,
  version: a.exercise.version,
  sha256: a.sha256,
  seed: a.seed,
  start_t: a.start_t,
  duration_min: a.exercise.duration_min,
  active: a.active,
  started_by: a.startedBy,
  announcement_seq: a.announcementSeq,
  ...(a.stopped ? { stopped_seq: a.stopped.seq, stopped_by: a.stopped.by } : {}),
});

export const sessionsRoutes =
  (ctx: AppContext): FastifyPluginAsync =>
  async (app0) => {
    const app = app0.withTypeProvider<ZodTypeProvider>();
    const { lab } = ctx;
    // created with the app, so the stations' shots are counted from the start
    const runner = exerciseRunner(lab);
    const scores = new ScoreCache(runner);
    const actor = (s: NonNullable<ReturnType<typeof requireSession>>, req: FastifyRequest): Actor =>
      actorOf(s.identity, 'rest', req.ip);
    const readers = (req: FastifyRequest, reply: FastifyReply) =>
      requireSession(ctx.sessions, req, reply, READERS);
    const trainers = (req: FastifyRequest, reply: FastifyReply) =>
      requireSession(ctx.sessions, req, reply, TRAINER);
    const notFound = (reply: FastifyReply, what: string) =>
      reply.code(404).send({ error: 'not_found', message: `${what}: not found` });

    await app.register(trainerUiRoutes(ctx));

    app.get(
      '/api/sessions/exercises',
      {
        schema: {
          tags: ['sessions'],
          summary: 'Exercise files with their fit to the running lab (trainer, jury)',
          description:
            'Each valid file with its id, titles, block, level, duration, faults and set-up, and whether it fits the running lab (material, mould, set points, fault engine) with the reasons when not; invalid files with their problems (file, line, field).',
          security: [{ bearer: [] }],
        },
      },
      async (req, reply) => {
        if (!readers(req, reply)) return reply;
        const first = lab.stations.values().next().value;
        return exerciseStore(lab)
          .list()
          .map((e) => {
            const file = e.file.split(/[/\\]/).pop()!;
            if (!e.result.ok) return { file, ok: false, issues: e.result.issues };
            const ex = e.result.exercise;
            const reasons = labFit(lab.config, ex);
            // stations share their models: the first one stands for all (seed 1 for the draws)
            if (first && !reasons.length)
              reasons.push(
                ...stationFit(
                  first,
                  ex,
                  instantiateExercise(ex, 1, first.id),
                  first.clock.now,
                  FIT_ACTOR,
                ).filter((r) => r.code !== 'fault' || !/already in use/.test(r.en)),
              );
            return {
              file,
              ok: true,
              id: ex.id,
              version: ex.version,
              title: ex.title,
              ...(ex.summary ? { summary: ex.summary } : {}),
              certification: ex.certification,
              level: ex.level,
              duration_min: ex.duration_min,
              faults: ex.timeline.map((t) => t.fault),
              setup: {
                material: ex.setup.material,
                job: ex.setup.job,
                hot_runner: ex.setup.options.hot_runner,
              },
              sha256: e.result.sha256,
              compatible: reasons.length === 0,
              reasons,
            };
          });
      },
    );

    app.get(
      '/api/sessions',
      {
        schema: {
          tags: ['sessions'],
          summary: "The lab's set-up and each station's exercise (trainer, jury)",
          security: [{ bearer: [] }],
        },
      },
      async (req, reply) => {
        if (!readers(req, reply)) return reply;
        return {
          lab: {
            name: lab.config.lab.name,
            material: lab.config.stations.material,
            hot_runner: lab.config.stations.hotRunner,
            seed: lab.config.lab.seed,
            epoch_ms: lab.startedAt,
            tick_ms: lab.config.lab.tickMs,
            stations: [...lab.stations.keys()],
            exercises_dir: exerciseStore(lab).dir,
          },
          stations: [...lab.stations.keys()].map((id) => {
            const a = runner.latest(id);
            return { station: id, exercise: a ? brief(a) : null };
          }),
        };
      },
    );

    app.post(
      '/api/sessions',
      {
        schema: {
          tags: ['sessions'],
          summary: 'Start an exercise on stations (trainer)',
          description:
            'Validates the file, checks it fits the stations, journals the announcement, applies the set-up and schedules each station’s drawn faults. 404 unknown exercise, 422 invalid file (issues with line and field), 409 does not fit or a station is busy (reasons).',
          body: StartBody,
          security: [{ bearer: [] }],
        },
      },
      async (req, reply) => {
        const s = trainers(req, reply);
        if (!s) return reply;
        try {
          const r = await runner.start(
            {
              exercise: req.body.exercise,
              ...(req.body.stations ? { stations: req.body.stations } : {}),
              ...(req.body.seed !== undefined ? { seed: req.body.seed } : {}),
            },
            actor(s, req),
          );
          return reply.code(201).send(r);
        } catch (e) {
          return refusal(reply, e);
        }
      },
    );

    app.post(
      '/api/sessions/stop',
      {
        schema: {
          tags: ['sessions'],
          summary:
            'Stop the exercise of stations (trainer); its faults are cleared unless clear_faults is false',
          body: StopBody,
          security: [{ bearer: [] }],
        },
      },
      async (req, reply) => {
        const s = trainers(req, reply);
        if (!s) return reply;
        try {
          return await runner.stop(
            {
              ...(req.body.stations ? { stations: req.body.stations } : {}),
              ...(req.body.clear_faults !== undefined ? { clearFaults: req.body.clear_faults } : {}),
              ...(req.body.reason ? { reason: req.body.reason } : {}),
            },
            actor(s, req),
          );
        } catch (e) {
          return refusal(reply, e);
        }
      },
    );

    app.post(
      '/api/sessions/stations/:id/hint',
      {
        schema: {
          tags: ['sessions'],
          summary:
            'Give a hint to a station (trainer): journaled, graded as a penalty, its text shown to the candidate',
          params: StationParams,
          body: HintBody,
          security: [{ bearer: [] }],
        },
      },
      async (req, reply) => {
        const s = trainers(req, reply);
        if (!s) return reply;
        if (!lab.station(req.params.id)) return notFound(reply, `station ${req.params.id}`);
        try {
          return reply.code(201).send(
            runner.hint(
              req.params.id,
              {
                ...(req.body.text ? { text: req.body.text } : {}),
                ...(req.body.criterion ? { criterion: req.body.criterion } : {}),
                ...(req.body.cost !== undefined ? { cost: req.body.cost } : {}),
                ...(req.body.show !== undefined ? { show: req.body.show } : {}),
              },
              actor(s, req),
            ),
          );
        } catch (e) {
          return refusal(reply, e);
        }
      },
    );

    app.get(
      '/api/sessions/status',
      {
        schema: {
          tags: ['sessions'],
          summary: 'Live status of every station (trainer, jury; the faults themselves for trainers only)',
          security: [{ bearer: [] }],
        },
      },
      async (req, reply) => {
        const s = readers(req, reply);
        if (!s) return reply;
        const trainer = s.identity.kind === 'trainer';
        const services = hmiServices(lab);
        const graded = scores.cached();
        return [...lab.stations.values()].map((st) => {
          const a = runner.latest(st.id);
          const book = services.alarms.get(st.id);
          const alarms = book?.active() ?? [];
          const engine = st.model<FaultEngine>('faults');
          const faults = engine?.list(true) ?? [];
          const mine = a ? faults.filter((f) => f.exercise === a.exercise.id) : [];
          const onsets = (mine.length ? mine : faults)
            .filter((f) => f.state !== 'scheduled' && f.onset_t <= st.clock.now)
            .map((f) => f.onset_t);
          const onset = onsets.length ? Math.min(...onsets) : null;
          const diag = services.diagnosis.list(st.id);
          const r = graded.get(st.id);
          const last = runner.tracker.last(st.id);
          return {
            station: st.id,
            sim_t: st.clock.now,
            state: runner.tracker.state(st),
            mode: runner.tracker.mode(st),
            alarms: {
              active: alarms.filter((x) => x.active).length,
              unacked: alarms.filter((x) => !x.acked).length,
            },
            shots: runner.tracker.shots(st.id),
            last_shot: last
              ? { t: last.t, shot: last.shot, quality: last.quality, detail: last.detail }
              : null,
            exercise: a ? brief(a) : null,
            elapsed_s: a ? Math.max(0, Math.round((st.clock.now - a.start_t) / 1000)) : null,
            since_onset_s: onset === null ? null : Math.round((st.clock.now - onset) / 1000),
            diagnosis: {
              versions: diag.length,
              last_t: diag.length ? diag[diag.length - 1]!.t : null,
            },
            detection: r ? { seconds: r.detection.seconds, seq: r.detection.seq } : null,
            score: r ? { pct: r.total.pct, verdict: r.total.verdict } : null,
            ...(trainer
              ? {
                  faults: faults
                    .filter((f) => f.state === 'active' || f.state === 'scheduled')
                    .map((f) => ({
                      id: f.id,
                      fault: f.fault,
                      name: f.name,
                      component: f.component,
                      state: f.state,
                      onset_t: f.onset_t,
                      level: f.level,
                      source: f.source,
                    })),
                }
              : {}),
          };
        });
      },
    );

    /** the latest exercise of a station, or a 404 answer */
    const assignmentOf = (reply: FastifyReply, id: string): Assignment | undefined => {
      if (!lab.station(id)) {
        void notFound(reply, `station ${id}`);
        return undefined;
      }
      const a = runner.latest(id);
      if (!a)
        void reply
          .code(404)
          .send({ error: 'no_exercise', message: `station ${id}: no exercise was started` });
      return a;
    };

    app.get(
      '/api/sessions/stations/:id/score',
      {
        schema: {
          tags: ['sessions'],
          summary:
            'Grade a station against its exercise now (trainer, jury): JSON with the cited entries, HTML, PDF, CSV',
          description:
            'Graded by the scorer from the live journal against the file that was started (its SHA-256 is the announcement’s) with the session seed. JSON: `{ report, cited }`, `cited` summarising every journal entry the report cites (seq, time, who, what).',
          params: StationParams,
          querystring: z.strictObject({ format: z.enum(['json', 'html', 'pdf', 'csv']).default('json') }),
          security: [{ bearer: [] }],
        },
      },
      async (req, reply) => {
        if (!readers(req, reply)) return reply;
        const a = assignmentOf(reply, req.params.id);
        if (!a) return reply;
        const g = scores.fresh(a.station)!;
        const name = `${a.station}-${a.exercise.id}`;
        switch (req.query.format) {
          case 'html':
            return reply
              .header('content-type', 'text/html; charset=utf-8')
              .header('content-disposition', `attachment; filename="${name}.html"`)
              .send(renderHtml(g.report));
          case 'csv':
            return reply
              .header('content-type', 'text/csv; charset=utf-8')
              .header('content-disposition', `attachment; filename="${name}.csv"`)
              .send(candidateCsv(g.report));
          case 'pdf':
            return reply
              .header('content-type', 'application/pdf')
              .header('content-disposition', `attachment; filename="${name}.pdf"`)
              .send(await renderPdf(g.report));
          default:
            return g;
        }
      },
    );

    app.post(
      '/api/sessions/stations/:id/override',
      {
        schema: {
          tags: ['sessions'],
          summary: 'Override one criterion with a comment (trainer); journaled, the latest applies',
          params: StationParams,
          body: OverrideBody,
          security: [{ bearer: [] }],
        },
      },
      async (req, reply) => {
        const s = trainers(req, reply);
        if (!s) return reply;
        const a = assignmentOf(reply, req.params.id);
        if (!a) return reply;
        const st = lab.station(a.station)!;
        // the same entry as the scoring routes' override (OverridePayloadSchema), with the trainer's identity
        const [entry] = lab.journal.append([
          {
            type: 'override',
            station: st.id,
            t: st.clock.now,
            actor: { user: s.identity.user, roles: s.identity.roles, channel: 'rest', client: req.ip },
            payload: {
              criterion: req.body.criterion,
              score: req.body.score,
              comment: req.body.comment,
              exercise: a.exercise.id,
            },
          },
        ]);
        return reply.code(201).send({ seq: entry!.seq, ...scores.fresh(a.station)! });
      },
    );

    app.get(
      '/api/sessions/stations/:id/debrief',
      {
        schema: {
          tags: ['sessions'],
          summary: 'The debrief timeline of a station (trainer, jury): JSON or CSV',
          params: StationParams,
          querystring: z.strictObject({ format: z.enum(['json', 'csv']).default('json') }),
          security: [{ bearer: [] }],
        },
      },
      async (req, reply) => {
        if (!readers(req, reply)) return reply;
        const a = assignmentOf(reply, req.params.id);
        if (!a) return reply;
        const { report } = scores.fresh(a.station)!;
        if (req.query.format === 'json')
          return { station: a.station, exercise: a.exercise.id, timeline: report.timeline };
        const cell = (v: unknown) => {
          let x = String(v ?? '');
          if (/^[=+\-@\t\r]/.test(x)) x = `'${x}`;
          return `"${x.replaceAll('"', '""')}"`;
        };
        const lines = [
          ['station', 'exercise', 'clock', 't_ms', 'seq', 'kind', 'fr', 'en'].map(cell).join(','),
          ...report.timeline.map((e) =>
            [a.station, a.exercise.id, e.clock, e.t, e.seq ?? '', e.kind, e.fr, e.en].map(cell).join(','),
          ),
        ];
        return reply
          .header('content-type', 'text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="${a.station}-${a.exercise.id}-debrief.csv"`)
          .send(`${lines.join('\r\n')}\r\n`);
      },
    );

    app.get(
      '/api/sessions/group',
      {
        schema: {
          tags: ['sessions'],
          summary: 'The group grid (trainer, jury): one line per station that ran the exercise, CSV or JSON',
          querystring: z.strictObject({
            exercise: z.string().regex(EXERCISE_ID, 'an exercise id').optional(),
            format: z.enum(['csv', 'json']).default('csv'),
          }),
          security: [{ bearer: [] }],
        },
      },
      async (req, reply) => {
        if (!readers(req, reply)) return reply;
        const exercise = req.query.exercise ?? runner.history.at(-1)?.exercise.id;
        const stations = [...lab.stations.keys()].filter((id) => runner.latest(id)?.exercise.id === exercise);
        if (!exercise || !stations.length)
          return reply
            .code(404)
            .send({ error: 'no_exercise', message: `no station ran ${exercise ?? 'an exercise'}` });
        const reports = scores.many(stations);
        if (req.query.format === 'json') return reports;
        return reply
          .header('content-type', 'text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="group-${exercise}.csv"`)
          .send(groupCsv(reports));
      },
    );
  };
