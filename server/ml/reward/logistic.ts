// L2-regularised logistic regression by Newton's method, for a handful to a few hundred features (the word prior,
// word-prior.ts): exact, deterministic, no learning rate. Pure functions on Float64Arrays.

export function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/** Solves A x = b (A square, row-major, overwritten) by Gaussian elimination with partial pivoting. */
export function solveLinear(A: Float64Array[], b: Float64Array): Float64Array {
  const n = b.length;
  const x = Float64Array.from(b);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(A[r][c]) > Math.abs(A[p][c])) p = r;
    if (Math.abs(A[p][c]) < 1e-300) throw new Error('singular system');
    [A[c], A[p]] = [A[p], A[c]];
    [x[c], x[p]] = [x[p], x[c]];
    for (let r = c + 1; r < n; r++) {
      const f = A[r][c] / A[c][c];
      if (f === 0) continue;
      for (let k = c; k < n; k++) A[r][k] -= f * A[c][k];
      x[r] -= f * x[c];
    }
  }
  for (let c = n - 1; c >= 0; c--) {
    let s = x[c];
    for (let k = c + 1; k < n; k++) s -= A[c][k] * x[k];
    x[c] = s / A[c][c];
  }
  return x;
}

export interface FitOptions {
  l2?: number | Float64Array; // λ, one for all weights or one per weight [1e-2]
  maxIterations?: number; // Newton steps [25]
  tolerance?: number; // stop when the step's largest entry is below this [1e-9]
}

/**
 * L2-regularised logistic regression on feature differences d_i = φ(chosen_i) − φ(rejected_i) (all labelled 1),
 * by Newton's method: H = mean p(1−p) d dᵀ + diag λ, g = −mean (1−p) d + λ ⊙ u with p = σ(u·d).
 */
export function fitLogistic(diffs: readonly Float64Array[], opts: FitOptions = {}): Float64Array {
  if (diffs.length === 0) throw new Error('no pairs to fit the word prior on');
  const n = diffs[0].length;
  const l2 = typeof opts.l2 === 'object' ? opts.l2 : new Float64Array(n).fill(opts.l2 ?? 1e-2);
  if (l2.length !== n || !l2.every((x) => x > 0)) throw new Error(`l2 must be > 0 (one value or ${n}), got ${opts.l2}`);
  const u = new Float64Array(n);
  for (let it = 0; it < (opts.maxIterations ?? 25); it++) {
    const g = Float64Array.from(u, (ui, r) => l2[r] * ui);
    const H = Array.from({ length: n }, (_, r) => {
      const row = new Float64Array(n);
      row[r] = l2[r];
      return row;
    });
    for (const d of diffs) {
      const p = 1 / (1 + Math.exp(-dot(u, d)));
      const gw = (1 - p) / diffs.length;
      const hw = (p * (1 - p)) / diffs.length;
      for (let r = 0; r < n; r++) {
        g[r] -= gw * d[r];
        const hr = hw * d[r];
        if (hr === 0) continue;
        const row = H[r];
        for (let c = 0; c < n; c++) row[c] += hr * d[c];
      }
    }
    const step = solveLinear(H, g);
    let largest = 0;
    for (let r = 0; r < n; r++) {
      u[r] -= step[r];
      largest = Math.max(largest, Math.abs(step[r]));
    }
    if (largest < (opts.tolerance ?? 1e-9)) break;
  }
  return u;
}
