import { type Rule, rule } from './types.ts';

/**
 * Spanish lexicon, over normalised text (no accents: "dano", "adios", "mas"). Reflexive verb forms
 * ("matarme", "me voy a matar") carry the first person, which keeps third-person idioms such as
 * "mi mamá me va a matar" and "este trabajo me está matando" out without extra rules.
 */
const PEOPLE =
  '(?:mi|mis|al|a la|a el|a mi|a su|a) (?:\\w+ )?(?:esposo|esposa|marido|mujer|pareja|novio|novia|padre|madre|papa|mama|hermano|hermana|hijo|hija|bebe|jefe|jefa|companero|companera|vecino|vecina|profesor|profesora|amigo|amiga|hijos)';

export const ES_RULES: Rule[] = [
  rule(
    'es.sui.suicidarme',
    'suicidal_thoughts',
    'crisis',
    /\b(?:suicidarme|me voy a suicidar|me quiero suicidar|quitarme la vida)\b/,
  ),
  rule(
    'es.sui.matarme',
    'suicidal_thoughts',
    'crisis',
    /\b(?:quiero|voy a|pienso en|pensando en|ganas de|deseo)\s+(?:matarme|morirme|morir)\b|\bme (?:quiero|voy a) (?:morir|matar)\b/,
    { hyperbole: true },
  ),
  rule(
    'es.sui.no-vivir',
    'suicidal_thoughts',
    'crisis',
    /\bno quiero (?:vivir|seguir viviendo|seguir con vida|estar vivo|estar viva)\b/,
    { negates: true },
  ),
  rule(
    'es.sui.suicida',
    'suicidal_thoughts',
    'crisis',
    /\bpensamientos suicidas\b|\b(?:soy|estoy|me siento) suicida\b|\b(?:pienso|pensando|pensar) en (?:el )?suicidio\b/,
  ),
  rule('es.sui.acabar', 'suicidal_thoughts', 'crisis', /\b(?:acabar|terminar) con (?:todo|mi vida)\b/),
  rule('es.sui.no-despertar', 'suicidal_thoughts', 'concern', /\bno (?:volver a )?despertar(?:me)?\b/, {
    negates: true,
  }),
  rule('es.sui.mejor-sin-mi', 'suicidal_thoughts', 'concern', /\bmejor sin mi\b/),
  rule('es.sui.desaparecer', 'suicidal_thoughts', 'concern', /\bquiero desaparecer\b/, {
    unless: /\bdesaparecer (?:a|en|por|unos|unas)\b/,
  }),
  rule(
    'es.sui.nadie',
    'suicidal_thoughts',
    'concern',
    /\bnadie (?:me )?(?:notaria|echaria de menos|extranaria)\b/,
    { negates: true },
  ),
  rule('es.sui.carga', 'suicidal_thoughts', 'concern', /\bsoy una carga\b/),

  rule(
    'es.sh.act',
    'self_harm',
    'crisis',
    /\bme (?:corte|corto|cortaba|lastimo|lastime|quemo|queme|autolesiono|autolesionaba|rajo|raje)\b|\bme hago dano\b|\bautolesion\w*/,
    { accident: true },
  ),
  rule(
    'es.sh.want',
    'self_harm',
    'crisis',
    /\b(?:quiero|ganas de|voy a)\s+(?:cortarme|lastimarme|hacerme dano|quemarme)\b/,
  ),

  rule(
    'es.plan.pills',
    'plan_or_means',
    'crisis',
    /\b(?:pastillas|medicamentos) guardad[oa]s\b|\b(?:guardando|juntando|acumulando) (?:las |mis )?(?:pastillas|medicamentos)\b/,
  ),
  rule(
    'es.plan.method',
    'plan_or_means',
    'crisis',
    /\bahorcarme\b|\b(?:me tiro|tirarme|saltar|lanzarme|me lanzo)\b[^.!?]{0,20}\b(?:puente|edificio|balcon|azotea|ventana|tren|vias)\b/,
  ),
  rule(
    'es.bye.adios',
    'plan_or_means',
    'crisis',
    /\besto es un adios\b|\beste es mi adios\b|\bme despido para siempre\b|\badios para siempre\b|\bcarta de despedida\b|\bnota suicida\b/,
    { farewell: true },
  ),
  rule('es.bye.leas', 'plan_or_means', 'crisis', /\bcuando (?:leas|lean) esto\b|\bya no estare\b/, {
    farewell: true,
  }),

  rule(
    'es.od.took',
    'overdose_or_emergency',
    'crisis',
    /\b(?:me (?:tome|trague|bebi)|tomarme|tragarme)\b[^.!?]{0,20}\b(?:todas|todo el|todos|un monton|muchas|una caja|un bote|el bote|el frasco|la caja|un blister)\b|\bsobredosis\b|\b(?:bebi|tome|trague)\b[^.!?]{0,10}\b(?:lejia|veneno|cloro)\b/,
  ),

  rule(
    'es.abuse.hits',
    'abuse',
    'crisis',
    /\bme (?:pega|pegan|golpea|golpean|viola|violo|violaron|maltrata|maltratan|encierra|ahorca|estrangula)\b|\b(?:abusa|abusan|abuso) de mi\b|\bme amenaza con (?:matarme|pegarme|hacerme dano)\b/,
  ),

  rule(
    'es.ed.purge',
    'eating_disorder',
    'crisis',
    /\bvomito a proposito\b|\bme (?:provoco|hago) (?:el )?vomit\w*\b|\bme obligo a vomitar\b/,
  ),
  rule(
    'es.ed.starve',
    'eating_disorder',
    'crisis',
    /\bsin comer para (?:adelgazar|bajar de peso)\b|\bme (?:mato|estoy matando) de hambre\b/,
  ),

  rule(
    'es.ho.intent',
    'harm_to_others',
    'crisis',
    new RegExp(`\\b(?:voy a|quiero)\\s+(?:matar|apunalar|disparar|hacerle dano|hacer dano)\\s+${PEOPLE}\\b`),
    { conditional: true },
  ),
];
