/**
 * Framing rules: the same words are a disclosure in one sentence and something else in the next.
 * Each family below exists because a real kind of message uses crisis words without being one
 * (or being a lesser one); every regex runs over normalised text (normalize.ts).
 */

/** Where a match sits: its clause (split at commas too) and its sentence. */
export interface Span {
  clause: string;
  /** Clause text before the match. */
  before: string;
  sentence: string;
}

const CLAUSE_BREAK = /[,.;:!?\n]/;
const SENTENCE_BREAK = /[.;!?\n]/;

export function spanOf(text: string, start: number, end: number): Span {
  const clauseStart = lastBreak(text, start, CLAUSE_BREAK);
  const clauseEnd = nextBreak(text, end, CLAUSE_BREAK);
  const sentenceStart = lastBreak(text, start, SENTENCE_BREAK);
  const sentenceEnd = nextBreak(text, end, SENTENCE_BREAK);
  return {
    clause: text.slice(clauseStart, clauseEnd),
    before: text.slice(clauseStart, start),
    sentence: text.slice(sentenceStart, sentenceEnd),
  };
}

function lastBreak(text: string, from: number, re: RegExp): number {
  for (let i = from - 1; i >= 0; i--) if (re.test(text[i]!)) return i + 1;
  return 0;
}

function nextBreak(text: string, from: number, re: RegExp): number {
  for (let i = from; i < text.length; i++) if (re.test(text[i]!)) return i;
  return text.length;
}

// — Negation scope —
// "I'm not suicidal, just tired" must not raise a crisis. A negator counts only within the three
// words before the phrase, inside the same clause, so "I'm not okay, I want to die" still counts.
// Phrases that contain a negation word without negating ("can't stop thinking about it", "not
// sure", "nobody would care") are removed first: they often come with real disclosures.
const NEGATOR =
  /\b(?:not|no|never|nobody|none|nothing|neither|nor|without|nunca|jamas|ni|nadie|nicht|nie|niemals|kein|keine|keinen|keinem|keiner|niemand|pas|jamais|aucun|aucune)\b/;
const FALSE_NEGATION =
  /\b(?:can not|could not|can t) (?:stop|help)\b|\bnot sure\b|\bdo not know\b|\bnot just\b|\b(?:no one|nobody) (?:would|cares|will)\b|\bno puedo dejar de\b|\bkann nicht aufhoren\b|\bno longer\b/g;

export function isNegated(before: string, matched: string, patternNegates: boolean): boolean {
  const words = before.replace(FALSE_NEGATION, ' ').trim().split(/\s+/).slice(-3).join(' ');
  if (NEGATOR.test(words)) return true;
  // German places "nicht" inside the phrase ("ich will mich nicht umbringen").
  return !patternNegates && /\b(?:nicht|nie|niemals)\b/.test(matched);
}

// — Hyperbole and idiom —
// Laughter marks most "I want to die" jokes; a trivial cause (embarrassment, a funny video) marks
// the rest. Laughter alone lowers a crisis to a gentle check (jokes can hide real distress); a
// trivial cause removes it.
const LAUGHTER =
  /\blol\b|\blmf?ao\b|\brofl\b|\bhaha\w*|\bhehe\w*|\bjaja\w*|\bmdr\b|\bxd\b|\bjk\b|\bjust kidding\b|😂|🤣|😅|😆|💀/u;
const TRIVIAL_CAUSE =
  /\b(?:embarrass\w*|mortif\w*|cringe\w*|awkward|so funny|hilarious|laughing|laughter|verguenza|vergonzoso|peinlich|la honte|gene)\b/;

export function hasLaughter(sentence: string): boolean {
  return LAUGHTER.test(sentence);
}
export function hasTrivialCause(sentence: string): boolean {
  return TRIVIAL_CAUSE.test(sentence);
}

// — Tech and gaming —
// Developers kill processes and gamers die to bosses all day. Only rules flagged `tech` (words
// shared with those worlds) are cancelled, and only when the sentence names such an object.
const TECH =
  /\b(?:process(?:es)?|pid|server|daemon|thread|container|pod|deployment|job|jobs|build|branch|cache|feature flag|kill switch|docker|kubernetes|k8s|oom|instance|vm|script|query|database|terminal|sigkill|sigterm|worker|boss fight|final boss|endboss|respawn|game|gaming|level|npc|raid|quest|potions?|dungeon|headshot|rocket launcher|proceso|processus|serveur|servidor|prozess)\b/;

export function isTechContext(sentence: string): boolean {
  return TECH.test(sentence);
}

// — Quotes, plots and news —
// Talking about a show, a book or a song, or quoting a character, is not a disclosure. Checked per
// clause so "I watched a movie, now I want to die" still counts.
const STORY =
  /\b(?:in|on|from) (?:the|this|that|a) (?:show|series|movie|film|book|novel|play|song|episode|game|documentary|podcast|news|article|story|anime|manga)\b|\b(?:season|episode|chapter) \d+\b|\bthe (?:main )?(?:character|protagonist|hero|heroine|villain|narrator|killer|author)\b|\bmy character\b|\b(?:song|lyrics?|line|quote|chorus|verse)\b[^.!?]{0,20}\b(?:goes|says|sings)\b|\bin the (?:chorus|lyrics)\b|\bgoes\s+"|\b(?:says|said|yells|sings)\s+"|\ben (?:la|el) (?:pelicula|serie|cancion|libro|novela)\b|\bel protagonista\b|\bdans (?:le|la|un|une) (?:film|livre|roman|serie|chanson)\b|\ble heros\b|\bim (?:film|tatort|buch|roman|lied)\b|\btatort\b/;

export function isStoryFrame(clause: string): boolean {
  return STORY.test(clause);
}

// A song or quote introduced in the sentence ("song stuck in my head: ...", "la cancion dice ...").
// Checked on the sentence because the colon that introduces the quote also ends the clause.
const QUOTE_INTRO =
  /\b(?:song|cancion|lied|chanson|lyrics?|letra|songtext|paroles|quote|cita|zitat|citation|title|titulo|titel|titre)\b[^.!?]{0,30}(?::|\b(?:goes|says|sings|dice|canta|sagt|singt|dit|chante)\b)/;

export function isQuoted(sentence: string): boolean {
  return QUOTE_INTRO.test(sentence);
}

// — Discussion of a topic —
// "suicide prevention", "a charity", "self-harm content": the topic words appear without anyone
// disclosing anything. Applies to bare topic words only (rules flagged `topic`).
const DISCUSSION =
  /\b(?:scene|patient|patients|nurse|paramedic|ward|prevention|awareness|statistics|stats|research|study|charity|fundraiser|hotline|crisis line|helpline|moderation|content|policy|documentary|podcast|article|class|lecture|course|training|novel|book|memoir|speech|essay|play|news|report|film|movie|prevencion|pravention|prevention)\b|\b(?:died|dies|killed \w+|lost \w+) (?:by|to|from) suicide\b|\bcommitted suicide\b/;

export function isDiscussion(sentence: string): boolean {
  return DISCUSSION.test(sentence);
}

// — About the writer —
// Bare topic words count only when the writer speaks about themself, or names nobody else
// ("feeling suicidal tonight" drops the "I", as people do in chat).
const FIRST_PERSON = /\b(?:i|me|my|myself|mine|yo|mi|mis|conmigo|ich|mich|mir|mein\w*|je|j|moi|mon|ma|mes)\b/;
const OTHER_PERSON =
  /\b(?:he|she|they|his|her|their|them|people|someone|somebody|character|kids|teens|students|users|patients|our|we|you|hamlet|ella|ellos|er|sie|il|elle|ils)\b/;

export function isAboutWriter(sentence: string): boolean {
  return FIRST_PERSON.test(sentence) || !OTHER_PERSON.test(sentence);
}

// — Trivial conditionals —
// "I'm going to kill my brother if he eats my leftovers" is an idiom; with a weapon named it is not.
const CONDITION = /\b(?:if|unless|si|wenn|falls)\b/;
const WEAPON =
  /\b(?:gun|knife|rifle|pistol|weapon|axe|blade|arma|cuchillo|pistola|messer|waffe|couteau|arme|fusil)\b/;

export function isTrivialCondition(sentence: string, message: string): boolean {
  return CONDITION.test(sentence) && !WEAPON.test(message);
}

// — Accidents —
// "Cut myself shaving", "burned myself on the stove": the body words of self-harm, by accident.
// Saying it was on purpose overrides.
const ACCIDENT =
  /\b(?:shaving|cooking|chopping|kitchen|stove|oven|pan|iron|accident|accidentally|gym|workout|muscle|sprained|fell|fall|tripped|slipped|bike|hiking|football|running|paper|hair|finger|onions?|garden\w*|bush|thorns?|brambles?|nettles?|fence|branch|pelo|dedo|cocinando|afeitando|kochen|beim kochen|rasieren|finger|cuisinant|cuisine|rasant|doigt|cheveux)\b/;
const DELIBERATE = /\b(?:on purpose|deliberately|intentionally|a proposito|absichtlich|expres)\b/;

export function isAccident(sentence: string): boolean {
  return ACCIDENT.test(sentence) && !DELIBERATE.test(sentence);
}

// — Ordinary farewells —
// "Goodbye for now, talk tomorrow!" or "goodbye to my old job" are not final. A farewell rule is
// cancelled when the message looks forward to a next time or names what is being left.
const ORDINARY_FAREWELL =
  /\b(?:for now|see you|see ya|talk (?:to you )?(?:tomorrow|soon|later|next)|tomorrow|next (?:week|time|month)|weekend|monday|old job|new job|new role|leaving the (?:team|company|group|project|office)|party|signing off|have a (?:good|nice|great)|good night|goodnight|until next|nos vemos|hasta (?:luego|manana|pronto)|bis (?:morgen|bald|dann)|wochenende|a demain|a bientot|bon week end)\b/;

export function isOrdinaryFarewell(message: string): boolean {
  return ORDINARY_FAREWELL.test(message);
}

// — Past, resolved history —
// "Two years ago I self-harmed, I'm doing better now" deserves a warm acknowledgement, not an
// alarm. A match in a sentence set clearly in the past is lowered to concern; it is marked
// resolved when the message also says things are better now. Recent past ("last night", "an hour
// ago") is not past: those are the disclosures that need help now.
const DISTANT_PAST =
  /\b(?:\d+|a few|two|three|four|five|six|seven|eight|nine|ten|several|many|some) (?:years?|yrs?) ago\b|\b(?:a )?(?:year|years|decade|decades) ago\b|\bused to\b|\bback (?:when|then|in)\b|\bwhen i was (?:a |younger|\d+|in )|\bas a (?:teen|teenager|kid|child)\b|\bin (?:high school|college|university|my teens|my twenties)\b|\bin (?:19|20)\d\d\b|\bin the past\b|\blong time ago\b|\bgrowing up\b|\bhace (?:\w+ )?anos?\b|\bcuando era\b|\bde (?:joven|nino|nina|adolescente)\b|\bsolia\b|\bvor (?:\w+ )?jahren\b|\bfruher\b|\bals (?:kind|teenager|jugendliche)\b|\bdamals\b|\bil y a (?:\w+ )?ans\b|\bquand j etais\b|\bautrefois\b|\badolescente?\b/;
const RESOLVED =
  /\b(?:doing|feeling|much|so much|a lot|way|far) better\b|\bbetter now\b|\b(?:okay|ok|fine|good|safe|stable|happy|well) now\b|\brecovered\b|\brecovery\b|\b(?:clean|free|sober) (?:for|since)\b|\bbetter place\b|\btherapy (?:really )?helped\b|\bstable\b|\bgood support\b|\b(?:estoy|me siento|ahora estoy) (?:mucho )?(?:mejor|bien)\b|\brecuperad[oa]\b|\b(?:geht es mir|gehts mir|mir geht es) (?:\w+ )*(?:besser|gut)\b|\bbin (?:jetzt )?(?:stabil|sicher)\b|\bca va (?:\w+ )?mieux\b|\bje vais (?:\w+ )?mieux\b|\bguerie?\b/;

export function isDistantPast(sentence: string): boolean {
  return DISTANT_PAST.test(sentence);
}
export function isResolved(message: string): boolean {
  return RESOLVED.test(message);
}

// — Thought without act (self-harm) —
// "I've been thinking about hurting myself but I haven't" is a concern to ask about, not an act.
const IDEATION = /\b(?:thinking|thought|thoughts|considering|imagine|imagining)\b/;

export function isIdeation(before: string): boolean {
  return IDEATION.test(before.split(/\s+/).slice(-3).join(' '));
}

// — Severity escalation —
// Suicidal thoughts with a time set ("tonight", "this weekend") are a plan.
const WHEN =
  /\b(?:tonight|tomorrow|this (?:weekend|evening|week)|in an hour|later today|esta noche|manana|heute nacht|heute abend|morgen|ce soir|demain)\b/;

export function hasTimeSet(message: string): boolean {
  return WHEN.test(message);
}
