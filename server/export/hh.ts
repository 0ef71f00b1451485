// Anthropic HH rows {chosen, rejected}: whole transcripts "\n\nHuman: …\n\nAssistant: …", every prompt turn
// kept (a system turn is written as a Human turn: HH has no other role).
import { renderHhTranscript } from '../import/labelled-pairs-formats';
import { jsonLine, type PairFormat } from './format';

export const hh: PairFormat = {
  rows: 'pairs',
  contentType: 'application/x-ndjson',
  extension: 'jsonl',
  line: (p) =>
    jsonLine({
      chosen: renderHhTranscript([...p.turns, { role: 'assistant', content: p.chosen }]),
      rejected: renderHhTranscript([...p.turns, { role: 'assistant', content: p.rejected }]),
    }),
};
