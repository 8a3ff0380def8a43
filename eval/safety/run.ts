/**
 * `npm run eval:safety`: measures the crisis-language detector on the frozen evaluation set.
 *
 * Prints the SHA-256 of each set (so anyone can see it is the committed, unchanged file), then the
 * figures on the REPORT part of dataset.jsonl and, separately, on the independent set
 * (holdout.jsonl) and the fresh set (fresh.jsonl, whole and its report half). Exits 1 when any of
 * the report part, the independent set or the fresh set misses a target, so CI can run it.
 *
 * `--tuning` also lists the misses and false alarms of the TUNING part, item by item: the only
 * part rules may be tuned against. The report part and the independent set print counts only.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { assessText } from '../../src/safety/detector.ts';
import { type EvalItem, evaluateSet, parseEvalSet, partOf, pct, type Report, TARGETS } from './metrics.ts';

const here = dirname(fileURLToPath(import.meta.url));
const showTuning = process.argv.includes('--tuning');

function load(name: string): { items: EvalItem[]; sha: string } {
  const raw = readFileSync(join(here, name));
  return {
    items: parseEvalSet(raw.toString('utf8'), name),
    sha: createHash('sha256').update(raw).digest('hex'),
  };
}

function print(title: string, r: Report): void {
  const lines = [
    `\n== ${title}: ${r.items} messages (${r.crisisItems} crisis, ${r.concernItems} concern, ${r.negatives} negatives)`,
    `  recall (crisis or concern) on crisis messages  ${pct(r.recall).padStart(6)}   target ≥ ${pct(TARGETS.recall)}`,
    `  plan/means/overdose/abuse/farewell → none       ${String(r.neverNoneMisses).padStart(6)}   target 0`,
    `  crisis rate on negatives                        ${pct(r.crisisOnNegatives).padStart(6)}   target ≤ ${pct(TARGETS.crisisOnNegatives)}`,
    `  concern-or-crisis rate on negatives             ${pct(r.flaggedOnNegatives).padStart(6)}   target ≤ ${pct(TARGETS.flaggedOnNegatives)}`,
    `  concern messages flagged                        ${pct(r.concernFlagged).padStart(6)}`,
    `  past-resolved escalated to crisis               ${String(r.pastResolvedEscalated).padStart(6)}   target 0`,
    `  exact level agreement                           ${pct(r.levelAgreement).padStart(6)}`,
    `  category agreement (flagged crisis messages)    ${pct(r.categoryAgreement).padStart(6)}`,
    `  language detected correctly                     ${pct(r.languageAgreement).padStart(6)}`,
    `  misses by category: ${
      Object.entries(r.missesByCategory)
        .map(([c, n]) => `${c} ${n}`)
        .join(', ') || 'none'
    }`,
    `  → ${r.pass ? 'PASS' : `FAIL: ${r.failures.join('; ')}`}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

const dataset = load('dataset.jsonl');
const holdout = load('holdout.jsonl');
const fresh = load('fresh.jsonl');
const probe = load('probe.jsonl');
process.stdout.write(
  `dataset.jsonl sha256 ${dataset.sha}\nholdout.jsonl sha256 ${holdout.sha}\nfresh.jsonl   sha256 ${fresh.sha}\nprobe.jsonl   sha256 ${probe.sha}\n`,
);

const assess = (text: string) => assessText(text);
const reportPart = evaluateSet(
  dataset.items.filter((i) => partOf(i.id) === 'report'),
  assess,
);
const tuningPart = evaluateSet(
  dataset.items.filter((i) => partOf(i.id) === 'tuning'),
  assess,
);
const independent = evaluateSet(holdout.items, assess);
const freshAll = evaluateSet(fresh.items, assess);
const probeAll = evaluateSet(probe.items, assess);
// The fresh set is split by the same fixed rule: its tuning half may be looked at item by item
// (`--tuning`), its report half only as counts, so one half stays an unseen-phrasing estimate.
const freshTuning = evaluateSet(
  fresh.items.filter((i) => partOf(i.id) === 'tuning'),
  assess,
);
const freshReport = evaluateSet(
  fresh.items.filter((i) => partOf(i.id) === 'report'),
  assess,
);

print('Report part of dataset.jsonl', reportPart);
print('Independent set (holdout.jsonl)', independent);
print('Fresh set (fresh.jsonl), all', freshAll);
print('Fresh set, report half (counts only; see docs/safety.md for when it was looked at)', freshReport);
print('Probe set (probe.jsonl; counts only)', probeAll);
if (showTuning) {
  print('Tuning part of dataset.jsonl', tuningPart);
  const byId = new Map(dataset.items.map((i) => [i.id, i.text]));
  for (const m of tuningPart.misses)
    process.stdout.write(`  MISS  ${m.id} expected ${m.expected} got ${m.got}: ${byId.get(m.id)}\n`);
  for (const m of tuningPart.falseAlarms)
    process.stdout.write(`  ALARM ${m.id} expected ${m.expected} got ${m.got}: ${byId.get(m.id)}\n`);
  print('Tuning half of fresh.jsonl', freshTuning);
  const freshById = new Map(fresh.items.map((i) => [i.id, i.text]));
  for (const m of freshTuning.misses)
    process.stdout.write(`  MISS  ${m.id} expected ${m.expected} got ${m.got}: ${freshById.get(m.id)}\n`);
  for (const m of freshTuning.falseAlarms)
    process.stdout.write(`  ALARM ${m.id} expected ${m.expected} got ${m.got}: ${freshById.get(m.id)}\n`);
}
// The targets hold on every set, not only the one the rules were first tuned beside.
const gated: Array<[string, Report]> = [
  ['report part', reportPart],
  ['independent set', independent],
  ['fresh set', freshAll],
];
const failing = gated.filter(([, r]) => !r.pass).map(([name]) => name);
process.stdout.write(
  `\nTargets: ${failing.length === 0 ? 'met on every set' : `NOT met on ${failing.join(', ')}`}\n`,
);
process.exitCode = failing.length === 0 ? 0 : 1;
