// Conjugate gradient (Hestenes & Stiefel 1952) for TRPO's step direction: solves A x = b for a symmetric positive
// definite A known only through products A·v (here the damped Fisher-vector product), on flat Float32Array
// vectors. The recursion itself runs in float64 (x, r, p; A·v sees p rounded to float32): exact arithmetic reaches
// the solution in ≤ n iterations, and float64 state keeps float32 rounding from spoiling the conjugacy much.

export interface CgOptions {
  iters: number; // at most this many A·v products [10]
  residualTol: number; // stop once rᵀr < residualTol (the squared residual norm, as Spinning Up's) [1e-10]
}

export interface CgResult {
  x: Float32Array;
  iterations: number; // A·v products used
  residual: number; // ‖b − A x‖ as tracked by the recursion
}

type Vec = Float32Array | Float64Array;

export function dot(a: Vec, b: Vec): number {
  if (a.length !== b.length) throw new Error(`dot: length ${a.length} ≠ ${b.length}`);
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/** y ← y + α·x, in place; returns y. */
export function axpy<V extends Vec>(alpha: number, x: Vec, y: V): V {
  if (x.length !== y.length) throw new Error(`axpy: length ${x.length} ≠ ${y.length}`);
  for (let i = 0; i < x.length; i++) y[i] += alpha * x[i];
  return y;
}

export function conjugateGradient(Av: (v: Float32Array) => Float32Array, b: Float32Array, opts: Partial<CgOptions> = {}): CgResult {
  const { iters = 10, residualTol = 1e-10 } = opts;
  const x = new Float64Array(b.length); // x₀ = 0, so r₀ = b
  const r = Float64Array.from(b);
  const p = Float64Array.from(b);
  let rr = dot(r, r);
  let iterations = 0;
  while (iterations < iters && rr >= residualTol) {
    // 1. step along p to the minimum of ½xᵀAx − bᵀx on that line
    const Ap = Av(Float32Array.from(p));
    iterations++;
    const pAp = dot(p, Ap);
    if (!(pAp > 0)) break; // A is not positive definite along p (or p = 0): stop with the x so far
    const alpha = rr / pAp;
    axpy(alpha, p, x);
    axpy(-alpha, Ap, r);
    // 2. next direction: the residual made A-conjugate to the previous directions
    const rrNext = dot(r, r);
    const beta = rrNext / rr;
    for (let i = 0; i < p.length; i++) p[i] = r[i] + beta * p[i];
    rr = rrNext;
  }
  return { x: Float32Array.from(x), iterations, residual: Math.sqrt(rr) };
}
