import { type Rule, rule } from './types.ts';

/**
 * French lexicon, over normalised text (no accents; elisions split: "j ai", "m en"). "je veux /
 * envie de" mark the first person, so "ce boulot me tue" and "ma mère va me tuer" stay idioms.
 */
const TARGET = '(?:mon|ma|mes|le|la|quelqu un|lui|les) (?:\\w+ )?\\w+';

// "disparaître sous la couette / pour le week-end": hiding somewhere, not ceasing to be.
const DISAPPEAR_SOMEWHERE = /\bdisparaitre (?:sous|dans|en|pour|quelques|a la|au|loin)\b/;

export const FR_RULES: Rule[] = [
  rule(
    'fr.sui.suicider',
    'suicidal_thoughts',
    'crisis',
    /\bme suicider\b|\bmettre fin a (?:mes jours|ma vie)\b|\bm oter la vie\b/,
  ),
  rule(
    'fr.sui.mourir',
    'suicidal_thoughts',
    'crisis',
    /\b(?:je veux|je vais|je voudrais|envie de|je pense a|je compte)\s+(?:mourir|me tuer|en finir)\b/,
    // "je vais mourir de rire / de faim" is an idiom.
    { hyperbole: true, unless: /\bmourir de (?:rire|faim|honte|froid|chaud|envie|ennui|soif)\b/ },
  ),
  rule(
    'fr.sui.plus-vivre',
    'suicidal_thoughts',
    'crisis',
    /\bne (?:veux|veut) plus vivre\b|\bplus envie de vivre\b/,
    { negates: true },
  ),
  rule(
    'fr.sui.suicidaire',
    'suicidal_thoughts',
    'crisis',
    /\bsuicidaires?\b|\bpense(?:s)? (?:au|a me) suicide\b/,
    { topic: true, self: true },
  ),
  rule('fr.sui.reveiller', 'suicidal_thoughts', 'concern', /\bne (?:pas|plus|jamais) me reveiller\b/, {
    negates: true,
  }),
  rule('fr.sui.sans-moi', 'suicidal_thoughts', 'concern', /\bmieux sans moi\b/),
  rule('fr.sui.disparaitre', 'suicidal_thoughts', 'concern', /\b(?:je veux|envie de) disparaitre\b/, {
    unless: DISAPPEAR_SOMEWHERE,
  }),
  rule(
    'fr.sui.personne',
    'suicidal_thoughts',
    'concern',
    /\bpersonne ne (?:remarquerait|verrait|s en rendrait compte|me regretterait)\b/,
  ),
  rule('fr.sui.fardeau', 'suicidal_thoughts', 'concern', /\bje suis un (?:poids|fardeau)\b/),

  rule(
    'fr.sh.act',
    'self_harm',
    'crisis',
    /\bscarifi\w*|\bme (?:fais|suis fait|suis faite) du mal\b|\bje me (?:coupe|blesse|brule|taillade)\b|\bme suis (?:coupe|coupee|blesse|blessee|brule|brulee)\b/,
    { accident: true },
  ),
  rule(
    'fr.sh.want',
    'self_harm',
    'crisis',
    /\b(?:envie de|je veux|je vais) me (?:couper|blesser|faire du mal|bruler|scarifier)\b/,
  ),

  rule(
    'fr.plan.pills',
    'plan_or_means',
    'crisis',
    /\b(?:garde|stocke|accumule|cache|mis de cote|prepare)\b[^.!?]{0,20}\b(?:pilules|cachets|medicaments|comprimes)\b/,
  ),
  rule(
    'fr.plan.method',
    'plan_or_means',
    'crisis',
    /\bme pendre\b|\b(?:saute|sauter|me jeter|je me jette)\b[^.!?]{0,20}\b(?:pont|toit|immeuble|fenetre|balcon|train|falaise)\b/,
  ),
  rule(
    'fr.bye.adieu',
    'plan_or_means',
    'crisis',
    /\bc est un adieu\b|\bje vous dis adieu\b|\badieu a tous\b|\blettre d adieu\b|\bparti pour toujours\b|\bpartie pour toujours\b/,
    { farewell: true },
  ),
  rule(
    'fr.bye.lirez',
    'plan_or_means',
    'crisis',
    /\b(?:quand|lorsque) (?:vous lirez|tu liras) ce (?:message|mot)\b/,
    { farewell: true },
  ),

  rule(
    'fr.od.took',
    'overdose_or_emergency',
    'crisis',
    /\b(?:avale|pris)\b[^.!?]{0,10}\b(?:toute la boite|toute la plaquette|toutes mes|tous mes|trop de|une boite|une plaquette|un tube|tout le tube|tous les)\b[^.!?]{0,15}\b(?:medicaments|cachets|comprimes|pilules|somniferes)\b/,
  ),
  // The bare word, also English: a topic word, so a film scene or a nurse's shift is not a disclosure.
  rule('fr.od.word', 'overdose_or_emergency', 'crisis', /\b(?:overdose|surdose)\b/, {
    topic: true,
    self: true,
  }),

  rule(
    'fr.abuse.hits',
    'abuse',
    'crisis',
    /\bme (?:frappe|frappent|bat|battent|viole|violent|menace|etrangle)\b|\bm a (?:violee?|frappee?|agressee?)\b|\bj ai ete (?:violee?|agressee?|battue?|abusee?)\b|\babuse de moi\b/,
  ),
  rule('fr.abuse.touche', 'abuse', 'crisis', /\bme touche\b/, {
    requires: /\bne rien dire\b|\bsecret\b|\bpas le dire\b/,
  }),

  rule('fr.ed.purge', 'eating_disorder', 'crisis', /\bme (?:fais|faire) vomir\b/),
  rule(
    'fr.ed.starve',
    'eating_disorder',
    'crisis',
    /\bne mange plus\b[^.!?]{0,30}\bpour maigrir\b|\bsans manger pour maigrir\b|\bje m affame\b/,
    { negates: true },
  ),

  rule(
    'fr.ho.intent',
    'harm_to_others',
    'crisis',
    new RegExp(
      `\\b(?:je vais|je veux|envie de)\\s+(?:tuer|poignarder|frapper|faire du mal a|etrangler)\\s+${TARGET}\\b`,
    ),
    { conditional: true, unless: /\btuer le temps\b/ },
  ),
];
