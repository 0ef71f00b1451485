// Data-parallel next-token training on several cores: N worker threads each hold a replica of the model,
// compute gradients on a shard of every batch, and apply the same averaged gradients (wasm runs one thread
// per worker, so this is how training uses more than one core).
//   step: 1. shard the batch by tokens  2. replicas: ∇ Σ_shard NLL / N_targets(batch)  3. sum  4. replicas: clip + Adam
// The sum of the shards' gradients is exactly the gradient of the batch's mean loss, so a step equals a
// one-worker step on the whole batch up to float rounding (tested).
import { fileURLToPath } from 'node:url';
import { spawn } from '../../jobs/run-in-worker';
import type { GPTConfig } from '../model/config';
import { WorkerChannel } from '../worker-channel';
import type { TokenRow } from './batch';
import type { ReplicaInit, ReplicaReply, ReplicaRequest } from './data-parallel-protocol';
import type { OptimizerConfig } from './optimizer-step';

export interface DataParallelOptions {
  workers: number;
  config: GPTConfig;
  seed?: number; // fresh init (same on every replica) when `weights` is absent
  weights?: Map<string, Float32Array>;
  optimizer: OptimizerConfig;
  padId: number;
  maxLen: number;
  backend?: string;
}

const WORKER_FILE = fileURLToPath(new URL('./data-parallel-worker.ts', import.meta.url));

/** Targets a row contributes to the loss: positions 1..n-1 whose mask is 1 (n = the row's length after truncation). */
export function targetCount(row: TokenRow, maxLen: number): number {
  const n = Math.min(row.tokens.length, maxLen);
  if (!row.lossMask) return Math.max(0, n - 1);
  let c = 0;
  for (let t = 1; t < n; t++) c += row.lossMask[t];
  return c;
}

/** Splits rows into `n` shards of about equal token counts (longest first, each to the lightest shard). */
export function shardRows(rows: TokenRow[], n: number): TokenRow[][] {
  const shards: TokenRow[][] = Array.from({ length: n }, () => []);
  const load = new Array<number>(n).fill(0);
  for (const row of [...rows].sort((a, b) => b.tokens.length - a.tokens.length)) {
    const i = load.indexOf(Math.min(...load));
    shards[i].push(row);
    load[i] += row.tokens.length;
  }
  return shards;
}

type Replica = WorkerChannel<ReplicaRequest, Exclude<ReplicaReply, { type: 'error' }>>;

export class DataParallelTrainer {
  step = 0;
  private sum: Float32Array[] | null = null;
  private constructor(
    private readonly replicas: Replica[],
    private readonly maxLen: number,
  ) {}

  static async create(opts: DataParallelOptions): Promise<DataParallelTrainer> {
    if (!(Number.isInteger(opts.workers) && opts.workers >= 1)) throw new Error(`workers must be a positive integer, got ${opts.workers}`);
    const init: ReplicaInit = {
      backend: opts.backend,
      config: opts.config,
      seed: opts.seed ?? 0,
      weights: opts.weights ? Object.fromEntries(opts.weights) : undefined,
      optimizer: opts.optimizer,
      padId: opts.padId,
      maxLen: opts.maxLen,
    };
    const replicas: Replica[] = Array.from({ length: opts.workers }, () => new WorkerChannel(spawn(WORKER_FILE, init), 'data-parallel replica'));
    const trainer = new DataParallelTrainer(replicas, opts.maxLen);
    try {
      await Promise.all(replicas.map((r) => r.ready));
    } catch (err) {
      await trainer.close();
      throw err;
    }
    return trainer;
  }

  /** Arrays shaped like `like`, in one SharedArrayBuffer allocated on the first step: the summed gradients. */
  private sharedSum(like: Float32Array[]): Float32Array[] {
    if (!this.sum) {
      const buffer = new SharedArrayBuffer(4 * like.reduce((n, g) => n + g.length, 0));
      let offset = 0;
      this.sum = like.map((g) => {
        const view = new Float32Array(buffer, 4 * offset, g.length);
        offset += g.length;
        return view;
      });
    }
    return this.sum;
  }

  get workers(): number {
    return this.replicas.length;
  }

  /** One optimizer step on `rows` (the whole batch): the same flat metrics record as SftTrainer.trainStep. */
  async trainStep(rows: TokenRow[]): Promise<Record<string, number>> {
    const t0 = performance.now();
    const normaliser = Math.max(1e-8, rows.reduce((a, r) => a + targetCount(r, this.maxLen), 0));
    const shards = shardRows(rows, this.replicas.length);
    // 1–2. gradients of each shard's share of the batch's mean loss
    const parts = await Promise.all(
      shards.map((shard, i) => (shard.length ? this.replicas[i].request<'gradients'>({ type: 'gradients', rows: shard, normaliser }) : null)),
    );
    // 3. sum into memory every replica shares (sending it then copies nothing)
    const done = parts.filter((p) => p !== null);
    const sum = this.sharedSum(done[0].grads);
    for (let v = 0; v < sum.length; v++) sum[v].set(done[0].grads[v]);
    for (const p of done.slice(1)) for (let v = 0; v < sum.length; v++) {
      const a = sum[v];
      const b = p.grads[v];
      for (let k = 0; k < a.length; k++) a[k] += b[k];
    }
    // 4. every replica clips and applies the same gradients
    const applied = await Promise.all(this.replicas.map((r) => r.request<'applied'>({ type: 'apply', grads: sum })));
    this.step++;
    const tokens = rows.reduce((a, r) => a + Math.min(r.tokens.length, this.maxLen), 0);
    const seconds = (performance.now() - t0) / 1000;
    return {
      step: this.step,
      'loss/train': done.reduce((a, p) => a + p.loss, 0),
      lr: applied[0].lr,
      grad_norm: applied[0].gradNorm,
      tokens_per_s: tokens / seconds,
    };
  }

  /** Token-weighted mean loss over `rows` (no gradients), `batchSize` rows per forward and replica. */
  async evalLoss(rows: TokenRow[], batchSize = 16): Promise<number> {
    let sum = 0;
    let count = 0;
    const shards = shardRows(rows, this.replicas.length);
    await Promise.all(
      shards.map(async (shard, i) => {
        for (let k = 0; k < shard.length; k += batchSize) {
          const r = await this.replicas[i].request<'nll'>({ type: 'nll', rows: shard.slice(k, k + batchSize) });
          sum += r.sum;
          count += r.count;
        }
      }),
    );
    return count > 0 ? sum / count : Number.NaN;
  }

  /** The trained weights by name (all replicas hold the same). */
  async weights(): Promise<Map<string, Float32Array>> {
    const r = await this.replicas[0].request<'weights'>({ type: 'weights' });
    return new Map(Object.entries(r.weights));
  }

  async close(): Promise<void> {
    await Promise.all(this.replicas.map((r) => r.close()));
  }
}
