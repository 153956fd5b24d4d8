/** `plastlab simulate`: a headless fast-forward run writing one CSV row per shot. */
import { Station } from '../kernel/station.ts';
import { parseConfig } from '../session/config.ts';
import { parseDuration } from './duration.ts';
import { cellFactory } from './models.ts';
import { csvCell } from './signals-export.ts';

export interface SimulateCmdOptions {
  readonly duration: string;
  readonly seed: number;
  readonly material: 'PP' | 'ABS' | 'PA6';
  readonly set: readonly string[];
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
  const config = parseConfig({ lab: { seed: opts.seed }, stations: { material: opts.material } });
  const st = new Station({ id: 'st1', seed: opts.seed, models: cellFactory(config)('st1', 0) });
  const rows: string[] = [];
  let columns: string[] | undefined;
  st.hooks.on('cycleEnd', (e) => {
    columns ??= Object.keys(e.record);
    rows.push(columns.map((c) => csvCell(e.record[c])).join(','));
  });
  for (const a of opts.set) {
    const [signal, value] = parseAssignment(a);
    const pending = st.submit({
      station: 'st1',
      actor: { user: 'cli', roles: ['system'], channel: 'cli' },
      input: { kind: 'write', signal, value },
    });
    st.step();
    const r = await pending;
    if (r.rejection) throw new Error(`--set ${a}: ${r.rejection.message}`);
  }
  const t0 = performance.now();
  st.runFor(ms);
  opts.log?.(
    `simulated ${opts.duration} (${st.clock.tick} ticks) in ${Math.round(performance.now() - t0)} ms, ${rows.length} shots`,
  );
  return [columns?.join(',') ?? 'shot_id', ...rows].join('\n') + '\n';
}
