// TRPO from a reward function (DESIGN.md §4 "TRPO"; Schulman et al. 2015). One step:
// 1. experience (PPO's: rollout, score, old/ref log-probs, values, per-token KL rewards, GAE, whitening)
// 2. surrogate L(θ) = masked mean of ρ·A (ρ = π_θ / π_old per response token), its gradient g at θ_old
// 3. conjugate gradient on (F + damping·I) x = g, F·v = Jᵀ(diag p − ppᵀ)(J·v) with J·v by finite differences (fisher.ts)
// 4. full step s = √(2δ / xᵀFx)·x
// 5. backtracking line search: θ_old + backtrack^j·s is accepted when L improved and mean KL ≤ klTolerance·δ;
//    if no try passes, θ_old is restored (bit-identical)
// 6. value head regression on the returns (its variables only), then the adaptive β if on.
import * as tf from '@tensorflow/tfjs';
import type { GPT } from '../model/gpt';
import type { Tokenizer } from '../model/tokenizer';
import { OptimizerStep } from '../train/optimizer-step';
import { conjugateGradient, dot } from './conjugate-gradient';
import { collectExperience, type Experience, type ExperienceBatch, packExperience } from './experience';
import { fisherVectorProduct, flatGradient, type KlChunk, meanKl, nextTokenLogProbs, responseTokens, WeightSnapshot } from './fisher';
import { microBatches } from './logprobs';
import { type KlController, maskedMean } from './math';
import { PolicyWithValue, type ValueHead } from './policy-value';
import { ReferencePolicy } from './reference';
import type { RewardFn, RlPrompt } from './reward-fn';
import type { GivenRollout } from './rollout';
import { klControllerFor, rolloutOptionsFor } from './rollout-config';
import { type TrpoConfig, trpoConfig } from './trpo-config';

export type TrpoMetrics = Record<string, number>;

export interface TrpoStepResult {
  metrics: TrpoMetrics;
  experience: Experience;
}

/** One micro-batch of the batch (microBatches: ≤ trainBatchSize rows, ≤ trainTokenBudget padded tokens): experience tensors [B, T-1] and π_old's next-token log-probs [B, T-1, V]. */
type Chunk = ExperienceBatch & KlChunk;

interface PolicyStepStats {
  'policy/accepted': number; // 1 if a try of the line search passed
  'policy/line_search_steps': number; // tries made
  'policy/kl_step': number; // mean KL(π_old ‖ π_new) per response token of the accepted step (0 if none)
  'policy/surrogate_gain': number; // L(θ_new) − L(θ_old) (0 if none)
  'policy/step_norm': number; // ‖θ_new − θ_old‖
  'policy/grad_norm': number; // ‖g‖
  'policy/cg_iters': number;
  'policy/cg_residual': number; // ‖g − (F + damping·I) x‖
}

/** Σ over the chunk's response tokens of ρ·A, ρ = exp(log π_θ − log π_old); differentiable. */
function surrogateSum(policy: GPT, c: Chunk, temperature: number): tf.Scalar {
  return tf.tidy(() => {
    const logp = nextTokenLogProbs(policy, c.batch, temperature); // [B, T-1, V]
    const [B, T] = c.batch.tokens.shape;
    const next = tf.slice(c.batch.tokens, [0, 1], [B, T - 1]); // [B, T-1]
    const picked = tf.sum(tf.mul(logp, tf.oneHot(next, logp.shape[2])), -1); // [B, T-1]; one-hot: no gather gradient on wasm
    const ratio = tf.exp(tf.sub(picked, c.oldLogprobs)); // [B, T-1]
    return tf.sum(tf.mul(tf.mul(ratio, c.advantages), c.batch.responseMask)) as tf.Scalar;
  });
}

export class TrpoTrainer {
  readonly config: TrpoConfig;
  readonly reference: ReferencePolicy;
  readonly model: PolicyWithValue;
  readonly kl: KlController;
  private readonly valueOpt: OptimizerStep;
  private readonly reward: RewardFn;
  private steps = 0;

  constructor(
    readonly policy: GPT,
    private readonly tok: Tokenizer,
    config: Partial<TrpoConfig>,
    opts: { reward: RewardFn; totalSteps?: number; valueHead?: ValueHead },
  ) {
    this.config = trpoConfig(config);
    const c = this.config;
    this.reference = new ReferencePolicy(policy); // frozen at the policy's weights now
    this.model = new PolicyWithValue(policy, opts.valueHead);
    this.reward = opts.reward;
    this.kl = klControllerFor(c);
    this.valueOpt = new OptimizerStep(this.model.valueHead.variables(), {
      lr: c.valueLr,
      totalSteps: opts.totalSteps ?? 100, // the schedule is constant (minLrRatio 1); only its length is set
      warmupSteps: 0,
      minLrRatio: 1,
    });
  }

  /** One step; `given`: its rollout, sampled by a rollout worker during the previous step (else sampled here). */
  step(prompts: readonly RlPrompt[], given?: GivenRollout): TrpoStepResult {
    const c = this.config;
    // 1. experience
    const { experience, metrics: rollout } = collectExperience(
      this.model,
      this.reference,
      this.tok,
      prompts,
      this.reward,
      { ...c, klCoef: this.kl.value, seed: rolloutOptionsFor(c, this.steps).seed },
      given,
    );
    const t0 = performance.now();
    const chunks = this.chunks(experience);
    try {
      // 2.–5. the trust-region step   6. the value head, then β
      const policyStats = this.policyStep(chunks);
      const valueLoss = this.fitValueHead(chunks);
      const trainS = (performance.now() - t0) / 1000;
      const beta = this.kl.value;
      this.kl.update(rollout['objective/kl'], experience.seqs.length);
      this.steps++;
      const tokens = experience.seqs.reduce((a, s) => a + s.response.length, 0);
      const metrics: TrpoMetrics = {
        step: this.steps,
        ...rollout,
        ...policyStats,
        'loss/value': valueLoss,
        'objective/kl_coef': beta,
        'time/train_s': trainS,
        tokens_per_s: tokens / (rollout['time/rollout_wait_s'] + rollout['time/score_s'] + rollout['time/logprobs_s'] + trainS),
      };
      return { metrics, experience };
    } finally {
      tf.dispose(chunks);
    }
  }

  /** The batch in chunks (≤ trainBatchSize rows, ≤ trainTokenBudget padded tokens), with π_old's next-token log-probs (no gradients). */
  private chunks(exp: Experience): Chunk[] {
    const ids = { padId: this.tok.padId, eosId: this.tok.eosId };
    const out: Chunk[] = [];
    for (const [start, end] of microBatches(exp.seqs, this.config.trainBatchSize, this.config.trainTokenBudget)) {
      const rows = exp.seqs.slice(start, end).map((_, i) => start + i);
      const mb = packExperience(exp, rows, ids);
      out.push({ ...mb, oldLogp: nextTokenLogProbs(this.policy, mb.batch, this.config.temperature) });
    }
    return out;
  }

  /** Phases 2–5: leaves the policy at the accepted θ_new, or at θ_old. */
  private policyStep(chunks: Chunk[]): PolicyStepStats {
    const c = this.config;
    const T = c.temperature;
    const vars = this.policy.trainableVariables();
    const n = responseTokens(chunks);
    const weights = new WeightSnapshot(vars);
    try {
      // 2. surrogate L(θ_old) (= mean A) and g = ∇L(θ_old)
      const g = new Float32Array(weights.size);
      let L0 = 0;
      for (const chunk of chunks) {
        const part = flatGradient(() => tf.div(surrogateSum(this.policy, chunk, T), n) as tf.Scalar, vars);
        L0 += part.value;
        for (let i = 0; i < g.length; i++) g[i] += part.grad[i];
      }
      // 3. x ≈ (F + damping·I)⁻¹ g
      const Fv = (v: Float32Array) => fisherVectorProduct(this.policy, weights, chunks, v, { damping: c.cgDamping, temperature: T, tokens: n });
      const cg = conjugateGradient(Fv, g, { iters: c.cgIters });
      const stats = { 'policy/grad_norm': Math.sqrt(dot(g, g)), 'policy/cg_iters': cg.iterations, 'policy/cg_residual': cg.residual };
      // 4. the full step reaches KL ≈ δ in the quadratic model: ½ sᵀFs = δ
      const xFx = dot(cg.x, Fv(cg.x));
      if (!(xFx > 0)) return { ...stats, ...this.rejected(0) }; // g = 0: nothing to climb
      const scale = Math.sqrt((2 * c.maxKl) / xFx);
      // 5. backtracking line search
      return { ...stats, ...this.lineSearch(weights, cg.x, scale, L0, chunks, n) };
    } finally {
      weights.dispose();
    }
  }

  /** Phase 5: the first θ_old + backtrack^j·scale·x with a better surrogate and KL ≤ klTolerance·δ, else θ_old. */
  private lineSearch(weights: WeightSnapshot, x: Float32Array, scale: number, L0: number, chunks: Chunk[], n: number) {
    const c = this.config;
    for (let j = 0; j < c.lineSearchSteps; j++) {
      const frac = c.backtrack ** j;
      weights.moveTo(x, scale * frac);
      const gain = this.surrogate(chunks, n) - L0;
      const kl = meanKl(this.policy, chunks, c.temperature, n);
      if (gain > 0 && kl <= c.klTolerance * c.maxKl) {
        const stepNorm = scale * frac * Math.sqrt(dot(x, x));
        return { 'policy/accepted': 1, 'policy/line_search_steps': j + 1, 'policy/kl_step': kl, 'policy/surrogate_gain': gain, 'policy/step_norm': stepNorm };
      }
    }
    weights.restore();
    return this.rejected(c.lineSearchSteps);
  }

  private rejected(tries: number) {
    return { 'policy/accepted': 0, 'policy/line_search_steps': tries, 'policy/kl_step': 0, 'policy/surrogate_gain': 0, 'policy/step_norm': 0 };
  }

  /** L(θ) at the current weights (no gradient). */
  private surrogate(chunks: Chunk[], n: number): number {
    return chunks.reduce((s, chunk) => s + tf.tidy(() => surrogateSum(this.policy, chunk, this.config.temperature).dataSync()[0]), 0) / n;
  }

  /** Phase 6: valueIters passes of ½ masked mean (V − R)² on the new trunk's hidden states; the mean loss. */
  private fitValueHead(chunks: Chunk[]): number {
    const head = this.model.valueHead;
    const hidden = chunks.map((chunk) => this.policy.hidden(chunk.batch.tokens, { attentionMask: chunk.batch.attentionMask })); // [B, T, C]
    let total = 0;
    for (let iter = 0; iter < this.config.valueIters; iter++) {
      chunks.forEach((chunk, i) => {
        const [B, T] = chunk.batch.tokens.shape;
        total += this.valueOpt.run(() => {
          const values = tf.slice(head.apply(hidden[i]), [0, 0], [B, T - 1]); // [B, T-1] V(s_t)
          return tf.mul(0.5, maskedMean(tf.square(tf.sub(values, chunk.returns)), chunk.batch.responseMask)) as tf.Scalar;
        }).loss;
      });
    }
    tf.dispose(hidden);
    return total / (this.config.valueIters * chunks.length);
  }

  /** Frees the reference copy, the value optimizer's slots and the value head (passed or made); the policy is the caller's. */
  dispose(): void {
    this.reference.dispose();
    this.valueOpt.dispose();
    this.model.valueHead.dispose();
  }
}
