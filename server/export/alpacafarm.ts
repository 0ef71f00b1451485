// AlpacaFarm pairwise preference rows {instruction, input, output_1, output_2, preference}: outputs in storage
// order (1 = response A), preference 1 or 2. A multi-turn prompt: instruction = its last turn, input = the
// earlier turns as an HH transcript ("" for a single-turn prompt).
import { renderHhTranscript } from '../import/labelled-pairs-formats';
import { jsonLine, type PairFormat } from './format';

export const alpacafarm: PairFormat = {
  rows: 'pairs',
  contentType: 'application/x-ndjson',
  extension: 'jsonl',
  line: (p) =>
    jsonLine({
      instruction: p.turns.at(-1)?.content ?? '',
      input: renderHhTranscript(p.turns.slice(0, -1)),
      output_1: p.responseA,
      output_2: p.responseB,
      preference: p.preferred,
    }),
};
