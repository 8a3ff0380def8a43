/**
 * Lines that are page furniture rather than content: cookie notices, sign-up prompts, share
 * buttons, navigation, adverts, legal footers. They are dropped from any input before ranking,
 * so a summary never quotes them. Patterns are deliberately specific (each names a phrase that
 * ordinary prose about health rarely uses) because dropping a real sentence is worse than keeping
 * an odd one.
 */
const PATTERNS: readonly RegExp[] = [
  /\bcookies?\b.*\b(?:accept|consent|preferences|settings|policy|use|uses|improve)\b/i,
  /\b(?:accept|manage|reject)\s+(?:all\s+)?cookies\b/i,
  /\bsubscribe\b(?:\s+(?:now|today|to\s+(?:our|the)|for))?/i,
  /\bnewsletters?\b/i,
  /\bsign\s*(?:up|in)\s+(?:for|to|now|today|here)\b/i,
  /\b(?:log|sign)\s*in\s+to\s+(?:continue|comment|read)\b/i,
  /\bshare\s+(?:on|this|via|to)\b/i,
  /\b(?:follow|like)\s+us\s+on\b/i,
  /^\s*(?:advertisement|sponsored(?:\s+content)?|promoted|ad)\b/i,
  /\b(?:all\s+rights\s+reserved|copyright\s+(?:©\s*)?\d{4}|©\s*\d{4})/i,
  /\b(?:privacy\s+(?:policy|notice)|terms\s+(?:of\s+(?:use|service)|and\s+conditions))\b/i,
  /\b(?:click\s+here|read\s+more|continue\s+reading|learn\s+more\s+here|back\s+to\s+top|skip\s+to\s+(?:main\s+)?content)\b/i,
  /\b(?:related\s+(?:articles|posts|stories|content)|recommended\s+for\s+you|you\s+may\s+also\s+like|most\s+popular)\b/i,
  /\b(?:download|get)\s+(?:our|the)\s+(?:free\s+)?app\b/i,
  /\b(?:free\s+trial|try\s+(?:it\s+)?(?:for\s+)?free|buy\s+now|shop\s+now|order\s+now|limited\s+time\s+offer|promo\s+code|discount\s+code|\d+%\s+off)\b/i,
  /\b(?:print\s+this\s+page|email\s+this\s+(?:page|article)|leave\s+a\s+comment|\d+\s+comments?)\b/i,
  /\bthis\s+(?:site|website)\s+uses\b/i,
];

/** Navigation reads as three or more short labels in a row split by |, ›, », / or ·. */
function looksLikeNavigation(line: string): boolean {
  const parts = line.split(/\s*[|›»·•]\s*|\s+\/\s+/).filter((p) => p.trim());
  return parts.length >= 3 && parts.every((p) => p.trim().split(/\s+/).length <= 4);
}

/** True for a line or sentence that is page furniture, not content. */
export function isBoilerplate(text: string): boolean {
  const line = text.replace(/\s+/g, ' ').trim();
  if (!line) return true;
  if (looksLikeNavigation(line)) return true;
  return PATTERNS.some((p) => p.test(line));
}
