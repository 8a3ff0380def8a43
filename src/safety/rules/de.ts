import { type Rule, rule } from './types.ts';

/**
 * German lexicon, over normalised text (umlauts reduced: "mochte", "brucke"; spellings with
 * "oe"/"ue" are accepted too). First-person verb forms ("bring mich um", not "bringt mich um")
 * separate a disclosure from the idiom "die Deadline bringt mich um".
 */
const TARGET = '(?:meinem|meiner|meinen|meine|ihn|sie|jemandem|jemanden|ihm|ihr)(?: \\w+)?';

export const DE_RULES: Rule[] = [
  rule(
    'de.sui.umbringen',
    'suicidal_thoughts',
    'crisis',
    /\bmich (?:\w+ ){0,3}(?:umbringen|umzubringen|toten)\b|\bbringe? mich (?:\w+ ){0,3}um\b/,
  ),
  rule(
    'de.sui.nicht-leben',
    'suicidal_thoughts',
    'crisis',
    /\bnicht mehr leben\b|\bkeine lust mehr zu leben\b/,
    { negates: true },
  ),
  rule('de.sui.suizid', 'suicidal_thoughts', 'crisis', /\b(?:selbstmord|suizid)\w*/, {
    topic: true,
    self: true,
  }),
  rule(
    'de.sui.sterben',
    'suicidal_thoughts',
    'crisis',
    /\b(?:will|mochte|moechte|wurde) (?:\w+ ){0,3}(?:sterben|tot sein)\b/,
    { hyperbole: true },
  ),
  rule(
    'de.sui.leben-nehmen',
    'suicidal_thoughts',
    'crisis',
    /\b(?:mir|mich) (?:das leben|selbst) (?:nehmen|toten)\b|\bmir (?:etwas|was) antun\b/,
  ),
  rule(
    'de.sui.aufwachen',
    'suicidal_thoughts',
    'concern',
    /\bnicht mehr aufwachen\b|\bnie mehr aufwachen\b/,
    { negates: true },
  ),
  rule('de.sui.ohne-mich', 'suicidal_thoughts', 'concern', /\bbesser (?:dran )?ohne mich\b/),
  rule(
    'de.sui.verschwinden',
    'suicidal_thoughts',
    'concern',
    /\b(?:will|mochte|moechte) (?:einfach |nur )?verschwinden\b/,
  ),
  rule(
    'de.sui.niemand',
    'suicidal_thoughts',
    'concern',
    /\bniemand (?:wurde|wuerde) mich vermissen\b|\bniemand (?:wurde|wuerde) (?:es )?merken\b/,
    { negates: true },
  ),
  rule('de.sui.last', 'suicidal_thoughts', 'concern', /\bbin (?:nur )?(?:eine|allen eine) last\b/),

  rule(
    'de.sh.ritzen',
    'self_harm',
    'crisis',
    /\b(?:geritzt|ritze mich|mich ritzen|ritzen)\b|\bverletze mich\b|\bmich selbst (?:verletzen|verletzt)\b|\bselbstverletz\w*/,
    { ideation: true },
  ),
  rule(
    'de.sh.schneiden',
    'self_harm',
    'crisis',
    /\b(?:will|mochte|moechte) mich (?:schneiden|verletzen|ritzen|verbrennen)\b|\bschneide mich\b|\bmich (?:\w+ )?geschnitten\b/,
    { accident: true },
  ),

  rule(
    'de.plan.tabletten',
    'plan_or_means',
    'crisis',
    /\b(?:tabletten|pillen|medikamente) (?:gesammelt|gehortet|gebunkert)\b|\b(?:sammle|horte) (?:\w+ )?(?:tabletten|pillen)\b/,
  ),
  rule(
    'de.plan.method',
    'plan_or_means',
    'crisis',
    /\b(?:aufzuhangen|aufhangen|aufzuhaengen|erhangen)\b|\b(?:springe|springen|sturze|werfe)\b[^.!?]{0,30}\b(?:brucke|bruecke|dach|hochhaus|zug|gleise)\b|\bvor den zug\b/,
  ),
  rule(
    'de.bye.abschied',
    'plan_or_means',
    'crisis',
    /\bmein abschied\b|\babschiedsbrief\b|\blebt wohl\b|\bnie wieder von mir horen\b|\bnie wieder von mir hoeren\b/,
    { farewell: true },
  ),

  rule(
    'de.od.took',
    'overdose_or_emergency',
    'crisis',
    /\b(?:alle|ganze packung|ganze schachtel|zu viele)\b[^.!?]{0,30}\b(?:tabletten|pillen|schlaftabletten|medikamente)\b[^.!?]{0,30}\b(?:genommen|geschluckt)\b|\buberdosis\b|\bueberdosis\b/,
    { unless: /\b(?:verschrieben|verordnet|vorgeschrieben|laut arzt|wie vom arzt)\b/ },
  ),

  rule(
    'de.abuse.hits',
    'abuse',
    'crisis',
    /\b(?:schlagt|schlaegt|schlagen|missbraucht|missbrauchen|vergewaltigt|bedroht|wurgt|wuergt|verprugelt|begrapscht)\s+mich\b|\bich wurde (?:\w+ )?(?:vergewaltigt|missbraucht|geschlagen)\b/,
  ),

  rule(
    'de.ed.purge',
    'eating_disorder',
    'crisis',
    /\b(?:erbreche|ubergebe|uebergebe|kotze) mich\b|\bkotze absichtlich\b|\bmich absichtlich (?:\w+ )?(?:erbreche|ubergebe)\b/,
  ),
  rule('de.ed.starve', 'eating_disorder', 'crisis', /\bhungere mich (?:\w+ )*aus\b|\bmich aushungern\b/),

  rule(
    'de.ho.intent',
    'harm_to_others',
    'crisis',
    new RegExp(
      `\\b(?:will|werde|mochte|moechte)\\b[^.!?]{0,20}\\b${TARGET}\\b[^.!?]{0,20}\\b(?:umbringen|toten|wehtun|weh tun|erstechen|erschiessen|verletzen|erwurgen)\\b`,
    ),
    { conditional: true },
  ),
];
