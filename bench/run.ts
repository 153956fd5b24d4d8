/**
 * `npm run bench [name...]`: run the benchmarks and record JSON results with machine info under
 * bench/results/. Each benchmark module exports `run(): Record<string, unknown> | Promise<…>`.
 */
import { writeResult } from './lib.ts';

const all: Record<string, () => Promise<{ run: () => unknown }>> = {
  kernel: () => import('./kernel.bench.ts'),
  'fast-forward': () => import('./fast-forward.bench.ts'),
};

const wanted = process.argv.slice(2);
for (const name of wanted.length ? wanted : Object.keys(all)) {
  const load = all[name];
  if (!load) {
    console.error(`unknown benchmark "${name}" (known: ${Object.keys(all).join(', ')})`);
    process.exitCode = 2;
    continue;
  }
  const t0 = performance.now();
  const results = (await (await load()).run()) as Record<string, unknown>;
  const file = writeResult(name, results);
  console.log(`${name}: ${Math.round(performance.now() - t0)} ms → ${file}`);
  console.log(JSON.stringify(results, null, 2));
}
