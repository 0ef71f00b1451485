import { describe, expect, it } from 'vitest';
import { PromptCurriculum } from '../../../server/ml/rl/curriculum';
import type { PgPrompt } from '../../../server/ml/rl/pg';

const prompts: PgPrompt[] = ['a', 'b', 'c'].flatMap((family) =>
  Array.from({ length: 5 }, (_, i) => ({ prompt: `${family}${i}`, verifier: { family } })),
);
const countBy = (picked: PgPrompt[]) => {
  const out: Record<string, number> = {};
  for (const p of picked) out[p.verifier.family] = (out[p.verifier.family] ?? 0) + 1;
  return out;
};

describe('PromptCurriculum', () => {
  it('cycles through each family’s prompts and draws families evenly before any feedback', () => {
    const c = new PromptCurriculum(prompts, 'signal', 1);
    const picked = c.pick(3000);
    const counts = countBy(picked);
    for (const f of ['a', 'b', 'c']) expect(counts[f]).toBeGreaterThan(800);
    const aPrompts = picked.filter((p) => p.verifier.family === 'a').slice(0, 5).map((p) => p.prompt);
    expect(new Set(aPrompts).size).toBe(5); // no repeat before the family's prompts are used up
  });

  it("'signal' favours families whose groups were recently mixed, keeping a floor for the others; 'uniform' does not", () => {
    const feedback = (c: PromptCurriculum) => {
      for (let step = 0; step < 20; step++) {
        c.update(prompts.map((p) => ({ prompt: p, mixed: p.verifier.family === 'a' })));
      }
    };
    const signal = new PromptCurriculum(prompts, 'signal', 2);
    feedback(signal);
    expect(signal.signals().a).toBeGreaterThan(0.95);
    expect(signal.signals().b).toBeLessThan(0.05);
    const counts = countBy(signal.pick(3000));
    expect(counts.a).toBeGreaterThan(2000);
    expect(counts.b).toBeGreaterThan(50); // the floor

    const uniform = new PromptCurriculum(prompts, 'uniform', 2);
    feedback(uniform);
    const even = countBy(uniform.pick(3000));
    for (const f of ['a', 'b', 'c']) expect(even[f]).toBeGreaterThan(800);
  });

  it('refuses an empty prompt list', () => {
    expect(() => new PromptCurriculum([], 'signal')).toThrow(/no training prompts/);
  });
});
