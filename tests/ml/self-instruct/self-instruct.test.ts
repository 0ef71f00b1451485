import { describe, expect, it } from 'vitest';
import { encodePrompt, filterReason, generateInstructions, parseNumberedList } from '../../../server/ml/self-instruct';

const SEEDS = [
  'Give three tips for staying healthy.',
  'Write a poem about the sea.',
  'Translate the sentence into French.',
  'Summarize the following paragraph in one sentence.',
  'Classify the sentiment of the review as positive or negative.',
];

/** Canned completions, one per call, in the shape a completions model continues "…\n6." with. */
const CANNED = [
  [
    ' Write a haiku about autumn leaves.',
    '10. Draw a picture of a cat sitting on a mat.', // keyword
    '11. Write a poem about the ocean.', // ROUGE-L 5/6 with a seed
    '12. Hi there', // too short
    '13. Write a program that sorts a list of numbers.', // program
    '14. List five fruits that are red in color.',
    '15. Give three tips for staying healthy and fit.', // ROUGE-L 6/7 with a seed
  ].join('\n'),
  [
    '1. Write a haiku about autumn leaf.', // near-duplicate of a machine instruction accepted in round 1
    '2. "Quote this sentence back to me."', // starts with punctuation
    '3. Écris une phrase sur la mer, s’il te plaît.', // non-ASCII start
    '4. Explain why the sky is blue to a child.',
    '5. Name the capital city of every country in Europe.', // not reached: target met
  ].join('\n'),
];

function fakeGenerator() {
  const prompts: string[] = [];
  const generator = async (prompt: string) => {
    prompts.push(prompt);
    return CANNED[(prompts.length - 1) % CANNED.length];
  };
  return { prompts, generator };
}

describe('Self-Instruct prompt and parsing', () => {
  it('encodes a numbered list left open for the next item', () => {
    expect(encodePrompt(['Write a poem:', 'Sort  these\nwords.'])).toBe(
      'Come up with a series of tasks:\n1. Write a poem\n2. Sort these words.\n3.',
    );
  });

  it('parses continuations and restarted lists', () => {
    expect(parseNumberedList(' first task\n7. second task\n8 . third\n9.')).toEqual(['First task', 'Second task', 'Third']);
    expect(parseNumberedList('1. alpha beta\n2) gamma\n  delta')).toEqual(['Alpha beta', 'Gamma delta']);
    expect(parseNumberedList('Use 3.5 cups of flour in a cake.')).toEqual(['Use 3.5 cups of flour in a cake.']);
  });

  it('filters like the reference', () => {
    expect(filterReason('Write a haiku about autumn.')).toBeNull();
    expect(filterReason('Write a haiku.')).toBe('length'); // 3 words: the reference keeps > 3
    expect(filterReason(`Say ${'word '.repeat(150)}`)).toBe('length');
    expect(filterReason('Plot the sales for this year.')).toBe('keyword');
    expect(filterReason('Tell me how to go to the station.')).toBe('keyword');
    expect(filterReason('Describe the mapping between two sets.')).toBeNull(); // whole words only
    expect(filterReason('Write a program to add two numbers.')).toBe('program');
    expect(filterReason('(Optional) write a short story.')).toBe('punctuation');
    expect(filterReason('Ècris une phrase courte ici.')).toBe('non_ascii');
  });
});

describe('generateInstructions', () => {
  it('keeps novel instructions and rejects by reason, against seeds and accepted ones', async () => {
    const { prompts, generator } = fakeGenerator();
    const result = await generateInstructions({ seeds: SEEDS, generator, target: 3, seed: 1 });
    expect(result.instructions.map((i) => i.instruction)).toEqual([
      'Write a haiku about autumn leaves.',
      'List five fruits that are red in color.',
      'Explain why the sky is blue to a child.',
    ]);
    expect(result.stats).toEqual({
      rounds: 2,
      generated: 11,
      kept: 3,
      rejected: { length: 1, keyword: 1, program: 1, punctuation: 1, non_ascii: 1, similar: 3 },
    });
    expect(result.instructions.every((i) => i.maxRouge <= 0.7)).toBe(true);
    // Round 1 shows the 5 seeds; round 2 adds the 2 machine instructions accepted so far.
    expect(prompts[0].startsWith('Come up with a series of tasks:\n1. ')).toBe(true);
    expect(prompts[0].endsWith('\n6.')).toBe(true);
    expect(prompts[1].endsWith('\n8.')).toBe(true);
    expect(prompts[1]).toContain('Write a haiku about autumn leaves');
    expect(prompts[1]).toContain('List five fruits that are red in color');
  });

  it('is reproducible and stops after maxRounds', async () => {
    const run = async () => {
      const { prompts, generator } = fakeGenerator();
      const result = await generateInstructions({ seeds: SEEDS, generator, target: 100, seed: 4, maxRounds: 5 });
      return { prompts, result };
    };
    const a = await run();
    expect(a.result.stats.rounds).toBe(5);
    expect(a.result.stats.kept).toBe(4); // rounds 3–5 repeat the canned lists: nothing new survives
    expect(await run()).toEqual(a);
  });

  it('a stricter threshold rejects more', async () => {
    const { generator } = fakeGenerator();
    const strict = await generateInstructions({ seeds: SEEDS, generator, target: 3, seed: 1, rougeThreshold: 0.2, maxRounds: 2 });
    expect(strict.stats.kept).toBeLessThan(3);
  });
});
