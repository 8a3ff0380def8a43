import type { Answer } from '../core/state.ts';
import type { Input } from './schema.ts';

/**
 * Turns what a person typed or clicked into an answer for one `ask` step, or says why not. Typed
 * text is forgiving: a number, an option's label (emoji and case ignored), its value, or its
 * position all choose an option.
 */
export type ParsedAnswer = { ok: true; value: Answer } | { ok: false; hint: string };

const YES = new Set([
  'yes',
  'y',
  'yeah',
  'yep',
  'yup',
  'sure',
  'ok',
  'okay',
  'si',
  'sí',
  'ja',
  'oui',
  'true',
  '1',
]);
const NO = new Set(['no', 'n', 'nope', 'nah', 'nein', 'non', 'false', '0']);

/** Lower-case, no emoji or punctuation at the edges: "😊 Good!" → "good". */
export function normalise(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\p{Extended_Pictographic}|\u{FE0F}|\u{200D}/gu, '')
    .replace(/^[\s.,!?;:"'()-]+|[\s.,!?;:"'()-]+$/g, '')
    .replace(/\s+/g, ' ');
}

export function parseAnswer(input: Input, raw: string, via: 'text' | 'choice'): ParsedAnswer {
  // Free text keeps what was typed (parseText trims it); only the other kinds compare normalised.
  if (input.kind === 'text') return parseText(input, raw);
  const text = via === 'choice' ? raw : normalise(raw);
  switch (input.kind) {
    case 'choice': {
      const options = input.options;
      const byValue = options.find((o) => o.value === text);
      if (byValue) return { ok: true, value: byValue.value };
      if (via === 'text') {
        const byLabel = options.find((o) => normalise(o.label) === text);
        if (byLabel) return { ok: true, value: byLabel.value };
        const n = Number(text);
        if (Number.isInteger(n) && n >= 1 && n <= options.length)
          return { ok: true, value: options[n - 1]!.value };
      }
      return { ok: false, hint: `Please choose one of: ${options.map((o) => o.label).join(', ')}.` };
    }
    case 'scale': {
      const n = Number(text);
      if (Number.isInteger(n) && n >= input.min && n <= input.max) return { ok: true, value: n };
      if (via === 'text') {
        for (const [point, label] of Object.entries(input.labels)) {
          if (normalise(label) === text) return { ok: true, value: Number(point) };
        }
      }
      return { ok: false, hint: `Please pick a number from ${input.min} to ${input.max}.` };
    }
    case 'yesno': {
      if (text === 'yes' || YES.has(text) || normalise(input.yes) === text) return { ok: true, value: true };
      if (text === 'no' || NO.has(text) || normalise(input.no) === text) return { ok: true, value: false };
      return { ok: false, hint: `Please answer ${input.yes} or ${input.no}.` };
    }
    case 'number': {
      const n = Number(text.replace(',', '.'));
      const range = `from ${input.min} to ${input.max}`;
      if (!text || !Number.isFinite(n)) return { ok: false, hint: `Please type a number ${range}.` };
      if (input.integer && !Number.isInteger(n))
        return { ok: false, hint: `Please type a whole number ${range}.` };
      if (n < input.min || n > input.max) return { ok: false, hint: `Please type a number ${range}.` };
      return { ok: true, value: n };
    }
  }
}

function parseText(input: Extract<Input, { kind: 'text' }>, raw: string): ParsedAnswer {
  const value = raw.trim();
  if (!value) return { ok: false, hint: 'Please type a few words (or "skip" if you would rather not).' };
  if (value.length > input.max_length) {
    return {
      ok: false,
      hint: `That is a little long — please keep it under ${input.max_length} characters.`,
    };
  }
  switch (input.format) {
    case 'any':
      return { ok: true, value };
    case 'timezone': {
      const zone = canonicalTimeZone(value);
      return zone
        ? { ok: true, value: zone }
        : {
            ok: false,
            hint: 'Please type a time zone like Europe/Berlin, America/New_York or Asia/Kolkata.',
          };
    }
    case 'time': {
      const time = parseTimeOfDay(value);
      return time
        ? { ok: true, value: time }
        : { ok: false, hint: 'Please type a time like 9:00, 08:30 or 6pm.' };
    }
    case 'country': {
      const code = countryCode(value);
      return code
        ? { ok: true, value: code }
        : { ok: false, hint: 'Please type your country’s name or two-letter code, like US, GB, DE or AU.' };
    }
  }
}

/** The IANA name for a zone typed in any case (`europe/berlin` → `Europe/Berlin`), or null. */
export function canonicalTimeZone(text: string): string | null {
  const trimmed = text.trim().replace(/ /g, '_');
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: trimmed }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

/** `9`, `9:30`, `09:30`, `6pm`, `6:15 pm`, `18h` → `HH:MM`, or null. */
export function parseTimeOfDay(text: string): string | null {
  const m = /^(\d{1,2})(?:[:.h](\d{2}))?\s*(am|pm|a\.m\.|p\.m\.|h)?$/i.exec(text.trim());
  if (!m) return null;
  let hour = Number(m[1]);
  const minute = m[2] ? Number(m[2]) : 0;
  const meridiem = m[3]?.toLowerCase().replace(/\./g, '');
  if (meridiem === 'am' || meridiem === 'pm') {
    if (hour < 1 || hour > 12) return null;
    hour = (hour % 12) + (meridiem === 'pm' ? 12 : 0);
  }
  if (hour > 23 || minute > 59) return null;
  return `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
}

const regionNames = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });

/** Common names people type that differ from the English display names. */
const COUNTRY_ALIASES: Record<string, string> = {
  uk: 'GB',
  usa: 'US',
  america: 'US',
  england: 'GB',
  scotland: 'GB',
  wales: 'GB',
};
let namesToCodes: Map<string, string> | undefined;

/** ISO code for a typed code or English country name (`de`, `Germany`, `UK`), or null. */
export function countryCode(text: string): string | null {
  const typed = normalise(text);
  if (COUNTRY_ALIASES[typed]) return COUNTRY_ALIASES[typed];
  if (/^[a-z]{2}$/.test(typed) && countryName(typed.toUpperCase())) return typed.toUpperCase();
  if (!namesToCodes) {
    namesToCodes = new Map();
    for (let a = 65; a <= 90; a++) {
      for (let b = 65; b <= 90; b++) {
        const code = String.fromCharCode(a, b);
        const name = countryName(code);
        if (name) namesToCodes.set(normalise(name), code);
      }
    }
  }
  return namesToCodes.get(typed) ?? null;
}
export function countryName(code: string): string | undefined {
  try {
    return regionNames.of(code) ?? undefined;
  } catch {
    return undefined;
  }
}
