/**
 * The task world: generated instruction families with verifiable answers (the RLVR rule reward) plus
 * open-ended families judged by style rules. See families/ for each family's prompts and scoring.
 */
import { FAMILY_REGISTRY, getFamily } from './families';
import { createRng, hashString } from '../random';
import { splitOf } from './split';
import type { Split, TaskInstance, VerifierSpec } from './types';

export type { Split, TaskInstance, TaskFamily, VerifierSpec } from './types';
export { getFamily } from './families';
export { splitOf } from './split';

export const FAMILIES: readonly string[] = FAMILY_REGISTRY.map((f) => f.name);

/** Draws per slot before giving up on a fresh (not yet generated) prompt and accepting a repeat. */
const MAX_ATTEMPTS = 200;

/**
 * `count` tasks from one split, round-robin over `families` (every prefix is balanced), reproducible from `seed`.
 * Prompts are distinct while the family's problem space allows; ids are `family-<hash of prompt>`.
 */
export function generateTasks(opts: { seed: number; count: number; split: Split; families?: string[] }): TaskInstance[] {
  const families = (opts.families ?? FAMILIES).map(getFamily);
  if (families.length === 0) throw new Error('generateTasks: no families');
  const rng = createRng(opts.seed);
  const ids = new Set<string>();
  const prompts = new Set<string>();
  const out: TaskInstance[] = [];
  for (let i = 0; i < opts.count; i++) {
    const family = families[i % families.length];
    let task = null;
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const candidate = family.generate(rng);
      if (splitOf(candidate.verifier) !== opts.split) continue;
      task = candidate;
      if (!prompts.has(candidate.prompt)) break;
    }
    if (!task) throw new Error(`generateTasks: no ${opts.split} task for '${family.name}' in ${MAX_ATTEMPTS} draws`);
    let id = `${family.name}-${hashString(task.prompt).toString(36)}`;
    if (ids.has(id)) id = `${id}-${i}`;
    ids.add(id);
    prompts.add(task.prompt);
    out.push({ id, family: family.name, split: opts.split, ...task });
  }
  return out;
}

/** RLVR rule reward in [0, 1]. Throws on an unknown family or a malformed spec, never on the response. */
export function verify(spec: VerifierSpec, response: string): number {
  return getFamily(spec.family).verify(spec, response);
}
