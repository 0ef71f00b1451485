// The Bradley–Terry maximum (a posteriori) for bradley-terry.ts: θ = ln p maximising
//   ℓ(θ) = Σ_ij w_ij ln σ(θ_i − θ_j) + (g/2) Σ_i [ln σ(θ_i) + ln σ(−θ_i)],
// w_ij = i's wins over j (a tie is ½ to each side), g virtual ties of every player against a pseudo-player θ = 0.

const MM_SWEEPS = 200;
const MM_CHANGE = 1e-3;
const NEWTON_STEPS = 60;

/** ln σ(x), without overflow. */
const logSigmoid = (x: number): number => (x >= 0 ? -Math.log1p(Math.exp(-x)) : x - Math.log1p(Math.exp(x)));
const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

/**
 * θ over the P×P half-win matrix `w` (NaN for players without a game). Cyclic MM sweeps (Hunter 2004, eq. 3)
 *   p_i ← (W_i + g/2) / (Σ_j n_ij / (p_i + p_j) + g / (p_i + 1)),   W_i = Σ_j w_ij,  n_ij = w_ij + w_ji,
 * bring θ near the maximum; Newton steps finish it: MM alone needs ~P² sweeps on a chain (v1–v2–…–vP, the
 * loop's new-vs-previous pairs), and barely moves the common level of θ when the prior is weak against many games.
 * With g = 0 the maximum is unique only up to a shift (kept at mean 0) and exists only when every player has
 * both won and lost within a connected graph (Hunter's condition); otherwise this throws.
 */
export function fitLogStrengths(w: Float64Array, P: number, priorGames: number, tol = 1e-10): Float64Array {
  const played = Array.from({ length: P }, (_, i) => i).filter((i) => {
    for (let j = 0; j < P; j++) if (w[i * P + j] + w[j * P + i] > 0) return true;
    return false;
  });
  const m = played.length;
  const n = (r: number, c: number) => w[played[r] * P + played[c]] + w[played[c] * P + played[r]];
  const W = played.map((i) => Array.from({ length: P }, (_, j) => w[i * P + j]).reduce((s, x) => s + x, 0));
  const g = priorGames;

  // 1. MM sweeps on p = e^θ
  const p = new Float64Array(m).fill(1);
  for (let sweep = 0; sweep < MM_SWEEPS; sweep++) {
    let change = 0;
    for (let r = 0; r < m; r++) {
      let denom = g / (p[r] + 1);
      for (let c = 0; c < m; c++) if (c !== r && n(r, c) > 0) denom += n(r, c) / (p[r] + p[c]);
      const next = (W[r] + g / 2) / denom;
      change = Math.max(change, Math.abs(Math.log(next / p[r])));
      p[r] = next;
    }
    if (g === 0) centre(p);
    if (change < MM_CHANGE) break;
  }

  // 2. Newton steps on θ, halved until ℓ does not drop
  let theta = Array.from(p, Math.log);
  const objective = (t: number[]) => {
    let value = 0;
    for (let r = 0; r < m; r++) {
      value += (g / 2) * (logSigmoid(t[r]) + logSigmoid(-t[r]));
      for (let c = 0; c < m; c++) if (c !== r) value += w[played[r] * P + played[c]] * logSigmoid(t[r] - t[c]);
    }
    return value;
  };
  for (let step = 0; step < NEWTON_STEPS; step++) {
    const delta = newtonDirection(theta, W, n, g);
    if (!delta) break;
    const before = objective(theta);
    let scale = 1;
    let next = theta.map((t, r) => t + delta[r]);
    while (!(objective(next) >= before - 1e-12 * Math.abs(before)) && scale > 1e-6) {
      scale /= 2;
      next = theta.map((t, r) => t + scale * delta[r]);
    }
    theta = next;
    if (Math.max(...delta.map(Math.abs)) * scale < tol) return spread(theta, played, P);
  }
  throw new Error('Bradley–Terry: no finite fit (a player never won or never lost); use priorGames > 0');
}

/**
 * δ solving H δ = ∇ℓ with H = −∇²ℓ (+ 11ᵀ/m when g = 0: ℓ is then flat along a common shift, and ∇ℓ ⊥ 1, so δ
 * keeps the mean): ∂ℓ/∂θ_i = W_i + g/2 − Σ_j n_ij s_ij − g σ(θ_i), H_ii = Σ_j n_ij s_ij(1 − s_ij) + g σ_i(1 − σ_i),
 * H_ij = −n_ij s_ij(1 − s_ij), s_ij = σ(θ_i − θ_j). Null when H is not positive definite (no finite maximum).
 */
function newtonDirection(theta: number[], W: number[], n: (r: number, c: number) => number, g: number): number[] | null {
  const m = theta.length;
  const H = Array.from({ length: m }, () => new Float64Array(m).fill(g === 0 ? 1 / m : 0));
  const grad = theta.map((t, r) => W[r] + g / 2 - g * sigmoid(t));
  for (let r = 0; r < m; r++) {
    const s = sigmoid(theta[r]);
    H[r][r] += g * s * (1 - s);
    for (let c = 0; c < m; c++) {
      if (c === r || n(r, c) === 0) continue;
      const sij = sigmoid(theta[r] - theta[c]);
      grad[r] -= n(r, c) * sij;
      H[r][r] += n(r, c) * sij * (1 - sij);
      H[r][c] -= n(r, c) * sij * (1 - sij);
    }
  }
  return choleskySolve(H, grad);
}

/** x with A x = b for a symmetric positive-definite A (overwritten); null when A is not. */
function choleskySolve(A: Float64Array[], b: number[]): number[] | null {
  const m = b.length;
  for (let j = 0; j < m; j++) {
    let d = A[j][j];
    for (let k = 0; k < j; k++) d -= A[j][k] * A[j][k];
    if (!(d > 1e-12 * (1 + Math.abs(A[j][j])))) return null;
    A[j][j] = Math.sqrt(d);
    for (let i = j + 1; i < m; i++) {
      let s = A[i][j];
      for (let k = 0; k < j; k++) s -= A[i][k] * A[j][k];
      A[i][j] = s / A[j][j];
    }
  }
  const y = b.slice();
  for (let i = 0; i < m; i++) {
    for (let k = 0; k < i; k++) y[i] -= A[i][k] * y[k];
    y[i] /= A[i][i];
  }
  for (let i = m - 1; i >= 0; i--) {
    for (let k = i + 1; k < m; k++) y[i] -= A[k][i] * y[k];
    y[i] /= A[i][i];
  }
  return y;
}

/** p scaled to geometric mean 1. */
function centre(p: Float64Array): void {
  const mean = p.reduce((s, x) => s + Math.log(x), 0) / p.length;
  for (let r = 0; r < p.length; r++) p[r] /= Math.exp(mean);
}

/** θ of the players who played, back at their indices among all P (NaN for the others). */
function spread(theta: number[], played: number[], P: number): Float64Array {
  const out = new Float64Array(P).fill(Number.NaN);
  played.forEach((i, r) => {
    out[i] = theta[r];
  });
  return out;
}
