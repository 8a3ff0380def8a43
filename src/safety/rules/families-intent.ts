import { alt, type WordClass } from './lexicon.ts';
import { type Rule, rule, SAFETY_LANGUAGES, type SafetyLanguage } from './types.ts';

/**
 * Intent families: a wish, thought or intention (class WANT) followed within a few words by an
 * act (my own death, hurting myself, harming someone, not eating). The phrase lexicons list the
 * common sentences; these accept any pairing of the two classes, so "been thinking abt taking my
 * own life", "pienso en quitarme de en medio" or "ich werde meinen nachbarn abstechen" need no
 * sentence of their own. The gap between the two may not hold a negator ("I want to NOT die" is
 * not a wish to die); negation before the wish is handled by the framing rules as everywhere.
 */

const NEGATORS = '(?:not|never|no|nicht|nie|kein\\w*|nunca|jamas|pas|jamais|plus jamais)';
const gap = (max: number) => `(?:(?!\\b${NEGATORS}\\b)[^.!?\\n]){0,${max}}`;

/** Wishing, thinking about, intending, being drawn to. */
const WANT: WordClass = {
  en: [
    'want to',
    'wanting to',
    'wanted to',
    'wish i could',
    'wish to',
    'thinking about',
    'thinking of',
    'think about',
    'thought about',
    'thoughts of',
    'thoughts about',
    'tempted to',
    'ready to',
    'going to',
    'planning to',
    'plan to',
    'decided to',
    'need to',
    'urge to',
    'urges to',
    'dream of',
    'dreaming of',
    'fantasi[sz]\\w* about',
    'keep imagining',
    'considering',
  ],
  es: [
    'quiero',
    'quisiera',
    'queria',
    'pienso en',
    'pensando en',
    'pense en',
    'ganas de',
    'voy a',
    'deseo',
    'necesito',
    'estoy por',
  ],
  de: [
    'will',
    'mochte',
    'moechte',
    'denke (?:daran|an|uber)',
    'gedanken (?:an|uber|daran)',
    'lust',
    'werde',
    'wurde gern',
    'wunsche mir',
    'wunsche ich mir',
  ],
  fr: ['veux', 'voudrais', 'envie de', 'pense a', 'penser a', 'vais', 'compte', 'besoin de', 'reve de'],
};

/** My own death. */
const SELF_DEATH: WordClass = {
  en: [
    'kill myself',
    'killing myself',
    'end my life',
    'ending my life',
    'take my (?:own )?life',
    'taking my (?:own )?life',
    'suicide',
    'dying',
    'die',
    'end it all',
    'ending it all',
    'end it',
    'ending it',
    'not being here',
    'not waking up',
    'not wake up',
    'being dead',
    'be dead',
    'stop existing',
    'not exist',
    'disappear forever',
    'jump off',
    'hang myself',
    'overdose',
  ],
  es: [
    'matarme',
    'suicidarme',
    'quitarme la vida',
    'quitarme de en medio',
    'morirme',
    'morir',
    'dejar de existir',
    'desaparecer para siempre',
    'no despertar',
    'acabar con (?:todo|mi vida)',
    'tirarme (?:del|de un|de una|por la|por el|al) (?:puente|edificio|tren|ventana|balcon|azotea|metro|vias)',
    'colgarme',
  ],
  de: [
    'mich umbringen',
    'mich umzubringen',
    'mich toten',
    'sterben',
    'tot sein',
    'nicht mehr (?:da )?(?:zu )?sein',
    'nicht mehr leben',
    'nicht mehr aufwachen',
    'selbstmord',
    'suizid',
    'mir das leben (?:zu )?nehmen',
    'mich erhangen',
  ],
  fr: [
    'me tuer',
    'me suicider',
    'mourir',
    'en finir',
    'mettre fin a (?:mes jours|ma vie)',
    'disparaitre pour toujours',
    'ne plus me reveiller',
    'ne plus exister',
    'me pendre',
    'me jeter (?:du|d un|sous)',
  ],
};

// "dying to see you", "morirme de risa", "sterben vor Lachen": the wish is for something else.
const NOT_DEATH =
  /\b(?:dying (?:to|for) (?:see|try|know|meet|go|hear|get)|die (?:for|of) (?:a |an |some )?\w+|die laughing|(?:morir|morirme) de (?:risa|hambre|sueno|ganas|verguenza|amor|calor|frio|envidia)|sterben vor (?:lachen|hunger|langeweile)|mourir de (?:rire|faim|honte|froid|chaud|envie)|en finir avec (?:ce|cette|le|la|les|mon|ma|mes) (?!vie)\w+|end(?:ing)? it (?:with|between)|(?:battery|phone|laptop|plants?|car|engine|we are all|we all|everyone)\b[^.!?]{0,15}\bgoing to die|jump off (?:the )?(?:stage|diving|boat|dock|pier)|die (?:my|his|her|the|it) (?:hair|beard|clothes|shirt|jeans|fabric))\b/;

/** Hurting myself. */
const SELF_HARM: WordClass = {
  en: [
    '(?:cut|cutting|burn|burning|hurt|hurting|harm|harming|scratch\\w*|punish\\w*|starve|starving) myself',
    'self harm\\w*',
    'cut (?:again|my (?:wrists?|arms?|thighs?|legs?))',
  ],
  es: ['cortarme', 'hacerme dano', 'lastimarme', 'quemarme', 'autolesionarme', 'castigarme'],
  de: [
    'mich (?:zu )?ritzen',
    'mich selbst (?:zu )?verletzen',
    'mich (?:zu )?verletzen',
    'mir (?:selbst )?weh (?:zu )?tun',
    'mich (?:zu )?schneiden',
  ],
  fr: ['me couper', 'me scarifier', 'me faire du mal', 'me blesser', 'me bruler', 'me mutiler'],
};

/** Killing or hurting someone else, the target named. */
const HARM_OTHER: WordClass = {
  en: [
    '(?:kill|stab|shoot|strangle|murder|beat up|hurt|smash|poison|attack) (?:him|her|them|everyone|everybody|someone|my (?:\\w+ )?(?:boss|manager|ex|wife|husband|partner|dad|father|mum|mom|mother|brother|sister|roommate|neighbou?r|teacher|coworker|colleague|classmate|stepdad|uncle)|that (?:guy|man|woman|bitch|bastard))',
  ],
  es: [
    '(?:matar|apunalar|acuchillar|disparar|golpear|lastimar|reventar) a (?:mi|mis|ese|esa|el|la|su|sus|todos)\\b',
    '(?:matarlo|matarla|matarlos|matarlas|apunalarlo|apunalarla)',
    'hacerle (?:\\w+ )?dano',
  ],
  de: [
    '(?:ihn|sie|ihm|ihr|meinen \\w+|meine \\w+|den \\w+|diesen \\w+) (?:umbringen|abstechen|erstechen|erschiessen|erwurgen|toten|verprugeln|wehtun|weh tun|kaltmachen|abknallen|fertigmachen)',
  ],
  fr: [
    '(?:tuer|poignarder|buter|flinguer|frapper|etrangler|descendre) (?:mon|ma|mes|le|la|les|ce|cette|cet|ces|tout le monde)\\b',
    '(?:le|la|les|lui) (?:tuer|buter|poignarder|flinguer|frapper|etrangler)',
    '(?:lui|leur) faire (?:\\w+ )?du mal',
  ],
};

// "kill time" in every language.
const KILL_TIME =
  /\b(?:tuer le temps|kill (?:some )?time|matar el (?:tiempo|rato|aburrimiento)|die zeit totschlagen)\b/;

const make = (
  lang: SafetyLanguage,
  name: string,
  category: Rule['category'],
  act: WordClass,
  extra: Partial<Omit<Rule, 'id' | 'lang' | 'category' | 'level' | 'pattern'>> = {},
): Rule =>
  rule(
    `${lang}.intent.${name}`,
    category,
    'crisis',
    new RegExp(`\\b${alt(WANT[lang])}\\b${gap(14)}\\b${alt(act[lang])}\\b`),
    extra,
  );

export const INTENT_RULES: Rule[] = SAFETY_LANGUAGES.flatMap((lang) => [
  make(lang, 'self-death', 'suicidal_thoughts', SELF_DEATH, {
    hyperbole: true,
    tech: true,
    unless: NOT_DEATH,
    negates: true,
  }),
  make(lang, 'self-harm', 'self_harm', SELF_HARM, { ideation: true, tech: true }),
  make(lang, 'harm-other', 'harm_to_others', HARM_OTHER, {
    conditional: true,
    tech: true,
    hyperbole: true,
    unless: KILL_TIME,
  }),
]);

// — Acts without a stated wish: self-harm told by its method and marks, emergencies told by what
// is happening to the body. Both need a cue that it was deliberate or is happening now.
export const ACT_RULES: Rule[] = [
  rule(
    'en.act.self-injury',
    'self_harm',
    'crisis',
    /\b(?:burn\w*|cut\w*|scratch\w*|carv\w*|slic\w*|punch\w*|bang\w*|hit\w*|pinch\w*|bit|bite|biting|pick\w*|pull\w*)\b[^.!?\n]{0,25}\bmy (?:arms?|wrists?|thighs?|legs?|skin|stomach|hips?|hands?|knuckles|head|fists?|scabs|hair)\b/,
    {
      requires:
        /\b(?:lighter|razor|blade|knife|compass|scissors|glass|needle|pin|nails|until|raw|bled|bleed\w*|again|on purpose|deliberately|to feel|only thing|punish\w*|relapse\w*|wall|can not stop|words into)\b/,
      accident: true,
      unless: /\b(?:shav\w*|cook\w*|bak\w*|oven|ball|mosquito|itch\w*|rash|eczema|dog|cat)\b/,
    },
  ),
  // Self-harm told with the object left out, as people do in chat: "cut again last night".
  rule(
    'en.act.cut-again',
    'self_harm',
    'crisis',
    /\b(?:cut|cutting|burned|burnt|scratched)\s+(?:again|deeper|too deep|last night|tonight|this morning|yesterday)\b/,
    {
      accident: true,
      tech: true,
      unless:
        /\b(?:hair|nails|grass|lawn|onions?|cord|cable|ties|carbs|sugar|power|electricity|internet|budget|funding|water|prices|costs|class|line|wood|paper|fabric|cake|bread)\b/,
    },
  ),
  // Someone else in danger now: the writer needs the emergency number.
  rule(
    'en.act.other-emergency',
    'overdose_or_emergency',
    'crisis',
    /\b(?:he|she|they|my \w+) (?:has |just |may have |might have |think \w+ )?overdosed\b|\b(?:is|s|are) not breathing\b|\b(?:can not|could not|will not|won t) wake (?:him|her|them) up\b|\b(?:he|she|they) (?:is|are|s) unresponsive\b/,
    { tech: true },
  ),
  rule(
    'de.act.self-injury',
    'self_harm',
    'crisis',
    /\b(?:mich|mir)\b[^.!?\n]{0,30}\b(?:geschnitten|geritzt|verbrannt|aufgeschnitten)\b|\bme (?:corte|corto|queme|quemo|arane)\b|\bje me suis (?:\w+ )?(?:coupee?|brulee?|scarifiee?|mutilee?)\b/,
    {
      requires:
        /\b(?:klinge|messer|rasierklinge|arm|bein|handgelenk|absichtlich|wieder|munecas?|brazos?|piernas?|a proposito|otra vez|poignets?|bras|cuisses?|expres|encore|lame)\b/,
      accident: true,
    },
  ),
  rule(
    'en.act.emergency',
    'overdose_or_emergency',
    'crisis',
    /\b(?:blood everywhere|can not stop the bleeding|bleeding (?:a lot|heavily|badly|will not stop|won t stop)|cut too deep|(?:swallowed|took|taken|drank) everything\b[^.!?\n]{0,25}\b(?:cabinet|drawer|bottle|box|house|pills|meds)|sangre por todas partes|no para de sangrar|blute (?:stark|sehr)|hort nicht auf zu bluten|saigne beaucoup|ne s arrete pas de saigner)\b/,
    { tech: true },
  ),
  rule(
    'en.act.not-eating',
    'eating_disorder',
    'crisis',
    /\b(?:stopped eating|not eating|barely eat\w*|eat nothing|eating nothing|nothing but water|only (?:drink|drinking|had) water|starving|deje de comer|no como nada|no estoy comiendo|hore auf zu essen|esse (?:gar )?nichts|ne mange (?:plus|rien)|arrete de manger|esse\b[^.!?\n]{0,25}\b(?:fast |gar )?nichts|no como (?:casi )?nada|je (?:ne )?mange (?:presque )?(?:rien|plus))\b/,
    {
      requires:
        /\b(?:fat|gross|disgusting|huge|hate my body|thin|skinny|the scale|weight|calories|not enough|\d+ ?(?:kg|kilos?|lbs?|pounds)|gorda|gordo|delgada|peso|fett|dunn|gewicht|grosse|gros|mince|maigre|poids)\b/,
      unless:
        /\b(?:ramadan|fasting|fasted|fast (?:for|during|until)|surgery|flu|sick|ill|ayuno|fasten|je jeune|jeune intermittent|starving (?:for|hungry)|i am starving)\b/,
    },
  ),
];
