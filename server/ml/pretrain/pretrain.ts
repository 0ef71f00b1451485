// Next-token pretraining: documents → one token stream (EOS between documents) → fixed-length windows,
// loss on every token. Reuses the SFT trainer with a full loss mask.
import type { Tokenizer } from '../model/tokenizer';
import type { TokenRow } from '../train/batch';
import type { SftConfig } from '../sft/config';
import { type TrainResult, type TrainRunOptions, trainOnRows } from '../sft/sft';

/**
 * Windows of `seqLen` tokens over the stream `doc₀ EOS doc₁ EOS …`. Consecutive windows share one token
 * (the last input of one is the first of the next), so every token after the first is a target exactly once.
 * A tail shorter than 2 tokens is dropped.
 */
export function packDocuments(tok: Tokenizer, documents: string[], seqLen: number): TokenRow[] {
  if (seqLen < 2) throw new Error(`seqLen must be ≥ 2, got ${seqLen}`);
  const stream = documents.flatMap((d) => [...tok.encode(d), tok.eosId]);
  const rows: TokenRow[] = [];
  for (let start = 0; start + 1 < stream.length; start += seqLen - 1) {
    rows.push({ tokens: stream.slice(start, start + seqLen) });
  }
  return rows;
}

export interface PretrainOptions extends Omit<TrainRunOptions, 'padId' | 'train' | 'eval' | 'config'> {
  tokenizer: Tokenizer;
  documents: string[];
  evalDocuments?: string[];
  seqLen: number; // tokens per window (≤ the model's blockSize)
  config?: Partial<SftConfig>;
}

export async function pretrain(opts: PretrainOptions): Promise<TrainResult> {
  const { tokenizer, seqLen } = opts;
  return trainOnRows({
    ...opts,
    padId: tokenizer.padId,
    train: packDocuments(tokenizer, opts.documents, seqLen),
    eval: opts.evalDocuments && packDocuments(tokenizer, opts.evalDocuments, seqLen),
    config: { ...opts.config, maxLen: seqLen },
  });
}
