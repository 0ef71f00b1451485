// Per-annotator figures and overall agreement on a small fixed table, every figure computed by hand below.
import { describe, expect, it } from 'vitest';
import { agreementStats, choiceIndex, type LabelColumns } from '../../server/labels/annotator-stats';
import type { Choice } from '../../shared/schemas/labels';

type Row = [user: number, comparison: number, choice: Choice, timeMs: number, shown: 'ab' | 'ba', gold?: Choice];

const columns = (rows: Row[]): LabelColumns => ({
  userId: Int32Array.from(rows, (r) => r[0]),
  comparisonId: Int32Array.from(rows, (r) => r[1]),
  choice: Uint8Array.from(rows, (r) => choiceIndex(r[2])),
  timeMs: Float64Array.from(rows, (r) => r[3]),
  shownBa: Uint8Array.from(rows, (r) => (r[4] === 'ba' ? 1 : 0)),
  gold: Int8Array.from(rows, (r) => (r[5] ? choiceIndex(r[5]) : -1)),
});

//  pair   user 1        user 2        user 3        gold
//  10     a  4 s  ab    a  5 s  ab    a  2 s  ab
//  11     b  2 s  ab    b  1 s  ab    b  2 s  ab
//  12     tie 6 s ab    a  3 s  ab
//  13     a  1 s  ba                                a
//  14     b  –    ba    a  7 s  ab    b  9 s  ab    b
// (rows shuffled: the computation must not depend on their order)
const ROWS: Row[] = [
  [3, 14, 'b', 9000, 'ab', 'b'],
  [1, 10, 'a', 4000, 'ab'],
  [2, 12, 'a', 3000, 'ab'],
  [1, 11, 'b', 2000, 'ab'],
  [2, 10, 'a', 5000, 'ab'],
  [1, 12, 'tie', 6000, 'ab'],
  [3, 10, 'a', 2000, 'ab'],
  [1, 13, 'a', 1000, 'ba', 'a'],
  [2, 11, 'b', 1000, 'ab'],
  [1, 14, 'b', 0, 'ba', 'b'],
  [3, 11, 'b', 2000, 'ab'],
  [2, 14, 'a', 7000, 'ab', 'b'],
];

describe('agreementStats', () => {
  const stats = agreementStats(columns(ROWS));
  const of = (id: number) => stats.annotators.find((a) => a.userId === id);
  const pair = (a: number, b: number) => stats.pairs.find((p) => p.a === a && p.b === b);

  it('counts labels, the median timed seconds and left picks per annotator', () => {
    // user 1 timed 4, 2, 6, 1 s (pair 14 untimed) → median (2 + 4)/2 = 3; user 2: 1 3 5 7 → 4; user 3: 2 2 9 → 2
    expect([of(1)?.labels, of(2)?.labels, of(3)?.labels]).toEqual([5, 4, 3]);
    expect([of(1)?.medianSeconds, of(2)?.medianSeconds, of(3)?.medianSeconds]).toEqual([3, 4, 2]);
    // a/b picks on the left side: user 1: 10 a|ab ✓, 11 b|ab ✗, 13 a|ba ✗, 14 b|ba ✓ → 2/4; user 2: 10 ✓ 11 ✗ 12 ✓ 14 ✓ → 3/4
    expect(of(1)?.leftPicks).toEqual({ left: 2, picks: 4, rate: 0.5 });
    expect(of(2)?.leftPicks).toEqual({ left: 3, picks: 4, rate: 0.75 });
  });

  it("judges each annotator against the others' unique majority, and against gold", () => {
    // user 1: 10 others a,a ✓; 11 b,b ✓; 12 other a ✗ (tie); 14 others a,b: no unique majority → 2/3
    // user 2: 10 ✓; 11 ✓; 12 other tie ✗; 14 others b,b ✗ (a) → 2/4;  user 3: 10 ✓; 11 ✓; 14 others b,a: skipped → 2/2
    expect(of(1)?.majority).toEqual({ agreed: 2, compared: 3, rate: 2 / 3 });
    expect(of(2)?.majority).toEqual({ agreed: 2, compared: 4, rate: 0.5 });
    expect(of(3)?.majority).toEqual({ agreed: 2, compared: 2, rate: 1 });
    // gold: 13 (a) and 14 (b): user 1 a ✓ b ✓; user 2 a ✗; user 3 b ✓
    expect(of(1)?.gold).toEqual({ agreed: 2, compared: 2, rate: 1 });
    expect(of(2)?.gold).toEqual({ agreed: 0, compared: 1, rate: 0 });
    expect(of(3)?.gold).toEqual({ agreed: 1, compared: 1, rate: 1 });
  });

  it("gives Cohen's κ for every two annotators over the pairs both labelled", () => {
    // 1–2 on 10 11 12 14: (a,a) (b,b) (tie,a) (b,a): p_o = 2/4; user 1 a1 b2 tie1, user 2 a3 b1;
    //     p_e = (1·3 + 2·1)/16 = 5/16 → κ = (8 − 5)/(16 − 5) = 3/11
    // 1–3 on 10 11 14: (a,a) (b,b) (b,b): p_o = 1, p_e = (1·1 + 2·2)/9 = 5/9 → κ = 1
    // 2–3 on 10 11 14: (a,a) (b,b) (a,b): p_o = 2/3; user 2 a2 b1, user 3 a1 b2: p_e = 4/9 → κ = (6 − 4)/(9 − 4) = 2/5
    expect(pair(1, 2)).toMatchObject({ shared: 4, agreed: 2 });
    expect(pair(1, 2)?.kappa).toBeCloseTo(3 / 11, 12);
    expect(pair(1, 3)).toMatchObject({ shared: 3, agreed: 3, kappa: 1 });
    expect(pair(2, 3)?.kappa).toBeCloseTo(2 / 5, 12);
    expect(stats.pairs).toHaveLength(3);
  });

  it("gives Fleiss' κ on the 3-label pairs and Krippendorff's α on every overlapped pair", () => {
    // Fleiss on 10 (a a a), 11 (b b b), 14 (b a b): P_i = 1, 1, 1/3 → P̄ = 7/9; p_a = 4/9, p_b = 5/9 → P̄_e = 41/81
    //   κ = (63/81 − 41/81)/(40/81) = 11/20
    // α on 10, 11, 12 (tie a), 14: n_a = 5, n_b = 5, n_tie = 1, n = 11; disagreeing: 12 → 2, 14 → (1·2 + 2·1)/2 = 2
    //   Σ_{c≠k} n_c n_k = 121 − 51 = 70 → α = 1 − 10·4/70 = 3/7
    expect(stats.overall.labels).toBe(12);
    expect(stats.overall.overlapped).toBe(4);
    expect(stats.overall.fleiss).toMatchObject({ items: 3, raters: 3 });
    expect(stats.overall.fleiss.kappa).toBeCloseTo(11 / 20, 12);
    expect(stats.overall.alpha).toMatchObject({ items: 4, ratings: 11 });
    expect(stats.overall.alpha.alpha).toBeCloseTo(3 / 7, 12);
  });

  it('keeps Cohen pairs to the annotators asked for, and answers an empty table with nulls', () => {
    expect(agreementStats(columns(ROWS), { pairUsers: [1, 3] }).pairs.map((p) => [p.a, p.b])).toEqual([[1, 3]]);
    expect(agreementStats(columns(ROWS), { pairsOf: 3 }).pairs.map((p) => [p.a, p.b])).toEqual([[1, 3], [2, 3]]);
    const empty = agreementStats(columns([]));
    expect(empty.annotators).toEqual([]);
    expect(empty.overall).toEqual({
      labels: 0,
      overlapped: 0,
      fleiss: { kappa: null, items: 0, raters: 0 },
      alpha: { alpha: null, items: 0, ratings: 0 },
    });
  });
});
