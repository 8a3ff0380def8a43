import {
  ACQUIRED,
  AMOUNT,
  alt,
  DEATH_OUTCOME,
  INGESTED,
  LETHAL_MEANS,
  METHOD_QUERY,
  near,
  READY,
  STOCKPILED,
  SUBSTANCE,
  type WordClass,
} from './lexicon.ts';
import { type Rule, rule, SAFETY_LANGUAGES, type SafetyLanguage } from './types.ts';

/**
 * Rule families: combinations of word classes (lexicon.ts) rather than fixed phrases. The phrase
 * lexicons (en.ts, es.ts, …) catch what people say most often; these catch what they say in their
 * own words — "took like 20 of my sleeping pills", "hab 40 ibus geschluckt", "bought a rope" — by
 * asking for the parts of a disclosure (an act, an amount, a means; a threat, a victim) near each
 * other in one sentence. Each family says why it exists and what keeps it quiet on look-alikes.
 */

const c = (cls: WordClass, lang: SafetyLanguage) => alt(cls[lang]);
const perLanguage = (make: (lang: SafetyLanguage) => Rule[]): Rule[] => SAFETY_LANGUAGES.flatMap(make);

// Benign purposes for means that are also tools, sports and chores.
const MEANS_PURPOSE =
  /(?<!\b(?:not|no es|nicht|pas) )\b(?:for|para|fur|pour) (?:the |el |la |l |le |den |die |das |mi |my )?(?:camping|climbing|hiking|hunting|the range|range|garden|swing|boat|sailing|work|job|club|dog|tent|gym|course|training|moving|the move|escalade|escalada|klettern|alpinisme|montana|montagne|jardin|garten|bateau|barco|boot|voile|perro|chien|hund)\b|\b(?:gun range|shooting range|hunting|licen[cs]e|airsoft|paintball|nerf|water gun|glue gun|heat gun|nail gun|jump rope|skipping rope|rope swing|caza|jagd|chasse|stand de tir|schiessstand)\b/;

export const FAMILY_RULES: Rule[] = perLanguage((lang) => [
  // Overdose told as an act: an ingestion verb, an amount, a substance — in either order (German
  // puts the verb last: "40 ibus geschluckt"). A prescription dose ("20 mg") is not an amount.
  rule(
    `${lang}.fam.od-ingested`,
    'overdose_or_emergency',
    'crisis',
    new RegExp(
      `${near(c(INGESTED, lang), c(AMOUNT, lang), 25)}\\b[^.!?\\n]{0,30}\\b${c(SUBSTANCE, lang)}\\b|\\b${near(c(AMOUNT, lang), c(SUBSTANCE, lang), 25)}\\b[^.!?\\n]{0,30}\\b${c(INGESTED, lang)}\\b`,
    ),
    {
      tech: true,
      unless:
        /\b(?:prescri\w*|recet\w*|verschrieben|ordonnance|as directed|per day|a day|al dia|pro tag|par jour)\b/,
    },
  ),
  // Everything at once, with the substance left unsaid: "took them all", "me las tomé todas".
  rule(
    `${lang}.fam.od-them-all`,
    'overdose_or_emergency',
    'crisis',
    /\b(?:took|take|taking|swallowed|swallow|downed|taken) (?:them|those|these|it) all\b|\b(?:took|swallowed|taken) all of (?:them|those|these|it)\b|\bme (?:las|los) (?:tome|trague) tod[ao]s\b|\b(?:sie|die) alle (?:genommen|geschluckt)\b|\b(?:les|tout) ai (?:tou(?:te)?s )?(?:pris|avale)\w*\b/,
    {
      tech: true,
      unless:
        /\b(?:to (?:the|a|school|work|bed)|photos?|pictures?|exams?|classes|courses|tests|shots|seriously|personally|back|home|out)\b/,
    },
  ),
  // A question about what an amount does: "what happens if you take 30 paracetamol".
  rule(
    `${lang}.fam.od-what-if`,
    'overdose_or_emergency',
    'crisis',
    new RegExp(
      `\\b(?:what happens|what would happen|what if|is it (?:bad|dangerous|safe)|que pasa|que pasaria|was passiert|qu est ce qui se passe|que se passe t il)\\b[^.!?\\n]{0,30}\\b${alt([...AMOUNT[lang].filter((a) => a.length > 8), 'all', 'todas', 'alle', 'tous'])}\\b[^.!?\\n]{0,20}\\b${c(SUBSTANCE, lang)}\\b`,
    ),
    { tech: true },
  ),
  // A question about amount or method with death as its outcome: "how many would be lethal".
  rule(
    `${lang}.fam.method-query`,
    'plan_or_means',
    'crisis',
    new RegExp(`\\b${near(c(METHOD_QUERY, lang), c(DEATH_OUTCOME, lang), 60)}\\b`),
    { tech: true, unless: /\b(?:calories|kcal|recipe|game|player|character|cancer|disease|virus)\b/ },
  ),
  // Looking up amounts of a substance ("I looked up how many pills it would take").
  rule(
    `${lang}.fam.searched-amount`,
    'plan_or_means',
    'crisis',
    new RegExp(
      `\\b(?:looked up|look up|looking up|googled|googling|searched|searching|researched|checked|busque|buscando|gegoogelt|nachgeschaut|recherche|cherche)\\b[^.!?\\n]{0,25}\\b${c(METHOD_QUERY, lang)}\\b[^.!?\\n]{0,15}\\b${c(SUBSTANCE, lang)}\\b`,
    ),
  ),
  // Means put aside: stockpiled medicine, or "enough" of it.
  rule(
    `${lang}.fam.stockpiled`,
    'plan_or_means',
    'crisis',
    new RegExp(
      `\\b${near(c(STOCKPILED, lang), c(SUBSTANCE, lang), 20)}\\b|\\b${near(c(SUBSTANCE, lang), c(STOCKPILED, lang), 20)}\\b|\\b(?:enough|genug|suficientes|assez de)\\b[^.!?\\n]{0,12}\\b${c(SUBSTANCE, lang)}\\b`,
    ),
    {
      tech: true,
      unless:
        /\b(?:money|receipt|coupon|points|for (?:the|my) (?:trip|holiday|travel)|bottles?|vintage|art|organi[sz]er|empty|recycl\w*|prescription|pharmacy|collection)\b/,
    },
  ),
  // Lethal means obtained ("bought a rope today. not for camping", "got the gun out of the safe").
  // A stated ordinary purpose cancels it, unless it is denied ("not for camping").
  rule(
    `${lang}.fam.means-acquired`,
    'plan_or_means',
    'crisis',
    new RegExp(
      `\\b${near(c(ACQUIRED, lang), c(LETHAL_MEANS, lang), 20)}\\b|\\b${near(c(LETHAL_MEANS, lang), c(ACQUIRED, lang), 12)}\\b`,
    ),
    { tech: true, unless: MEANS_PURPOSE },
  ),
  // Means made ready ("la cuerda preparada", "pills lined up on my desk").
  rule(
    `${lang}.fam.means-ready`,
    'plan_or_means',
    'crisis',
    new RegExp(
      `${near(c(LETHAL_MEANS, lang), c(READY, lang), 20)}\\b|${near(c(READY, lang), c(LETHAL_MEANS, lang), 20)}\\b|${near(c(SUBSTANCE, lang), '(?:lined up|counted out|laid out|preparad[oa]s|bereit|pretes|preparees)', 20)}\\b`,
    ),
    { tech: true, unless: MEANS_PURPOSE },
  ),
]);
