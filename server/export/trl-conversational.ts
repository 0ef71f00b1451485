// TRL conversational preference rows, implicit prompt: {chosen: [...prompt turns, answer], rejected: [...]}
// (the labelled-pairs import reads the shared prefix back as the prompt).
import { jsonLine, type PairFormat } from './format';

export const trlConversational: PairFormat = {
  rows: 'pairs',
  contentType: 'application/x-ndjson',
  extension: 'jsonl',
  line: (p) =>
    jsonLine({
      chosen: [...p.turns, { role: 'assistant', content: p.chosen }],
      rejected: [...p.turns, { role: 'assistant', content: p.rejected }],
    }),
};
