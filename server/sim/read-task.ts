/**
 * Reads a task-world instruction the way a human annotator does: from the prompt text alone. The queue payload
 * carries the prompt text and the two answers, not the verifier spec stored with the prompt, and a simulated
 * annotator must not read the database; so it reconstructs the spec from the wording (the task world's
 * templates, server/ml/tasks/families/*) and scores both answers with the same verifier the oracle uses.
 * A prompt it cannot read (not from the task world) gives null: the simulator then skips the pair.
 * tests/ml/tasks/simulated-annotator.test.ts checks the round trip on every family's generated prompts.
 */
import type { VerifierSpec } from '../ml/tasks/types';
import { NUMBER_NAMES } from '../ml/tasks/words';

type Reader = (text: string) => VerifierSpec | null;

const INT = '(-?\\d+)';
const LIST = '(-?\\d+(?:, -?\\d+)*)';
const ANY = '(.+)';

/** `pattern` anchored over the whole prompt; groups → spec. */
function rule(pattern: string, build: (groups: string[]) => VerifierSpec | null): Reader {
  const re = new RegExp(`^${pattern}$`, 's');
  return (text) => {
    const m = re.exec(text);
    return m ? build(m.slice(1)) : null;
  };
}

const ints = (list: string) => list.split(', ').map(Number);
const countOf = (n: string) => (/^\d+$/.test(n) ? Number(n) : NUMBER_NAMES.indexOf(n));

/** "name=Ann, age=3 and city=Oslo" / "name is Ann, age is 3" → {name: 'Ann', age: 3, city: 'Oslo'} */
function jsonObject(fields: string): VerifierSpec | null {
  const object: Record<string, string | number> = {};
  for (const part of fields.split(/, | and /)) {
    const m = /^(\w+)(?:=| is )(.+)$/.exec(part);
    if (!m) return null;
    object[m[1]] = /^-?\d+$/.test(m[2]) ? Number(m[2]) : m[2];
  }
  return { family: 'json_format', object };
}

const add = (...xs: string[]) => ({ family: 'add', operands: xs.map(Number) });
const multiply = (a: string, b: string) => ({ family: 'multiply', operands: [Number(a), Number(b)] });
const sort = (order: 'asc' | 'desc') => ([l]: string[]) => ({ family: 'sort_numbers', numbers: ints(l), order });
const extreme = (which: 'max' | 'min') => ([l]: string[]) => ({ family: 'list_extreme', numbers: ints(l), which });
const letter = (l: string, word: string) => ({ family: 'count_letter', word, letter: l });
const changeCase = (mode: 'upper' | 'lower' | 'title') => ([text]: string[]) => ({ family: 'change_case', text, mode });
const compare = (question: 'larger' | 'smaller' | 'a_greater') => ([a, b]: string[]) => ({ family: 'compare_numbers', a: Number(a), b: Number(b), question });
const sentence = (subject: string, keyword: string) => ({ family: 'one_sentence', subject, keyword, minWords: 3, maxWords: 12 });
const writeList = (n: string, topic: string) => {
  const count = countOf(n);
  return count > 0 ? { family: 'write_list', topic, count, maxChars: 80 } : null;
};

// More specific wordings first: "Add 3, 4 and 5." before "Add 3 and 4.", "Compute 3 x 4." before "Compute 3+4.".
const READERS: Reader[] = [
  rule(`What is ${INT} \\+ ${INT} \\+ ${INT}\\?`, ([a, b, c]) => add(a, b, c)),
  rule(`Add ${INT}, ${INT} and ${INT}\\.`, ([a, b, c]) => add(a, b, c)),
  rule(`Sum of ${INT}, ${INT} and ${INT}\\?`, ([a, b, c]) => add(a, b, c)),
  rule(`What is ${INT} \\+ ${INT}\\?`, ([a, b]) => add(a, b)),
  rule(`Add ${INT} and ${INT}\\.`, ([a, b]) => add(a, b)),
  rule(`${INT} plus ${INT} equals\\?`, ([a, b]) => add(a, b)),
  rule(`Compute ${INT}\\+${INT}\\.`, ([a, b]) => add(a, b)),
  rule(`What is ${INT} \\* ${INT}\\?`, ([a, b]) => multiply(a, b)),
  rule(`Multiply ${INT} by ${INT}\\.`, ([a, b]) => multiply(a, b)),
  rule(`${INT} times ${INT} is\\?`, ([a, b]) => multiply(a, b)),
  rule(`Compute ${INT} x ${INT}\\.`, ([a, b]) => multiply(a, b)),
  rule(`Sort ascending: ${LIST}`, sort('asc')),
  rule(`Sort from smallest to largest: ${LIST}`, sort('asc')),
  rule(`Put in increasing order: ${LIST}`, sort('asc')),
  rule(`Sort descending: ${LIST}`, sort('desc')),
  rule(`Sort from largest to smallest: ${LIST}`, sort('desc')),
  rule(`Put in decreasing order: ${LIST}`, sort('desc')),
  rule(`Reverse the word '${ANY}'\\.`, ([word]) => ({ family: 'reverse_word', word })),
  rule(`Spell ${ANY} backwards\\.`, ([word]) => ({ family: 'reverse_word', word })),
  rule(`Write '${ANY}' in reverse\\.`, ([word]) => ({ family: 'reverse_word', word })),
  rule(`What is ${ANY} reversed\\?`, ([word]) => ({ family: 'reverse_word', word })),
  rule(`How many '(.)' in '${ANY}'\\?`, ([l, w]) => letter(l, w)),
  rule(`Count the letter (.) in ${ANY}\\.`, ([l, w]) => letter(l, w)),
  rule(`How many times does (.) appear in ${ANY}\\?`, ([l, w]) => letter(l, w)),
  rule(`Uppercase: ${ANY}`, changeCase('upper')),
  rule(`Write '${ANY}' in capital letters\\.`, changeCase('upper')),
  rule(`Convert to upper case: ${ANY}`, changeCase('upper')),
  rule(`Lowercase: ${ANY}`, changeCase('lower')),
  rule(`Write '${ANY}' in small letters\\.`, changeCase('lower')),
  rule(`Convert to lower case: ${ANY}`, changeCase('lower')),
  rule(`Title case: ${ANY}`, changeCase('title')),
  rule(`Capitalize each word: ${ANY}`, changeCase('title')),
  rule(`Write '${ANY}' in title case\\.`, changeCase('title')),
  rule(`What is the largest of ${LIST}\\?`, extreme('max')),
  rule(`Max of ${LIST}\\?`, extreme('max')),
  rule(`Which number is biggest: ${LIST}\\?`, extreme('max')),
  rule(`What is the smallest of ${LIST}\\?`, extreme('min')),
  rule(`Min of ${LIST}\\?`, extreme('min')),
  rule(`Which number is lowest: ${LIST}\\?`, extreme('min')),
  rule(`How many words are in '${ANY}'\\?`, ([text]) => ({ family: 'word_count', text })),
  rule(`Count the words: ${ANY}`, ([text]) => ({ family: 'word_count', text })),
  rule(`Number of words in: ${ANY}`, ([text]) => ({ family: 'word_count', text })),
  rule(`Return JSON with ${ANY}\\.`, ([fields]) => jsonObject(fields)),
  rule(`Give a JSON object: ${ANY}\\.`, ([fields]) => jsonObject(fields)),
  rule(`Write JSON where ${ANY}\\.`, ([fields]) => jsonObject(fields)),
  rule(`Acronym for '${ANY}'\\?`, ([p]) => ({ family: 'first_letters', words: p.split(' ') })),
  rule(`First letters of: ${ANY}`, ([p]) => ({ family: 'first_letters', words: p.split(' ') })),
  rule(`Make an acronym from: ${ANY}`, ([p]) => ({ family: 'first_letters', words: p.split(' ') })),
  rule(`Initials of '${ANY}'\\?`, ([p]) => ({ family: 'first_letters', words: p.split(' ') })),
  rule(`Which is bigger, ${INT} or ${INT}\\?`, compare('larger')),
  rule(`Which is larger: ${INT} or ${INT}\\?`, compare('larger')),
  rule(`Which is smaller, ${INT} or ${INT}\\?`, compare('smaller')),
  rule(`Pick the smaller: ${INT} or ${INT}`, compare('smaller')),
  rule(`Is ${INT} greater than ${INT}\\? Answer yes or no\\.`, compare('a_greater')),
  rule(`Is ${INT} > ${INT}\\? Yes or no\\.`, compare('a_greater')),
  rule(`Give (\\w+) tips for ${ANY}\\.`, ([n, t]) => writeList(n, t)),
  rule(`List (\\d+) tips for ${ANY}\\.`, ([n, t]) => writeList(n, t)),
  rule(`Write (\\w+) short tips for ${ANY}, as a list\\.`, ([n, t]) => writeList(n, t)),
  rule(`Describe ${ANY} in one sentence using the word '(\\w+)'\\.`, ([s, k]) => sentence(s, k)),
  rule(`Write one sentence about ${ANY} with the word (\\w+)\\.`, ([s, k]) => sentence(s, k)),
  rule(`One sentence on ${ANY}; include '(\\w+)'\\.`, ([s, k]) => sentence(s, k)),
];

/** The verifier spec of a task-world prompt, or null when the text is not one. */
export function readTask(prompt: string): VerifierSpec | null {
  const text = prompt.trim();
  for (const read of READERS) {
    const spec = read(text);
    if (spec) return spec;
  }
  return null;
}
