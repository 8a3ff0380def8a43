import type { SafetyCategory } from '../core/ports.ts';
import type { SafetyLanguage } from './rules/types.ts';

/**
 * Every sentence of the safety path, in the four languages the detector reads. Written for this
 * project (plain, warm, direct; no diagnosis, no promises the bot cannot keep). `{x}` marks a
 * value filled in by respond.ts. Spanish and German use the informal "tú"/"du" of chat; French
 * uses "vous", which reads as respectful rather than distant in a crisis.
 */
export interface SafetyTexts {
  crisisLead: string;
  crisisLeadAbuse: string;
  crisisLeadOthers: string;
  danger: string;
  dangerEmergency: string;
  sosLead: string;
  talkNow: string;
  call: string;
  text: string;
  or: string;
  unknownCountry: string;
  emergencyFallback: string;
  askCountry: string;
  notEmergency: string;
  offer: string;
  planButton: string;
  groundButton: string;
  offerPrompt: string;
  concern: Record<SafetyCategory, string>;
  concernPast: string;
  concernJoking: string;
  safeButton: string;
  helpButton: string;
  checkPrompt: string;
  concernFooter: string;
  safeAck: string;
  followUp: string;
  channelNotice: string;
}

const EN: SafetyTexts = {
  crisisLead:
    'Thank you for telling me. What you’re going through sounds really serious, and you deserve support right now — you don’t have to face this alone.',
  crisisLeadAbuse:
    'Thank you for telling me. What is happening to you is not okay, and it is not your fault. You deserve to be safe.',
  crisisLeadOthers:
    'Thank you for telling me. Thoughts of hurting someone can be frightening, and there are people who can help you with them right now.',
  danger: '**If you are in immediate danger, call {emergency} now.**',
  dangerEmergency:
    '**Please call {emergency} now, or ask someone near you to call.** Tell them what you took or what happened — don’t wait for symptoms.',
  sosLead: 'Here is help you can reach right now.',
  talkNow: '**Talk to someone now — free and confidential ({country}):**',
  call: 'call',
  text: 'text',
  or: 'or',
  unknownCountry: 'Free, confidential helplines for your country are listed at {directory}.',
  emergencyFallback: '**In an emergency, call {emergency}** or your local emergency number.',
  askCountry:
    'Which country are you in? Type **sos** and your country (for example **sos Germany**) and I’ll show local numbers.',
  notEmergency: 'I’m a chatbot, not an emergency service: I can’t call anyone or send help to where you are.',
  offer:
    'While you reach out, I can stay with you: **plan** makes a short safety plan (warning signs, what calms you, people you can reach, reasons to keep going) and **ground** is a 5-4-3-2-1 grounding exercise. Type **sos** any time to see these numbers again.',
  planButton: '📝 Safety plan',
  groundButton: '🌿 Grounding',
  offerPrompt: 'Would one of these help right now?',
  concern: {
    suicidal_thoughts:
      'That sounds really heavy. Can I ask you directly: are you having thoughts of ending your life?',
    plan_or_means: 'I want to check, directly: are you thinking about ending your life?',
    overdose_or_emergency: 'I want to check: have you taken something, or are you hurt right now?',
    self_harm: 'That sounds hard. Can I ask you directly: are you thinking about hurting yourself?',
    abuse: 'That sounds difficult. Are you safe where you are right now?',
    eating_disorder:
      'That sounds hard. How are you doing with food and your body at the moment — are you safe right now?',
    harm_to_others: 'Thank you for being honest. Are you worried you might hurt someone?',
  },
  concernPast:
    'Thank you for trusting me with that. It sounds like you’ve come through a lot, and I’m glad things are better now. How are you doing with it these days?',
  concernJoking:
    'That may have been a figure of speech — but just in case, I’d rather ask: are you thinking about hurting yourself?',
  safeButton: 'I’m safe right now',
  helpButton: 'I’d like help',
  checkPrompt: 'How are you right now?',
  concernFooter: 'Whatever you answer, you can type **sos** at any time to see helplines.',
  safeAck:
    'Thank you for letting me know — I’m glad you’re safe right now. If that changes, type **sos**: it works at any step, and I’ll gently check in again next time.',
  followUp:
    'Before we start: last time you told me things were really hard. How are you doing with that today? If you need someone now, type **sos** — it’s always there.',
  channelNotice: 'I’ve sent you a private message — or use /sos.',
};

const ES: SafetyTexts = {
  crisisLead:
    'Gracias por contármelo. Lo que estás viviendo suena muy serio y mereces apoyo ahora mismo — no tienes que pasar por esto solo/a.',
  crisisLeadAbuse:
    'Gracias por contármelo. Lo que te está pasando no está bien y no es culpa tuya. Mereces estar a salvo.',
  crisisLeadOthers:
    'Gracias por contármelo. Pensar en hacer daño a alguien puede dar miedo, y hay personas que pueden ayudarte con eso ahora mismo.',
  danger: '**Si estás en peligro inmediato, llama ahora al {emergency}.**',
  dangerEmergency:
    '**Por favor, llama ahora al {emergency} o pide a alguien cerca que llame.** Diles qué has tomado o qué ha pasado — no esperes a tener síntomas.',
  sosLead: 'Aquí tienes ayuda a la que puedes acudir ahora mismo.',
  talkNow: '**Habla con alguien ahora — gratis y confidencial ({country}):**',
  call: 'llama al',
  text: 'SMS al',
  or: 'o',
  unknownCountry: 'En {directory} encontrarás líneas de ayuda gratuitas y confidenciales de tu país.',
  emergencyFallback: '**En una emergencia, llama al {emergency}** o al número de emergencias de tu país.',
  askCountry:
    '¿En qué país estás? Escribe **sos** y tu país (por ejemplo **sos España**) y te mostraré los números locales.',
  notEmergency:
    'Soy un chatbot, no un servicio de emergencias: no puedo llamar a nadie ni enviar ayuda a donde estás.',
  offer:
    'Mientras buscas ayuda, puedo acompañarte: **plan** crea un plan de seguridad breve (señales de alerta, lo que te calma, personas a las que acudir, razones para seguir) y **ground** es un ejercicio de anclaje 5-4-3-2-1. Escribe **sos** cuando quieras para ver estos números otra vez.',
  planButton: '📝 Plan de seguridad',
  groundButton: '🌿 Anclaje',
  offerPrompt: '¿Te ayudaría alguna de estas opciones ahora?',
  concern: {
    suicidal_thoughts:
      'Eso suena muy duro. ¿Puedo preguntarte directamente: estás pensando en quitarte la vida?',
    plan_or_means: 'Quiero preguntarte directamente: ¿estás pensando en quitarte la vida?',
    overdose_or_emergency: 'Quiero comprobarlo: ¿has tomado algo o estás herido/a ahora mismo?',
    self_harm: 'Eso suena difícil. ¿Puedo preguntarte directamente: estás pensando en hacerte daño?',
    abuse: 'Eso suena difícil. ¿Estás a salvo donde estás ahora mismo?',
    eating_disorder: 'Eso suena duro. ¿Cómo estás con la comida y con tu cuerpo ahora mismo? ¿Estás a salvo?',
    harm_to_others: 'Gracias por tu sinceridad. ¿Te preocupa que puedas hacer daño a alguien?',
  },
  concernPast:
    'Gracias por confiarme eso. Parece que has pasado por mucho, y me alegra que ahora estés mejor. ¿Cómo lo llevas estos días?',
  concernJoking:
    'Quizá era una forma de hablar — pero por si acaso, prefiero preguntarte: ¿estás pensando en hacerte daño?',
  safeButton: 'Ahora estoy a salvo',
  helpButton: 'Quiero ayuda',
  checkPrompt: '¿Cómo estás ahora mismo?',
  concernFooter:
    'Respondas lo que respondas, puedes escribir **sos** en cualquier momento para ver líneas de ayuda.',
  safeAck:
    'Gracias por decírmelo — me alegra que ahora estés a salvo. Si eso cambia, escribe **sos**: funciona en cualquier momento, y la próxima vez volveré a preguntarte con cuidado.',
  followUp:
    'Antes de empezar: la última vez me contaste que las cosas estaban muy difíciles. ¿Cómo lo llevas hoy? Si necesitas a alguien ahora, escribe **sos** — siempre está ahí.',
  channelNotice: 'Te he enviado un mensaje privado — o usa /sos.',
};

const DE: SafetyTexts = {
  crisisLead:
    'Danke, dass du es mir sagst. Was du gerade durchmachst, klingt sehr ernst, und du verdienst jetzt Unterstützung — du musst da nicht allein durch.',
  crisisLeadAbuse:
    'Danke, dass du es mir sagst. Was dir passiert, ist nicht in Ordnung und nicht deine Schuld. Du hast es verdient, sicher zu sein.',
  crisisLeadOthers:
    'Danke, dass du es mir sagst. Gedanken, jemandem etwas anzutun, können Angst machen — und es gibt Menschen, die dir jetzt dabei helfen können.',
  danger: '**Wenn du in akuter Gefahr bist, ruf jetzt die {emergency} an.**',
  dangerEmergency:
    '**Bitte ruf jetzt die {emergency} an oder bitte jemanden in deiner Nähe darum.** Sag, was du genommen hast oder was passiert ist — warte nicht auf Symptome.',
  sosLead: 'Hier ist Hilfe, die du jetzt erreichen kannst.',
  talkNow: '**Sprich jetzt mit jemandem — kostenlos und vertraulich ({country}):**',
  call: 'Tel.',
  text: 'SMS an',
  or: 'oder',
  unknownCountry: 'Kostenlose, vertrauliche Hilfetelefone in deinem Land findest du unter {directory}.',
  emergencyFallback: '**Im Notfall ruf die {emergency} an** oder die Notrufnummer deines Landes.',
  askCountry:
    'In welchem Land bist du? Schreib **sos** und dein Land (zum Beispiel **sos Deutschland**), dann zeige ich dir die Nummern vor Ort.',
  notEmergency:
    'Ich bin ein Chatbot, kein Notdienst: Ich kann niemanden anrufen und keine Hilfe zu dir schicken.',
  offer:
    'Während du dir Hilfe holst, bin ich da: **plan** erstellt einen kurzen Sicherheitsplan (Warnzeichen, was dich beruhigt, Menschen, die du erreichen kannst, Gründe weiterzumachen), **ground** ist eine 5-4-3-2-1-Übung zum Ankommen im Moment. Schreib jederzeit **sos**, um diese Nummern wieder zu sehen.',
  planButton: '📝 Sicherheitsplan',
  groundButton: '🌿 Erdung',
  offerPrompt: 'Würde dir eins davon jetzt helfen?',
  concern: {
    suicidal_thoughts:
      'Das klingt sehr schwer. Darf ich dich direkt fragen: Denkst du daran, dir das Leben zu nehmen?',
    plan_or_means: 'Ich möchte dich direkt fragen: Denkst du daran, dir das Leben zu nehmen?',
    overdose_or_emergency: 'Ich möchte nachfragen: Hast du etwas genommen, oder bist du gerade verletzt?',
    self_harm: 'Das klingt schwer. Darf ich dich direkt fragen: Denkst du daran, dich selbst zu verletzen?',
    abuse: 'Das klingt schwierig. Bist du dort, wo du gerade bist, sicher?',
    eating_disorder:
      'Das klingt schwer. Wie geht es dir gerade mit dem Essen und deinem Körper — bist du gerade sicher?',
    harm_to_others: 'Danke für deine Offenheit. Machst du dir Sorgen, dass du jemandem etwas antun könntest?',
  },
  concernPast:
    'Danke, dass du mir das anvertraust. Es klingt, als hättest du viel durchgestanden, und ich freue mich, dass es dir heute besser geht. Wie geht es dir damit im Moment?',
  concernJoking:
    'Vielleicht war das nur so dahingesagt — aber sicherheitshalber frage ich lieber: Denkst du daran, dir etwas anzutun?',
  safeButton: 'Ich bin gerade sicher',
  helpButton: 'Ich möchte Hilfe',
  checkPrompt: 'Wie geht es dir gerade?',
  concernFooter: 'Was auch immer du antwortest: Mit **sos** siehst du jederzeit Hilfetelefone.',
  safeAck:
    'Danke, dass du es mir sagst — ich bin froh, dass du gerade sicher bist. Wenn sich das ändert, schreib **sos**: Das geht jederzeit, und beim nächsten Mal frage ich noch einmal behutsam nach.',
  followUp:
    'Bevor wir anfangen: Letztes Mal hast du mir erzählt, dass es dir richtig schwer ging. Wie geht es dir heute damit? Wenn du jetzt jemanden brauchst, schreib **sos** — das geht immer.',
  channelNotice: 'Ich habe dir eine private Nachricht geschickt — oder nutze /sos.',
};

const FR: SafetyTexts = {
  crisisLead:
    'Merci de me l’avoir dit. Ce que vous traversez semble très grave, et vous méritez du soutien dès maintenant — vous n’avez pas à affronter cela seul·e.',
  crisisLeadAbuse:
    'Merci de me l’avoir dit. Ce qui vous arrive n’est pas normal, et ce n’est pas de votre faute. Vous méritez d’être en sécurité.',
  crisisLeadOthers:
    'Merci de me l’avoir dit. Penser à faire du mal à quelqu’un peut faire peur, et des personnes peuvent vous aider avec ces pensées dès maintenant.',
  danger: '**Si vous êtes en danger immédiat, appelez le {emergency} maintenant.**',
  dangerEmergency:
    '**Appelez le {emergency} maintenant, ou demandez à quelqu’un près de vous d’appeler.** Dites ce que vous avez pris ou ce qui s’est passé — n’attendez pas les symptômes.',
  sosLead: 'Voici de l’aide que vous pouvez joindre tout de suite.',
  talkNow: '**Parlez à quelqu’un maintenant — gratuit et confidentiel ({country}) :**',
  call: 'appelez le',
  text: 'SMS au',
  or: 'ou',
  unknownCountry:
    'Vous trouverez des lignes d’écoute gratuites et confidentielles pour votre pays sur {directory}.',
  emergencyFallback: '**En cas d’urgence, appelez le {emergency}** ou le numéro d’urgence de votre pays.',
  askCountry:
    'Dans quel pays êtes-vous ? Écrivez **sos** suivi de votre pays (par exemple **sos France**) et je vous montrerai les numéros locaux.',
  notEmergency:
    'Je suis un chatbot, pas un service d’urgence : je ne peux appeler personne ni envoyer de l’aide là où vous êtes.',
  offer:
    'Pendant que vous cherchez de l’aide, je reste avec vous : **plan** crée un court plan de sécurité (signes d’alerte, ce qui vous apaise, personnes à contacter, raisons de continuer) et **ground** est un exercice d’ancrage 5-4-3-2-1. Écrivez **sos** à tout moment pour revoir ces numéros.',
  planButton: '📝 Plan de sécurité',
  groundButton: '🌿 Ancrage',
  offerPrompt: 'Est-ce que l’un de ces outils vous aiderait maintenant ?',
  concern: {
    suicidal_thoughts:
      'Cela semble très lourd. Puis-je vous demander directement : pensez-vous à mettre fin à vos jours ?',
    plan_or_means: 'Je veux vous poser la question directement : pensez-vous à mettre fin à vos jours ?',
    overdose_or_emergency:
      'Je veux vérifier : avez-vous pris quelque chose, ou êtes-vous blessé·e en ce moment ?',
    self_harm: 'Cela semble difficile. Puis-je vous demander directement : pensez-vous à vous faire du mal ?',
    abuse: 'Cela semble difficile. Êtes-vous en sécurité là où vous êtes en ce moment ?',
    eating_disorder:
      'Cela semble dur. Comment ça va avec la nourriture et votre corps en ce moment — êtes-vous en sécurité ?',
    harm_to_others: 'Merci pour votre franchise. Avez-vous peur de faire du mal à quelqu’un ?',
  },
  concernPast:
    'Merci de me confier cela. On dirait que vous avez traversé beaucoup de choses, et je suis content que ça aille mieux. Comment vivez-vous cela aujourd’hui ?',
  concernJoking:
    'C’était peut-être une façon de parler — mais par précaution, je préfère vous demander : pensez-vous à vous faire du mal ?',
  safeButton: 'Je suis en sécurité',
  helpButton: 'J’aimerais de l’aide',
  checkPrompt: 'Comment allez-vous en ce moment ?',
  concernFooter:
    'Quelle que soit votre réponse, écrivez **sos** à tout moment pour voir des lignes d’écoute.',
  safeAck:
    'Merci de me le dire — je suis content que vous soyez en sécurité en ce moment. Si cela change, écrivez **sos** : cela fonctionne à tout moment, et je reprendrai doucement des nouvelles la prochaine fois.',
  followUp:
    'Avant de commencer : la dernière fois, vous m’avez dit que les choses étaient très difficiles. Comment ça va aujourd’hui ? Si vous avez besoin de quelqu’un maintenant, écrivez **sos** — c’est toujours là.',
  channelNotice: 'Je vous ai envoyé un message privé — ou utilisez /sos.',
};

export const TEXTS: Record<SafetyLanguage, SafetyTexts> = { en: EN, es: ES, de: DE, fr: FR };

/** Fills `{name}` placeholders. Values are inserted as given: callers escape user-provided ones. */
export function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => values[key] ?? whole);
}
