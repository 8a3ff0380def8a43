import { ABUSER, HURT_VERBS, MEANS, TARGET } from './en-words.ts';
import { type Rule, rule } from './types.ts';

/**
 * English lexicon, second half: overdose or emergency, abuse, eating disorders and harm to others
 * (see en.ts for the conventions: first-person phrases over normalised text).
 */
export const EN_HARM_RULES: Rule[] = [
  // — overdose or medical emergency: something already taken or done —
  rule(
    'en.od.took-lot',
    'overdose_or_emergency',
    'crisis',
    new RegExp(
      `\\b(?:took|taken|swallowed|downed|ate|popped|had|chugged|gulped|necked|ingested)\\b[^.!?]{0,25}\\b(?:a whole|the whole|whole|all (?:of )?(?:my|the)|every|entire|an entire|too many|a bunch of|a lot of|a handful of|handfuls of|loads of|a full|a pack of|a packet of|a box of|half a bottle of|\\d{2,}|twenty|thirty|forty|fifty|a hundred)\\b[^.!?]{0,25}\\b(?:${MEANS}|pills?|capsules|bottle|pack|packet|box|tylenol|paracetamol|acetaminophen|ibuprofen|aspirin|antidepressants|xanax|insulin)\\b`,
    ),
  ),
  rule(
    'en.od.overdosed',
    'overdose_or_emergency',
    'crisis',
    /\bi (?:think i |have |just |might have |may have )?overdosed\b|\b(?:took|taken|had|done) an? overdose\b|\bi am overdosing\b/,
  ),
  rule(
    'en.od.poison',
    'overdose_or_emergency',
    'crisis',
    /\b(?:drank|drunk|swallowed|ingested|took)\b[^.!?]{0,15}\b(?:bleach|poison|antifreeze|drain cleaner|rat poison|pesticide|weed killer)\b/,
  ),
  rule(
    'en.od.bleeding',
    'overdose_or_emergency',
    'crisis',
    /\b(?:bleeding|blood)\b[^.!?]{0,25}\b(?:will not stop|can not stop|a lot|so much|heavily|everywhere)\b|\b(?:will not|can not) stop (?:the )?bleeding\b|\bcut too deep\b|\bslit my wrists?\b/,
  ),
  rule(
    'en.od.mixed',
    'overdose_or_emergency',
    'crisis',
    /\bmix(?:ed|ing)\b[^.!?]{0,30}\b(?:alcohol|pills|xanax|benzos|meds|opioids|vodka)\b[^.!?]{0,30}\bon purpose\b/,
  ),

  // — abuse —
  rule(
    'en.abuse.hurts-me',
    'abuse',
    'crisis',
    new RegExp(`\\b${ABUSER}\\b[^.!?]{0,25}?\\b${HURT_VERBS}\\s+me\\b`),
    // Play and accidents: "my kid hit me with a pillow".
    {
      unless:
        /\bhit (?:him|her|them) first\b|\bwe were (?:kids|\d{1,2}|little|young)\b|\bplay ?fight\w*|\b(?:pillow|cushion|toy|foam|nerf|snowball|water balloon|balloon|accident\w*|by mistake|playing|tickl\w*|ball|frisbee|sock)\b/,
    },
  ),
  rule(
    'en.abuse.touches',
    'abuse',
    'crisis',
    new RegExp(`\\b${ABUSER}\\b[^.!?]{0,15}?\\b(?:touches|touched|touching|grabs|grabbed)\\s+me\\b`),
    {
      requires: /\b(?:not to tell|do not tell|secret|inappropriately|private|sexual|against my will|stop)\b/,
    },
  ),
  rule(
    'en.abuse.threat',
    'abuse',
    'crisis',
    /\bthreat(?:en|ens|ened|ening)\s+(?:to\s+)?(?:kill|hurt|beat|harm)\s+me\b/,
  ),
  rule(
    'en.abuse.was-abused',
    'abuse',
    'crisis',
    /\b(?:i am|i was|i have been|i get|i got|being|been) (?:being )?(?:sexually |physically )?(?:abused|assaulted|raped|molested|beaten|trafficked|groomed)\b/,
  ),
  rule(
    'en.abuse.forced',
    'abuse',
    'crisis',
    new RegExp(
      `\\b${ABUSER}\\b[^.!?]{0,20}?\\b(?:forces|forced|makes|made|pressures|pressured) me (?:to )?(?:do|have|into)\\b[^.!?]{0,15}\\b(?:sexual|sex|things i do not want)\\b`,
    ),
  ),
  rule(
    'en.abuse.stalked',
    'abuse',
    'concern',
    new RegExp(
      `\\b${ABUSER}\\b[^.!?]{0,20}?\\b(?:stalks|stalking|follows|followed|shows up at|turns up at) (?:me|my (?:work|house|home|school))\\b`,
    ),
  ),
  rule(
    'en.abuse.relationship',
    'abuse',
    'crisis',
    /\babusive (?:relationship|partner|husband|wife|boyfriend|girlfriend|home|parents?|father|mother|dad|mom|household)\b/,
    { self: true },
  ),
  rule(
    'en.abuse.confined',
    'abuse',
    'crisis',
    /\b(?:will not|does not|never) let me (?:leave|go out|out of the house)\b|\blocks? me (?:in|up|inside)\b/,
    { negates: true },
  ),
  rule('en.abuse.domestic', 'abuse', 'crisis', /\bdomestic (?:abuse|violence)\b/, {
    topic: true,
    self: true,
  }),
  rule(
    'en.abuse.control',
    'abuse',
    'concern',
    /\bcontrols? (?:who i see|what i|my phone|my money|where i go|everything i)\b|\btakes? my (?:phone|money|keys|passport|bank card)\b|\b(?:will not|does not|never) let me see (?:my )?(?:friends|family)\b/,
    { negates: true },
  ),
  rule(
    'en.abuse.afraid',
    'abuse',
    'concern',
    /\b(?:scared|afraid|terrified|frightened) (?:of (?:my (?:dad|father|mom|mum|mother|stepdad|stepfather|partner|husband|wife|boyfriend|girlfriend|ex|uncle|brother|parents)|him|her)|to go (?:back )?home)\b/,
  ),
  rule(
    'en.abuse.touches-soft',
    'abuse',
    'concern',
    new RegExp(`\\b${ABUSER}\\b[^.!?]{0,15}?\\b(?:touches|touched)\\s+me\\b`),
  ),

  // — eating disorder —
  rule(
    'en.ed.purge',
    'eating_disorder',
    'crisis',
    /\bmake myself (?:throw up|vomit|sick|puke)\b|\b(?:purging|purge|purged|purges)\b|\bthrow(?:ing)? up (?:after|on purpose)\b[^.!?]{0,20}\b(?:eat|eating|meal|meals|food)\b/,
    { tech: true },
  ),
  rule('en.ed.starve', 'eating_disorder', 'crisis', /\bstarv(?:e|ing|ed) myself\b/),
  rule(
    'en.ed.not-eaten',
    'eating_disorder',
    'crisis',
    /\b(?:have not|not|did not) (?:eaten|eat|had (?:any )?food)\b[^.!?]{0,10}\b(?:in|for)\s+(?:\d+|two|three|four|five|six|seven|several|many|a few)\s+(?:days|weeks)\b/,
    {
      negates: true,
      unless:
        /\b(?:ramadan|fasting|surgery|colonoscopy|flu|sick|ill|stomach bug|virus|covid|nause\w*|food poisoning|chemo\w*|migraine|dentist)\b/,
    },
  ),
  rule('en.ed.laxatives', 'eating_disorder', 'crisis', /\b(?:laxatives|diet pills|diuretics)\b/, {
    requires:
      /\b(?:after i eat|after eating|so the food|to lose|lose weight|every (?:day|meal)|so i do not gain)\b/,
  }),
  rule(
    'en.ed.disorder',
    'eating_disorder',
    'crisis',
    /\b(?:eating disorder|anorexia|bulimia)\b[^.!?]{0,10}\b(?:is back|back|relapse|relapsed|relapsing|getting worse)\b|\brestricting (?:to )?(?:under )?\d+ (?:calories|cals|kcal)\b|\bi (?:am|have|had|have had|used to have) (?:anorexic|bulimic|anorexia|bulimia|an eating disorder)\b/,
  ),
  rule(
    'en.ed.guilt',
    'eating_disorder',
    'concern',
    /\b(?:guilty|disgusting|disgusted|fat|hate myself|ashamed)\b[^.!?]{0,25}\b(?:every time|whenever|after|when) i eat\b|\bskip(?:ping)? meals (?:to|so)\b|\bafraid to eat\b/,
  ),

  // — harm to others —
  rule(
    'en.ho.intent',
    'harm_to_others',
    'crisis',
    new RegExp(
      `\\b(?:want|wanted|going|plan|planning|will|about|ready|need|decided|fantasi[sz]e about|thinking about|thinking of|thoughts of|thoughts about)\\s+(?:to\\s+)?(?:kill|killing|murder|murdering|stab|stabbing|shoot|shooting|hurt|hurting|strangle|strangling|smother|smothering|poison|poisoning|attack|attacking|choke|choking|drown|drowning)\\s+${TARGET}\\b`,
    ),
    { conditional: true, tech: true },
  ),
  rule(
    'en.ho.urges',
    'harm_to_others',
    'concern',
    new RegExp(`\\burges? to (?:kill|hurt|attack|harm)\\s+${TARGET}\\b`),
  ),
  rule(
    'en.ho.shoot-up',
    'harm_to_others',
    'crisis',
    /\bshoot up (?:my |the |a )?(?:school|office|work|workplace|church|mall|class|party|mosque|synagogue|college|campus)\b/,
  ),
  rule(
    'en.ho.armed',
    'harm_to_others',
    'crisis',
    /\b(?:brought|bring|bringing|took|take|carry|carrying|hid|hiding) (?:a|my|the|a loaded) (?:gun|pistol|rifle|weapon) (?:to|into) (?:work|school|class|the office|college|campus)\b/,
  ),
  rule('en.ho.weapon', 'harm_to_others', 'crisis', /\b(?:knife|gun|rifle|pistol|weapon|axe)\b/, {
    requires: /\bmake (?:him|her|them) pay\b|\bget (?:revenge|even)\b|\bteach (?:him|her|them) a lesson\b/,
  }),
];
