import { z } from 'zod';
import { wordTokens } from '../dictionary';
import { words } from '../parse';
import { hashString } from '../../random';
import { defineFamily } from '../types';
import { isRunaway, pickMistake } from './common';
import { allEnglish, echoesPrompt, isWordSalad, lemmaSet, mentions, promptVocabulary } from './style-checks';

const Spec = z.object({
  family: z.literal('one_sentence'),
  subject: z.string(),
  keyword: z.string().min(1),
  minWords: z.number().int().min(1),
  maxWords: z.number().int().min(1),
});

/** Subject → keyword → a reference sentence that uses it. */
const SENTENCES: Record<string, Record<string, string>> = {
  'the sea': { blue: 'The sea is wide and blue.', waves: 'The sea sends waves to the shore.', salt: 'The sea tastes of salt.' },
  'a cat': { soft: 'A cat has soft fur.', sleeps: 'A cat sleeps most of the day.', quiet: 'A cat walks on quiet feet.' },
  'the moon': { bright: 'The moon is bright at night.', round: 'The full moon is round and pale.', night: 'The moon lights up the night.' },
  'winter': { cold: 'Winter is cold and dark.', snow: 'In winter the snow covers the fields.', coats: 'People wear warm coats in winter.' },
  'a library': { books: 'A library lends books to everyone.', quiet: 'A library is a quiet place to read.', learn: 'You can learn a lot in a library.' },
  'rain': { wet: 'Rain makes the streets wet.', clouds: 'Rain falls from dark clouds.', plants: 'Rain helps the plants grow.' },
  'a bicycle': { wheels: 'A bicycle rolls on two wheels.', ride: 'I ride my bicycle to school.', fast: 'A bicycle can go fast downhill.' },
  'the sun': { warm: 'The sun keeps the earth warm.', rises: 'The sun rises in the east.', light: 'The sun gives us light.' },
  'a garden': { flowers: 'A garden is full of flowers.', green: 'The garden is green in spring.', grow: 'We grow beans in our garden.' },
  'coffee': { hot: 'Coffee is best when hot.', morning: 'Many people drink coffee in the morning.', beans: 'Coffee is made from roasted beans.' },
  'a dog': { loyal: 'A dog is a loyal friend.', barks: 'The dog barks at the mailman.', walk: 'A dog needs a walk every day.' },
  'music': { dance: 'Music makes me want to dance.', songs: 'Music fills the room with songs.', calm: 'Soft music helps me stay calm.' },
  'a forest': { trees: 'A forest is full of tall trees.', birds: 'Birds sing in the forest.', green: 'The forest is cool and green.' },
  'the city': { busy: 'The city is busy all day.', lights: 'The city lights shine at night.', streets: 'The city streets are full of cars.' },
  'bread': { fresh: 'Fresh bread smells wonderful.', oven: 'Bread bakes in a hot oven.', butter: 'I eat bread with butter.' },
  'a train': { tracks: 'A train runs on steel tracks.', station: 'The train stops at every station.', fast: 'A fast train can cross the country.' },
  'the night': { stars: 'The night sky is full of stars.', dark: 'The night is dark and still.', sleep: 'At night we go to sleep.' },
  'a friend': { trust: 'A good friend is someone you trust.', laugh: 'A friend makes you laugh.', help: 'A friend will help you.' },
};

const SUBJECTS = Object.keys(SENTENCES);

/**
 * Keywords that go with any subject, each in sentence frames of its kind. They make the family compositional: a
 * held-out (subject, keyword) pair was never seen, but the subject and the keyword were, each with others, so the
 * sentence can be put together from what was learned ("A cat is quiet." from "A library is quiet." and "A cat is
 * old."). The subjects' own keywords above have one sentence each and cannot be put together that way.
 */
const SHARED: Record<'adjective' | 'noun', readonly string[]> = {
  adjective: ['old', 'new', 'lovely', 'beautiful', 'strange', 'simple', 'special', 'famous', 'wonderful', 'peaceful', 'popular', 'important'],
  noun: ['people', 'children', 'summer', 'home', 'stories', 'memories', 'weekends', 'holidays', 'school', 'family'],
};
const SHARED_KEYWORDS = [...SHARED.adjective, ...SHARED.noun];
/** Share of prompts with one of the subject's own keywords; the rest use a shared keyword. */
const OWN_KEYWORD_SHARE = 0.3;

/** 'adjective' or 'noun' for a shared keyword, null for a subject's own one. */
export function sharedKeywordKind(keyword: string): 'adjective' | 'noun' | null {
  return SHARED.adjective.includes(keyword) ? 'adjective' : SHARED.noun.includes(keyword) ? 'noun' : null;
}

const FRAMES: Record<'adjective' | 'noun', ((subject: string, keyword: string) => string)[]> = {
  adjective: [(s, k) => `${s} is ${k}.`, (s, k) => `${s} is very ${k}.`, (s, k) => `I think ${s.toLowerCase()} is ${k}.`],
  noun: [(s, k) => `${s} reminds me of ${k}.`, (s, k) => `${s} makes me think of ${k}.`],
};

/** The reference answer: the subject's own sentence, or a frame of the shared keyword's kind (fixed per pair). */
function referenceSentence(subject: string, keyword: string): string {
  const own = SENTENCES[subject]?.[keyword];
  if (own) return own;
  const frames = FRAMES[sharedKeywordKind(keyword) ?? 'noun'];
  return frames[hashString(`${subject}|${keyword}`) % frames.length](capitalise(subject), keyword);
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** Other words that name a subject (the last word of the subject always does). */
const SUBJECT_SYNONYMS: Record<string, string> = {
  'the sea': 'ocean',
  'a cat': 'kitten kitty',
  'rain': 'rainy raindrop rainfall',
  'a bicycle': 'bike',
  'the sun': 'sunlight sunshine',
  'a dog': 'puppy',
  'music': 'song melody',
  'a forest': 'wood woods',
  'the city': 'town',
  'bread': 'loaf',
  'the night': 'tonight',
};

/** Words of a reply about the task rather than about the subject ("Here is a sentence…", "The answer is…"). */
const META = new Set(['sentence', 'describe', 'description', 'keyword', 'answer', 'prompt']);

const TEMPLATES = [
  (s: string, k: string) => `Describe ${s} in one sentence using the word '${k}'.`,
  (s: string, k: string) => `Write one sentence about ${s} with the word ${k}.`,
  (s: string, k: string) => `One sentence on ${s}; include '${k}'.`,
];

/**
 * Style × content. Style, one point per rule (mean): (1) exactly one sentence on one line, (2) it ends with a
 * period, (3) minWords ≤ word count ≤ maxWords. Content: 0 unless every word is real English (dictionary.ts) and
 * the reply is neither the prompt's words copied back, nor about the task ("Here is a sentence…"), nor a loop;
 * then relevance — keyword and subject both there 1, keyword only 0.4, subject only 0.3, neither 0 — times
 * WORD_SALAD when the words do not read as a sentence (style-checks.ts). So a natural sentence about the subject
 * with the keyword scores 1, a near miss (no period, two sentences, too long) 2/3, a good sentence without the
 * keyword 0.3, and shape alone (gibberish, random words, chatter, the prompt echoed) ≤ 0.3.
 */
const WORD_SALAD = 0.25;

export const oneSentence = defineFamily({
  name: 'one_sentence',
  kind: 'style',
  spec: Spec,
  generate(rng) {
    const subject = rng.pick(SUBJECTS);
    const own = Object.keys(SENTENCES[subject]);
    const keyword = rng.next() < OWN_KEYWORD_SHARE ? rng.pick(own) : rng.pick(SHARED_KEYWORDS);
    return {
      prompt: rng.pick(TEMPLATES)(subject, keyword),
      answer: referenceSentence(subject, keyword),
      verifier: { family: 'one_sentence' as const, subject, keyword, minWords: 3, maxWords: 12 },
    };
  },
  verify(spec, response) {
    const text = response.trim();
    if (text.length === 0) return 0;
    const sentences = text.split(/[.!?]+(?:\s+|$)/).filter((s) => s.trim().length > 0).length;
    const n = words(text).length;
    const rules = [!text.includes('\n') && sentences === 1, text.endsWith('.') && !text.endsWith('..'), n >= spec.minWords && n <= spec.maxWords];
    return (rules.filter(Boolean).length / rules.length) * content(spec, text);
  },
  imperfect(rng, spec, answer) {
    const keyword = new RegExp(`\\b${escapeRegExp(spec.keyword)}\\b`, 'i');
    const other = Object.values(SENTENCES[spec.subject] ?? {}).find((s) => !keyword.test(s));
    return pickMistake(rng, answer, [
      () => answer.replace(/\.$/, ''), // no final period
      () => `${answer} I like it a lot.`, // two sentences
      () => other ?? answer.replace(keyword, 'very'), // keyword left out
      () => `${answer.replace(/\.$/, '')} and I think about it almost every single day of the year.`, // too long
      () => `Sure! ${answer}`, // chatter
    ]);
  },
});

function content(spec: { subject: string; keyword: string }, text: string): number {
  const tokens = wordTokens(text);
  const prompt = promptVocabulary(TEMPLATES.map((t) => t(spec.subject, spec.keyword)));
  if (!allEnglish(tokens) || echoesPrompt(tokens, prompt) || mentions(tokens, META) || isRunaway(text)) return 0;
  const keyword = new RegExp(`\\b${escapeRegExp(spec.keyword)}\\b`, 'i').test(text);
  // The keyword does not name the subject even when it is a synonym ('songs' for music).
  const others = tokens.filter((t) => t.toLowerCase() !== spec.keyword.toLowerCase());
  const subject = mentions(others, subjectWords(spec.subject));
  const relevance = keyword ? (subject ? 1 : 0.4) : subject ? 0.3 : 0;
  return isWordSalad(tokens) ? relevance * WORD_SALAD : relevance;
}

const subjectCache = new Map<string, ReadonlySet<string>>();

/** The subject's head noun ("a cat" → cat) and its synonyms. */
function subjectWords(subject: string): ReadonlySet<string> {
  let set = subjectCache.get(subject);
  if (!set) {
    const head = subject.toLowerCase().split(/\s+/).pop() ?? '';
    set = lemmaSet(`${head} ${SUBJECT_SYNONYMS[subject] ?? ''}`);
    subjectCache.set(subject, set);
  }
  return set;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
