import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../server/ml/backend';
import { loadCheckpoint, saveCheckpoint } from '../../../server/ml/model/checkpoint';
import { PRESETS } from '../../../server/ml/model/config';
import { GPT } from '../../../server/ml/model/gpt';
import { ids } from '../helpers/model';

const cfg = PRESETS.nano;
let dir: string;

beforeAll(async () => {
  await initBackend();
  dir = mkdtempSync(path.join(os.tmpdir(), 'prefloop-ckpt-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Independent safetensors parser: header entries and raw F32 data per tensor. */
function parseSafetensors(file: string): Map<string, { shape: number[]; data: Float32Array }> {
  const buf = readFileSync(file);
  const n = Number(buf.readBigUInt64LE(0));
  const header = JSON.parse(buf.subarray(8, 8 + n).toString('utf8'));
  const out = new Map<string, { shape: number[]; data: Float32Array }>();
  let expectedStart = 0;
  type Entry = { dtype: string; shape: number[]; data_offsets: [number, number] };
  const entries = Object.entries(header).filter(([k]) => k !== '__metadata__') as [string, Entry][];
  entries.sort((a, b) => a[1].data_offsets[0] - b[1].data_offsets[0]);
  for (const [name, e] of entries) {
    expect(e.dtype).toBe('F32');
    const [s, t] = e.data_offsets;
    expect(s).toBe(expectedStart); // contiguous, no gaps
    expectedStart = t;
    const count = e.shape.reduce((a, b) => a * b, 1);
    expect(t - s).toBe(4 * count);
    const bytes = buf.subarray(8 + n + s, 8 + n + t);
    const data = new Float32Array(count);
    for (let i = 0; i < count; i++) data[i] = bytes.readFloatLE(4 * i);
    out.set(name, { shape: e.shape, data });
  }
  expect(8 + n + expectedStart).toBe(buf.length); // data ends the file
  return out;
}

/** Both models give the very same float32 logits for `tokens` (a checkpoint round trip loses no bit). */
function expectBitIdenticalLogits(a: GPT, b: GPT, tokens: number[][]): void {
  const x = ids(tokens);
  const [la, lb] = [a, b].map((m) => tf.tidy(() => m.forward(x)));
  expect(Buffer.from(lb.dataSync().buffer).equals(Buffer.from(la.dataSync().buffer))).toBe(true);
  tf.dispose([x, la, lb]);
}

describe('checkpoint', () => {
  it('save → load gives bit-identical weights and identical logits; files are valid safetensors + config', async () => {
    const model = new GPT(cfg, { seed: 21 });
    const ckpt = path.join(dir, 'plain');
    await saveCheckpoint(ckpt, model, { tokenizer: 'char', step: 7 });
    expect(readdirSync(ckpt).sort()).toEqual(['config.json', 'model.safetensors']); // no temp files left

    const parsed = parseSafetensors(path.join(ckpt, 'model.safetensors'));
    expect([...parsed.keys()].sort()).toEqual([...model.namedWeights().keys()].sort());
    for (const [name, v] of model.namedWeights()) {
      expect(parsed.get(name)!.shape).toEqual(v.shape);
      expect(Buffer.from(parsed.get(name)!.data.buffer).equals(Buffer.from((v.dataSync() as Float32Array).buffer))).toBe(true);
    }
    const config = JSON.parse(readFileSync(path.join(ckpt, 'config.json'), 'utf8'));
    expect(config).toMatchObject({ n_embd: cfg.nEmbd, n_layer: cfg.nLayer, n_head: cfg.nHead, vocab_size: cfg.vocabSize, n_positions: cfg.blockSize });

    const loaded = await loadCheckpoint(ckpt);
    expect(loaded.model.config).toEqual({ ...cfg });
    expect(loaded.tokenizer.name).toBe('char');
    expect(loaded.meta).toMatchObject({ tokenizer: 'char', step: 7 });
    expectBitIdenticalLogits(model, loaded.model, [[3, 1, 4, 1, 5, 9, 2, 6]]);
    model.dispose();
    loaded.model.dispose();
  });

  it('round-trips LoRA adapters', async () => {
    const model = new GPT(cfg, { seed: 22 });
    model.enableLora({ rank: 2, alpha: 4, seed: 1 });
    tf.tidy(() => {
      for (const [name, v] of model.loraWeights()) if (name.endsWith('lora_B')) v.assign(tf.randomNormal(v.shape, 0, 0.1, 'float32', 2));
    });
    const ckpt = path.join(dir, 'lora');
    await saveCheckpoint(ckpt, model, { tokenizer: 'char' });
    const loaded = await loadCheckpoint(ckpt);
    expect(loaded.model.loraConfig()).toEqual(model.loraConfig());
    expectBitIdenticalLogits(model, loaded.model, [[7, 7, 8, 9]]);
    model.dispose();
    loaded.model.dispose();
  });

  it('overwrites an existing checkpoint in place and rejects an unknown tokenizer', async () => {
    const model = new GPT(cfg, { seed: 23 });
    const ckpt = path.join(dir, 'again');
    await saveCheckpoint(ckpt, model, { tokenizer: 'char', v: 1 });
    await saveCheckpoint(ckpt, model, { tokenizer: 'char', v: 2 });
    expect((await loadCheckpoint(ckpt)).meta.v).toBe(2);
    await expect(saveCheckpoint(path.join(dir, 'bad'), model, { tokenizer: 'nope' })).rejects.toThrow(/unknown tokenizer/);
    model.dispose();
  });
});
