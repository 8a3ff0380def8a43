import type { SafetyLanguage } from './types.ts';

/**
 * Word classes for the rule families (families.ts), per language, over normalised text (lower
 * case, no accents, apostrophes as spaces, English contractions expanded). A family is a
 * combination of classes ("took" × "all" × "pills"), so a class grows by one word and every
 * combination learns it: that is how the families reach phrasings nobody wrote down as a phrase.
 * Each class is a list of alternatives (regex source, no capturing groups).
 */
export type WordClass = Record<SafetyLanguage, readonly string[]>;

/** `(?:a|b|c)` from a list, longest first so an alternation never stops at a prefix. */
export function alt(words: readonly string[]): string {
  return `(?:${[...words].sort((a, b) => b.length - a.length).join('|')})`;
}

/** Two classes in one sentence, in this order, at most `gap` characters apart (bounded: no backtracking blow-up). */
export function near(a: string, b: string, gap = 30): string {
  return `\\b${a}\\b[^.!?\\n]{0,${gap}}\\b${b}`;
}

// Amounts that turn "took pills" into an overdose: everything, a container, or a two-digit count
// that is not a dose unit ("20 mg" is a prescription, "20 of them" is not).
const COUNT =
  '(?:[1-9]\\d+(?!\\d)(?! ?(?:mg|ml|mcg|g|kg|units?|iu|mins?|minutes?|hours?|hrs?|days?|years?|weeks?|calories|kcal|percent|euros?|dollars?|pounds?)\\b)|twenty|thirty|forty|fifty|sixty|hundred|dozens?|veinte|treinta|cuarenta|cincuenta|zwanzig|dreissig|vierzig|funfzig|vingt|trente|quarante|cinquante)';

/** Something swallowed, past or now. */
export const INGESTED: WordClass = {
  en: ['took', 'taken', 'swallowed', 'downed', 'popped', 'necked', 'ate', 'drank', 'overdosed on', 'chugged'],
  es: ['tome', 'tomado', 'trague', 'tragado', 'me bebi', 'bebi', 'me meti'],
  de: ['genommen', 'geschluckt', 'eingenommen', 'nahm', 'schluckte', 'getrunken', 'eingeworfen'],
  fr: ['pris', 'avale\\w*', 'bu', 'gobe'],
};

/** Everything, a container or a large count. */
export const AMOUNT: WordClass = {
  en: [
    'all',
    'whole',
    'entire',
    'every',
    'handful',
    'bunch',
    'box',
    'bottle',
    'pack',
    'packet',
    'strip',
    'lot of',
    COUNT,
  ],
  es: ['todas', 'todos', 'toda', 'entera', 'entero', 'caja', 'bote', 'frasco', 'blister', 'punado', COUNT],
  de: ['alle', 'ganze', 'ganzen', 'packung', 'schachtel', 'dose', 'flasche', 'handvoll', 'blister', COUNT],
  fr: ['tous', 'toutes', 'toute', 'tout', 'boite', 'plaquette', 'flacon', 'poignee', COUNT],
};

// Medicine names by their pharmacological endings (sertraline, lorazepam, oxycodone…): the list
// of brands is endless, the endings are few.
const DRUG_ENDING =
  '\\w{3,}(?:azepam|azolam|triptyline|oxetine|traline|italopram|codone|morphine|amine|profen|olol|pril|sartan|quetiapine|zolpidem)';

/** Things that poison in quantity. */
export const SUBSTANCE: WordClass = {
  en: [
    'pills?',
    'tablets?',
    'meds',
    'medications?',
    'medicines?',
    'painkillers',
    'paracetamol',
    'acetaminophen',
    'tylenol',
    'ibuprofen',
    'advil',
    'aspirin',
    'insulin',
    'antidepressants',
    'sleeping pills',
    'sleeping tablets',
    'benzos',
    'xanax',
    'valium',
    'opioids',
    'heroin',
    'fentanyl',
    'heart tablets',
    'capsules',
    'antifreeze',
    'bleach',
    DRUG_ENDING,
  ],
  es: [
    'pastillas',
    'pastis',
    'medicamentos',
    'medicinas',
    'ibuprofenos?',
    'paracetamol',
    'somniferos',
    'antidepresivos',
    'calmantes',
    'insulina',
    'lejia',
    'capsulas',
    DRUG_ENDING,
  ],
  de: [
    'tabletten',
    'pillen',
    'medikamente',
    'schlaftabletten',
    'ibus?',
    'ibuprofen',
    'paracetamol',
    'insulin',
    'antidepressiva',
    'kapseln',
    DRUG_ENDING,
  ],
  fr: [
    'cachets',
    'comprimes',
    'medicaments',
    'medocs',
    'doliprane',
    'dafalgan',
    'pilules',
    'somniferes',
    'anxiolytiques',
    'antidepresseurs',
    'insuline',
    'gelules',
    'paracetamol',
    DRUG_ENDING,
  ],
};

/** Keeping means aside: the preparation that turns a thought into a plan. */
export const STOCKPILED: WordClass = {
  en: [
    'saved up',
    'saving up',
    'saved',
    'saving',
    'stockpil\\w*',
    'hoard\\w*',
    'collect\\w*',
    'stash\\w*',
    'hiding',
    'hid',
    'put aside',
    'kept',
  ],
  es: [
    'guardad[oa]s?',
    'guardando',
    'juntando',
    'juntado',
    'acumulad[oa]s?',
    'acumulando',
    'escondid[oa]s?',
    'ahorrad[oa]s?',
  ],
  de: ['gesammelt', 'sammle', 'gehortet', 'gebunkert', 'versteckt', 'aufgehoben', 'beiseite gelegt'],
  fr: ['garde', 'gardes', 'gardees', 'stocke', 'stockes', 'accumule', 'cache', 'caches', 'mis de cote'],
};

/** Getting hold of something. */
export const ACQUIRED: WordClass = {
  en: [
    'bought',
    'buying',
    'ordered',
    'got',
    'getting',
    'found',
    'took out',
    'taken out',
    'borrowed',
    'loaded',
  ],
  es: ['compre', 'comprado', 'consegui', 'conseguido', 'pedi', 'saque'],
  de: ['gekauft', 'besorgt', 'bestellt', 'geholt', 'kaufte', 'geladen'],
  fr: ['achete', 'achetee', 'commande', 'trouve', 'sorti', 'charge'],
};

/** Means that are lethal in themselves (pills are handled with amounts instead). */
export const LETHAL_MEANS: WordClass = {
  en: [
    'rope',
    'noose',
    'gun',
    'pistol',
    'rifle',
    'revolver',
    'shotgun',
    'firearm',
    'bullets',
    'ammo',
    'razor blades?',
    'charcoal',
    'helium',
    'exit bag',
  ],
  es: ['cuerda', 'soga', 'pistola', 'arma', 'escopeta', 'rifle', 'balas', 'cuchillas'],
  de: ['seil', 'strick', 'schlinge', 'pistole', 'waffe', 'gewehr', 'revolver', 'rasierklingen', 'kugeln'],
  fr: ['corde', 'noeud coulant', 'pistolet', 'arme', 'fusil', 'revolver', 'balles', 'lames de rasoir'],
};

/** Dying as the outcome someone asks about. */
export const DEATH_OUTCOME: WordClass = {
  en: [
    'die',
    'be dead',
    'kill me',
    'kill myself',
    'not wake up',
    'never wake up',
    'not survive',
    'lethal',
    'fatal',
    'deadly',
    'end it',
    'end my life',
    'overdose',
    'stop my heart',
  ],
  es: [
    'morir',
    'morirme',
    'matarme',
    'no despertar',
    'no volver a despertar',
    'letal',
    'mortal',
    'acabar con todo',
  ],
  de: [
    'sterben',
    'tot sein',
    'nicht mehr aufzuwachen',
    'nicht mehr aufwachen',
    'todlich',
    'mich umzubringen',
    'umbringen',
  ],
  fr: [
    'mourir',
    'ne pas se reveiller',
    'ne plus me reveiller',
    'ne plus se reveiller',
    'ne pas me reveiller',
    'mortel',
    'mortelle',
    'me tuer',
    'en finir',
  ],
};

/** Means made ready: prepared, set up, within reach. */
export const READY: WordClass = {
  en: [
    'ready',
    'prepared',
    'set up',
    'tied',
    'loaded',
    'laid out',
    'lined up',
    'counted out',
    'within reach',
  ],
  es: ['preparad[oa]s?', 'list[oa]s?', 'atad[oa]', 'cargad[oa]'],
  de: ['bereit', 'vorbereitet', 'geladen', 'geknupft', 'liegt (?:schon )?bereit'],
  fr: ['prete?s?', 'prepare(?:e|es|s)?', 'chargee?', 'attachee?'],
};

/** A question about an amount or a method. */
export const METHOD_QUERY: WordClass = {
  en: [
    'how (?:many|much)',
    'how long (?:does it|would it|will it|it) takes?',
    'how high',
    'how far',
    'what dose',
    'which (?:pills|meds|bridge|building)',
    '(?:painless|easiest|quickest|fastest|surest|best|least painful|most painless) (?:way|method)s?',
    'is it enough',
  ],
  es: [
    'cuant[oa]s?',
    'cuanto tarda',
    'que dosis',
    'la forma mas (?:facil|rapida)',
    '(?:forma|manera) (?:de|mas)',
  ],
  de: [
    'wie viele?',
    'wie lange dauert',
    'welche dosis',
    'wie hoch',
    '(?:schmerzlos\\w*|einfachst\\w*|schnellst\\w*) (?:art|weg|methode)',
  ],
  fr: ['combien', 'combien de temps', 'quelle dose', '(?:facon|moyen|methode) (?:la plus|le plus|sans)'],
};
