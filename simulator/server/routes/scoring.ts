/**
 * HTTP routes of the scorer (issue 8; docs/scoring.md), for trainers and the jury only — a candidate gets
 * 403 on every one (reliability-security T6, I6: no score and no exercise from any candidate surface):
 *
 * - `GET  /api/scoring/exercises` — the exercise files of `scoring.exercisesDir`, checked (invalid ones
 *   listed with their problems);
 * - `GET  /api/scoring/exercises/:id` — one exercise (with its expected answers);
 * - `GET  /api/scoring/stations/:id/report?exercise=&format=json|html|pdf|csv` — score the station from the
 *   live journal;
 * - `POST /api/scoring/stations/:id/override` — trainer only: `{ exercise, criterion, score, comment }`,
 *   journaled as an `override` entry with the trainer's identity; returns the new report;
 * - `GET  /api/scoring/group?exercise=&format=csv|json` — the grid of every station.
 */
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { catalogueOf, cellSignalCatalogue, unionCatalogue } from '../../../exercises/catalogue.ts';
import { type DirEntry, loadExerciseDir } from '../../../exercises/loader.ts';
import type { Exercise } from '../../../exercises/schema.ts';
import { CriterionSchema } from '../../../scoring/journal-model.ts';
import { candidateCsv, groupCsv } from '../../../scoring/render-csv.ts';
import { renderHtml } from '../../../scoring/render-html.ts';
import { renderPdf } from '../../../scoring/render-pdf.ts';
import type { ScoreReport } from '../../../scoring/report-types.ts';
import { score } from '../../../scoring/score.ts';
import type { AppContext } from '../app.ts';
import { requireSession } from '../auth.ts';

const Format = z.enum(['json', 'html', 'pdf', 'csv']).default('json');
const ExerciseId = z.string().regex(/^[a-z0-9][a-z0-9-]{2,79}$/, 'an exercise id');
const StationParams = z.strictObject({ id: z.string().min(1).max(32) });
const ReportQuery = z.strictObject({
  exercise: ExerciseId,
  format: Format,
  seed: z.coerce
    .number()
    .int()
    .min(0)
    .max(2 ** 31 - 1)
    .optional(),
});
const OverrideBody = z.strictObject({
  exercise: ExerciseId,
  criterion: CriterionSchema,
  score: z.number().finite().min(0).max(1),
  comment: z.string().trim().min(3, 'a comment explains the override').max(2000),
});

export const scoringRoutes =
  (ctx: AppContext): FastifyPluginAsync =>
  async (app0) => {
    const app = app0.withTypeProvider<ZodTypeProvider>();
    const { lab } = ctx;
    const dir = resolve(lab.config.scoring.exercisesDir);
    const first = lab.stations.values().next().value;
    const signals = unionCatalogue(
      cellSignalCatalogue(),
      catalogueOf(first ? first.registry.candidateSignals().map((s) => s.key) : [], 'station registry'),
    );

    // the folder is re-read when a file is added, removed or changed (a trainer drops a new exercise in it)
    let cache: { stamp: string; entries: DirEntry[] } | undefined;
    const exercises = (): DirEntry[] => {
      let stamp = '';
      try {
        for (const name of readdirSync(dir)
          .filter((n) => /\.ya?ml$/.test(n))
          .sort()) {
          const st = statSync(join(dir, name));
          stamp += `${name}:${st.mtimeMs}:${st.size}|`;
        }
      } catch {
        return [];
      }
      if (cache?.stamp !== stamp) cache = { stamp, entries: loadExerciseDir(dir, { signals }) };
      return cache.entries;
    };
    const find = (id: string): { exercise: Exercise; sha256: string } | undefined => {
      for (const e of exercises()) if (e.result.ok && e.result.exercise.id === id) return e.result;
      return undefined;
    };

    const guard = (req: Parameters<typeof requireSession>[1], reply: FastifyReply, trainerOnly = false) =>
      requireSession(ctx.sessions, req, reply, trainerOnly ? ['trainer'] : ['trainer', 'jury']);

    const report = (exercise: Exercise, sha256: string, station: string, seed?: number): ScoreReport =>
      score(exercise, lab.journal.read(), {
        station,
        seed: seed ?? lab.config.lab.seed,
        epochMs: lab.startedAt,
        exerciseSha256: sha256,
      });

    const send = async (reply: FastifyReply, r: ScoreReport, format: z.infer<typeof Format>) => {
      const name = `${r.station}-${r.exercise.id}`;
      switch (format) {
        case 'html':
          return reply.header('content-type', 'text/html; charset=utf-8').send(renderHtml(r));
        case 'csv':
          return reply
            .header('content-type', 'text/csv; charset=utf-8')
            .header('content-disposition', `attachment; filename="${name}.csv"`)
            .send(candidateCsv(r));
        case 'pdf':
          return reply
            .header('content-type', 'application/pdf')
            .header('content-disposition', `attachment; filename="${name}.pdf"`)
            .send(await renderPdf(r));
        default:
          return reply.send(r);
      }
    };

    app.get(
      '/api/scoring/exercises',
      {
        schema: {
          tags: ['scoring'],
          summary:
            'Exercise files (trainer, jury): id, titles, block, level, duration, faults; invalid files with their problems',
          security: [{ bearer: [] }],
        },
      },
      async (req, reply) => {
        if (!guard(req, reply)) return reply;
        return exercises().map((e) =>
          e.result.ok
            ? {
                file: e.file,
                ok: true,
                id: e.result.exercise.id,
                title: e.result.exercise.title,
                certification: e.result.exercise.certification,
                level: e.result.exercise.level,
                duration_min: e.result.exercise.duration_min,
                faults: e.result.exercise.timeline.map((t) => t.fault),
                sha256: e.result.sha256,
              }
            : { file: e.file, ok: false, issues: e.result.issues },
        );
      },
    );

    app.get(
      '/api/scoring/exercises/:id',
      {
        schema: {
          tags: ['scoring'],
          summary: 'One exercise with its expected answers (trainer, jury)',
          params: z.strictObject({ id: ExerciseId }),
          security: [{ bearer: [] }],
        },
      },
      async (req, reply) => {
        if (!guard(req, reply)) return reply;
        const ex = find(req.params.id);
        if (!ex)
          return reply
            .code(404)
            .send({ error: 'not_found', message: `exercise ${req.params.id}: not found` });
        return { sha256: ex.sha256, exercise: ex.exercise };
      },
    );

    app.get(
      '/api/scoring/stations/:id/report',
      {
        schema: {
          tags: ['scoring'],
          summary: 'Score a station from the live journal (trainer, jury): JSON, HTML, PDF or CSV',
          params: StationParams,
          querystring: ReportQuery,
          security: [{ bearer: [] }],
        },
      },
      async (req, reply) => {
        if (!guard(req, reply)) return reply;
        if (!lab.station(req.params.id)) {
          return reply.code(404).send({ error: 'not_found', message: `station ${req.params.id}: not found` });
        }
        const ex = find(req.query.exercise);
        if (!ex)
          return reply
            .code(404)
            .send({ error: 'not_found', message: `exercise ${req.query.exercise}: not found` });
        return send(reply, report(ex.exercise, ex.sha256, req.params.id, req.query.seed), req.query.format);
      },
    );

    app.post(
      '/api/scoring/stations/:id/override',
      {
        schema: {
          tags: ['scoring'],
          summary: 'Trainer override of one criterion, with a comment; journaled, the latest applies',
          params: StationParams,
          body: OverrideBody,
          security: [{ bearer: [] }],
        },
      },
      async (req, reply) => {
        const s = guard(req, reply, true);
        if (!s) return reply;
        const st = lab.station(req.params.id);
        if (!st)
          return reply.code(404).send({ error: 'not_found', message: `station ${req.params.id}: not found` });
        const ex = find(req.body.exercise);
        if (!ex)
          return reply
            .code(404)
            .send({ error: 'not_found', message: `exercise ${req.body.exercise}: not found` });
        lab.record({
          type: 'override',
          station: st.id,
          t: st.clock.now,
          actor: { user: s.identity.user, roles: s.identity.roles, channel: 'rest', client: req.ip },
          payload: {
            criterion: req.body.criterion,
            score: req.body.score,
            comment: req.body.comment,
            exercise: req.body.exercise,
          },
        });
        return report(ex.exercise, ex.sha256, st.id);
      },
    );

    app.get(
      '/api/scoring/group',
      {
        schema: {
          tags: ['scoring'],
          summary: 'The grid of every station for an exercise (trainer, jury): CSV or JSON',
          querystring: z.strictObject({
            exercise: ExerciseId,
            format: z.enum(['csv', 'json']).default('csv'),
            seed: z.coerce
              .number()
              .int()
              .min(0)
              .max(2 ** 31 - 1)
              .optional(),
          }),
          security: [{ bearer: [] }],
        },
      },
      async (req, reply) => {
        if (!guard(req, reply)) return reply;
        const ex = find(req.query.exercise);
        if (!ex)
          return reply
            .code(404)
            .send({ error: 'not_found', message: `exercise ${req.query.exercise}: not found` });
        const reports = [...lab.stations.keys()].map((id) =>
          report(ex.exercise, ex.sha256, id, req.query.seed),
        );
        if (req.query.format === 'json') return reports;
        return reply
          .header('content-type', 'text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="group-${ex.exercise.id}.csv"`)
          .send(groupCsv(reports));
      },
    );
  };
