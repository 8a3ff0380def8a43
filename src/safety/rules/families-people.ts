import { type Rule, rule } from './types.ts';

/**
 * Rule families about finality, people and bodies: farewells in one's own words, abuse told in
 * the passive or as a threat, eating-disorder behaviour described rather than named, intent to
 * harm someone, self-harm told by its traces, and someone else's crisis reported by a friend.
 * Over normalised text (see normalize.ts); gaps are bounded so a long message stays cheap.
 */

const S = '[^.!?\\n]'; // within one sentence
const re = (source: string) => new RegExp(source);

// — Finality and farewell —
// People rarely write "this is goodbye"; they thank everyone, hand over pets, say they won't be a
// problem much longer, or talk about "after". Ordinary goodbyes are cancelled by the framing rules.
const FAREWELL: Rule[] = [
  rule(
    'en.fam.thanks-goodbye',
    'plan_or_means',
    'crisis',
    re(
      `\\b(?:thanks?|thank you|gracias|danke|merci) (?:you )?(?:for|por|fur|pour) (?:everything|all|todo|alles|tout)\\b${S}{0,80}(?:[.!?,]\\s*${S}{0,60})?\\b(?:goodbye|bye|farewell|take care of (?:yourselves|yourself|each other|everyone)|i love you all|will not (?:be )?need\\w*|adios|cuid(?:e|a)n(?:se)?|lebt wohl|leb wohl|macht s gut|adieu|prenez soin de vous|prends soin de toi)\\b`,
    ),
    { farewell: true },
  ),
  rule(
    'en.fam.bye-final',
    'plan_or_means',
    'crisis',
    /\b(?:bye|goodbye|farewell|adios|tschuss|adieu)\b[^.!?\n]{0,25}\b(?:this is it|it is over|it ends (?:here|now|tonight)|for good|forever|for the last time)\b|\b(?:this is it|for the last time)\b[^.!?\n]{0,25}\b(?:bye|goodbye|farewell)\b/,
    { farewell: true },
  ),
  rule(
    'en.fam.not-much-longer',
    'plan_or_means',
    'crisis',
    /\b(?:will not|would not|am not going to) (?:be (?:a (?:problem|burden)|in (?:anyone s|your|the) way|around|here|bothering \w+|your problem)|have to (?:deal with|worry about) me)\b[^.!?\n]{0,25}\b(?:much longer|for long|anymore|any more|soon|after (?:tonight|today|this|sunday|the weekend))\b|\b(?:nobody|no one) (?:has|will have|needs?) to worry about me (?:anymore|again|after)\b|\bafter that (?:nobody|no one)\b/,
    { negates: true },
  ),
  rule(
    'en.fam.after-gone',
    'plan_or_means',
    'crisis',
    /\b(?:after|when|once) i am (?:gone|dead|not here)\b|\bthey will find (?:them|it|the letters?|the notes?|me)\b[^.!?\n]{0,15}\b(?:after|when|tomorrow)\b|\b(?:wrote|written|writing|left) (?:a |the )?(?:letters?|notes?) (?:to|for) (?:my|everyone)\b[^.!?\n]{0,60}\b(?:after|find them|when i)\b/,
  ),
  // "I've decided how I'm going to do it", "gonna do it tonight when everyone's asleep".
  rule(
    'en.fam.do-it',
    'plan_or_means',
    'crisis',
    /\b(?:decided|know|figured out|worked out|chosen|planned) (?:exactly )?how (?:i am going to|i will|i would|to) (?:do it|end it|go)\b|\b(?:going to|will|planning to) do it\b[^.!?\n]{0,30}\b(?:when (?:everyone|everybody|they|my (?:parents|family|wife|husband))(?:s| is| are)? (?:asleep|gone|out|at work)|while (?:nobody|no one) is (?:home|around|looking)|before (?:anyone|they) (?:wake|get home))\b/,
  ),
  // Everything planned, letters written, in each language.
  rule(
    'es.fam.all-planned',
    'plan_or_means',
    'crisis',
    /\b(?:todo (?:planeado|preparado|listo)|tout (?:est )?(?:prepare|prevu|planifie|pret)|alles (?:ist )?(?:geplant|vorbereitet)|everything (?:is )?(?:planned|prepared|arranged))\b/,
    {
      requires:
        /\b(?:cartas|carta de despedida|lettres?|briefe?|abschiedsbrief|letters?|notes?|esta noche|ce soir|heute nacht|tonight)\b/,
      unless:
        /\b(?:party|fiesta|fete|feier|wedding|boda|mariage|hochzeit|trip|viaje|voyage|reise|birthday|cumpleanos|anniversaire|geburtstag)\b/,
    },
  ),
  rule(
    'en.fam.my-note',
    'plan_or_means',
    'crisis',
    /\b(?:written|wrote|finished|left|leaving) my (?:last |final )?(?:note|letter)\b(?! (?:to|for|on|about) (?:my )?(?:teacher|boss|landlord|school|work|doctor|class|desk|fridge|homework))/,
    { farewell: true },
  ),
  rule(
    'en.fam.tell-sorry',
    'plan_or_means',
    'crisis',
    /\btell (?:my |them |him |her |everyone )?(?:\w+ )?(?:that )?i am sorry\b|\btell (?:my )?\w+ (?:that )?i (?:tried|love (?:them|her|him|you))\b/,
    { unless: /\b(?:late|delay\w*|miss\w*|forgot|can not make|running behind|meeting|call)\b/ },
  ),
  rule(
    'en.fam.affairs',
    'plan_or_means',
    'concern',
    /\b(?:affairs|things) (?:are |is )?in order\b|\b(?:will|testament) is (?:signed|written|done|sorted|ready)\b|\b(?:cat|dog|pets?) (?:is|are) going to (?:my|a) \w+\b|\bnothing left to (?:sort out|do|say|fix)\b/,
    {
      unless:
        /\b(?:surgery|operation|retire\w*|lawyer|estate plan\w*|holiday|vacation|trip|moving|move|wedding)\b/,
    },
  ),
  rule(
    'en.fam.peace',
    'plan_or_means',
    'concern',
    /\bmade (?:my )?peace with (?:it|dying|death|everything|my decision)\b|\bmy mind is made up\b|\btonight is the night\b/,
    { requires: /\b(?:tonight|tomorrow|sunday|this weekend|soon|ready|decided|goodbye|peace)\b/ },
  ),
  rule(
    'en.fam.giving-away',
    'plan_or_means',
    'concern',
    /\b(?:giv\w*|gave|regal\w*|verschenk\w*|donn\w*)\b[^.!?\n]{0,12}\b(?:my (?:things|stuff|belongings|possessions|treasured|favourite)|everything i own|all my (?:things|stuff)|mis cosas|todas mis cosas|todo lo mio|meine sachen|alles weg|mes affaires|toutes mes affaires)\b/,
    { unless: /\b(?:moving|move|declutter\w*|spring clean\w*|mudanza|umzug|demenage\w*)\b/ },
  ),
  rule(
    'en.fam.not-need',
    'plan_or_means',
    'crisis',
    /\b(?:will not|would not|am not going to) (?:be )?need\w* (?:these|this|it|them|my \w+|any of (?:it|this|them))\b[^.!?\n]{0,20}\b(?:anymore|any more|after|where i am going)\b|\bno (?:las|los|la|lo) voy a necesitar\b|\bbrauche (?:das|sie|es) (?:eh )?nicht mehr\b|\bn en aurai plus besoin\b/,
  ),
  rule(
    'en.fam.reconnaissance',
    'plan_or_means',
    'crisis',
    /\bi (?:know|picked|chose|found) (?:which|the right|a good|the perfect) (?:bridge|building|roof|rooftop|cliff|ledge|overpass|tracks)\b|\b(?:standing|stand|sitting|sat|i am|i keep standing) (?:on|at) (?:the )?(?:edge|ledge|bridge|roof|rooftop|tracks|platform edge|railing|cliff edge)\b/,
    { unless: /\b(?:traffic|jam|stuck|view|photo|selfie|sunset|concert|tour|queue|delayed|bus|commute)\b/ },
  ),
  rule(
    'en.fam.survive',
    'plan_or_means',
    'crisis',
    /\b(?:make sure|be sure|guarantee|certain|so that)\b[^.!?\n]{0,25}\b(?:not|never|do not|will not) (?:survive|wake up|come back)\b|\bhow (?:high|far|tall)\b[^.!?\n]{0,50}\b(?:survive|die|fatal|lethal|kill)\b/,
    { tech: true },
  ),
  rule(
    'es.fam.farewell',
    'plan_or_means',
    'crisis',
    /\b(?:cuiden|cuidad|cuida) (?:a|de) mi (?:perro|gato|madre|familia|hij\w+)\b|\bya (?:no )?(?:regale|he regalado)\b/,
    { farewell: true },
  ),
];

// — Abuse —
// Told in the passive ("I got choked"), as a threat to keep silent ("you'll regret telling"), as
// control by a partner, as being forced or touched against one's will.
const ABUSE: Rule[] = [
  rule(
    'en.fam.abuse-passive',
    'abuse',
    'crisis',
    /\b(?:i )?(?:got|get|getting|was|been|being) (?:choked|strangled|beaten(?: up)?|slapped|punched|kicked(?! out| off)|raped|molested|assaulted|groped|threatened|locked (?:in|up)|shoved|thrown against)\b/,
    {
      unless:
        /\b(?:ball|car|bus|bike|football|soccer|rugby|hockey|game|match|training|practice|wave|boxing|sparring|mma|karate|judo|rollercoaster|food|on (?:a|my|the)|by (?:a|the) (?:ball|car|bus|door|branch|wave))\b/,
    },
  ),
  rule(
    'en.fam.abuse-silence',
    'abuse',
    'crisis',
    /\b(?:regret|sorry|pay for|be punished)\b[^.!?\n]{0,20}\btell(?:ing)? (?:anyone|anybody|someone|a soul|the police|my \w+)\b|\b(?:if|when) i (?:tell|told|report\w*|call\w* the police)\b[^.!?\n]{0,30}\b(?:kill|hurt|beat|regret|pay|take the kids|never see)\b|\b(?:our|a) (?:little )?secret\b[^.!?\n]{0,20}\b(?:touch\w*|do not tell|nobody can know)\b|\bif i (?:leave|left|go)\b[^.!?\n]{0,30}\b(?:he|she|they) (?:will|would|is going to|said)\b[^.!?\n]{0,30}\b(?:kill|hurt|take|find|never)\b/,
  ),
  rule(
    'es.fam.abuse',
    'abuse',
    'crisis',
    /\bme (?:amenaz\w*|obliga\w*|forz\w*|pega\w*|golpe\w*|viol\w*|encierr\w*|acos\w*)\b|\b(?:si|cuando) (?:se lo |lo )?(?:cuento|digo|dije)\b[^.!?\n]{0,20}\b(?:alguien|nadie|policia)\b/,
    { unless: /\b(?:juego|partido|pelota|broma)\b/ },
  ),
  rule(
    'de.fam.abuse',
    'abuse',
    'crisis',
    /\b(?:droht|drohte|gedroht)\b[^.!?\n]{0,20}\b(?:mir|mich)\b|\b(?:bringt|bringe|bring) mich um\b[^.!?\n]{0,10}\bwenn ich\b[^.!?\n]{0,30}\b(?:erzahle|sage|verrate|jemandem)\b|\bwenn ich\b[^.!?\n]{0,30}\b(?:erzahle|sage|verrate)\b[^.!?\n]{0,30}\b(?:bringt|schlagt|tut)\b|\b(?:fasst|fasste|fassen) mich an\b|\b(?:zwingt|zwang|gezwungen) mich\b|\bmich (?:gezwungen|angefasst|begrapscht|gewurgt|geschlagen|eingesperrt)\b/,
  ),
  rule(
    'fr.fam.abuse',
    'abuse',
    'crisis',
    /\b(?:m a|me) (?:menace\w*|force\w*|frappe\w*|viole\w*|enferme\w*|oblige\w*|etrangle\w*)\b|\bsi je (?:parle|parlais|le dis|le disais|raconte)\b[^.!?\n]{0,30}\b(?:tuer|frapper|regretter)\b/,
    { unless: /\b(?:ballon|match|jeu|m a touche le coeur|touche au coeur)\b/ },
  ),
  rule(
    'en.fam.abuse-grooming',
    'abuse',
    'crisis',
    /\b(?:nobody|no one) (?:would|will|is going to) (?:ever )?believe you\b|\b(?:said|says|told me|tells me)\b[^.!?\n]{0,12}\b(?:nobody|no one) (?:would|will|is going to) (?:ever )?believe me\b|\b(?:has been|keeps|kept|started|been|is) (?:touching|groping|fondling) me\b|\bnadie (?:te|me) (?:va a creer|creeria|creera)\b|\bniemand (?:wird|wurde) (?:dir|mir) glauben\b|\bpersonne ne (?:te|me) croira\b/,
  ),
  rule(
    'en.fam.no-consent',
    'abuse',
    'crisis',
    /\b(?:even though|when|after|although|despite) i (?:said|say|told (?:him|her|them)|kept saying) no\b|\b(?:toca\w*|touch\w*|beruhr\w*|fass\w*|touche\w*)\b[^.!?\n]{0,20}\b(?:sin (?:mi )?permiso|without (?:my )?permission|ohne (?:meine )?erlaubnis|sans (?:ma )?permission)\b|\bagainst my will\b|\bwithout my consent\b|\bobwohl ich nein\b|\bgegen meinen willen\b|\baunque (?:le |les )?(?:digo|dije|decia) que no\b|\bcontra mi voluntad\b|\bmeme si je (?:dis|disais) non\b|\bsans mon consentement\b/,
  ),
  rule(
    'en.fam.abuse-control',
    'abuse',
    'concern',
    /\b(?:my )?(?:partner|boyfriend|girlfriend|husband|wife|fiance|ex)\b[^.!?\n]{0,40}\b(?:reads|checks|goes through|tracks|controls|takes) my (?:messages|texts|phone|emails?|location|money|salary|card|keys|passport)\b/,
  ),
];

// — Eating disorders —
// Behaviour, not the diagnosis: days without food, purging tied to meals, laxatives, counting
// calories next to hating one's body. Fasting for a religion or a procedure and food poisoning are
// the look-alikes.
const DAYS =
  '(?:\\d+|two|three|four|five|six|seven|several|a few|many|dos|tres|cuatro|cinco|varios|zwei|drei|vier|funf|mehreren|deux|trois|quatre|cinq|plusieurs)\\s+(?:days|weeks|dias|semanas|tagen|wochen|jours|semaines)|a week|(?:since|seit|desde|depuis) (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|last week|montag|dienstag|lunes|martes|lundi|mardi)';
const BODY_HATE =
  /\b(?:fat|fatty|gross|disgusting|huge|hate my body|thin enough|the scale|weight|calories|gorda|gordo|engordar|fett|zunehmen|dick|grosse|gros|grossir)\b/;
const NOT_EATEN = re(
  `\\b(?:not|nothing|no) (?:eaten|eat|had anything|kept (?:any )?food down)\\b${S}{0,20}\\b(?:in|for|since)?\\s*(?:${DAYS})\\b|\\b(?:llevo|lleva|llevamos)\\s+(?:${DAYS})\\s+sin comer\\b|\\b(?:seit|schon)\\s+(?:${DAYS})\\b${S}{0,20}\\b(?:nichts gegessen|nichts mehr gegessen|nicht gegessen)\\b|\\b(?:ca fait|cela fait|depuis)\\s+(?:${DAYS})\\b${S}{0,25}\\b(?:pas mange|rien mange|sans manger)\\b|\\b(?:${DAYS})\\s+(?:sans manger|sin comer|ohne essen|without (?:eating|food))\\b`,
);
const NOT_ED =
  /\b(?:ramadan|fast|fasting|surgery|operation|colonoscopy|procedure|flu|sick|ill|stomach bug|virus|covid|corona|nause\w*|food poisoning|chemo\w*|migraine|tonsil\w*|wisdom teeth|dentist|toothache|ayuno|fasten|je jeune|jeune intermittent)\b/;
const EATING: Rule[] = [
  // Days without food next to weight or body words: crisis. Alone: a concern to ask about.
  rule('en.fam.ed-days', 'eating_disorder', 'crisis', NOT_EATEN, {
    negates: true,
    unless: NOT_ED,
    requires: BODY_HATE,
  }),
  rule('en.fam.ed-days-alone', 'eating_disorder', 'concern', NOT_EATEN, { negates: true, unless: NOT_ED }),
  rule(
    'en.fam.ed-purge',
    'eating_disorder',
    'crisis',
    /\b(?:throw\w* up|threw up|puk\w*|vomit\w*|sick|kotz\w*|erbrech\w*|vomi\w*)\b[^.!?\n]{0,25}\b(?:after (?:every|each|all)|nach jedem|nach jeder|despues de cada|apres chaque|so (?:nothing stays|i do not gain|it does not count)|para no engordar|damit ich nicht zunehme|pour ne pas grossir)\b|\bmake myself (?:throw (?:it )?up|sick|vomit|puke)\b|\bme fais vomir\b|\bme hago vomitar\b|\bchew\w* (?:\w+ )?(?:and|then) spit\w*\b/,
    // The purposes contain negations of their own ("damit ich nicht zunehme").
    { negates: true },
  ),
  rule(
    'en.fam.ed-laxatives',
    'eating_disorder',
    'crisis',
    /\b(?:laxatives|laxantes|abfuhrmittel|laxatifs)\b[^.!?\n]{0,40}\b(?:every|after|so|cada|jeden|chaque|weight|peso|gewicht|poids)\b/,
  ),
  rule(
    'en.fam.ed-calories',
    'eating_disorder',
    'crisis',
    /\b(?:ate|eaten|had|only) \d+ (?:calories|kcal)\b[^.!?\n]{0,40}\b(?:hate my body|fat|disgusting|zero|nothing|less)\b/,
  ),
  rule(
    'en.fam.ed-skipping',
    'eating_disorder',
    'concern',
    /\b(?:skip\w*|avoid\w*|cutting out) (?:meals|eating|food|dinner|lunch|breakfast)\b/,
    {
      requires:
        /\b(?:lose weight|on purpose|thin|calories|skinny|smaller|disgusting|fat|gross|hate my body|the scale)\b/,
    },
  ),
  rule(
    'en.fam.ed-named',
    'eating_disorder',
    'concern',
    /\b(?:eating disorder|anorexi\w*|bulimi\w*|essstorung|estorung|magersucht|trastorno alimentario|trastorno de la conducta alimentaria|trouble alimentaire|troubles alimentaires|tca)\b/,
    { topic: true, self: true },
  ),
];

// — Harm to others —
// Intent with a target: making someone suffer, knowing where they are, a weapon brought to a place.
const WEAPONS =
  '(?:knife|knives|gun|rifle|pistol|hammer|bat|baseball bat|axe|machete|crowbar|cuchillo|pistola|navaja|messer|pistole|waffe|hammer|couteau|pistolet|marteau)';
const HARM_OTHERS: Rule[] = [
  rule(
    'en.fam.ho-suffer',
    'harm_to_others',
    'crisis',
    /\b(?:make|making) (?:him|her|them|my \w+|that \w+)\b[^.!?\n]{0,10}\b(?:suffer|bleed|pay for (?:it|this) with)\b|\b(?:he|she|they|my \w+) (?:deserves?|deserve) to die\b[^.!?\n]{0,40}\b(?:i|going to|gonna|will)\b/,
    { conditional: true },
  ),
  rule(
    'en.fam.ho-weapon-place',
    'harm_to_others',
    'crisis',
    re(
      `\\b(?:bring\\w*|brought|take|taking|carry\\w*)\\b${S}{0,20}\\b${WEAPONS}\\b${S}{0,30}\\b(?:to|into|in) (?:the |my |his |her )?(?:school|class|office|work|party|house|home|meeting)\\b|\\b(?:will not|would not) (?:walk|get|make it) out (?:alive|of there)?\\b`,
    ),
    {
      tech: true,
      unless:
        /\b(?:cake|cut\w*|lunch|chef|kitchen|bread|cheese|bbq|barbecue|picnic|repair|fix\w*|build\w*|diy|carpentry|shelf|shelves|game|practice|softball|baseball|cricket|show and tell)\b/,
    },
  ),
  rule(
    'en.fam.ho-know-where',
    'harm_to_others',
    'crisis',
    /\b(?:hurt|kill|stab|shoot|get|make \w+ pay|faire (?:\w+ )?du mal|tuer|hacerle (?:\w+ )?dano|matar\w*|wehtun|weh tun|umbringen)\b[^.!?\n]{0,60}\b(?:i know where|je sais ou|ya se donde|se donde|ich weiss wo)\b[^.!?\n]{0,10}\b(?:he|she|they|il|elle|vive|wohnt|lives|parks|works|habite|trabaja|arbeitet)\b/,
  ),
  rule(
    'fr.fam.ho-intent',
    'harm_to_others',
    'crisis',
    /\b(?:envie de|je vais|veux) (?:lui|leur) faire (?:\w+ )?du mal\b|\b(?:quiero|voy a) hacerle (?:\w+ )?dano\b|\bwill (?:ihm|ihr|ihnen) (?:\w+ )?weh ?tun\b/,
  ),
  rule(
    'en.fam.ho-intrusive',
    'harm_to_others',
    'concern',
    /\b(?:thoughts?|urges?|images?|pictures?) (?:about|of) (?:hurting|shaking|harming|drowning|smothering|stabbing|hitting|strangling) (?:the|my|our) (?:baby|newborn|child|kids?|son|daughter|partner|wife|husband)\b/,
  ),
];

// — Self-harm by its traces, and in other languages' reflexive forms —
const SELF_HARM: Rule[] = [
  // History told with "used to": the framing rules lower it to a past concern.
  rule('en.fam.sh-used-to', 'self_harm', 'crisis', /\bused to (?:cut|burn|scratch|hurt|harm)\b/, {
    accident: true,
    unless: /\b(?:hair|grass|lawn|wood|fabric|paper|class|cut it|people|others|him|her|them)\b/,
  }),
  rule(
    'en.fam.sh-hiding',
    'self_harm',
    'crisis',
    /\b(?:hid\w*|cover\w*)\b[^.!?\n]{0,10}\b(?:the |my )?(?:marks|cuts|scars|burns|bruises)\b[^.!?\n]{0,20}\b(?:on my|with|again|under)\b/,
    { unless: /\b(?:acne|tattoo|surgery|operation|chicken ?pox|makeup tutorial)\b/ },
  ),
  rule(
    'es.fam.sh-cut',
    'self_harm',
    'crisis',
    /\bme (?:volvi a |he vuelto a )?(?:corte|corto|cortaba|cortar|quem\w*|arañ\w*|aran\w*)\b[^.!?\n]{0,10}\b(?:los brazos|las munecas|las piernas|los muslos|la piel|el brazo|la pierna)\b|\bvolvi a cortarme\b/,
    { accident: true },
  ),
];

// — Thoughts in other words: the point of being alive, being better off gone, waking up at all —
const THOUGHTS: Rule[] = [
  rule(
    'en.fam.sui-point',
    'suicidal_thoughts',
    'concern',
    /\b(?:do not|can not|no longer) see (?:the|any) point (?:in|of) (?:being alive|living|life|existing|going on|me being here)\b|\bwhat is (?:even )?the point(?: anymore)?\s*[.?!]?$|\bwhat is even the point\b|\bnothing (?:is )?(?:ever )?(?:going to|will) (?:ever )?get better\b/,
    { negates: true },
  ),
  rule(
    'en.fam.sui-better-off',
    'suicidal_thoughts',
    'concern',
    /\bbetter off if i (?:was|were|am|did) (?:not|never|gone|dead)\b|\b(?:disappointed|upset|angry|sad) (?:that )?i (?:woke|wake) up\b/,
    { negates: true, requires: /\b(?:i|me|my)\b/ },
  ),
  rule(
    'en.fam.sui-without-me',
    'suicidal_thoughts',
    'concern',
    /\b(?:better|lighter|happier|easier|fine|okay|ok) (?:off )?without me\b|\bdone with (?:living|life|being alive|existing)\b/,
    { hyperbole: true },
  ),
  rule(
    'en.fam.sui-make-happen',
    'suicidal_thoughts',
    'crisis',
    /\bbetter off (?:if i|without me)\b[^.!?\n]{0,80}\b(?:how to make (?:that|it) happen|make it so|do something about it)\b|\bmake it so i (?:do not|will not|never) have to (?:wake up|be here|exist|anymore)\b/,
    { negates: true },
  ),
  rule(
    'en.fam.sui-painless-go',
    'plan_or_means',
    'crisis',
    /\b(?:painless|easiest|quickest|fastest|surest|best|least painful|quietest) (?:way|method)s? (?:to go|of going|to do it|to leave this world|out)\b/,
    { tech: true },
  ),
  // No desire left to live, said the way each language says it.
  rule(
    'de.fam.sui-no-desire',
    'suicidal_thoughts',
    'crisis',
    /\b(?:keinen bock|keine lust|keine kraft) mehr (?:auf (?:das |dieses )?leben|zu leben|zum leben)\b|\blebensmude\b|\b(?:plus envie de vivre|veux plus vivre|veux plus etre la)\b|\bya no (?:tengo ganas de vivir|quiero vivir)\b/,
    { negates: true },
  ),
  rule(
    'fr.fam.sui-tired-living',
    'suicidal_thoughts',
    'concern',
    /\b(?:fatigue(?:e)?|marre|las(?:se)?) de vivre\b|\b(?:cansad[oa]|hart[oa]) de vivir\b|\b(?:mude|satt),? (?:zu leben|vom leben)\b/,
  ),
  rule(
    'en.fam.sui-disappear',
    'suicidal_thoughts',
    'concern',
    /\bfeel like (?:just )?(?:disappearing|vanishing|not existing)\b|\b(?:quisiera|quiero|ojala pudiera) (?:solo |simplemente )?desaparecer\b|\b(?:will|mochte|wurde gern) (?:einfach )?verschwinden\b/,
  ),
  rule(
    'fr.fam.sui-disappear',
    'suicidal_thoughts',
    'concern',
    /\b(?:j aimerais|je voudrais|envie de|je veux) (?:juste |simplement )?disparaitre\b/,
    {
      unless:
        /\b(?:disparaitre|desaparecer|verschwinden) (?:sous|dans|en|pour|quelques|a la|au|loin|bajo|debajo|de vacaciones|unos dias|unter|fur ein paar|in den urlaub)\b/,
    },
  ),
];

// — Someone else's crisis, told by a friend: concern (see eval/safety/README.md for why). —
const OTHER = '(?:she|he|they|ella|el|sie|er|elle|il)';
const THIRD_PERSON: Rule[] = [
  rule(
    'en.fam.third-suicidal',
    'suicidal_thoughts',
    'concern',
    re(
      `\\b(?:said|says|told me|texted|keeps saying|admitted|dijo|dice|gesagt|sagt|dit|m a dit)\\b${S}{0,15}\\b(?:${OTHER} )?(?:wants? to die|want to kill (?:her|him|them)sel(?:f|ves)|is suicidal|wants? to end (?:it|her life|his life)|se quiere (?:morir|matar)|quiere morir\\w*|sich umbringen will|sterben will|voulait (?:mourir|en finir)|veut (?:mourir|en finir))`,
    ),
    {
      unless:
        /\bdie (?:in (?:his|her|their|my) own bed|at home|peacefully|in (?:a )?hospital|of old age)\b|\b(?:hospice|palliative)\b/,
    },
  ),
  rule(
    'en.fam.third-self-harm',
    'self_harm',
    'concern',
    /\bmy (?:little |big |younger |older )?(?:brother|sister|friend|son|daughter|partner|roommate|cousin|student)\b[^.!?\n]{0,25}\b(?:cutting|hurting|burning|harming) (?:himself|herself|themselves)\b/,
  ),
];

export const PEOPLE_FAMILY_RULES: Rule[] = [
  ...FAREWELL,
  ...ABUSE,
  ...EATING,
  ...HARM_OTHERS,
  ...SELF_HARM,
  ...THOUGHTS,
  ...THIRD_PERSON,
];
