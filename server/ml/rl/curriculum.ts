// Which prompts a policy-gradient step trains on. With a verifier reward most groups of k samples score all alike
// (all wrong, or all right) and give no gradient; 'signal' weighting draws families in proportion to how often
// their groups recently were mixed, so rollout time goes where there is something to learn. A floor keeps every
// family in play (a family can become learnable, or be forgotten).
import { createRng } from '../random';
import type { PgPrompt } from './pg';

const FLOOR = 0.1; // weight of a family that never shows signal, relative to 1 for one that always does
const DECAY = 0.8; // EMA of a family's share of mixed groups, per step it appears in

export class PromptCurriculum {
  private readonly byFamily = new Map<string, { prompts: PgPrompt[]; next: number; signal: number }>();
  private readonly rand: () => number;

  constructor(
    prompts: readonly PgPrompt[],
    readonly mode: 'uniform' | 'signal',
    seed = 0,
  ) {
    if (prompts.length === 0) throw new Error('no training prompts');
    this.rand = createRng(seed).next;
    for (const p of prompts) {
      const family = p.verifier.family;
      if (!this.byFamily.has(family)) this.byFamily.set(family, { prompts: [], next: 0, signal: 0.5 });
      this.byFamily.get(family)!.prompts.push(p);
    }
  }

  /** `n` prompts: families drawn by weight (uniform, or floor + recent signal), prompts of a family in turn. */
  pick(n: number): PgPrompt[] {
    const families = [...this.byFamily.values()];
    const weights = families.map((f) => (this.mode === 'uniform' ? 1 : FLOOR + f.signal));
    const total = weights.reduce((a, b) => a + b, 0);
    return Array.from({ length: n }, () => {
      let u = this.rand() * total - weights[0];
      let i = 0;
      while (u >= 0 && i < families.length - 1) u -= weights[++i];
      const f = families[i];
      return f.prompts[f.next++ % f.prompts.length];
    });
  }

  /** Records which prompts' groups were mixed (scores not all equal). */
  update(groups: readonly { prompt: PgPrompt; mixed: boolean }[]): void {
    const seen = new Map<string, boolean[]>();
    for (const g of groups) seen.set(g.prompt.verifier.family, [...(seen.get(g.prompt.verifier.family) ?? []), g.mixed]);
    for (const [family, mixed] of seen) {
      const f = this.byFamily.get(family);
      if (f) f.signal = DECAY * f.signal + (1 - DECAY) * (mixed.filter(Boolean).length / mixed.length);
    }
  }

  /** Current signal estimate per family (for logs). */
  signals(): Record<string, number> {
    return Object.fromEntries([...this.byFamily].map(([name, f]) => [name, f.signal]));
  }
}
