import type { Block, OutboundMessage } from '../core/outbound.ts';
import type { HistoryEntry } from '../core/state.ts';
import { builtinInstruments } from '../instruments/load.ts';
import type { Instrument } from '../instruments/schema.ts';
import { renderMoodChart } from './chart.ts';
import { checkedInDays, dailySeries, dayLabel, localDay, safeTimeZone } from './days.ts';
import { screenerTrendLines } from './screeners.ts';
import { CORRELATION_MIN_DAYS, correlationOf, streakOf, summarise, trendOf } from './stats.ts';
import { altText, correlationSentence, GAP, sparkline, trendSentence } from './words.ts';

/**
 * The `history` command's answer: a private picture of the last 7 or 30 days. Pure apart from the
 * chart encoding; the caller loads the entries (see `historyLoadFromMs`) and sends the messages.
 */

export interface HistoryOptions {
  /** Window length in local days, today included (the command offers 7 or 30). */
  days: number;
  /** The person's IANA time zone (profile.timeZone); an unknown zone falls back to UTC. */
  timeZone?: string | undefined;
  /** Now, in ms since the epoch (from the Clock port). */
  now: number;
  /** Instruments for screener trends; default the built-in ones. */
  instruments?: ReadonlyMap<string, Instrument>;
}

/** How far back screener results are shown: they come every two weeks or more, so a window of days misses them. */
export const SCREENER_LOOKBACK_DAYS = 180;

/** The earliest instant the caller should load history from for `historyReply` (streaks and screeners look back further than the window). */
export function historyLoadFromMs(options: { days: number; now: number }): number {
  return options.now - Math.max(options.days + 1, SCREENER_LOOKBACK_DAYS) * 86_400_000;
}

/** Days with a mood before the chart is worth drawing. */
const MIN_DAYS_FOR_CHART = 2;

export async function historyReply(
  entries: readonly HistoryEntry[],
  options: HistoryOptions,
): Promise<OutboundMessage[]> {
  const timeZone = safeTimeZone(options.timeZone);
  const { days, now } = options;
  const instruments = options.instruments ?? builtinInstruments();
  const series = dailySeries(entries, { days, timeZone, now });
  const summary = summarise(series);
  const screenerLines = screenerTrendLines(
    entries.filter((e) => e.at >= now - SCREENER_LOOKBACK_DAYS * 86_400_000 && e.at <= now),
    instruments,
    timeZone,
  );
  const messages: OutboundMessage[] = [];
  const window = days === 1 ? 'today' : `the last ${days} days`;

  if (summary.recordedDays === 0) {
    messages.push(
      textMessage(
        `There are no check-ins from ${window} yet, and that is fine. Whenever you check in (type **checkin**), ` +
          'I keep a private note of your mood; after a few days I can show you a chart of how you have been.',
      ),
    );
  } else if (summary.recordedDays < MIN_DAYS_FOR_CHART) {
    const only = series.find((p) => p.mood !== null)!;
    messages.push(
      textMessage(
        `So far there is one check-in from ${window}: mood ${only.mood} out of 5 on ${dayLabel(only.day)}. ` +
          'Check in on a couple more days and I will draw you a chart of how things are going.',
      ),
    );
  } else {
    messages.push(await moodMessage(entries, series, summary, { days, timeZone, now, window }));
  }

  if (screenerLines.length > 0) {
    messages.push({
      private: true,
      blocks: [
        {
          type: 'card',
          title: 'Your questionnaires',
          text: `${screenerLines.join('\n')}\n\n_These are screenings, not diagnoses: a way to notice change over time._`,
          fields: [],
        },
      ],
    });
  }
  return messages;
}

async function moodMessage(
  entries: readonly HistoryEntry[],
  series: ReturnType<typeof dailySeries>,
  summary: ReturnType<typeof summarise>,
  ctx: { days: number; timeZone: string; now: number; window: string },
): Promise<OutboundMessage> {
  const trend = trendOf(series);
  const streak = streakOf(checkedInDays(entries, ctx.timeZone), localDay(ctx.now, ctx.timeZone));
  const chart = await renderMoodChart(series, { title: `Your mood, ${ctx.window}` });
  const moodLine = sparkline(series.map((p) => p.mood));
  const fallback = [
    `Mood, ${ctx.window} (oldest first, ▁ = 1 … █ = 5, ${GAP} = no check-in):`,
    moodLine,
    trendSentence(trend),
  ].join('\n');
  const patterns = [
    correlationSentence('sleep', correlationOf(series, 'sleep')),
    correlationSentence('energy', correlationOf(series, 'energy')),
  ].filter((s): s is string => s !== null);
  const about = [trendSentence(trend), ...patterns];
  if (patterns.length > 0) about.push('_A pattern to notice, not proof that one causes the other._');
  else {
    about.push(
      `After ${CORRELATION_MIN_DAYS} days with sleep and energy recorded, I can show how they move with your mood.`,
    );
  }
  const blocks: Block[] = [
    {
      type: 'image',
      png: chart.png,
      alt: altText(series, summary, trend),
      width: chart.width,
      height: chart.height,
      fallback,
    },
    {
      type: 'card',
      title: `At a glance: ${ctx.window}`,
      fields: [
        { label: 'Average mood', value: `${summary.average} / 5` },
        { label: 'Best day', value: `${dayLabel(summary.best!.day)} (${summary.best!.value})` },
        { label: 'Hardest day', value: `${dayLabel(summary.hardest!.day)} (${summary.hardest!.value})` },
        { label: 'Days checked in', value: `${summary.recordedDays} of ${ctx.days}` },
        { label: 'Streak', value: streak === 1 ? '1 day' : `${streak} days` },
      ],
    },
    { type: 'text', text: about.join('\n') },
  ];
  return { private: true, blocks };
}

function textMessage(markdown: string): OutboundMessage {
  return { private: true, blocks: [{ type: 'text', text: markdown }] };
}
