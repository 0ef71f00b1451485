import { describe, expect, it } from 'vitest';
import { axpy, conjugateGradient, dot } from '../../../server/ml/rl/conjugate-gradient';
import { createRng } from '../../../server/ml/random';

type Matrix = number[][];
const matVec = (A: Matrix) => (v: Float32Array) => Float32Array.from(A.map((row) => row.reduce((s, a, j) => s + a * v[j], 0)));

/** Direct solve by Gaussian elimination with partial pivoting, in float64. */
function solve(A: Matrix, b: number[]): number[] {
  const n = b.length;
  const M = A.map((row, i) => [...row, b[i]]);
  for (let c = 0; c < n; c++) {
    const p = M.slice(c).reduce((best, row, i) => (Math.abs(row[c]) > Math.abs(M[best][c]) ? c + i : best), c);
    [M[c], M[p]] = [M[p], M[c]];
    for (let r = c + 1; r < n; r++) {
      const f = M[r][c] / M[c][c];
      for (let k = c; k <= n; k++) M[r][k] -= f * M[c][k];
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) x[r] = (M[r][n] - M[r].slice(r + 1, n).reduce((s, a, k) => s + a * x[r + 1 + k], 0)) / M[r][r];
  return x;
}

/** A = GᵀG + I (symmetric positive definite) with G a seeded random n×n matrix, entries in [−1, 1). */
function randomSpd(n: number, seed: number): Matrix {
  const rand = createRng(seed).next;
  const G = Array.from({ length: n }, () => Array.from({ length: n }, () => 2 * rand() - 1));
  return G.map((_, i) => G.map((__, j) => G.reduce((s, row) => s + row[i] * row[j], 0) + (i === j ? 1 : 0)));
}

describe('dot / axpy', () => {
  it('compute the inner product and y + αx in place', () => {
    const y = Float32Array.from([1, 2, 3]);
    expect(dot(y, Float32Array.from([4, 5, 6]))).toBe(32);
    expect(axpy(2, Float32Array.from([1, 0, -1]), y)).toBe(y);
    expect(Array.from(y)).toEqual([3, 2, 1]);
    expect(() => dot(y, new Float32Array(2))).toThrow(/length/);
  });
});

describe('conjugateGradient', () => {
  it('solves the hand example [[4, 1], [1, 3]] x = [1, 2] in 2 iterations: x = [1/11, 7/11]', () => {
    const { x, iterations, residual } = conjugateGradient(
      matVec([
        [4, 1],
        [1, 3],
      ]),
      Float32Array.from([1, 2]),
    );
    expect(iterations).toBe(2);
    expect(x[0]).toBeCloseTo(1 / 11, 6);
    expect(x[1]).toBeCloseTo(7 / 11, 6);
    expect(residual).toBeLessThan(1e-5);
  });

  it('solves a random 8×8 SPD system to tolerance in ≤ n iterations, matching a direct solve', () => {
    const n = 8;
    const A = randomSpd(n, 3);
    const rand = createRng(4).next;
    const b = Array.from({ length: n }, () => 2 * rand() - 1);
    const { x, iterations, residual } = conjugateGradient(matVec(A), Float32Array.from(b), { iters: 50, residualTol: 1e-10 });
    expect(iterations).toBeLessThanOrEqual(n);
    expect(residual).toBeLessThan(1e-5);
    const direct = solve(A, b);
    const err = Math.sqrt(direct.reduce((s, d, i) => s + (d - x[i]) ** 2, 0) / direct.reduce((s, d) => s + d * d, 0));
    expect(err).toBeLessThan(1e-4); // relative, float32 vectors
    const Ax = matVec(A)(x);
    for (let i = 0; i < n; i++) expect(Ax[i]).toBeCloseTo(b[i], 4);
  });

  it('stops after `iters` products, and at once when b = 0', () => {
    const A = randomSpd(8, 5);
    let products = 0;
    const counted = (v: Float32Array) => {
      products++;
      return matVec(A)(v);
    };
    const capped = conjugateGradient(counted, Float32Array.from({ length: 8 }, (_, i) => i + 1), { iters: 3 });
    expect(capped.iterations).toBe(3);
    expect(products).toBe(3);
    expect(capped.residual).toBeGreaterThan(1e-3); // not converged yet
    const zero = conjugateGradient(counted, new Float32Array(8));
    expect(zero.iterations).toBe(0);
    expect(Array.from(zero.x)).toEqual(new Array(8).fill(0));
  });
});
