/**
 * Datasets for the built-in starter policy: a plain-text pretraining corpus (task world + real English from
 * WordNet) and an SFT set of correct answers. The starter's headroom comes from limited training, not from
 * teaching mistakes: wrong SFT examples taught errors and gibberish, so `errorRate` defaults to 0. Imperfect
 * examples stay available (tests, ablations).
 *
 * Imperfections (each scores < 1 by the family's verifier; `errorRate` of the examples get one):
 * | family          | mistakes                                                                                   |
 * |-----------------|--------------------------------------------------------------------------------------------|
 * | add             | off by one; off by ten (carry); last operand forgotten                                     |
 * | multiply        | one times-table row off (a·(b±1)); off by one; added instead of multiplied                 |
 * | sort_numbers    | one adjacent pair unsorted; input echoed; wrong direction; a number dropped                |
 * | reverse_word    | word not reversed; two letters swapped; a letter dropped                                   |
 * | count_letter    | miscounted by one; counted every letter                                                    |
 * | change_case     | unchanged; only the first word converted; title instead of upper / only first letter       |
 * | list_extreme    | the other extreme; the runner-up; the first number                                         |
 * | word_count      | off by one                                                                                 |
 * | json_format     | single quotes / unquoted keys (not JSON); a key missing; a number as a string              |
 * | first_letters   | last word missed; two letters from one word; letters in reverse order                      |
 * | compare_numbers | the other number / the other of yes and no                                                 |
 * | write_list      | a bullet marker missing; one item too many or too few; a repeated item; a chatter line     |
 * |                 | ("Sure! Here are 3 tips:"); "* " bullets                                                   |
 * | one_sentence    | no final period; two sentences; keyword left out; too long; "Sure! " in front              |
 * | every exact one | chatter around the right answer ("Sure! The answer is 42.", scores 0.8)                    |
 * Correct responses are the reference answer, for exact families 10% of the time framed as "The answer is X."
 * (which verifies as 1).
 */
import { englishDocuments } from '../pretrain/wordnet';
import { FAMILIES, getFamily, generateTasks, verify } from './index';
import { createRng, type Rng } from '../random';
import type { TaskInstance, VerifierSpec } from './types';
import { ADJECTIVES, NAMES, NOUNS, NUMBER_NAMES, PLACES, VERBS, capitalize, plural } from './words';

export interface SftExample {
  prompt: string;
  response: string;
  family: string;
  /** The task's verifier, so the example can be scored. */
  verifier: VerifierSpec;
}

export function starterSftExamples(opts: {
  seed: number;
  count: number;
  errorRate?: number;
  /** Examples per round-robin cycle by family (a whole number, default 1; 0 leaves a family out). */
  familyWeights?: Record<string, number>;
}): SftExample[] {
  const errorRate = opts.errorRate ?? 0;
  if (!(errorRate >= 0 && errorRate <= 1)) throw new Error(`errorRate must be in [0, 1], got ${errorRate}`);
  const rng = createRng(opts.seed ^ 0x5f3759df);
  const families = opts.familyWeights ? weightedFamilies(opts.familyWeights) : undefined;
  return generateTasks({ seed: opts.seed, count: opts.count, split: 'train', families }).map((task) => ({
    prompt: task.prompt,
    response: rng.bool(errorRate) ? imperfectResponse(rng, task) : correctResponse(rng, task),
    family: task.family,
    verifier: task.verifier,
  }));
}

/** The round-robin cycle for `weights`: each family repeated by its weight (unlisted families once). */
export function weightedFamilies(weights: Record<string, number>): string[] {
  for (const [family, w] of Object.entries(weights)) {
    if (!FAMILIES.includes(family)) throw new Error(`unknown family "${family}"`);
    if (!(Number.isInteger(w) && w >= 0)) throw new Error(`family weight must be a whole number ≥ 0, got ${family}=${w}`);
  }
  const cycle = FAMILIES.flatMap((f) => Array<string>(weights[f] ?? 1).fill(f));
  if (cycle.length === 0) throw new Error('every family weight is 0');
  return cycle;
}

function correctResponse(rng: Rng, task: TaskInstance): string {
  if (getFamily(task.family).kind !== 'exact' || !rng.bool(0.1)) return task.answer;
  const framed = `The answer is ${task.answer}.`;
  return verify(task.verifier, framed) === 1 ? framed : task.answer;
}

function imperfectResponse(rng: Rng, task: TaskInstance): string {
  const family = getFamily(task.family);
  for (let i = 0; i < 10; i++) {
    const response = family.imperfect(rng, task.verifier, task.answer);
    if (verify(task.verifier, response) < 1) return response;
  }
  return ''; // unreachable for the shipped families (tested); an empty answer always scores 0
}

/**
 * Plain-text documents that give a char-level model English and digits: real English (WordNet glosses and
 * example sentences), task-like Q/A text (train split only), number facts, word lists and spellings, and simple
 * sentences. Mixture: `english` [0.3] WordNet, then the rest split 35% Q/A, 25% numbers, 15% words, 25% prose.
 */
export function pretrainCorpus(opts: { seed: number; documents: number; english?: number }): string[] {
  const english = opts.english ?? 0.3;
  if (!(english >= 0 && english <= 1)) throw new Error(`english must be in [0, 1], got ${english}`);
  const englishDocs = englishDocuments({ seed: opts.seed, documents: Math.round(english * opts.documents) });
  const rng = createRng(opts.seed);
  const tasks = generateTasks({ seed: opts.seed + 1, count: Math.max(13, opts.documents), split: 'train' });
  let next = 0;
  const qa = () =>
    Array.from({ length: rng.int(1, 4) }, () => {
      const t = tasks[next++ % tasks.length];
      return `${t.prompt}\n${t.answer}`;
    }).join('\n\n');
  let nextEnglish = 0;
  return Array.from({ length: opts.documents }, (_, i) => {
    // English documents spread evenly through the corpus
    if (nextEnglish < englishDocs.length && (i + 1) * english >= nextEnglish + 1) return englishDocs[nextEnglish++];
    const u = rng.next();
    if (u < 0.35) return qa();
    if (u < 0.6) return lines(rng, numberFact);
    if (u < 0.75) return lines(rng, wordFact);
    return lines(rng, sentence, ' ');
  });
}

function lines(rng: Rng, make: (rng: Rng) => string, sep = '\n'): string {
  return Array.from({ length: rng.int(2, 5) }, () => make(rng)).join(sep);
}

function numberFact(rng: Rng): string {
  const a = rng.int(0, 99);
  const b = rng.int(0, 99);
  const s = rng.int(2, 12);
  const t = rng.int(2, 12);
  return rng.pick([
    () => `${a} plus ${b} is ${a + b}.`,
    () => `${a} + ${b} = ${a + b}`,
    () => `${s} times ${t} is ${s * t}.`,
    () => `${s} x ${t} = ${s * t}`,
    () => `The number after ${a} is ${a + 1}.`,
    () => `${Math.max(a, b)} is bigger than ${Math.min(a, b)}.`,
    () => `Counting: ${Array.from({ length: 5 }, (_, i) => a + i).join(', ')}.`,
    () => `${capitalize(NUMBER_NAMES[s % 11])} is written ${s % 11}.`,
    () => `${a - (a % 10)} + ${a % 10} = ${a}`,
  ])();
}

function wordFact(rng: Rng): string {
  const w = rng.pick(NOUNS);
  return rng.pick([
    () => `${w} is spelled ${[...w].join('-')}.`,
    () => `${w} backwards is ${[...w].reverse().join('')}.`,
    () => `${w} has ${w.length} letters.`,
    () => `${w} in capitals is ${w.toUpperCase()}.`,
    () => `Words: ${rng.sample(NOUNS, rng.int(3, 6)).join(', ')}.`,
    () => `${capitalize(w)} starts with ${w[0].toUpperCase()}.`,
  ])();
}

function sentence(rng: Rng): string {
  return rng.pick([
    () => `The ${rng.pick(ADJECTIVES)} ${rng.pick(NOUNS)} ${rng.pick(VERBS)} ${rng.pick(PLACES)}.`,
    () => `${rng.pick(NAMES)} has ${rng.int(2, 9)} ${plural(rng.pick(NOUNS))}.`,
    () => `${rng.pick(NAMES)} ${rng.pick(VERBS)} ${rng.pick(PLACES)}.`,
    () => `I like the ${rng.pick(ADJECTIVES)} ${rng.pick(NOUNS)}.`,
    () => `Is the ${rng.pick(NOUNS)} ${rng.pick(ADJECTIVES)}? Yes, it is.`,
    () => `${rng.pick(NAMES)} and ${rng.pick(NAMES)} walk ${rng.pick(PLACES)}.`,
  ])();
}
