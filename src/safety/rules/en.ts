import { EN_HARM_RULES } from './en-harm.ts';
import { BODY, MEANS } from './en-words.ts';
import { type Rule, rule } from './types.ts';

/**
 * English lexicon, over normalised text (lower case, no accents, contractions expanded: "i am",
 * "do not", "will not"). Phrases are first-person and specific on purpose: "kill myself", not
 * "kill", so that idioms ("this deadline is killing me") and tech talk ("kill the process") never
 * match in the first place; the framing rules (framing.ts) handle what still overlaps.
 */

export const EN_RULES: Rule[] = [
  // — suicidal thoughts —
  rule(
    'en.sui.kill-myself',
    'suicidal_thoughts',
    'crisis',
    /\b(?:kill|killing|kills|end|ending|take|taking|off|offing)\s+(?:myself|my life|my own life)\b/,
    {
      hyperbole: true,
      unless: /\bkill(?:ing)? myself (?:laughing|with laughter)\b/,
    },
  ),
  rule(
    'en.sui.commit',
    'suicidal_thoughts',
    'crisis',
    /\b(?:i|to)\s+(?:commit|committing|attempt|attempted|attempting|try|tried)\s+suicide\b/,
  ),
  rule('en.sui.suicidal', 'suicidal_thoughts', 'crisis', /\bsuicidal\b/, { topic: true, self: true }),
  rule('en.sui.suicide', 'suicidal_thoughts', 'crisis', /\bsuicide\b/, { topic: true, self: true }),
  rule(
    'en.sui.want-die',
    'suicidal_thoughts',
    'crisis',
    /\b(?:want|wanted|wanting|wish|need|going|ready|plan|planning|decided|deserve|about)\s+to\s+(?:die|be dead)\b/,
    // Batteries, phones and plants die too.
    {
      hyperbole: true,
      unless:
        /\b(?:battery|phone|laptop|plants?|car|engine|charger)\b|\bdie (?:my|his|her|the|it) (?:hair|beard|clothes|shirt|jeans|fabric)\b/,
    },
  ),
  rule(
    'en.sui.not-live',
    'suicidal_thoughts',
    'crisis',
    /\b(?:do not|does not|not|no longer|never)\s+(?:want|wish)\s+to\s+(?:live|be alive|go on|keep living|keep going)\b/,
    { negates: true },
  ),
  rule(
    'en.sui.end-it',
    'suicidal_thoughts',
    'crisis',
    /\b(?:want|going|ready|decided|plan|planning|thinking about|think about|to)\s+(?:to\s+)?\b(?:end|ending)\s+(?:it all|it|everything|things)\b/,
    {
      unless:
        /\bend (?:it|things|everything) (?:here|there|at|early|with|between)\b|\b(?:meeting|call|relationship|contract|subscription|project|call|game)\b/,
    },
  ),
  // Passive wishes and warning signs: a gentle direct question, not an alarm.
  rule(
    'en.sui.life-worth',
    'suicidal_thoughts',
    'concern',
    /\bnot worth living\b|\blife is no longer worth\b/,
    { negates: true },
  ),
  rule(
    'en.sui.no-reason',
    'suicidal_thoughts',
    'concern',
    /\bno (?:reason|point) (?:to|in) (?:live|living|go on|going on|keep going|being alive|be alive)\b/,
    { negates: true },
  ),
  rule(
    'en.sui.wish-dead',
    'suicidal_thoughts',
    'concern',
    /\bwish (?:i was|i were|i had|i would be) (?:dead|never born|not alive|not here|gone)\b|\bwish i (?:was|were|had) (?:not|never) (?:alive|here|born|been born)\b/,
    { negates: true },
  ),
  rule(
    'en.sui.not-wake',
    'suicidal_thoughts',
    'concern',
    /\b(?:sleep|asleep)\b[^.!?]{0,20}\b(?:not|never) wake up\b|\b(?:hope|wish) i (?:do not|never|will not) wake up\b|\bsleep forever\b/,
    { negates: true },
  ),
  rule(
    'en.sui.hope-die',
    'suicidal_thoughts',
    'concern',
    /\bhope (?:a|the|some) (?:bus|car|truck|train)\b[^.!?]{0,10}\b(?:hits|kills|runs over) me\b|\bhope i (?:die|do not wake up|never wake up)\b/,
    { negates: true },
  ),
  rule(
    'en.sui.cannot-go-on',
    'suicidal_thoughts',
    'concern',
    /\b(?:can not|do not think i can) (?:keep )?(?:living|going on|go on|carry on) like this\b|\b(?:can not|do not want to) (?:do this|go on) anymore\b/,
    { negates: true },
  ),
  rule(
    'en.sui.better-off',
    'suicidal_thoughts',
    'concern',
    /\b(?:better off|be better|happier) without me\b|\bbetter off dead\b/,
  ),
  rule(
    'en.sui.disappear',
    'suicidal_thoughts',
    'concern',
    /\b(?:want|wish i could|need)\s+(?:to\s+)?(?:just\s+)?(?:disappear|vanish)\b/,
    {
      unless: /\b(?:disappear|vanish) (?:into|to|on|under|in|for (?:a|an|the|\d+|one|two|some))\b/,
    },
  ),
  rule(
    'en.sui.point',
    'suicidal_thoughts',
    'concern',
    /\bwhat is the point (?:of|in) (?:living|life|being alive|going on|anything|trying|me)\b|\bwhat is the point anymore\b/,
  ),
  rule(
    'en.sui.burden',
    'suicidal_thoughts',
    'concern',
    /\b(?:i am|feel like|i feel) (?:such |just |only |a )?(?:a )?burden\b/,
  ),
  rule(
    'en.sui.hopeless',
    'suicidal_thoughts',
    'concern',
    /\b(?:i am|i feel|feeling|so) (?:so |completely |totally )?hopeless\b|\bnothing will ever get better\b|\bno (?:way out|future for me)\b|\b(?:can not|do not) see (?:a|any) (?:way out|future)\b/,
    { negates: true },
  ),
  rule(
    'en.sui.not-exist',
    'suicidal_thoughts',
    'concern',
    /\b(?:do not|not) want to (?:exist|be here|be around|wake up)\b|\b(?:not sure|do not know) (?:i|if i|whether i) (?:want to|can) (?:be here|live|exist|keep going|go on|be alive)\b|\b(?:tired|sick) of (?:being alive|living|existing)\b/,
    { negates: true },
  ),
  rule(
    'en.sui.unnoticed',
    'suicidal_thoughts',
    'concern',
    /\b(?:nobody|no one) (?:would|will) (?:even )?(?:notice|care|miss me)\b[^.!?]{0,30}\b(?:gone|dead|died|not here)\b/,
    { negates: true },
  ),

  // — self-harm —
  rule(
    'en.sh.act',
    'self_harm',
    'crisis',
    new RegExp(
      `\\b(?:cut|cuts|cutting|burn|burned|burnt|burning|hurt|hurting|harm|harmed|harming|hit|hitting|punch|punched|punching|scratch|scratched|scratching|bite|biting|stab|stabbed|carve|carved|carving)\\s+${BODY}\\b`,
    ),
    { accident: true, ideation: true },
  ),
  rule('en.sh.self-harm', 'self_harm', 'crisis', /\bself harm(?:ed|ing|s)?\b|\bself injur\w*/, {
    topic: true,
    self: true,
    ideation: true,
  }),
  rule(
    'en.sh.slang',
    'self_harm',
    'crisis',
    /\bsh ?(?:ing|ed)\b|\b(?:sh|self harm) (?:urges?|relapse)\b|\burges? to (?:sh|self harm|cut)\b|\brelapsed\b[^.!?]{0,20}\b(?:sh|self harm|cutting)\b/,
  ),
  rule(
    'en.sh.want-cut',
    'self_harm',
    'crisis',
    /\b(?:want|need|urge|going) to (?:cut|burn)(?: myself)?(?= so\b| again\b| tonight\b| right now\b| badly\b|[.!?,]|$)/,
  ),
  rule(
    'en.sh.on-purpose',
    'self_harm',
    'crisis',
    /\b(?:hurt|hurting|cut|burned|burnt|hit|bruised|injured)\b[^.!?]{0,25}\bon purpose\b/,
    { self: true },
  ),

  // — plan or means —
  rule(
    'en.plan.stockpile',
    'plan_or_means',
    'crisis',
    new RegExp(
      `\\b(?:saving|saved|stockpiling|stockpiled|hoarding|hoarded|collecting|collected|stashing|stashed)\\s+(?:up\\s+)?(?:my\\s+|the\\s+|all\\s+(?:my\\s+)?)?${MEANS}`,
    ),
  ),
  rule(
    'en.plan.method',
    'plan_or_means',
    'crisis',
    /\b(?:hang|hanging|shoot|shooting|drown|drowning|poison|poisoning|suffocate|suffocating|gas|gassing|electrocute)\s+myself\b/,
  ),
  rule(
    'en.plan.jump',
    'plan_or_means',
    'crisis',
    /\b(?:jump|jumping|leap|leaping|throw myself|throwing myself|step|stepping)\b[^.!?]{0,40}\b(?:bridge|roof|rooftop|ledge|balcony|cliff|building|window|tracks|train|overpass)\b|\b(?:bridge|roof|rooftop|ledge|balcony|cliff|overpass)\b[^.!?]{0,40}\b(?:jump|jumping)\b/,
    // "jump off the cliff in the level" is a game.
    { hyperbole: true, tech: true },
  ),
  rule(
    'en.plan.note',
    'plan_or_means',
    'crisis',
    /\bsuicide (?:note|letter|plan)\b|\b(?:goodbye|farewell) (?:note|notes|letter|letters)\b/,
  ),
  rule(
    'en.plan.have-plan',
    'plan_or_means',
    'crisis',
    /\b(?:have|made|making|got) a plan\b[^.!?]{0,30}\b(?:kill myself|die|end it|end my life|suicide|do it)\b/,
  ),
  rule(
    'en.plan.date',
    'plan_or_means',
    'crisis',
    /\b(?:picked|chose|chosen|set|decided on) (?:the|a) (?:date|day|time|way|method)\b/,
    {
      requires: /\b(?:die|dying|kill myself|suicide|end it|end my life)\b/,
    },
  ),
  rule(
    'en.plan.lethal',
    'plan_or_means',
    'crisis',
    /\bhow (?:many|much) (?:pills|tablets|mg|meds|of)\b[^.!?]{0,40}\b(?:die|kill|lethal|fatal|overdose|end it)\b|\b(?:lethal|fatal) dose\b|\b(?:painless|easiest|quickest|best) ways? to (?:die|kill myself|end it)\b|\bhow to (?:kill myself|hang myself|end my life|commit suicide)\b|\b(?:googl\w*|search\w*|looking up|looked up|researching|reading about)\b[^.!?]{0,20}\b(?:ways?|methods?|how) to (?:die|kill myself|end it|end my life)\b/,
    { tech: true },
  ),
  // Means named with a direction: in front of a train, a gun against oneself.
  rule(
    'en.plan.in-front',
    'plan_or_means',
    'crisis',
    /\b(?:step|stepping|jump|jumping|throw myself|throwing myself|lie down|lying down) in front of (?:a|an|the|the next)\b[^.!?]{0,15}\b(?:train|bus|car|truck|lorry|tram|traffic|one)\b/,
  ),
  rule(
    'en.plan.gun-head',
    'plan_or_means',
    'crisis',
    /\b(?:gun|pistol|rifle|revolver) (?:to|against) my (?:head|chest|mouth)\b/,
  ),
  rule(
    'en.plan.crash',
    'plan_or_means',
    'crisis',
    /\b(?:drive|driving|crash|crashing|steer)\b[^.!?]{0,30}\binto (?:a |the )?(?:wall|tree|truck|traffic|lake|river|oncoming)\b/,
    {
      requires: /\b(?:on purpose|tonight|accident|myself|die|end it)\b/,
    },
  ),
  rule(
    'en.plan.od-intent',
    'plan_or_means',
    'crisis',
    new RegExp(
      `\\b(?:going to|will|plan to|planning to|want to|about to|thinking of|thinking about)\\s+(?:overdose|overdosing|(?:take|swallow) (?:all|every|the whole)\\b[^.!?]{0,20}\\b(?:${MEANS}|pill))\\b`,
    ),
  ),
  rule('en.plan.enough', 'plan_or_means', 'crisis', new RegExp(`\\benough ${MEANS}\\b`), {
    requires: /\b(?:end it|die|kill myself|do it|overdose)\b/,
  }),
  rule(
    'en.plan.ready',
    'plan_or_means',
    'crisis',
    /\b(?:rope|noose|gun|rifle|pistol|razor blades?|razors?|blades|pills)\b/,
    {
      requires: /\bready\b|\b(?:use|using) (?:it|them) on myself\b|\bto (?:do it|end it)\b|\bhang myself\b/,
    },
  ),

  // — farewell: a goodbye that sounds final counts as plan-level risk —
  rule(
    'en.bye.goodbye',
    'plan_or_means',
    'crisis',
    /\bthis is (?:my )?(?:final |last )?goodbye\b|\bmy (?:final|last) goodbye\b|\b(?:goodbye|farewell) forever\b/,
    {
      farewell: true,
      unless: /\bgoodbye to (?:my|the|this|our)\b/,
    },
  ),
  rule(
    'en.bye.everyone',
    'plan_or_means',
    'crisis',
    /\b(?:goodbye|farewell) (?:everyone|everybody|all|world|cruel world)\b|\bi love you all\b[^.!?]{0,5}[.,!]? ?(?:goodbye|bye|farewell)\b/,
    { farewell: true },
  ),
  rule(
    'en.bye.read-this',
    'plan_or_means',
    'crisis',
    /\b(?:by the time|when) (?:you|anyone|someone) (?:read|reads|see|sees|find|finds) this\b/,
    { farewell: true },
  ),
  rule(
    'en.bye.last-message',
    'plan_or_means',
    'crisis',
    /\b(?:my|this is my) (?:last|final) (?:message|words|post|text)\b/,
    { farewell: true },
  ),
  rule(
    'en.bye.gone',
    'plan_or_means',
    'crisis',
    /\bwill not be (?:around|here) (?:anymore|any more|much longer|for much longer|after tonight)\b|\bwill not be alive\b|\byou will not (?:hear from|see) me (?:again|anymore)\b|\bnever (?:hear from|see) me again\b|\bi will be gone\b/,
    { farewell: true, negates: true },
  ),
  rule(
    'en.bye.not-need',
    'plan_or_means',
    'crisis',
    /\bwill not need (?:it|them|this|that|anything|my \w+) (?:after tonight|anymore|any more)\b|\bwhere i am going\b/,
    { farewell: true, negates: true },
  ),
  rule(
    'en.bye.giving-away',
    'plan_or_means',
    'crisis',
    /\bgiving away (?:all )?(?:of )?my (?:things|stuff|belongings|possessions)\b/,
    { farewell: true },
  ),
  rule(
    'en.bye.tell-family',
    'plan_or_means',
    'crisis',
    /\btell (?:my )?(?:family|mom|mum|dad|parents|kids|children|wife|husband|everyone)\b[^.!?]{0,20}\bi love (?:them|her|him|you)\b/,
    { farewell: true },
  ),
  rule(
    'en.bye.sorry',
    'plan_or_means',
    'crisis',
    /\bsorry (?:for everything|to everyone|i let (?:you|everyone) down)\b/,
    { farewell: true, requires: /\b(?:goodbye|farewell|love you all|bye)\b/ },
  ),
  rule(
    'en.bye.pet',
    'plan_or_means',
    'crisis',
    /\btake care of my (?:cat|dog|kids|children|pets?|family|plants)\b/,
    { farewell: true, requires: /\b(?:last|goodbye|gone|final|forever)\b/ },
  ),

  // Overdose, abuse, eating disorders and harm to others live in en-harm.ts.
  ...EN_HARM_RULES,
];
