// Serving's decoder: batched, KV-cached sampling like model/sampling.ts `generate`, but it reports the text each
// row adds at every step (for streaming), ends rows at stop sequences, and pauses between steps so that a cancel
// can arrive. Rows are prompts × n, in OpenAI's choice order (choice i = prompt ⌊i/n⌋).
import type { FinishReason } from '../../shared/schemas/v1';
import type { GPT } from '../ml/model/gpt';
import { KVCache } from '../ml/model/kv-cache';
import { pickToken, type SampleOptions, stepLogits } from '../ml/model/sampling';
import type { Tokenizer } from '../ml/model/tokenizer';
import { createRng } from '../ml/random';
import { findStop, safeLength } from './stop-text';

export interface DecodeParams {
  maxNewTokens: number; // clamped to blockSize − 1 (the prompt then keeps its last tokens)
  temperature: number; // 0 = greedy
  topP?: number;
  seed: number;
  stop: string[];
  ignoreEos: boolean; // sample past EOS until maxNewTokens
}

/** Text a choice added this step; `finishReason` on its last one. */
export interface Delta {
  index: number;
  text: string;
  finishReason?: FinishReason;
}

export interface DecodedChoice {
  index: number;
  text: string;
  completionTokens: number;
  finishReason: FinishReason;
}

export interface DecodeResult {
  choices: DecodedChoice[];
  promptTokens: number; // Σ over prompts (not × n), after truncation
}

export interface DecodeHooks {
  onDeltas?(deltas: Delta[]): void;
  /** awaited between steps (the worker yields to its message port there) */
  pause?(): Promise<void>;
  /** checked after each pause: true ends every row now */
  cancelled?(): boolean;
}

interface Row {
  index: number;
  tokens: number[];
  text: string;
  sent: number; // characters of text already reported
  finishReason?: FinishReason;
}

export async function decode(model: GPT, tok: Tokenizer, prompts: string[], n: number, params: DecodeParams, hooks: DecodeHooks = {}): Promise<DecodeResult> {
  const { blockSize, vocabSize: V } = model.config;
  const maxNew = Math.max(1, Math.min(params.maxNewTokens, blockSize - 1));
  const sampling: SampleOptions = { maxNewTokens: maxNew, temperature: params.temperature, topP: params.topP };
  const rng = createRng(params.seed);

  const promptIds = prompts.map((p) => {
    const ids = tok.encode(p).slice(-(blockSize - maxNew));
    return ids.length > 0 ? ids : [tok.eosId];
  });
  const rowPrompt = promptIds.flatMap((ids) => Array<number[]>(n).fill(ids)); // [B] prompt of each row
  const rows: Row[] = rowPrompt.map((_, index) => ({ index, tokens: [], text: '', sent: 0 }));
  const Tp = Math.max(...promptIds.map((ids) => ids.length));
  const padded = rowPrompt.map((ids) => [...Array(Tp - ids.length).fill(tok.padId), ...ids]); // [B, Tp]
  const mask = rowPrompt.map((ids) => [...Array(Tp - ids.length).fill(0), ...Array(ids.length).fill(1)]); // [B, Tp]

  const finish = (row: Row, reason: FinishReason, text: string): Delta => {
    row.finishReason = reason;
    row.text = text;
    const delta = { index: row.index, text: text.slice(row.sent), finishReason: reason };
    row.sent = text.length;
    return delta;
  };

  const cache = new KVCache(model.config, rows.length);
  let active = rows.map((_, b) => b); // the cache's rows, as indices into rows
  try {
    let logits = stepLogits(model, cache, padded, mask); // [B'·V]
    for (let step = 0; step < maxNew; step++) {
      const last = step === maxNew - 1;
      const deltas: Delta[] = [];
      const next: number[][] = []; // [B'', 1]
      const continuing: number[] = []; // cache rows that go on
      for (const [cacheRow, b] of active.entries()) {
        const row = rows[b];
        let z = logits.subarray(cacheRow * V, (cacheRow + 1) * V);
        if (params.ignoreEos) {
          z = Float32Array.from(z);
          z[tok.eosId] = -Infinity;
        }
        const { token } = pickToken(z, sampling, rng);
        if (token === tok.eosId) {
          deltas.push(finish(row, 'stop', row.text));
          continue;
        }
        row.tokens.push(token);
        const text = tok.decode(row.tokens);
        const stopAt = findStop(text, params.stop, row.sent);
        if (stopAt !== -1 || last) {
          deltas.push(stopAt !== -1 ? finish(row, 'stop', text.slice(0, stopAt)) : finish(row, 'length', text));
          continue;
        }
        row.text = text;
        const safe = safeLength(text, params.stop);
        if (safe > row.sent) deltas.push({ index: row.index, text: text.slice(row.sent, safe) });
        row.sent = Math.max(row.sent, safe);
        next.push([token]);
        continuing.push(cacheRow);
      }
      if (deltas.length > 0) hooks.onDeltas?.(deltas);
      if (continuing.length === 0) break;
      await hooks.pause?.();
      if (hooks.cancelled?.()) break;
      cache.keepRows(continuing); // finished rows leave the batch
      active = continuing.map((cacheRow) => active[cacheRow]);
      logits = stepLogits(model, cache, next);
    }
  } finally {
    cache.dispose();
  }
  return {
    choices: rows.map((r) => ({ index: r.index, text: r.text, completionTokens: r.tokens.length, finishReason: r.finishReason ?? 'length' })),
    promptTokens: promptIds.reduce((sum, ids) => sum + ids.length, 0),
  };
}
