/**
 * `npm run bench [name...]`: run the benchmarks (`bench/<name>.bench.ts`, each exporting
 * `run(): Record<string, unknown> | Promise<Record<string, unknown>>`) and record JSON results with
 * machine info under bench/results/<name>.json.
 */
import { readdirSync } from 'node:fs';
import { writeResult } from './lib.ts';

const known = readdirSync(import.meta.dirname)
  .filter((f) => f.endsWith('.bench.ts'))
  .map((f) => f.slice(0, -'.bench.ts'.length))
  .sort();

const wanted = process.argv.slice(2);
for (const name of wanted.length ? wanted : known) {
  if (!known.includes(name)) {
    console.error(`unknown benchmark "${name}" (known: ${known.join(', ')})`);
    process.exitCode = 2;
    continue;
  }
  const mod = (await import(`./${name}.bench.ts`)) as { run: () => unknown };
  const t0 = performance.now();
  const results = (await mod.run()) as Record<string, unknown>;
  const file = writeResult(name, results);
  console.log(`${name}: ${Math.round(performance.now() - t0)} ms → ${file}`);
  console.log(JSON.stringify(results, null, 2));
}
