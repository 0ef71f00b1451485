// Loads a local Hugging Face GPT-2 folder (config.json + model.safetensors) with the GPT-2 BPE tokenizer.
// HF names may carry a 'transformer.' prefix; Conv1D weights are already [in, out] like ours; lm_head is tied
// to wte and skipped, as are the causal-mask buffers (attn.bias, attn.masked_bias) of older exports.
import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { configFromHf, CONFIG_FILE, WEIGHTS_FILE } from './checkpoint';
import { GPT } from './gpt';
import { readSafetensors } from './safetensors';
import { gpt2Tokenizer, type Tokenizer } from './tokenizer';

const SKIPPED = /^lm_head\.weight$|\.attn\.(masked_)?bias$/;

function ourName(hfName: string): string {
  return hfName.replace(/^transformer\./, '');
}

export async function loadHfGpt2(dir: string): Promise<{ model: GPT; tokenizer: Tokenizer }> {
  const weightsFile = path.join(dir, WEIGHTS_FILE);
  if (!existsSync(weightsFile)) {
    throw new Error(`${dir}: no ${WEIGHTS_FILE} (pytorch_model.bin and sharded checkpoints are not supported; convert to safetensors)`);
  }
  const json = JSON.parse(await fs.readFile(path.join(dir, CONFIG_FILE), 'utf8')) as Record<string, unknown>;
  const fn = json.activation_function;
  if (fn !== undefined && fn !== 'gelu_new' && fn !== 'gelu_pytorch_tanh') {
    throw new Error(`${dir}: activation_function ${String(fn)} is not supported (GPT-2's tanh GELU is)`);
  }
  const config = configFromHf(json);
  const { tensors } = await readSafetensors(weightsFile, (name) => !SKIPPED.test(ourName(name)));
  const weights = new Map([...tensors].map(([name, t]) => [ourName(name), t.data]));
  const model = new GPT(config, { weights });
  return { model, tokenizer: gpt2Tokenizer() };
}
