// κ and α against values computed by hand (the working is in the comments) and two published tables.
import { describe, expect, it } from 'vitest';
import { cohenKappa, cohenKappaOf, fleissKappa, krippendorffAlpha } from '../../server/labels/agreement';

type C = 'a' | 'b' | 'tie' | 'both_bad';
const zip = (x: C[], y: C[]) => x.map((v, i) => [v, y[i]] as const);

describe("Cohen's κ", () => {
  it('matches a hand-computed 4-category table', () => {
    //  item  1 2 3 4 5 6 7 8   9   10
    //  X     a a a a b b b tie tie bb
    //  Y     a a a b b b a tie b   bb
    // agree on 1,2,3,5,6,8,10 → p_o = 7/10
    // X: a 4, b 3, tie 2, bb 1;  Y: a 4, b 4, tie 1, bb 1
    // p_e = (4·4 + 3·4 + 2·1 + 1·1) / 100 = 31/100
    // κ = (0.70 − 0.31) / (1 − 0.31) = 0.39 / 0.69 = 13/23
    const x: C[] = ['a', 'a', 'a', 'a', 'b', 'b', 'b', 'tie', 'tie', 'both_bad'];
    const y: C[] = ['a', 'a', 'a', 'b', 'b', 'b', 'a', 'tie', 'b', 'both_bad'];
    expect(cohenKappa(zip(x, y))).toBeCloseTo(13 / 23, 12);
  });

  it('matches the textbook yes/no table (20 yes-yes, 5 yes-no, 10 no-yes, 15 no-no)', () => {
    // p_o = 35/50 = 0.7; rater 1 yes 25/50, rater 2 yes 30/50; p_e = 0.5·0.6 + 0.5·0.4 = 0.5; κ = 0.2/0.5 = 0.4
    const pairs = [
      ...Array.from({ length: 20 }, () => ['yes', 'yes'] as const),
      ...Array.from({ length: 5 }, () => ['yes', 'no'] as const),
      ...Array.from({ length: 10 }, () => ['no', 'yes'] as const),
      ...Array.from({ length: 15 }, () => ['no', 'no'] as const),
    ];
    expect(cohenKappa(pairs)).toBeCloseTo(0.4, 12);
    expect(cohenKappaOf([[20, 5], [10, 15]])).toBeCloseTo(0.4, 12);
  });

  it('is 1 for perfect agreement, −1 for systematic swap, null for one category or no items', () => {
    expect(cohenKappa(zip(['a', 'b', 'tie'], ['a', 'b', 'tie']))).toBe(1);
    // p_o = 0, p_e = ½·½ + ½·½ = ½ → κ = −½ / ½ = −1
    expect(cohenKappa(zip(['a', 'b'], ['b', 'a']))).toBe(-1);
    // both always 'a': p_o = p_e = 1 → 0/0, undefined
    expect(cohenKappa(zip(['a', 'a', 'a'], ['a', 'a', 'a']))).toBeNull();
    expect(cohenKappa([])).toBeNull();
    expect(cohenKappaOf([[0, 0], [0, 0]])).toBeNull();
  });
});

describe("Fleiss' κ", () => {
  it('matches a hand-computed table of 4 items × 3 raters', () => {
    // item  ratings      P_i = (Σ n_ij² − 3) / 6
    //  1    a a a        (9 − 3)/6 = 1
    //  2    a a b        (4 + 1 − 3)/6 = 1/3
    //  3    b b b        1
    //  4    a b tie      (1 + 1 + 1 − 3)/6 = 0
    // P̄ = (7/3)/4 = 7/12;  p_a = 6/12, p_b = 5/12, p_tie = 1/12;  P̄_e = (36 + 25 + 1)/144 = 31/72
    // κ = (7/12 − 31/72) / (1 − 31/72) = (11/72) / (41/72) = 11/41
    const items: C[][] = [
      ['a', 'a', 'a'],
      ['a', 'a', 'b'],
      ['b', 'b', 'b'],
      ['a', 'b', 'tie'],
    ];
    expect(fleissKappa(items)).toBeCloseTo(11 / 41, 12);
  });

  it("matches Fleiss' worked example (10 items, 14 raters, 5 categories: κ = 0.210)", () => {
    const counts = [
      [0, 0, 0, 0, 14],
      [0, 2, 6, 4, 2],
      [0, 0, 3, 5, 6],
      [0, 3, 9, 2, 0],
      [2, 2, 8, 1, 1],
      [7, 7, 0, 0, 0],
      [3, 2, 6, 3, 0],
      [2, 5, 3, 2, 2],
      [6, 5, 2, 1, 0],
      [0, 2, 2, 3, 7],
    ];
    const items = counts.map((row) => row.flatMap((c, j) => Array.from({ length: c }, () => j)));
    expect(fleissKappa(items)).toBeCloseTo(0.21, 3);
  });

  it('is 1 for perfect agreement, null for one category, and refuses ragged items', () => {
    expect(fleissKappa([['a', 'a'], ['b', 'b']])).toBe(1);
    expect(fleissKappa([['tie', 'tie', 'tie'], ['tie', 'tie', 'tie']])).toBeNull();
    expect(fleissKappa([])).toBeNull();
    expect(() => fleissKappa([['a', 'b'], ['a', 'b', 'a']])).toThrow(/2 ratings on every item/);
    expect(() => fleissKappa([['a']])).toThrow(/at least 2/);
  });
});

describe("Krippendorff's α (nominal)", () => {
  it('matches a hand-computed table with missing ratings', () => {
    // unit  raters 1 2 3     pairable values
    //  1    a a –            a a        (m = 2)
    //  2    a b b            a b b      (m = 3)
    //  3    tie – –          left out   (m = 1)
    //  4    b b –            b b        (m = 2)
    // n_a = 2 + 1 = 3, n_b = 2 + 2 = 4, n = 7
    // Σ_{c≠k} o_ck: only unit 2 disagrees: ordered (a,b) pairs 1·2 + (b,a) pairs 2·1 = 4, / (m − 1) = 2 → 2
    // Σ_{c≠k} n_c·n_k = 7² − (3² + 4²) = 24;  α = 1 − (7 − 1)·2 / 24 = 1/2
    const units: (C | null)[][] = [
      ['a', 'a', null],
      ['a', 'b', 'b'],
      ['tie', null, null],
      ['b', 'b', null],
    ];
    expect(krippendorffAlpha(units)).toBeCloseTo(0.5, 12);
  });

  it("matches Krippendorff's own example (4 observers, 12 units, missing data: α = 0.743)", () => {
    // Krippendorff (2011), "Computing Krippendorff's alpha-reliability", nominal data with missing values.
    // By hand: n_1 = 9, n_2 = 13, n_3 = 10, n_4 = 5, n_5 = 3, n = 40 (unit 12 has one value: left out);
    // disagreeing coincidences: unit 2 (2,2,3,2) → 2, unit 6 (1,2,3,4) → 4, unit 8 (1,1,2,1) → 2; Σ = 8
    // Σ_{c≠k} n_c·n_k = 1600 − (81 + 169 + 100 + 25 + 9) = 1216;  α = 1 − 39·8/1216 = 0.74342
    const _ = null;
    const observers = [
      [1, 2, 3, 3, 2, 1, 4, 1, 2, _, _, _],
      [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, _, 3],
      [_, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, _],
      [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, _],
    ];
    const units = observers[0].map((_, u) => observers.map((o) => o[u]));
    expect(krippendorffAlpha(units)).toBeCloseTo(1 - (39 * 8) / 1216, 12);
    expect(krippendorffAlpha(units)).toBeCloseTo(0.743, 3);
  });

  it('is 1 for perfect agreement, null for one category or nothing pairable', () => {
    expect(krippendorffAlpha([['a', 'a', null], ['b', 'b', 'b']])).toBe(1);
    expect(krippendorffAlpha([['a', 'a'], ['a', null, 'a']])).toBeNull();
    expect(krippendorffAlpha([['a', null], [null, 'b']])).toBeNull();
    expect(krippendorffAlpha([])).toBeNull();
  });

  it("gives Fleiss' 4 × 3 table above its own value on complete data (α corrects for the sample: 27/82, not 11/41)", () => {
    // n_a = 6, n_b = 5, n_tie = 1, n = 12
    // disagreeing: item 2 (a a b) → (2·1 + 1·2)/2 = 2; item 4 (a b tie) → 3·(1·2)/2 = 3; Σ = 5
    // Σ_{c≠k} n_c·n_k = 144 − (36 + 25 + 1) = 82;  α = 1 − 11·5/82 = 27/82
    const items: C[][] = [
      ['a', 'a', 'a'],
      ['a', 'a', 'b'],
      ['b', 'b', 'b'],
      ['a', 'b', 'tie'],
    ];
    expect(krippendorffAlpha(items)).toBeCloseTo(27 / 82, 12);
  });
});
