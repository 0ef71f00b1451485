import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../server/ml/backend';
import { PRESETS } from '../../../server/ml/model/config';
import { GPT } from '../../../server/ml/model/gpt';
import { charTokenizer } from '../../../server/ml/model/tokenizer';
import { packDocuments, pretrain } from '../../../server/ml/pretrain/pretrain';

const tok = charTokenizer();

beforeAll(async () => {
  await initBackend();
});

describe('packDocuments', () => {
  it('streams documents with EOS between them; windows overlap by one token', () => {
    const rows = packDocuments(tok, ['abc', 'de'], 4); // a b c <eos> d e <eos>
    const ids = (s: string) => tok.encode(s);
    expect(rows.map((r) => r.tokens)).toEqual([
      [...ids('abc'), tok.eosId],
      [tok.eosId, ...ids('de'), tok.eosId],
    ]);
    expect(rows.every((r) => r.lossMask === undefined)).toBe(true); // every token is a target
  });
});

describe('pretrain', () => {
  it('lowers the next-token loss on a repetitive corpus', async () => {
    const model = new GPT(PRESETS.nano, { seed: 0 });
    const docs = Array.from({ length: 40 }, (_, i) => `the cat sat on mat ${i % 4}.`);
    const before = tf.memory().numTensors;
    const r = await pretrain({ model, tokenizer: tok, documents: docs, evalDocuments: docs.slice(0, 4), seqLen: 32, config: { lr: 1e-2, batchSize: 8, steps: 30, warmupSteps: 3 } });
    expect(tf.memory().numTensors).toBe(before);
    expect(r.steps).toBe(30);
    expect(r.metrics[0]['loss/train']).toBeGreaterThan(4);
    expect(r.evalLoss).toBeLessThan(2.5);
    model.dispose();
  });
});
