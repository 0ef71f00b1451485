// A comparison's labels → preference pairs, by the reward dataset's own rules (server/ml/reward/dataset.ts).
import type { ExportQuery } from '../../shared/schemas/exports';
import type { Message } from '../ml/model/chat-template';
import { type PreferencePair, pairsByMajority, pairsFromEachLabel } from '../ml/reward/dataset';
import type { ExportLabel } from './rows';

export interface ExportPair extends PreferencePair {
  turns: Message[]; // the prompt as a conversation (a plain prompt is one user turn)
  responseA: string; // storage order, for formats that keep both sides in place (AlpacaFarm)
  responseB: string;
  preferred: 1 | 2; // 1: response A won
}

export const turnsOf = (prompt: string | Message[]): Message[] => (typeof prompt === 'string' ? [{ role: 'user', content: prompt }] : prompt);

/**
 * each_label: one pair per a/b label, ties and both-bad skipped (counted per label). majority: one pair when
 * more than half of the labels chose the same side, else the comparison is skipped (counted once).
 */
export function pairsOf(labels: ExportLabel[], mode: ExportQuery['mode']): { pairs: ExportPair[]; skipped: number } {
  const pairs = mode === 'majority' ? pairsByMajority(labels) : pairsFromEachLabel(labels);
  const [{ responseA, responseB }] = labels;
  const exported = pairs.map((p) => ({ ...p, turns: turnsOf(p.prompt), responseA, responseB, preferred: p.chosen === responseA ? 1 : 2 }) as const);
  return { pairs: exported, skipped: mode === 'majority' ? (pairs.length === 0 ? 1 : 0) : labels.length - pairs.length };
}
