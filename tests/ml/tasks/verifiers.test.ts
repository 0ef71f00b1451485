import { describe, expect, it } from 'vitest';
import { verify } from '../../../server/ml/tasks';

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
  it('sort_numbers: partial credit for a permutation, none for missing numbers', () => {
    const s = score({ family: 'sort_numbers', numbers: [5, 2, 9, 1], order: 'asc' });
    expect(s('1, 2, 5, 9')).toBe(1);
    expect(s('[1, 2, 5, 9]')).toBe(1);
    expect(s('1 2 5 9')).toBe(1);
    expect(s('2, 1, 5, 9')).toBeCloseTo(0.5 * (5 / 6)); // one adjacent pair swapped
    expect(s('9, 5, 2, 1')).toBe(0); // descending
    expect(s('1, 2, 5')).toBe(0);
    expect(s('Sorted: 1, 2, 5, 9')).toBeCloseTo(0.8);
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
    expect(c('GREEN apple')).toBe(0.25);
    expect(c('green apple')).toBe(0);
    expect(c('Here you go: GREEN APPLE')).toBe(0.8);
    const t = score({ family: 'change_case', text: 'the red fox', mode: 'title' });
    expect(t('The Red Fox')).toBe(1);
  });

  it('json_format: exact keys and types, key order free', () => {
    const j = score({ family: 'json_format', object: { name: 'Ann', age: 7 } });
    expect(j('{"name":"Ann","age":7}')).toBe(1);
    expect(j('{"age": 7, "name": "Ann"}')).toBe(1);
    expect(j('{"name":"Ann","age":"7"}')).toBe(0.25);
    expect(j('{"name":"Ann","age":7,"x":1}')).toBeCloseTo(1 / 3);
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
  });

  it('count_letter, word_count, list_extreme, multiply', () => {
    expect(verify({ family: 'count_letter', word: 'strawberry', letter: 'r' }, '3')).toBe(1);
    expect(verify({ family: 'count_letter', word: 'strawberry', letter: 'r' }, 'three')).toBe(1);
    expect(verify({ family: 'count_letter', word: 'strawberry', letter: 'r' }, '2')).toBe(0);
    expect(verify({ family: 'word_count', text: 'the cat sat' }, 'There are 3 words.')).toBe(0.8);
    expect(verify({ family: 'list_extreme', numbers: [4, 17, 9], which: 'min' }, '4')).toBe(1);
    expect(verify({ family: 'multiply', operands: [7, 8] }, '7 x 8 = 56')).toBe(0.8);
  });

  it('write_list: one point per style rule', () => {
    const w = score({ family: 'write_list', topic: 'sleep', count: 3, maxChars: 80 });
    expect(w('- Keep it dark\n- No coffee late\n- Same bedtime')).toBe(1);
    expect(w('\n- Keep it dark\n\n- No coffee late\n- Same bedtime\n')).toBe(1); // blank lines are fine
    expect(w('Sure! Here are 3 tips:\n- Keep it dark\n- No coffee late\n- Same bedtime')).toBe(0.75);
    expect(w('- Keep it dark\n- No coffee late')).toBe(0.75);
    expect(w('- Keep it dark\n- keep it dark\n- Same bedtime')).toBe(0.75);
    expect(w(`- Keep it dark\n- ${'x'.repeat(81)}\n- Same bedtime`)).toBe(0.75);
    expect(w('- Keep it dark\nNo coffee late\n- Same bedtime')).toBe(0.5);
    expect(w('* Keep it dark\n* No coffee late\n* Same bedtime')).toBe(0);
  });

  it('one_sentence: one point per style rule', () => {
    const o = score({ family: 'one_sentence', subject: 'the sea', keyword: 'blue', minWords: 3, maxWords: 12 });
    expect(o('The sea is wide and blue.')).toBe(1);
    expect(o('The sea is wide and blue')).toBe(0.75);
    expect(o('The sea is blue. It is big.')).toBe(0.75);
    expect(o('The sea is wide.')).toBe(0.75);
    expect(o('Sure! The sea is blue.')).toBe(0.75);
    expect(o('The sea is blue and it is the most beautiful thing I have ever seen.')).toBe(0.75);
    expect(o('Blue')).toBe(0.5); // one sentence with the keyword, but no period and too short
  });
});
