import { describe, expect, it } from 'vitest';
import { FAMILIES, generateTasks, getFamily, verify } from '../../../server/ml/tasks';
import { renderPrompt } from '../../../server/ml/model/chat-template';
import { createRng } from '../../../server/ml/random';

const PER_FAMILY = 150;

function randomString(rng: ReturnType<typeof createRng>): string {
  const alphabet = 'abcxyzABC0123456789 .,!?-{}[]"\':\n';
  const pieces = ['- ', 'The answer is ', '{"name":', 'yes', 'no', '42', '. '];
  let s = '';
  const n = rng.int(0, 40);
  for (let i = 0; i < n; i++) s += rng.bool(0.15) ? rng.pick(pieces) : rng.pick([...alphabet]);
  return s;
}

describe('task families', () => {
  it('has at least 8 exact and 2 style families', () => {
    const kinds = FAMILIES.map((f) => getFamily(f).kind);
    expect(kinds.filter((k) => k === 'exact').length).toBeGreaterThanOrEqual(8);
    expect(kinds.filter((k) => k === 'style').length).toBeGreaterThanOrEqual(2);
  });

  describe.each(FAMILIES.map((f) => [f]))('%s', (name) => {
    const family = getFamily(name);
    const tasks = [
      ...generateTasks({ seed: 11, count: PER_FAMILY, split: 'train', families: [name] }),
      ...generateTasks({ seed: 12, count: PER_FAMILY / 3, split: 'heldout', families: [name] }),
    ];

    it('scores the reference answer 1, also after a JSON round trip of the spec', () => {
      for (const t of tasks) {
        expect(verify(t.verifier, t.answer), t.prompt).toBe(1);
        expect(verify(JSON.parse(JSON.stringify(t.verifier)), t.answer)).toBe(1);
      }
    });

    it('scores a wrong answer below 1 (0 for exact families and for empty answers)', () => {
      for (const t of tasks) {
        const wrong = verify(t.verifier, 'zzz qqq');
        if (family.kind === 'exact') expect(wrong, t.prompt).toBe(0);
        else expect(wrong).toBeLessThan(1);
        expect(verify(t.verifier, '')).toBe(0);
      }
    });

    it('makes imperfect responses that score below 1', () => {
      const rng = createRng(5);
      for (const t of tasks) {
        const response = family.imperfect(rng, t.verifier, t.answer);
        expect(response, t.prompt).not.toBe('');
        expect(verify(t.verifier, response), `${t.prompt} → ${JSON.stringify(response)}`).toBeLessThan(1);
      }
    });

    it('generates reproducibly from the seed', () => {
      const a = generateTasks({ seed: 3, count: 20, split: 'train', families: [name] });
      const b = generateTasks({ seed: 3, count: 20, split: 'train', families: [name] });
      const c = generateTasks({ seed: 4, count: 20, split: 'train', families: [name] });
      expect(a).toEqual(b);
      expect(a.map((t) => t.prompt)).not.toEqual(c.map((t) => t.prompt));
    });

    it('keeps prompts ≤ 110 chars (answers ≤ 72 for exact families), fits the starter SFT window, varies the wording', () => {
      for (const t of tasks) {
        expect(t.prompt.length, t.prompt).toBeLessThanOrEqual(110);
        if (family.kind === 'exact') expect(t.answer.length, t.answer).toBeLessThanOrEqual(72);
        // character tokens: the rendered prompt, the answer and EOS, within train:starter's SFT length (192)
        expect(renderPrompt(t.prompt).length + t.answer.length + 1, t.prompt).toBeLessThanOrEqual(192);
      }
      // Templates differ in their first word at least for two of them.
      expect(new Set(tasks.map((t) => t.prompt.split(' ')[0])).size).toBeGreaterThanOrEqual(2);
    });

    it('returns a finite score in [0, 1] for random strings', () => {
      const rng = createRng(9);
      for (let i = 0; i < 400; i++) {
        const t = tasks[i % tasks.length];
        const score = verify(t.verifier, randomString(rng));
        expect(score).toBeGreaterThanOrEqual(0);
        expect(score).toBeLessThanOrEqual(1);
      }
    });
  });

  it('rejects unknown families and malformed specs', () => {
    expect(() => verify({ family: 'nope' }, '1')).toThrow(/unknown task family 'nope'/);
    expect(() => verify({ family: 'add', operands: 'x' }, '1')).toThrow(/invalid add verifier spec/);
  });
});
