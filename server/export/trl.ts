// TRL explicit-prompt preference rows {prompt, chosen, rejected, margin} (the reward trainer reads margin).
// A multi-turn prompt becomes one text, its turns as an HH transcript; trl-conversational keeps the turns.
import { renderHhTranscript } from '../import/labelled-pairs-formats';
import type { Message } from '../ml/model/chat-template';
import { jsonLine, type PairFormat } from './format';
import type { ExportPair } from './pairs';

const promptText = (turns: Message[]): string => (turns.length === 1 && turns[0].role === 'user' ? turns[0].content : renderHhTranscript(turns));

/** The fields of a TRL row, in file order (trl-parquet writes the same ones). */
export const trlRecord = (p: ExportPair) => ({ prompt: promptText(p.turns), chosen: p.chosen, rejected: p.rejected, margin: p.margin });

export const trl: PairFormat = {
  rows: 'pairs',
  contentType: 'application/x-ndjson',
  extension: 'jsonl',
  line: (p) => jsonLine(trlRecord(p)),
};
