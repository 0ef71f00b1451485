// Public surface of the model core.
export { type GPTConfig, PRESETS, type PresetName, countParams, CHAR_VOCAB_SIZE } from './config';
export { type Tokenizer, charTokenizer, gpt2Tokenizer, tokenizerByName } from './tokenizer';
export { type Message, renderPrompt, encodeExample, ASSISTANT_CUE } from './chat-template';
export { GPT, tokenLogProbs, type ForwardOptions, type GPTOptions, type LoraOptions } from './gpt';
export { KVCache } from './kv-cache';
export { type SampleOptions, type Sample, generate, filterLogits } from './sampling';
export { saveCheckpoint, loadCheckpoint } from './checkpoint';
export { loadHfGpt2 } from './gpt2-import';
export { gatherRows } from './embedding';
export { createRng, type Rng } from '../random';
