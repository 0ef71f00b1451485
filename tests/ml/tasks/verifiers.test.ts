import { describe, expect, it } from 'vitest';
import { verify } from '../../../server/ml/tasks';
import { isEnglishWord, isInflectedVerb, wordTokens } from '../../../server/ml/tasks/dictionary';

const score = (spec: Record<string, unknown> & { family: string }) => (response: string) => verify(spec, response);

describe('tolerant parsing of exact answers', () => {
  const add = score({ family: 'add', operands: [40, 2] });
  it.each([
    ['42', 1],
    ['42.', 1],
    [' 42 \n', 1],
    ['The answer is 42.', 1],
    ['Answer: 42', 1],
    ['forty', 0],
    ['Sure! 40 + 2 = 42', 0.8],
    ['Let me think... 42', 0.8],
    ['43', 0],
    ['The answer is 43.', 0],
    ['42 or 43', 0],
  ])('add 40+2: %j → %d', (response, expected) => expect(add(response)).toBeCloseTo(expected, 10));
});

describe('family verifiers on hand examples', () => {
  it('sort_numbers: 0.3 for one adjacent swap, nothing for other orders or missing numbers', () => {
    const s = score({ family: 'sort_numbers', numbers: [5, 2, 9, 1], order: 'asc' });
    expect(s('1, 2, 5, 9')).toBe(1);
    expect(s('[1, 2, 5, 9]')).toBe(1);
    expect(s('1 2 5 9')).toBe(1);
    expect(s('2, 1, 5, 9')).toBe(0.3); // one adjacent pair swapped
    expect(s('1, 5, 2, 9')).toBe(0.3);
    expect(s('2, 5, 1, 9')).toBe(0); // two pairs out of order
    expect(s('9, 5, 2, 1')).toBe(0); // descending
    expect(s('5, 2, 9, 1')).toBe(0); // the input echoed
    expect(s('1, 2, 5')).toBe(0);
    expect(s('Sorted: 1, 2, 5, 9')).toBeCloseTo(0.8);
    expect(s('Sorted: 2, 1, 5, 9')).toBeCloseTo(0.24);
    expect(s('Sort ascending: 5, 2, 9, 1')).toBe(0);
    // An input already in order: the clean list is right, a chatty echo of the question is not an answer.
    const done = score({ family: 'sort_numbers', numbers: [1, 2, 5], order: 'asc' });
    expect(done('1, 2, 5')).toBe(1);
    expect(done('Sort ascending: 1, 2, 5')).toBe(0);
  });

  it('reverse_word and first_letters ignore case', () => {
    const r = score({ family: 'reverse_word', word: 'apple' });
    expect(r('elppa')).toBe(1);
    expect(r("'elppa'")).toBe(1);
    expect(r('ELPPA')).toBe(1);
    expect(r('The reversed word is elppa.')).toBe(0.8);
    expect(r('apple')).toBe(0);
    const f = score({ family: 'first_letters', words: ['red', 'green', 'blue'] });
    expect(f('RGB')).toBe(1);
    expect(f('rgb')).toBe(1);
    expect(f('RG')).toBe(0);
  });

  it('change_case is case-sensitive with partial credit per word', () => {
    const c = score({ family: 'change_case', text: 'green apple', mode: 'upper' });
    expect(c('GREEN APPLE')).toBe(1);
    expect(c('GREEN apple')).toBe(0.15);
    expect(c('green apple')).toBe(0);
    expect(c('Here you go: GREEN APPLE')).toBe(0.8);
    expect(c('Here you go: GREEN APPLE GREEN APPLE GREEN APPLE')).toBe(0); // a loop earns no chatter credit
    const t = score({ family: 'change_case', text: 'the red fox', mode: 'title' });
    expect(t('The Red Fox')).toBe(1);
  });

  it('json_format: exact keys and types, key order free', () => {
    const j = score({ family: 'json_format', object: { name: 'Ann', age: 7 } });
    expect(j('{"name":"Ann","age":7}')).toBe(1);
    expect(j('{"age": 7, "name": "Ann"}')).toBe(1);
    expect(j('{"name":"Ann","age":"7"}')).toBe(0.15);
    expect(j('{"name":"Ann","age":7,"x":1}')).toBeCloseTo(0.2);
    expect(j('{"name":"Bob","age":8}')).toBe(0); // valid JSON, wrong values
    expect(j("{'name':'Ann','age':7}")).toBe(0);
    expect(j('Sure! {"name":"Ann","age":7}')).toBe(0.8);
    expect(j('[1, 2]')).toBe(0);
  });

  it('compare_numbers: numbers and yes/no', () => {
    const yn = score({ family: 'compare_numbers', a: 45, b: 54, question: 'a_greater' });
    expect(yn('no')).toBe(1);
    expect(yn('No.')).toBe(1);
    expect(yn('No, 45 is smaller.')).toBe(0.8);
    expect(yn('yes')).toBe(0);
    expect(yn('yes or no')).toBe(0);
    const larger = score({ family: 'compare_numbers', a: 45, b: 54, question: 'larger' });
    expect(larger('54')).toBe(1);
    expect(larger('45')).toBe(0);
    expect(larger('The larger of 45 and 54 is 54.')).toBe(0.8);
    expect(larger('Which is larger: 45 or 54?')).toBe(0); // the question echoed ends with 54 but commits to nothing
    expect(larger('45 or 54')).toBe(0);
    expect(yn('no no no no')).toBe(0); // a loop
  });

  it('count_letter, word_count, list_extreme, multiply', () => {
    expect(verify({ family: 'count_letter', word: 'strawberry', letter: 'r' }, '3')).toBe(1);
    expect(verify({ family: 'count_letter', word: 'strawberry', letter: 'r' }, 'three')).toBe(1);
    expect(verify({ family: 'count_letter', word: 'strawberry', letter: 'r' }, '2')).toBe(0);
    expect(verify({ family: 'word_count', text: 'the cat sat' }, 'There are 3 words.')).toBe(0.8);
    expect(verify({ family: 'list_extreme', numbers: [4, 17, 9], which: 'min' }, '4')).toBe(1);
    expect(verify({ family: 'multiply', operands: [7, 8] }, '7 x 8 = 56')).toBe(0.8);
    const max = score({ family: 'list_extreme', numbers: [5, 9, 3, 12], which: 'max' });
    expect(max('Sure! The answer is 12.')).toBe(0.8);
    expect(max('3, 5, 9, 12')).toBe(0); // the list re-sorted: its last number is the max, but nothing was answered
    expect(max('12 12 12 12')).toBe(0);
    const zero = score({ family: 'add', operands: [0, 5] });
    expect(zero('What is 0 + 5?')).toBe(0);
    expect(zero('0 + 5 = 5')).toBe(0.8);
  });

  it('write_list: style rules × content (real words, on topic, distinct)', () => {
    const w = score({ family: 'write_list', topic: 'better sleep', count: 3, maxChars: 80 });
    expect(w('- Keep it dark\n- No coffee late\n- Same bedtime')).toBe(1);
    expect(w('\n- Keep it dark\n\n- No coffee late\n- Same bedtime\n')).toBe(1); // blank lines are fine
    expect(w('Sure! Here are 3 tips:\n- Keep it dark\n- No coffee late\n- Same bedtime')).toBe(0.75);
    expect(w('- Keep it dark\n- No coffee late')).toBe(0.75);
    const long = 'Avoid bright screens, heavy meals, loud music, strong tea and long naps late in the evening';
    expect(long.length).toBeGreaterThan(80);
    expect(w(`- Keep it dark\n- No coffee late\n- ${long}`)).toBe(0.75);
    expect(w('- Keep it dark\nNo coffee late\n- Same bedtime')).toBe(0.5);
    expect(w('* Keep it dark\n* No coffee late\n* Same bedtime')).toBe(0);
    // content: a repeated item counts once, a non-word spoils its item, a generic tip counts half
    expect(w('- Keep it dark\n- keep it dark\n- Same bedtime')).toBeCloseTo(0.75 * (2 / 3));
    expect(w('- Keep it dark\n- No cofee late\n- Same bedtime')).toBeCloseTo(2 / 3);
    expect(w('- Keep it dark\n- Same bedtime\n- Be patient')).toBeCloseTo(2.5 / 3);
    expect(w('- Make a budget\n- Be patient\n- Same bedtime')).toBeCloseTo(((1 + 0.5 + 0.5) / 3) * (1 / 2) ** 2); // 1 of 3 on topic
  });

  it('one_sentence: style rules × content (real words, keyword, subject, reads as a sentence)', () => {
    const o = score({ family: 'one_sentence', subject: 'the sea', keyword: 'blue', minWords: 3, maxWords: 12 });
    expect(o('The sea is wide and blue.')).toBe(1);
    expect(o('The ocean looks deep and blue today.')).toBe(1); // a synonym names the subject
    expect(o('The sea is wide and blue')).toBeCloseTo(2 / 3);
    expect(o('The sea is blue. It is big.')).toBeCloseTo(2 / 3);
    expect(o('Sure! The sea is blue.')).toBeCloseTo(2 / 3);
    expect(o('The sea is blue and it is the most beautiful thing I have ever seen.')).toBeCloseTo(2 / 3);
    expect(o('The sea is wide.')).toBe(0.3); // no keyword
    expect(o('The sky is blue.')).toBe(0.4); // keyword, not the subject
    expect(o('The sea is bloo.')).toBe(0); // not English
    expect(o('Blue')).toBe(0); // the prompt's word copied back
    expect(o('Sea blue stone river window.')).toBeCloseTo(0.25); // no function word: word salad
    expect(o('The sea is very of blue.')).toBeCloseTo(0.25); // 'very' before a function word (the starter wrote "Winter is very of famous.")
    expect(o('The sea is very blue.')).toBe(1);
    expect(o('The sea has very few blue days.')).toBe(1);
  });
});

describe('dictionary', () => {
  it('knows English words and their regular inflections, not syllables or non-words', () => {
    for (const w of ['the', 'is', 'sleeps', 'studying', 'happier', 'bigger', 'baked', "don't", 'Paris', 'vegetables', 'mice', '42'])
      expect(isEnglishWord(w), w).toBe(true);
    for (const w of ['breat', 'bracks', 'thone', 'da', 'yo', 'ya', 'tho', 'dat', 'xyz', 'qqq', 'elppa', ''])
      expect(isEnglishWord(w), w).toBe(false);
  });

  it('tells inflected verbs from nouns and splits text into word tokens', () => {
    expect(isInflectedVerb('smells')).toBe(true);
    expect(isInflectedVerb('rivers')).toBe(false);
    expect(wordTokens('  "Hello," she said -- twice! ')).toEqual(['Hello', 'she', 'said', 'twice']);
  });
});
