// Checkpoint folder: model.safetensors (HF GPT-2 names, F32, plus LoRA adapters when on) and config.json
// (HF GPT-2 config fields, so other tools can read it, plus a "prefloop" section). Each file is written atomically.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { GPTConfig } from './config';
import { GPT } from './gpt';
import { readSafetensors, type NamedArray, writeFileAtomic, writeSafetensors } from './safetensors';
import { type Tokenizer, tokenizerByName } from './tokenizer';

export const WEIGHTS_FILE = 'model.safetensors';
export const CONFIG_FILE = 'config.json';

interface ConfigJson {
  model_type: 'gpt2';
  vocab_size: number;
  n_positions: number;
  n_layer: number;
  n_head: number;
  n_embd: number;
  layer_norm_epsilon: number;
  activation_function: 'gelu_new';
  tie_word_embeddings: true;
  prefloop: {
    format: 1;
    tokenizer: string;
    lora: { rank: number; alpha: number; targets: string[] } | null;
    meta: Record<string, unknown>;
  };
}

export function configFromHf(json: Record<string, unknown>): GPTConfig {
  const num = (...keys: string[]): number => {
    for (const k of keys) if (typeof json[k] === 'number') return json[k] as number;
    throw new Error(`config.json: missing ${keys.join(' / ')}`);
  };
  return {
    vocabSize: num('vocab_size'),
    blockSize: num('n_positions', 'n_ctx'),
    nLayer: num('n_layer'),
    nHead: num('n_head'),
    nEmbd: num('n_embd'),
    layerNormEps: typeof json.layer_norm_epsilon === 'number' ? json.layer_norm_epsilon : 1e-5,
  };
}

/** Saves weights and config; meta.tokenizer ('char' | 'gpt2') says how to rebuild the tokenizer. */
export async function saveCheckpoint(dir: string, model: GPT, meta: { tokenizer: string; [k: string]: unknown }): Promise<void> {
  tokenizerByName(meta.tokenizer); // fail before writing anything
  const tensors = new Map<string, NamedArray>();
  for (const [name, v] of [...model.namedWeights(), ...model.loraWeights()]) {
    tensors.set(name, { shape: v.shape, data: v.dataSync() as Float32Array });
  }
  const c = model.config;
  const config: ConfigJson = {
    model_type: 'gpt2',
    vocab_size: c.vocabSize,
    n_positions: c.blockSize,
    n_layer: c.nLayer,
    n_head: c.nHead,
    n_embd: c.nEmbd,
    layer_norm_epsilon: c.layerNormEps,
    activation_function: 'gelu_new',
    tie_word_embeddings: true,
    prefloop: { format: 1, tokenizer: meta.tokenizer, lora: model.loraConfig(), meta },
  };
  await writeSafetensors(path.join(dir, WEIGHTS_FILE), tensors, { format: 'pt' });
  await writeFileAtomic(path.join(dir, CONFIG_FILE), [`${JSON.stringify(config, null, 2)}\n`]);
}

/** Loads a folder written by saveCheckpoint (LoRA adapters restored when present). */
export async function loadCheckpoint(dir: string): Promise<{ model: GPT; tokenizer: Tokenizer; meta: Record<string, unknown> }> {
  const json = JSON.parse(await fs.readFile(path.join(dir, CONFIG_FILE), 'utf8')) as Partial<ConfigJson>;
  if (!json.prefloop) throw new Error(`${dir}: not a prefloop checkpoint (no "prefloop" in config.json); use loadHfGpt2 for HF folders`);
  const { tokenizer, lora, meta } = json.prefloop;
  const { tensors } = await readSafetensors(path.join(dir, WEIGHTS_FILE));
  const weights = new Map([...tensors].map(([name, t]) => [name, t.data]));
  const model = new GPT(configFromHf(json as Record<string, unknown>), { weights });
  if (lora) {
    model.enableLora({ ...lora, seed: 0 });
    for (const [name, v] of model.loraWeights()) {
      const data = weights.get(name);
      if (!data) throw new Error(`${dir}: missing LoRA weight "${name}"`);
      tf.tidy(() => v.assign(tf.tensor(data, v.shape)));
    }
  }
  return { model, tokenizer: tokenizerByName(tokenizer), meta: { ...meta, tokenizer } };
}
