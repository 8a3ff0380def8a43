/**
 * `npm run bench`: runs every `bench/*.bench.ts` and prints each figure next to its baseline
 * measured in the same run. `--quick` runs a smoke-sized version; `--json` prints one JSON object.
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Benchmark, BenchOptions, Figure } from './types.ts';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const options: BenchOptions = { quick: args.includes('--quick'), json: args.includes('--json') };
const only = args.filter((a) => !a.startsWith('--'));

const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .sort();
const results: Record<string, Record<string, Figure>> = {};
for (const file of files) {
  const bench = (await import(pathToFileURL(join(here, file)).href)).default as Benchmark;
  if (only.length && !only.includes(bench.name)) continue;
  if (!options.json) process.stdout.write(`\n== ${bench.name}: ${bench.description}\n`);
  const figures = await bench.run(options);
  results[bench.name] = figures;
  if (!options.json) {
    for (const [name, f] of Object.entries(figures)) {
      const baseline = f.baseline === undefined ? '' : `   baseline ${fmt(f.baseline)} ${f.unit}`;
      const ratio = f.baseline ? `   (×${(f.value / f.baseline).toFixed(2)})` : '';
      const target = f.target ? `   target ${f.target}` : '';
      process.stdout.write(`  ${name.padEnd(40)} ${fmt(f.value)} ${f.unit}${baseline}${ratio}${target}\n`);
    }
  }
}
if (options.json) process.stdout.write(`${JSON.stringify(results)}\n`);

function fmt(n: number): string {
  return n >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(2);
}
