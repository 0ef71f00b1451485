// OpenAI preference fine-tuning (DPO) JSONL: {input: {messages}, preferred_output, non_preferred_output}.
import { jsonLine, type PairFormat } from './format';

export const openai: PairFormat = {
  rows: 'pairs',
  contentType: 'application/x-ndjson',
  extension: 'jsonl',
  line: (p) =>
    jsonLine({
      input: { messages: p.turns },
      preferred_output: [{ role: 'assistant', content: p.chosen }],
      non_preferred_output: [{ role: 'assistant', content: p.rejected }],
    }),
};
