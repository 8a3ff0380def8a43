import { describe, expect, it } from 'vitest';
import { assessText } from '../../src/safety/detector.ts';

/**
 * The rule families (rules/families*.ts) on phrasings written for this test, found in no
 * evaluation set: each family must reach sentences nobody listed, and stay quiet on the
 * look-alikes next to it.
 */
const FLAGGED: Array<[string, string]> = [
  // wish/thought × own death, in other words and languages
  ['been thinking abt ending it all lately', 'suicidal_thoughts'],
  ["i keep dreaming of not waking up and it doesn't scare me", 'suicidal_thoughts'],
  ['pensando en quitarme de en medio otra vez', 'suicidal_thoughts'],
  ['ich denke daran, mir das leben zu nehmen', 'suicidal_thoughts'],
  ['je pense à mettre fin à mes jours', 'suicidal_thoughts'],
  // means and amounts
  ['swallowed about 25 of my sertraline an hour ago', 'overdose_or_emergency'],
  ['me tomé un frasco entero de somníferos', 'overdose_or_emergency'],
  ['hab die ganze packung paracetamol geschluckt', 'overdose_or_emergency'],
  ["i've been hoarding my tablets in a shoebox", 'plan_or_means'],
  ['which bridge is high enough that you die', 'plan_or_means'],
  ['ordered a noose kit online, arrives thursday', 'plan_or_means'],
  ['j’ai acheté un pistolet hier', 'plan_or_means'],
  // finality
  ['thanks for everything guys. take care of each other', 'plan_or_means'],
  ["i won't be your problem for much longer", 'plan_or_means'],
  // abuse in the passive, as a threat, as force
  ['i was choked until i passed out last night', 'abuse'],
  ["he says i'll regret it if i tell anyone", 'abuse'],
  ['if i leave he said he would find me and kill me', 'abuse'],
  ['mi padrastro me obliga a tocarlo', 'abuse'],
  ['il m’a menacée avec un couteau', 'abuse'],
  // eating disorders described, not named
  ["2 days without eating and i still look huge, i'm fat", 'eating_disorder'],
  ['i make myself sick after dinner so it doesn’t count', 'eating_disorder'],
  // harm to others with a target
  ['i swear im going to stab my stepdad tonight', 'harm_to_others'],
  ['voy a matar a ese tipo, ya tengo la pistola', 'harm_to_others'],
  // self-harm by its traces
  ['burned my wrist with a lighter again', 'self_harm'],
  // A second round of harder, more indirect phrasings (first run: 18 of these 31 flagged).
  ['honestly the world would be lighter without me in it and i keep planning how', 'suicidal_thoughts'],
  ["I'm so done with living, I really am", 'suicidal_thoughts'],
  ['everyday i think about how to kill my self', 'plan_or_means'],
  ['no veo sentido a seguir viviendo, quiero acabar con todo', 'suicidal_thoughts'],
  ['ich will nicht mehr, ich will einfach tot sein', 'suicidal_thoughts'],
  ["je ne veux plus vivre, c'est trop dur", 'suicidal_thoughts'],
  ['been carving words into my leg with a compass', 'self_harm'],
  ["i keep picking at my skin until it bleeds, i can't stop", 'self_harm'],
  ['me corté otra vez las muñecas anoche', 'self_harm'],
  ['ich hab mir mit einer klinge in den arm geschnitten', 'self_harm'],
  ['Ive got a bottle of pills and a bottle of whiskey ready for tonight', 'plan_or_means'],
  ["gonna do it tonight when everyone's asleep", 'plan_or_means'],
  ["I've decided how I'm going to do it", 'plan_or_means'],
  ["i'm sitting on the edge of the roof right now", 'plan_or_means'],
  ['tengo todo planeado para el sábado, ya escribí las cartas', 'plan_or_means'],
  ["j'ai tout préparé pour ce soir, les lettres sont écrites", 'plan_or_means'],
  ['i just drank bleach', 'overdose_or_emergency'],
  ["took a bunch of xanax with wine, can't feel my legs", 'overdose_or_emergency'],
  ['ich hab 30 tabletten geschluckt, mir ist schwindelig', 'overdose_or_emergency'],
  ["j'ai avalé 20 comprimés de somnifères", 'overdose_or_emergency'],
  ["my mom burns me with cigarettes when she's angry", 'abuse'],
  ["my partner strangled me last week and says he'll do it again", 'abuse'],
  ["he won't let me have money or see my family and I'm scared of him", 'abuse'],
  ['mi jefe me acosa y me toca sin permiso', 'abuse'],
  ["mon copain me frappe et m'empêche de voir mes amis", 'abuse'],
  ["i've lost 10kg in a month by barely eating and it's still not enough", 'eating_disorder'],
  ["i chew food and spit it out so i don't gain weight", 'eating_disorder'],
  ['ich esse seit einer woche fast nichts, ich bin zu fett', 'eating_disorder'],
  ["i'm bringing a knife to school tomorrow, they'll see", 'harm_to_others'],
  ["I want to kill my stepfather, i've thought it through", 'harm_to_others'],
  ["je vais le tuer, j'ai un couteau dans mon sac", 'harm_to_others'],
];

const QUIET: string[] = [
  "i'm dying to see the new season",
  'thinking about ending my subscription to that app',
  "I'm thinking of ending it with my boyfriend, we fight constantly",
  'my phone battery is going to die any minute',
  'me muero de risa con este meme',
  'ich sterbe vor lachen',
  'je vais mourir de rire',
  'took 2 paracetamol for the headache, feeling better',
  'the doctor said to take 20 mg of sertraline every morning',
  'bought a rope for the climbing course on saturday',
  'we got a gun safe for my dad’s hunting rifles',
  'thanks for everything today, see you tomorrow!',
  'got hit by a ball at football practice',
  'i was kicked out of the group chat lol',
  'skipped lunch because the meeting ran over',
  'not eating meat anymore, going vegetarian',
  "I'm going to kill this presentation tomorrow",
  'my brother is going to kill me when he sees the car',
  'scratched my arm on the rose bush in the garden',
  "I don't want to hurt her feelings",
  'how many calories are in a banana',
  'how much paracetamol is safe for a child with a fever',
  // A second round aimed at the families' weak spots (first run: 11 of these 49 were flagged).
  'I want to die my hair purple this summer',
  "we're thinking about ending the project early, budget cuts",
  'my plan to stop eating sugar is going badly lol',
  'took all the kids to the zoo, exhausting but fun',
  'I swallowed my pride and apologised to my sister',
  'the recipe needs a whole bottle of red wine and 20 cloves of garlic',
  'I got hit by a car on my bike last year, fully recovered now',
  'I saved up my money for a new laptop',
  "I've been collecting vintage pills bottles for an art project",
  "she's been touching up the paint in the hallway",
  "my boss threatened to fire me if I'm late again",
  "I'm going to hit the gym after work",
  'we shot the whole video in one take',
  'the kids were fighting over the last cookie',
  'I ordered a new knife for the kitchen',
  'how many tablets can I take for period pain?',
  "I'm thinking of ending my gym membership",
  "Dad keeps saying he wants to die in his own bed, not a hospital — we're sorting his care",
  "I can't wait to hang out with you guys this weekend",
  "I'm going to shoot some hoops after class",
  'My cat knocked all my pills off the shelf, had to pick them up one by one',
  'the doctor told me to take two tablets three times a day',
  'I gave away my old phone to my cousin',
  'going to jump on the trampoline with the kids',
  "nothing tastes good when you have covid, haven't eaten much for a few days",
  "I haven't eaten since lunch, starving",
  "the bridge is closed, I'm stuck in traffic right now",
  'I know which train to take tomorrow',
  'my brother hit me back after I hit him first, we were 8',
  "I'm dead set on finishing the marathon",
  "I'd kill to have her job",
  'the movie ends with the hero jumping off the building into the river',
  "I've been giving my time to the food bank on Saturdays",
  'I counted out all my vitamins for the week in the pill organiser',
  'my knife skills are getting better, I cut the carrots so fast',
  "he said I'd regret not coming to the party haha",
  'no one would believe me if I told them how big the fish was',
  'I take my meds every evening with dinner',
  "I'm going to end it with my landlord, moving out next month",
  "the villain says 'you will all die' and the crowd cheered",
  'quiero matar el aburrimiento con una peli',
  'voy a dejar de comer dulces este mes',
  'ich will heute abend ins kino gehen und dann schlafen',
  'ich habe alle tabletten wie verschrieben genommen',
  'je vais tuer le temps en lisant',
  "j'ai envie de disparaître sous la couette tout le week-end",
  "mon médecin m'a donné des cachets pour dormir",
  "on a acheté une corde pour l'escalade",
];

describe('rule families', () => {
  it.each(FLAGGED)('flags %s', (text, category) => {
    const v = assessText(text);
    expect(v.level, text).not.toBe('none');
    expect(v.category, text).toBe(category);
  });

  it.each(QUIET)('stays quiet on %s', (text) => {
    expect(assessText(text).level, text).toBe('none');
  });
});
