// Tokenizers: a 100-symbol character vocabulary for the starter policy, GPT-2 BPE for imported checkpoints.
import { decode as bpeDecode, encode as bpeEncode } from 'gpt-tokenizer/encoding/r50k_base';
import { CHAR_VOCAB_SIZE } from './config';

export interface Tokenizer {
  readonly name: string; // 'char' | 'gpt2', stored in checkpoints
  readonly vocabSize: number;
  readonly eosId: number;
  readonly padId: number;
  /** Text → ids. Special-token spellings in the text are encoded as plain text, never as EOS. */
  encode(text: string): number[];
  /** Ids → text. Special tokens (EOS, PAD) decode to ''. */
  decode(ids: number[]): string;
}

// char vocabulary: 0 <pad>, 1 <eos>, 2 <unk>, 3 '\t', 4 '\n', 5..99 printable ASCII ' '..'~'
const CHAR_PAD = 0;
const CHAR_EOS = 1;
const CHAR_UNK = 2;
const CHAR_SYMBOLS = ['\t', '\n', ...Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i))];
const CHAR_OFFSET = 3;

/** Character tokenizer: printable ASCII + \t \n, PAD = 0, EOS = 1, anything else → UNK = 2 (decodes to '\uFFFD'). */
export function charTokenizer(): Tokenizer {
  const toId = new Map(CHAR_SYMBOLS.map((ch, i) => [ch, i + CHAR_OFFSET]));
  return {
    name: 'char',
    vocabSize: CHAR_VOCAB_SIZE,
    eosId: CHAR_EOS,
    padId: CHAR_PAD,
    encode: (text) => Array.from(text, (ch) => toId.get(ch) ?? CHAR_UNK),
    decode: (ids) =>
      ids
        .map((id) => (id === CHAR_UNK ? '\uFFFD' : id >= CHAR_OFFSET ? (CHAR_SYMBOLS[id - CHAR_OFFSET] ?? '\uFFFD') : ''))
        .join(''),
  };
}

const GPT2_EOS = 50256; // '<|endoftext|>'
const NO_SPECIALS = { disallowedSpecial: new Set<string>() };

/** GPT-2 byte-level BPE (gpt-tokenizer's r50k_base): vocab 50257, EOS = PAD = 50256. */
export function gpt2Tokenizer(): Tokenizer {
  return {
    name: 'gpt2',
    vocabSize: 50257,
    eosId: GPT2_EOS,
    padId: GPT2_EOS,
    encode: (text) => bpeEncode(text, NO_SPECIALS),
    decode: (ids) => bpeDecode(ids.filter((id) => id !== GPT2_EOS && id >= 0 && id < GPT2_EOS)),
  };
}

export function tokenizerByName(name: string): Tokenizer {
  if (name === 'char') return charTokenizer();
  if (name === 'gpt2' || name === 'r50k_base') return gpt2Tokenizer();
  throw new Error(`unknown tokenizer "${name}" (expected 'char' or 'gpt2')`);
}
