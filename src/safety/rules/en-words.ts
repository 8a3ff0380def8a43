/**
 * Word lists shared by the English lexicon files (en.ts, en-harm.ts): who can hurt or be hurt,
 * body parts, and the means most often named.
 */
// People a threat or an abuser can be; "you" is left out because threats at the bot or the reader
// ("I'm gonna kill you if you spoil it") are almost always banter.
export const PEOPLE =
  '(?:wife|husband|partner|boyfriend|girlfriend|ex|mom|mum|mother|dad|father|parents?|brother|sister|son|daughter|kids?|child|children|baby|newborn|boss|manager|coworker|co worker|colleague|roommate|flatmate|neighbou?r|teacher|classmate|friend|family|uncle|aunt|cousin|grandma|grandpa|stepdad|stepmom|stepfather|stepmother|landlord|teammate)';
export const TARGET = `(?:him|her|them|someone|somebody|people|everyone|everybody|a (?:kid|child|person)|(?:my|the|his|her) ${PEOPLE}|that (?:guy|man|woman|girl|boy))`;
export const ABUSER = `(?:he|she|they|someone|somebody|a (?:man|guy|stranger)|my (?:${PEOPLE}|carer|caregiver|coach|step\\w+))`;
export const HURT_VERBS =
  '(?:hits|hit|beats|beat|punches|punched|kicks|kicked|chokes|choked|strangles|strangled|slaps|slapped|rapes|raped|molests|molested|abuses|abused|hurts|burns|burned|shoves|shoved|pushes|whips|sexually assaulted|assaulted)';
export const BODY = '(?:myself|my (?:arms?|wrists?|legs?|thighs?|skin|stomach|hips?|body|face))';
export const MEANS = '(?:pills|meds|medication|tablets|painkillers|sleeping pills)';
