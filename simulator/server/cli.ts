/**
 * The `plastlab` command line: start the lab, run a headless simulation, export the signal model,
 * verify a journal.
 */
import { writeFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import { registerScoreCommand } from '../../scoring/cli.ts';
import { ValidationError } from '../kernel/errors.ts';
import { Station } from '../kernel/station.ts';
import { type LabConfig, loadConfigFile, parseConfig } from '../session/config.ts';
import { CLI_TRAINER, configForExercise, exerciseBanner } from '../session/exercise-cli.ts';
import { startExercise } from '../session/exercise-runner.ts';
import { verifyJournalFile } from '../session/journal-verify.ts';
import { cellFactory } from './models.ts';
import { signalsCsv, signalsJson } from './signals-export.ts';
import { runSimulate } from './simulate-cmd.ts';
import { startLab } from './start.ts';
import { VERSION } from './version.ts';

const intArg = (name: string, min: number, max: number) => (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new Error(`${name}: ${v} must be an integer in ${min}…${max}`);
  return n;
};

function configFrom(opts: {
  config?: string;
  stations?: number;
  firstStation?: number;
  port?: number;
  trainerPort?: number;
  data?: string;
  material?: string;
  hotRunner?: boolean;
}): LabConfig {
  const base = opts.config ? loadConfigFile(opts.config) : parseConfig({});
  return parseConfig(
    {
      ...base,
      lab: { ...base.lab, ...(opts.data ? { dataDir: opts.data } : {}) },
      stations: {
        ...base.stations,
        ...(opts.stations ? { count: opts.stations } : {}),
        ...(opts.firstStation ? { first: opts.firstStation } : {}),
        ...(opts.hotRunner ? { hotRunner: true } : {}),
        ...(opts.material ? { material: opts.material } : {}),
      },
      http: {
        ...base.http,
        ...(opts.port ? { port: opts.port } : {}),
        ...(opts.trainerPort ? { trainerPort: opts.trainerPort } : {}),
      },
    },
    opts.config ?? 'command line',
  );
}

export function buildCli(): Command {
  const program = new Command('plastlab')
    .description('plastlab — simulated injection-moulding cell for practical exams')
    .version(VERSION);

  program
    .command('start')
    .description(
      'run the lab on embedded defaults (or a configuration file) and print URLs, ports and credentials',
    )
    .option('-c, --config <file>', 'configuration file (YAML or JSON)')
    .option('-n, --stations <n>', 'number of stations', intArg('--stations', 1, 64))
    .option(
      '--first-station <n>',
      'number of the first station (several instances, one range each)',
      intArg('--first-station', 1, 999),
    )
    .option('-p, --port <port>', 'HTTP port', intArg('--port', 1024, 65535))
    .option(
      '--trainer-port <port>',
      "separate port for the trainer console and APIs (keep it off the candidates' network)",
      intArg('--trainer-port', 1024, 65535),
    )
    .option('-d, --data <dir>', 'data folder (journal, keys, credentials)')
    .addOption(new Option('-m, --material <m>', 'material preset').choices(['PP', 'ABS', 'PA6']))
    .option('--hot-runner', 'mould with the 2-drop hot runner (R-PP-HR)')
    .option('-e, --exercise <file>', 'start this exercise on every station at t = 0 (docs/trainer.md)')
    .option(
      '--exercise-seed <n>',
      'seed of the per-candidate variants (default: random)',
      intArg('--exercise-seed', 0, 2 ** 31 - 1),
    )
    .action(async (opts) => {
      let config = configFrom(opts);
      let exerciseFile: string | undefined;
      if (opts.exercise) {
        // the stations are built for the exercise's material and mould
        const fit = configForExercise(config, opts.exercise, {
          material: opts.material,
          hotRunner: opts.hotRunner,
        });
        config = fit.config;
        exerciseFile = fit.file;
        for (const n of fit.notes) console.log(`note: ${n}`);
      }
      const running = await startLab(config, { log: (l) => console.log(l) });
      if (exerciseFile) {
        try {
          // queued before the clock's first tick: the exercise starts at t = 0
          const r = await startExercise(
            running.lab,
            {
              exercise: exerciseFile,
              ...(opts.exerciseSeed !== undefined ? { seed: opts.exerciseSeed } : {}),
            },
            CLI_TRAINER,
          );
          // before the credentials
          const at = running.banner.findIndex((l) => l.startsWith('Credentials'));
          running.banner.splice(at < 0 ? running.banner.length : at, 0, ...exerciseBanner(r));
        } catch (e) {
          await running.close();
          throw e;
        }
      }
      // measured from the start of the Node process, module loading included
      console.log(`plastlab ${VERSION} ready in ${Math.round(process.uptime() * 1000)} ms`);
      for (const line of running.banner) console.log(line);
      const stop = async () => {
        await running.close();
        process.exit(0);
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });

  program
    .command('simulate')
    .description('headless fast-forward run writing one CSV row per shot')
    .requiredOption('--duration <d>', 'simulated duration, e.g. 8h, 30m')
    .option('--seed <n>', 'random seed', intArg('--seed', 0, 2 ** 31 - 1), 1)
    .option('--out <file>', 'CSV output file (default: standard output)')
    .addOption(
      new Option('-m, --material <m>', 'material preset').choices(['PP', 'ABS', 'PA6']).default('PP'),
    )
    .option('--set <signal=value...>', 'set a signal at t = 0 (repeatable), validated like any command')
    .option('--fault <spec...>', 'schedule a fault F01…F25@time[:severity] (repeatable), e.g. F03@10m:0.8')
    .action(async (opts) => {
      const csv = await runSimulate({
        duration: opts.duration,
        seed: opts.seed,
        material: opts.material,
        set: opts.set ?? [],
        fault: opts.fault ?? [],
        log: (l) => console.error(l),
      });
      if (opts.out) writeFileSync(opts.out, csv);
      else process.stdout.write(csv);
    });

  program
    .command('signals')
    .description('export the signal model (the interface document for integrators)')
    .addOption(new Option('-f, --format <f>', 'output format').choices(['csv', 'json']).default('csv'))
    .option('--all', 'include trainer-only signals')
    .option('--out <file>', 'output file (default: standard output)')
    .action((opts) => {
      const config = parseConfig({});
      const st = new Station({ id: 'st1', seed: 1, models: cellFactory(config)('st1', 0) });
      const sigs = opts.all ? st.registry.signals : st.registry.candidateSignals();
      const text = opts.format === 'json' ? signalsJson(sigs) : signalsCsv(sigs);
      if (opts.out) writeFileSync(opts.out, text);
      else process.stdout.write(text);
    });

  const journal = program.command('journal').description('journal tools');
  journal
    .command('verify <file>')
    .description('check the hash chain, sequence and signed checkpoints; exit 1 on any problem')
    .option('--public-key <pem>', 'expected signing public key (PEM file)')
    .action(async (file: string, opts: { publicKey?: string }) => {
      const { readFileSync } = await import('node:fs');
      const report = verifyJournalFile(
        file,
        opts.publicKey ? { publicKeyPem: readFileSync(opts.publicKey, 'utf8') } : {},
      );
      console.log(JSON.stringify(report, null, 2));
      if (!report.ok) process.exitCode = 1;
    });

  registerScoreCommand(program);
  return program;
}

export async function main(argv: string[]): Promise<void> {
  try {
    await buildCli().parseAsync(argv);
  } catch (e) {
    if (e instanceof ValidationError) {
      console.error(`error: ${e.message.split(': ')[0]}`);
      for (const i of e.issues) console.error(`  - ${i}`);
    } else console.error(`error: ${e instanceof Error ? e.message : String(e)}`);
    process.exitCode = 2;
  }
}
