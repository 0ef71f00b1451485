import { describe, expect, it } from 'vitest';
import { choiceOf } from '../../../server/labels/submit';
import { buildDataset, type LabelRow, marginOf, pairsByMajority, pairsFromEachLabel, splitByPrompt } from '../../../server/ml/reward/dataset';

let nextId = 1;
function label(over: Partial<LabelRow> & Pick<LabelRow, 'comparisonId' | 'choice'>): LabelRow {
  return {
    labelId: nextId++,
    promptId: over.comparisonId,
    prompt: `prompt ${over.comparisonId}`,
    responseA: `A${over.comparisonId}`,
    responseB: `B${over.comparisonId}`,
    strength: 2,
    shownOrder: 'ab',
    kind: 'train',
    ...over,
  };
}

describe('preference pairs from labels', () => {
  it('stored choices are in storage order: a pick on the screen under shown order "ba" is undone once', () => {
    // the annotator saw B on the left and picked left: submit stores 'b' ...
    const stored = choiceOf('left', 'ba');
    expect(stored).toBe('b');
    const [pair] = pairsFromEachLabel([label({ comparisonId: 1, choice: stored, shownOrder: 'ba' })]);
    // ... and the pair's chosen answer is response_b, not swapped a second time
    expect(pair).toMatchObject({ chosen: 'B1', rejected: 'A1' });
    const [same] = pairsFromEachLabel([label({ comparisonId: 1, choice: choiceOf('right', 'ba'), shownOrder: 'ba' })]);
    expect(same).toMatchObject({ chosen: 'A1', rejected: 'B1' });
  });

  it('maps strength 0..3 to margins 0, 1/3, 2/3, 1, or 0 when margins are off', () => {
    expect([0, 1, 2, 3].map((s) => marginOf(s))).toEqual([0, 1 / 3, 2 / 3, 1]);
    const rows = [0, 1, 2, 3].map((s) => label({ comparisonId: 10 + s, choice: 'a', strength: s }));
    expect(pairsFromEachLabel(rows).map((p) => p.margin)).toEqual([0, 1 / 3, 2 / 3, 1]);
    expect(pairsFromEachLabel(rows, false).map((p) => p.margin)).toEqual([0, 0, 0, 0]);
    expect(pairsFromEachLabel(rows).map((p) => p.strength)).toEqual([0, 1, 2, 3]);
  });

  it('leaves out ties and both-bad; gold pairs count like any other', () => {
    const rows = [
      label({ comparisonId: 1, choice: 'tie' }),
      label({ comparisonId: 2, choice: 'both_bad' }),
      label({ comparisonId: 3, choice: 'a', kind: 'gold' }),
      label({ comparisonId: 4, choice: 'b' }),
    ];
    const pairs = pairsFromEachLabel(rows);
    expect(pairs.map((p) => [p.comparisonId, p.chosen])).toEqual([
      [3, 'A3'],
      [4, 'B4'],
    ]);
    const ds = buildDataset(rows, { heldoutFraction: 0 });
    expect(ds).toMatchObject({ labels: 4, excluded: 2 });
    expect(ds.train).toHaveLength(2);
  });

  it('each_label keeps every label; majority gives one pair per comparison with a strict a/b majority', () => {
    const rows = [
      // 2 × a (strengths 3, 2) vs 1 × b → a, strength round(2.5) = 3
      label({ comparisonId: 1, choice: 'a', strength: 3 }),
      label({ comparisonId: 1, choice: 'a', strength: 2 }),
      label({ comparisonId: 1, choice: 'b', strength: 1 }),
      // 1 × a vs 1 × b: no majority
      label({ comparisonId: 2, choice: 'a' }),
      label({ comparisonId: 2, choice: 'b' }),
      // b, tie, tie: the ties win, no pair
      label({ comparisonId: 3, choice: 'b' }),
      label({ comparisonId: 3, choice: 'tie' }),
      label({ comparisonId: 3, choice: 'tie' }),
      // a single label is its own majority
      label({ comparisonId: 4, choice: 'b', strength: 0 }),
    ];
    expect(pairsFromEachLabel(rows)).toHaveLength(7); // every a/b label
    const majority = pairsByMajority(rows);
    expect(majority.map((p) => ({ c: p.comparisonId, chosen: p.chosen, strength: p.strength, margin: p.margin }))).toEqual([
      { c: 1, chosen: 'A1', strength: 3, margin: 1 },
      { c: 4, chosen: 'B4', strength: 0, margin: 0 },
    ]);
    const ds = buildDataset(rows, { mode: 'majority', heldoutFraction: 0 });
    expect(ds).toMatchObject({ labels: 9, excluded: 5 });
  });

  it('splits by prompt: deterministic, about the asked fraction, no prompt on both sides', () => {
    const rows = Array.from({ length: 2000 }, (_, i) => label({ comparisonId: i, promptId: i % 400, choice: 'a' }));
    const pairs = pairsFromEachLabel(rows);
    const { train, heldout } = splitByPrompt(pairs, 0.2, 7);
    const trainPrompts = new Set(train.map((p) => p.promptId));
    const heldPrompts = new Set(heldout.map((p) => p.promptId));
    expect([...heldPrompts].filter((p) => trainPrompts.has(p))).toEqual([]);
    expect(trainPrompts.size + heldPrompts.size).toBe(400);
    expect(heldPrompts.size / 400).toBeGreaterThan(0.13);
    expect(heldPrompts.size / 400).toBeLessThan(0.27);
    expect(splitByPrompt(pairs, 0.2, 7).heldout).toEqual(heldout); // same seed, same split
    expect(splitByPrompt(pairs, 0.2, 8).heldout).not.toEqual(heldout); // another seed, another split
  });
});
