/**
 * Generated artefacts (DESIGN.md principle 9): interface documents produced from the signal model of a
 * station built with the lab's default models. `node scripts/gen-docs.ts` writes them;
 * `node scripts/gen-docs.ts --check` exits 1 and names the stale ones. To add an artefact, append a
 * `{ file, generate }` to `generators`; the staleness test picks it up.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { modbusMapCsv, modbusMapMarkdown } from '../simulator/adapters/modbus/docs.ts';
import { ModbusMap } from '../simulator/adapters/modbus/map.ts';
import { Station } from '../simulator/kernel/station.ts';
import { cellFactory } from '../simulator/server/models.ts';
import { parseConfig } from '../simulator/session/config.ts';

export interface Generator {
  /** path relative to the repository root */
  readonly file: string;
  generate(): string;
}

export const ROOT = join(import.meta.dirname, '..');

let station: Station | undefined;
/** Station 1 of a lab on the default configuration (the models the lab serves by default). */
export function defaultStation(): Station {
  if (!station) {
    const config = parseConfig({});
    station = new Station({
      id: 'st1',
      seed: config.lab.seed,
      tickMs: config.lab.tickMs,
      models: cellFactory(config)('st1', 0),
    });
  }
  return station;
}

const modbusMap = () => new ModbusMap(defaultStation().registry.signals);

export const generators: readonly Generator[] = [
  { file: 'docs/generated/modbus-map.csv', generate: () => modbusMapCsv(modbusMap()) },
  {
    file: 'docs/generated/modbus-map.md',
    generate: () => modbusMapMarkdown(modbusMap(), 'station 1 with the lab’s default models'),
  },
];

const read = (root: string, file: string): string | null => {
  try {
    return readFileSync(join(root, file), 'utf8');
  } catch {
    return null;
  }
};

/** The generated files whose content under `root` differs from what the generator produces now. */
export function staleFiles(root = ROOT): string[] {
  return generators.filter((g) => read(root, g.file) !== g.generate()).map((g) => g.file);
}

/** `--check`: report stale files (exit code 1); otherwise write what changed. Returns the exit code. */
export function main(
  argv: readonly string[],
  root = ROOT,
  out: Pick<Console, 'log' | 'error'> = console,
): number {
  if (argv.includes('--check')) {
    const stale = staleFiles(root);
    for (const f of stale) out.error(`stale: ${f}`);
    if (stale.length) out.error('run `node scripts/gen-docs.ts` and commit the result');
    return stale.length ? 1 : 0;
  }
  for (const g of generators) {
    const text = g.generate();
    if (read(root, g.file) === text) continue;
    mkdirSync(dirname(join(root, g.file)), { recursive: true });
    writeFileSync(join(root, g.file), text);
    out.log(`wrote ${g.file}`);
  }
  return 0;
}

if (import.meta.main) process.exitCode = main(process.argv.slice(2));
