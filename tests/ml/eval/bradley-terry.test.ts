import { describe, expect, it } from 'vitest';
import { bradleyTerry, expectedWinRate, type Outcome, type Winner } from '../../../server/ml/eval/bradley-terry';
import { fitLogStrengths } from '../../../server/ml/eval/bt-fit';
import { createRng } from '../../../server/ml/random';

/** `n` games of a against b, all with the same result. */
const games = (a: string, b: string, winner: Winner, n: number): Outcome[] => Array.from({ length: n }, () => ({ a, b, winner }));

const scoreOf = (fit: ReturnType<typeof bradleyTerry>, id: string): number => {
  const s = fit.standings.find((p) => p.id === id);
  if (!s) throw new Error(`no ${id}`);
  return s.score;
};

/** Root of a function increasing on [lo, hi], by bisection. */
function root(f: (x: number) => number, lo: number, hi: number): number {
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2;
    if (f(mid) > 0) hi = mid;
    else lo = mid;
  }
  return (lo + hi) / 2;
}

describe('Bradley–Terry fit', () => {
  const threeToOne = [...games('A', 'B', 'a', 3), ...games('A', 'B', 'b', 1)];

  it('two players, 3 wins to 1, without a prior: strength ratio 3, i.e. 400·log10 3 Elo apart around mean 0', () => {
    const fit = bradleyTerry(threeToOne, { priorGames: 0, bootstrap: 0 });
    expect(fit.standings.map((s) => s.id)).toEqual(['A', 'B']);
    expect(scoreOf(fit, 'A') - scoreOf(fit, 'B')).toBeCloseTo(400 * Math.log10(3), 6);
    expect(scoreOf(fit, 'A') + scoreOf(fit, 'B')).toBeCloseTo(0, 9);
    expect(fit.standings[0]).toMatchObject({ wins: 3, losses: 1, ties: 0, games: 4, winRate: 0.75, ci: null });
    expect(expectedWinRate(scoreOf(fit, 'A'), scoreOf(fit, 'B'))).toBeCloseTo(0.75, 9);
  });

  it('the prior (one virtual tie each against a p = 1 player) shrinks the ratio 3 to x², 4x²/(x²+1) + x/(x+1) = 3.5', () => {
    // The record is symmetric under p → 1/p with wins and losses swapped, so the MAP has p_A = x, p_B = 1/x;
    // A's fixed point x = (3 + ½) / (4/(x + 1/x) + 1/(x + 1)) is the equation above (x ≈ 1.607, ratio ≈ 2.58).
    const x = root((t) => (4 * t * t) / (t * t + 1) + t / (t + 1) - 3.5, 1, 3);
    const fit = bradleyTerry(threeToOne, { priorGames: 1, bootstrap: 0 });
    expect(scoreOf(fit, 'A') - scoreOf(fit, 'B')).toBeCloseTo(400 * Math.log10(x * x), 6);
    expect(x * x).toBeLessThan(3);
    expect(x * x).toBeGreaterThan(2.5);
  });

  it('counts a tie as half a win to each side', () => {
    const withTies = [...games('A', 'B', 'a', 2), ...games('A', 'B', 'tie', 2)]; // 3 half-wins to 1, as 3–1
    for (const priorGames of [0, 1]) {
      const tied = bradleyTerry(withTies, { priorGames, bootstrap: 0 });
      const plain = bradleyTerry(threeToOne, { priorGames, bootstrap: 0 });
      expect(scoreOf(tied, 'A')).toBeCloseTo(scoreOf(plain, 'A'), 6);
    }
    const even = bradleyTerry([...games('A', 'B', 'a', 1), ...games('A', 'B', 'b', 1), ...games('A', 'B', 'tie', 2)], { bootstrap: 0 });
    expect(scoreOf(even, 'A')).toBeCloseTo(0, 9);
    expect(even.standings.find((s) => s.id === 'A')).toMatchObject({ wins: 1, losses: 1, ties: 2, games: 4, winRate: 0.5 });
  });

  it('three players whose records are exactly expected under p ∝ (4, 2, 1): the MLE is that, 120.4 Elo apart', () => {
    // P(A>B) = 2/3 → 2–1, P(B>C) = 2/3 → 2–1, P(A>C) = 4/5 → 4–1: each player's wins equal its expected wins.
    const outcomes = [
      ...games('A', 'B', 'a', 2),
      ...games('B', 'A', 'a', 1),
      ...games('B', 'C', 'a', 2),
      ...games('C', 'B', 'a', 1),
      ...games('C', 'A', 'b', 4),
      ...games('C', 'A', 'a', 1),
    ];
    const fit = bradleyTerry(outcomes, { priorGames: 0, bootstrap: 0 });
    expect(fit.standings.map((s) => s.id)).toEqual(['A', 'B', 'C']);
    const step = 400 * Math.log10(2);
    expect(scoreOf(fit, 'A') - scoreOf(fit, 'B')).toBeCloseTo(step, 6);
    expect(scoreOf(fit, 'B') - scoreOf(fit, 'C')).toBeCloseTo(step, 6);
    expect(fit.standings.find((s) => s.id === 'C')).toMatchObject({ wins: 2, losses: 6, games: 8, winRate: 0.25 });
  });

  it('converges to the MAP fixed point W_i + g/2 = Σ_j n_ij p_i/(p_i+p_j) + g p_i/(p_i+1) on a random record', () => {
    const P = 5;
    const rand = createRng(7).next;
    const w = new Float64Array(P * P);
    for (let i = 0; i < P; i++) for (let j = 0; j < P; j++) if (i !== j && rand() < 0.7) w[i * P + j] = Math.floor(rand() * 6 + (i < 2 ? 4 : 0));
    const g = 1;
    const p = Array.from(fitLogStrengths(w, P, g), Math.exp);
    for (let i = 0; i < P; i++) {
      let expected = (g * p[i]) / (p[i] + 1);
      let W = g / 2;
      for (let j = 0; j < P; j++) {
        W += w[i * P + j];
        expected += ((w[i * P + j] + w[j * P + i]) * p[i]) / (p[i] + p[j]);
      }
      expect(expected).toBeCloseTo(W, 6);
    }
  });

  it('fits a long chain of versions (each against the previous only) exactly: on a tree every edge is its own 2-player fit', () => {
    // v_{i+1} beat v_i 60–40 for i = 1..39: the MLE gap of every edge is ln(60/40) (MM alone needs ~P² sweeps here)
    const chain = Array.from({ length: 39 }, (_, i) => [...games(`v${i + 2}`, `v${i + 1}`, 'a', 60), ...games(`v${i + 2}`, `v${i + 1}`, 'b', 40)]).flat();
    const fit = bradleyTerry(chain, { priorGames: 0, bootstrap: 0, anchor: 'v1' });
    for (let i = 1; i < 40; i++) expect(scoreOf(fit, `v${i + 1}`) - scoreOf(fit, `v${i}`)).toBeCloseTo(400 * Math.log10(1.5), 6);
    expect(fit.standings[0].id).toBe('v40');
    // The prior keeps the order but pulls the ends in: each player's virtual tie tugs it towards the middle, and
    // along a chain the tugs add up (here the spread is ~0.59 of the MLE's; ~0.86 for 10 versions × 50 games).
    const withPrior = bradleyTerry(chain, { bootstrap: 0, anchor: 'v1' });
    expect(withPrior.standings.map((s) => s.id)).toEqual(fit.standings.map((s) => s.id));
    expect(scoreOf(withPrior, 'v40')).toBeLessThan(scoreOf(fit, 'v40'));
  });

  it('keeps an unbeaten player finite with the prior; without one there is no fit', () => {
    const unbeaten = [...games('A', 'B', 'a', 5), ...threeToOne.map((o) => ({ ...o, a: 'B', b: 'C' }))];
    const fit = bradleyTerry(unbeaten, { bootstrap: 0 });
    expect(fit.standings.map((s) => s.id)).toEqual(['A', 'B', 'C']);
    expect(fit.standings.every((s) => Number.isFinite(s.score))).toBe(true);
    expect(() => bradleyTerry(unbeaten, { priorGames: 0, bootstrap: 0 })).toThrow(/no finite fit/);
  });

  it('puts a named anchor at 0 without changing the gaps', () => {
    const outcomes = [...threeToOne, ...games('B', 'C', 'a', 2), ...games('B', 'C', 'b', 1)];
    const mean = bradleyTerry(outcomes, { bootstrap: 0 });
    const anchored = bradleyTerry(outcomes, { bootstrap: 0, anchor: 'C' });
    expect(mean.anchor).toBeNull();
    expect(anchored.anchor).toBe('C');
    expect(scoreOf(anchored, 'C')).toBe(0);
    expect(scoreOf(anchored, 'A')).toBeCloseTo(scoreOf(mean, 'A') - scoreOf(mean, 'C'), 9);
    expect(mean.standings.reduce((s, p) => s + p.score, 0)).toBeCloseTo(0, 9);
    expect(() => bradleyTerry(outcomes, { anchor: 'D' })).toThrow(/anchor D/);
  });

  it('returns the head-to-head matrix in standings order', () => {
    const outcomes = [...threeToOne, ...games('B', 'C', 'a', 1), ...games('B', 'C', 'tie', 1)];
    const { matrix } = bradleyTerry(outcomes, { bootstrap: 0 });
    expect(matrix.players).toEqual(['A', 'B', 'C']);
    expect(matrix.games).toEqual([
      [0, 4, 0],
      [4, 0, 2],
      [0, 2, 0],
    ]);
    expect(matrix.winRate).toEqual([
      [null, 0.75, null],
      [0.25, null, 0.75],
      [null, 0.25, null],
    ]);
  });

  it('handles no outcomes', () => {
    expect(bradleyTerry([])).toEqual({ standings: [], anchor: null, matrix: { players: [], games: [], winRate: [] } });
  });
});

describe('bootstrap intervals', () => {
  /** A beats B 70 % of the time, B beats C 60 %, in `reps` repetitions of a fixed 10-game block per pair. */
  const record = (reps: number): Outcome[] =>
    Array.from({ length: reps }, () => [
      ...games('A', 'B', 'a', 7),
      ...games('A', 'B', 'b', 3),
      ...games('B', 'C', 'a', 6),
      ...games('B', 'C', 'b', 3),
      ...games('B', 'C', 'tie', 1),
    ]).flat();

  const width = (ci: [number, number] | null) => (ci ? ci[1] - ci[0] : Number.NaN);

  it('contain the point estimate and are the same for the same seed', () => {
    const fit = bradleyTerry(record(3), { bootstrap: 200, seed: 11 });
    for (const s of fit.standings) {
      expect(s.ci).not.toBeNull();
      const [lo, hi] = s.ci as [number, number];
      expect(lo).toBeLessThanOrEqual(s.score);
      expect(hi).toBeGreaterThanOrEqual(s.score);
      expect(hi).toBeGreaterThan(lo);
    }
    expect(bradleyTerry(record(3), { bootstrap: 200, seed: 11 })).toEqual(fit);
    expect(bradleyTerry(record(3), { bootstrap: 200, seed: 12 }).standings[0].ci).not.toEqual(fit.standings[0].ci);
  });

  it('are 0 wide at the anchor and narrow with more games', () => {
    const few = bradleyTerry(record(2), { bootstrap: 200, seed: 3, anchor: 'B' });
    const many = bradleyTerry(record(20), { bootstrap: 200, seed: 3, anchor: 'B' });
    expect(few.standings.find((s) => s.id === 'B')?.ci).toEqual([0, 0]);
    for (const id of ['A', 'C']) {
      const [f, m] = [few, many].map((fit) => width(fit.standings.find((s) => s.id === id)?.ci ?? null));
      expect(m).toBeLessThan(f / 2); // ~1/√10 of the width with 10 × the games
    }
  });
});
