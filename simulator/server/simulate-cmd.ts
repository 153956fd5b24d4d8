/** `plastlab simulate`: a headless fast-forward run writing one CSV row per shot (issue 3). */
import { shotCsvHeader, shotToCsvRow } from '../cell/shot-csv.ts';
import { simulate } from '../cell/simulate.ts';
import { parseFaultSpec, simulateWithFaults } from '../faults/headless.ts';
import { parseDuration } from './duration.ts';

export interface SimulateCmdOptions {
  readonly duration: string;
  readonly seed: number;
  readonly material: 'PP' | 'ABS' | 'PA6';
  readonly set: readonly string[];
  /** `F03@10m[:severity]` (issue 4), repeatable */
  readonly fault?: readonly string[];
  readonly log?: (line: string) => void;
}

/** `signal=value` → typed value: numbers, booleans, otherwise text. Errors name the argument. */
export function parseAssignment(text: string): [string, number | boolean | string] {
  const i = text.indexOf('=');
  if (i <= 0) throw new Error(`--set ${text}: expected signal=value`);
  const key = text.slice(0, i).trim();
  const raw = text.slice(i + 1).trim();
  if (raw === 'true' || raw === 'false') return [key, raw === 'true'];
  const n = Number(raw);
  return [key, raw !== '' && !Number.isNaN(n) ? n : raw];
}

export async function runSimulate(opts: SimulateCmdOptions): Promise<string> {
  const ms = parseDuration(opts.duration, '--duration');
  const set: Record<string, number | boolean | string> = {};
  for (const a of opts.set) {
    const [k, v] = parseAssignment(a);
    set[k] = v;
  }
  const faults = (opts.fault ?? []).map(parseFaultSpec);
  const rows: string[] = [shotCsvHeader()];
  const t0 = performance.now();
  let result: ReturnType<typeof simulate>;
  try {
    result = faults.length
      ? simulateWithFaults({
          durationS: ms / 1000,
          seed: opts.seed,
          material: opts.material,
          set,
          faults,
          onShot: (r) => rows.push(shotToCsvRow(r)),
          onJournal: (e) => {
            const p = e.payload as { action?: string; fault?: string; id?: string; event?: string };
            if (e.type === 'fault')
              opts.log?.(`${(e.t / 1000).toFixed(1)} s  fault ${p.action} ${p.fault} (${p.id})`);
          },
        })
      : simulate({
          durationS: ms / 1000,
          seed: opts.seed,
          material: opts.material,
          set,
          onShot: (r) => rows.push(shotToCsvRow(r)),
        });
  } catch (e) {
    throw new Error(
      `${faults.length ? '--set/--fault' : '--set'}: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
  const wall = performance.now() - t0;
  opts.log?.(
    `simulated ${opts.duration} (${result.station.clock.tick} ticks) in ${Math.round(wall)} ms (${Math.round(ms / wall)}× real time), ${result.shots} shots`,
  );
  return `${rows.join('\n')}\n`;
}
