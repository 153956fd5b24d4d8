/**
 * `plastlab score --exercise <file> --journal <file> [--station st1] [--format html|pdf|csv|json] [--out file]`
 *
 * The journal (SQLite) is verified first — hash chain, sequence, signed checkpoints — and a journal that
 * does not verify is not graded: the command says why and exits 1. Then the exercise is loaded and checked,
 * and the station is scored. `csv` without `--station` gives the group grid (one line per station).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { DatabaseSync } from 'node:sqlite';
import { type Command, Option } from 'commander';
import { loadExerciseFile } from '../exercises/loader.ts';
import { readEntries } from '../simulator/session/journal.ts';
import { verifyJournalFile } from '../simulator/session/journal-verify.ts';
import { ExerciseAssignmentSchema } from './journal-model.ts';
import { candidateCsv, groupCsv } from './render-csv.ts';
import { renderHtml } from './render-html.ts';
import { renderPdf } from './render-pdf.ts';
import type { ScoreReport } from './report-types.ts';
import { score } from './score.ts';

export interface ScoreCommandOptions {
  readonly exercise: string;
  readonly journal: string;
  readonly station?: string;
  readonly format: 'html' | 'pdf' | 'csv' | 'json';
  readonly out?: string;
  readonly seed?: number;
  readonly publicKey?: string;
}

export class ScoreCommandError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode = 1) {
    super(message);
    this.name = 'ScoreCommandError';
    this.exitCode = exitCode;
  }
}

/** The stations a journal holds, in order (from exercise assignments, else from the entries). */
export function journalStations(
  entries: readonly { station: string; type: string; payload: unknown }[],
): string[] {
  const set = new Set<string>();
  for (const e of entries) {
    if (e.type === 'session') {
      const a = ExerciseAssignmentSchema.safeParse(e.payload);
      if (a.success) for (const s of a.data.stations) set.add(s);
    } else if (e.station) set.add(e.station);
  }
  return [...set].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
}

/** Everything the command does, returning the output (tests call it directly). */
export async function runScore(
  o: ScoreCommandOptions,
): Promise<{ output: Buffer | string; reports: ScoreReport[]; warnings: string[] }> {
  const warnings: string[] = [];
  const verify = verifyJournalFile(
    o.journal,
    o.publicKey ? { publicKeyPem: readFileSync(o.publicKey, 'utf8') } : {},
  );
  if (!verify.ok) {
    throw new ScoreCommandError(
      `refusing to grade ${o.journal}: the journal does not verify\n${verify.problems.map((p) => `  - ${p}`).join('\n')}`,
    );
  }
  if (verify.unsignedTail > 0) {
    warnings.push(
      `${verify.unsignedTail} entries after the last signed checkpoint (a truncation there cannot be proven)`,
    );
  }
  const { exercise, sha256 } = loadExerciseFile(o.exercise);
  const db = new DatabaseSync(o.journal, { readOnly: true });
  let entries: ReturnType<typeof readEntries>;
  try {
    entries = readEntries(db);
  } finally {
    db.close();
  }
  const stations = journalStations(entries);
  const opts = (station: string) => ({
    station,
    exerciseSha256: sha256,
    ...(o.seed !== undefined ? { seed: o.seed } : {}),
  });
  if (o.station !== undefined && !stations.includes(o.station)) {
    throw new ScoreCommandError(
      `station ${o.station} is not in the journal (stations: ${stations.join(', ') || 'none'})`,
    );
  }
  if (o.station === undefined && o.format === 'csv') {
    const reports = stations.map((s) => score(exercise, entries, opts(s)));
    return { output: groupCsv(reports), reports, warnings };
  }
  const station = o.station ?? (stations.length === 1 ? stations[0] : undefined);
  if (!station) {
    throw new ScoreCommandError(
      `the journal holds ${stations.length ? `several stations (${stations.join(', ')})` : 'no station'}: choose one with --station (or --format csv for the group grid)`,
    );
  }
  const report = score(exercise, entries, opts(station));
  const output =
    o.format === 'json'
      ? `${JSON.stringify(report, null, 2)}\n`
      : o.format === 'csv'
        ? candidateCsv(report)
        : o.format === 'html'
          ? renderHtml(report)
          : await renderPdf(report);
  return { output, reports: [report], warnings };
}

const intArg = (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 2 ** 31 - 1)
    throw new Error(`--seed: ${v} must be an integer in 0…2147483647`);
  return n;
};

/** Register `plastlab score` on the command line program. */
export function registerScoreCommand(program: Command): void {
  program
    .command('score')
    .description('grade a station from a journal against an exercise (the journal is verified first)')
    .requiredOption('--exercise <file>', 'exercise file (YAML)')
    .requiredOption('--journal <file>', 'journal file (SQLite)')
    .option('--station <id>', 'station to grade (default: the only one; csv without it: the group grid)')
    .addOption(
      new Option('-f, --format <f>', 'report format').choices(['html', 'pdf', 'csv', 'json']).default('json'),
    )
    .option('--out <file>', 'output file (default: standard output)')
    .option('--seed <n>', 'session seed, when the journal has no fault entries', intArg)
    .option('--public-key <pem>', 'expected signing public key of the journal (PEM file)')
    .action(async (opts: ScoreCommandOptions) => {
      try {
        const { output, warnings } = await runScore(opts);
        for (const w of warnings) console.error(`warning: ${w}`);
        if (opts.out) writeFileSync(opts.out, output);
        else process.stdout.write(output);
      } catch (e) {
        if (e instanceof ScoreCommandError) {
          console.error(`error: ${e.message}`);
          process.exitCode = e.exitCode;
          return;
        }
        throw e;
      }
    });
}
