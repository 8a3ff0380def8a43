import { escapeMarkdown } from '../core/markdown.ts';
import type { Block, OutboundMessage } from '../core/outbound.ts';
import { type Aggregate, averageOf, type PulseMeta } from './aggregate.ts';
import { renderPulseResults } from './chart.ts';

/** Buttons of a pulse answer `~pulse`: reserved (real flow ids start with a letter), like `~cmd`. */
export const PULSE_FLOW_ID = '~pulse';

/** The prompt: an intro, then one message per question (its own text and buttons). */
export function promptMessages(meta: PulseMeta, closesText: string): OutboundMessage[] {
  const intro: OutboundMessage = {
    blocks: [
      {
        type: 'text',
        text: `**${escapeMarkdown(meta.title)}**\n${escapeMarkdown(meta.intro)}\nOpen until ${closesText}.`,
      },
    ],
  };
  const questions = meta.questions.map(
    (q, i): OutboundMessage => ({
      blocks: [
        { type: 'text', text: `**${i + 1}. ${escapeMarkdown(q.prompt)}**` },
        {
          type: 'scale',
          prompt: q.prompt,
          min: q.options[0]?.value ?? 1,
          max: q.options.at(-1)?.value ?? 5,
          options: q.options.map((o) => ({ value: String(o.value), label: o.label })),
          answer: { flowId: PULSE_FLOW_ID, stepId: `${meta.id}.${q.id}`, version: 0 },
        },
      ],
    }),
  );
  return [intro, ...questions];
}

export interface ResultsContext {
  meta: PulseMeta;
  aggregate: Aggregate;
  /** Earlier closed pulses of the channel, oldest first (this one excluded). */
  earlier: ReadonlyArray<{ meta: PulseMeta; aggregate: Aggregate }>;
  /** An employee-assistance or support link (CHECKIN_SUPPORT_URL). */
  supportUrl?: string | undefined;
  timeZone?: string;
}

const TREND_POINTS = 8;

/** What is posted on close: results when enough people answered, else a note; never names anyone. */
export async function resultsMessage(ctx: ResultsContext): Promise<OutboundMessage> {
  const { meta, aggregate: agg } = ctx;
  const title = escapeMarkdown(meta.title);
  if (agg.suppressed) {
    return {
      blocks: [
        {
          type: 'text',
          text: `**${title} — closed**\nFewer than ${agg.minGroup} people answered, so to keep everyone anonymous no results are shared this time. Thank you to everyone who took part.`,
        },
      ],
    };
  }
  const blocks: Block[] = [
    { type: 'text', text: `**${title} — results**\n${agg.n} people answered. Thank you, everyone.` },
  ];
  const previous = [...ctx.earlier].reverse().find((e) => !e.aggregate.suppressed);
  let low = false;
  const lines: string[] = [];
  for (const q of meta.questions) {
    const result = agg.questions.find((r) => r.id === q.id);
    const avg = averageOf(result?.counts ?? null);
    const min = q.options[0]?.value ?? 1;
    const max = q.options.at(-1)?.value ?? 5;
    if (avg === null) {
      lines.push(`- **${escapeMarkdown(q.short)}**: too few answers to this question to share.`);
      continue;
    }
    if ((avg - min) / (max - min) <= meta.lowAt) low = true;
    const before = averageOf(previous?.aggregate.questions.find((r) => r.id === q.id)?.counts ?? null);
    const trend = before === null ? '' : ` (last time ${before.toFixed(1)})`;
    const spread = q.options
      .map((o) => `${escapeMarkdown(o.label)} ${result?.counts?.[String(o.value)] ?? 0}`)
      .join(' · ');
    lines.push(`- **${escapeMarkdown(q.short)}**: average ${avg.toFixed(1)} of ${max}${trend} — ${spread}`);
  }
  blocks.push({ type: 'text', text: lines.join('\n') });
  const chart = await resultsChart(ctx);
  if (chart) blocks.push(chart);
  if (low) {
    const link = ctx.supportUrl
      ? ` Confidential support is available to everyone: [support](${ctx.supportUrl}).`
      : '';
    blocks.push({
      type: 'text',
      text: `Some answers suggest this has been a demanding stretch for the team. It may help to talk about workload and support together, without looking for who said what.${link} Anyone can also message me privately for a check-in, or type **sos** for urgent help.`,
    });
  }
  return { blocks };
}

/** The results picture (distribution, and the trend when there are earlier pulses) with its text. */
async function resultsChart(ctx: ResultsContext): Promise<Block | null> {
  const { meta, aggregate: agg } = ctx;
  const points = Math.max(...meta.questions.map((q) => q.options.length));
  const shares = meta.questions.map((q) => {
    const counts = agg.questions.find((r) => r.id === q.id)?.counts ?? null;
    if (!counts) return null;
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    // Position p is the p-th point of each question's scale, lowest first (built-in sets share one length).
    return Array.from({ length: points }, (_, p) => {
      const option = q.options[p];
      return option ? (100 * (counts[String(option.value)] ?? 0)) / total : 0;
    });
  });
  const pulses = [...ctx.earlier, { meta, aggregate: agg }]
    .filter((p) => !p.aggregate.suppressed)
    .slice(-TREND_POINTS);
  const series = meta.questions.map((q) => ({
    label: q.short,
    values: pulses.map((p) => {
      const v = averageOf(p.aggregate.questions.find((r) => r.id === q.id)?.counts ?? null);
      return v === null ? null : Math.round(v * 10) / 10;
    }),
  }));
  const min = Math.min(...meta.questions.map((q) => q.options[0]?.value ?? 1));
  const max = Math.max(...meta.questions.map((q) => q.options.at(-1)?.value ?? 5));
  const spread = meta.questions
    .map((q, i) => {
      const row = shares[i];
      return `${q.short}: ${row ? row.map((s) => `${Math.round(s)}%`).join(' / ') : 'too few answers'}`;
    })
    .join('\n');
  const trend =
    pulses.length > 1
      ? series
          .map((s) => `${s.label}: ${s.values.map((v) => (v === null ? '–' : v.toFixed(1))).join(' → ')}`)
          .join('\n')
      : '';
  const fallback = [
    `Answers from lowest to highest:\n${spread}`,
    trend && `Trend over the last ${pulses.length} pulses:\n${trend}`,
  ]
    .filter(Boolean)
    .join('\n');
  try {
    const image = await renderPulseResults(
      `${meta.title}: how the team answered`,
      {
        questions: meta.questions.map((q) => q.short),
        points: Array.from({ length: points }, (_, p) =>
          p === 0 ? `${p + 1} (lowest)` : p === points - 1 ? `${p + 1} (highest)` : String(p + 1),
        ),
        shares,
      },
      pulses.length > 1
        ? { labels: pulses.map((p) => dateLabel(p.meta.openedAt, ctx.timeZone)), series, min, max }
        : null,
    );
    return {
      type: 'image',
      ...image,
      alt: `Bar chart of how the team answered each question${pulses.length > 1 ? ', and a line chart of team averages over recent pulses' : ''}. ${fallback.replace(/\n/g, '; ')}`,
      fallback,
    };
  } catch {
    // No canvas: the text carries the same numbers.
    return { type: 'text', text: escapeMarkdown(fallback) };
  }
}

function dateLabel(ms: number, timeZone = 'UTC'): string {
  return new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', timeZone }).format(ms);
}

/** Aggregates as CSV (one row per pulse, question and option); suppressed pulses show no counts. */
export function aggregatesCsv(rows: ReadonlyArray<{ meta: PulseMeta; aggregate: Aggregate }>): string {
  const out = ['pulse_id,set,opened_at,closed_at,respondents,question,option_value,option_label,count'];
  for (const { meta, aggregate: agg } of rows) {
    const base = [meta.id, meta.setId, iso(meta.openedAt), iso(agg.closedAt)];
    const respondents = agg.suppressed ? `<${agg.minGroup}` : String(agg.n);
    for (const q of meta.questions) {
      const counts = agg.questions.find((r) => r.id === q.id)?.counts ?? null;
      if (!counts) {
        out.push(csvRow([...base, respondents, q.id, '', '', '']));
        continue;
      }
      for (const o of q.options) {
        out.push(
          csvRow([
            ...base,
            respondents,
            q.id,
            String(o.value),
            o.label,
            String(counts[String(o.value)] ?? 0),
          ]),
        );
      }
    }
  }
  return `${out.join('\n')}\n`;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function csvRow(cells: string[]): string {
  // Quote every cell that needs it; a leading = + - @ is neutralised so spreadsheets never run it.
  return cells
    .map((c) => {
      const safe = /^[=+\-@]/.test(c) ? `'${c}` : c;
      return /[",\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
    })
    .join(',');
}
