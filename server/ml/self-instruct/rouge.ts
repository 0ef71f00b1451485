/**
 * ROUGE-L as Google's rouge_score computes it (RougeScorer(['rougeL'], use_stemmer=False), which Self-Instruct
 * uses): tokens = lowercase, non-[a-z0-9] runs become spaces, split; P = LCS/|prediction|, R = LCS/|target|,
 * F = 2PR/(P+R) (plain F1); 0 when either side has no tokens.
 */
export interface RougeScore {
  precision: number;
  recall: number;
  fmeasure: number;
}

export function tokenize(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .split(' ')
    .filter((t) => t.length > 0);
}

/** Length of the longest common subsequence, O(|a|·|b|) time, O(|b|) memory. */
export function lcsLength(a: readonly string[], b: readonly string[]): number {
  let prev = new Array<number>(b.length + 1).fill(0);
  let curr = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      curr[j] = a[i - 1] === b[j - 1] ? prev[j - 1] + 1 : Math.max(prev[j], curr[j - 1]);
    }
    [prev, curr] = [curr, prev];
  }
  return prev[b.length];
}

export function rougeLTokens(target: readonly string[], prediction: readonly string[]): RougeScore {
  if (target.length === 0 || prediction.length === 0) return { precision: 0, recall: 0, fmeasure: 0 };
  const lcs = lcsLength(target, prediction);
  const precision = lcs / prediction.length;
  const recall = lcs / target.length;
  const fmeasure = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  return { precision, recall, fmeasure };
}

/** rouge_score's argument order: score(target, prediction). F1 is symmetric in the two. */
export function rougeL(target: string, prediction: string): RougeScore {
  return rougeLTokens(tokenize(target), tokenize(prediction));
}
