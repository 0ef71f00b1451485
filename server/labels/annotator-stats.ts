/**
 * Annotator quality from every label (DESIGN.md §3 "Quality"), as one pass over the labels grouped by pair.
 * Pure: the rows come as columns (one entry per label) so a worker thread can take 10⁶ of them cheaply.
 * Categories are the stored choices: a / b / tie / both_bad relative to response_a/response_b, i.e. with the
 * shown-order swap already undone, so two annotators who saw the pair in opposite orders compare correctly.
 */
import type { OverallAgreement, PairAgreement, Tally } from '../../shared/schemas/annotators';
import { CHOICES, type Choice } from '../../shared/schemas/labels';
import { cohenKappaOf, fleissKappa, krippendorffAlpha } from './agreement';

const K = CHOICES.length;
export const choiceIndex = (c: Choice): number => CHOICES.indexOf(c);

/** One entry per label. */
export interface LabelColumns {
  userId: Int32Array;
  comparisonId: Int32Array;
  /** index into CHOICES */
  choice: Uint8Array;
  timeMs: Float64Array;
  /** 0: shown a left (ab), 1: b left (ba) */
  shownBa: Uint8Array;
  /** the pair's gold answer (index into CHOICES), −1 when it has none */
  gold: Int8Array;
}

export interface AnnotatorFigures {
  userId: number;
  labels: number;
  medianSeconds: number | null;
  majority: Tally;
  gold: Tally;
  leftPicks: { left: number; picks: number; rate: number | null };
}

export interface AgreementStats {
  annotators: AnnotatorFigures[];
  pairs: PairAgreement[];
  overall: OverallAgreement;
}

export interface AgreementOptions {
  /** Cohen's κ only between two of these annotators [every pair] */
  pairUsers?: readonly number[];
  /** Cohen's κ only between this annotator and the others [every pair] */
  pairsOf?: number;
}

const tally = (agreed: number, compared: number): Tally => ({ agreed, compared, rate: compared ? agreed / compared : null });

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  values.sort((x, y) => x - y);
  const mid = values.length >> 1;
  return values.length % 2 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
}

/** The category the others chose most, or −1 when two categories tie for most (or there are no others). */
function uniqueMode(counts: Int32Array): number {
  let best = -1;
  let bestCount = 0;
  let tied = false;
  for (let k = 0; k < K; k++) {
    if (counts[k] > bestCount) [best, bestCount, tied] = [k, counts[k], false];
    else if (counts[k] === bestCount && bestCount > 0) tied = true;
  }
  return tied ? -1 : best;
}

class Annotator {
  labels = 0;
  times: number[] = [];
  majority = [0, 0];
  gold = [0, 0];
  left = 0;
  picks = 0;
  constructor(readonly userId: number) {}
  figures(): AnnotatorFigures {
    const seconds = median(this.times);
    return {
      userId: this.userId,
      labels: this.labels,
      medianSeconds: seconds === null ? null : seconds / 1000,
      majority: tally(this.majority[0], this.majority[1]),
      gold: tally(this.gold[0], this.gold[1]),
      leftPicks: { left: this.left, picks: this.picks, rate: this.picks ? this.left / this.picks : null },
    };
  }
}

export function agreementStats(rows: LabelColumns, { pairUsers, pairsOf }: AgreementOptions = {}): AgreementStats {
  const n = rows.userId.length;
  const order = Uint32Array.from({ length: n }, (_, i) => i).sort((i, j) => rows.comparisonId[i] - rows.comparisonId[j] || rows.userId[i] - rows.userId[j]);
  const people = new Map<number, Annotator>();
  const person = (id: number) => people.get(id) ?? (people.set(id, new Annotator(id)).get(id) as Annotator);
  const inPairs = pairUsers ? new Set(pairUsers) : null;
  const wanted = (u: number, v: number) => (!inPairs || (inPairs.has(u) && inPairs.has(v))) && (pairsOf === undefined || u === pairsOf || v === pairsOf);
  const confusion = new Map<string, Float64Array>(); // "a:b" (a < b) → K×K counts, rows: a's choice
  const units: number[][] = []; // every overlapped pair's choices (α), and by its number of labels (Fleiss)
  const byRaters = new Map<number, number[][]>();

  for (let start = 0; start < n; ) {
    let end = start + 1;
    while (end < n && rows.comparisonId[order[end]] === rows.comparisonId[order[start]]) end++;
    const group = order.subarray(start, end); // one pair's labels, by user id
    const counts = new Int32Array(K);
    for (const i of group) counts[rows.choice[i]]++;

    for (const i of group) {
      const a = person(rows.userId[i]);
      const choice = rows.choice[i];
      a.labels++;
      if (rows.timeMs[i] > 0) a.times.push(rows.timeMs[i]);
      if (choice < 2) {
        a.picks++;
        if (choice === rows.shownBa[i]) a.left++; // a shown left (ab) and picked, or b shown left (ba) and picked
      }
      if (rows.gold[i] >= 0) {
        a.gold[1]++;
        if (rows.gold[i] === choice) a.gold[0]++;
      }
      if (group.length > 1) {
        counts[choice]--; // leave this annotator out of the majority they are judged against
        const mode = uniqueMode(counts);
        counts[choice]++;
        if (mode >= 0) {
          a.majority[1]++;
          if (mode === choice) a.majority[0]++;
        }
      }
    }

    if (group.length > 1) {
      const unit = Array.from(group, (i) => rows.choice[i]);
      units.push(unit);
      const same = byRaters.get(unit.length) ?? (byRaters.set(unit.length, []).get(unit.length) as number[][]);
      same.push(unit);
      for (let x = 0; x < group.length; x++) {
        for (let y = x + 1; y < group.length; y++) {
          const [i, j] = [group[x], group[y]]; // userId[i] ≤ userId[j]
          if (rows.userId[i] === rows.userId[j] || !wanted(rows.userId[i], rows.userId[j])) continue;
          const key = `${rows.userId[i]}:${rows.userId[j]}`;
          const table = confusion.get(key) ?? (confusion.set(key, new Float64Array(K * K)).get(key) as Float64Array);
          table[rows.choice[i] * K + rows.choice[j]]++;
        }
      }
    }
    start = end;
  }

  return {
    annotators: [...people.values()].map((a) => a.figures()),
    pairs: [...confusion].map(([key, table]) => pairAgreement(key, table)),
    overall: overallAgreement(n, units, byRaters),
  };
}

function pairAgreement(key: string, table: Float64Array): PairAgreement {
  const [a, b] = key.split(':').map(Number);
  const rows = Array.from({ length: K }, (_, r) => Array.from(table.subarray(r * K, r * K + K)));
  const shared = table.reduce((s, t) => s + t, 0);
  const agreed = rows.reduce((s, row, k) => s + row[k], 0);
  return { a, b, shared, agreed, kappa: cohenKappaOf(rows) };
}

/** Fleiss on the most common number of labels per overlapped pair (ties: the larger number); α on all of them. */
function overallAgreement(labels: number, units: number[][], byRaters: Map<number, number[][]>): OverallAgreement {
  let raters = 0;
  let items: number[][] = [];
  for (const [m, same] of byRaters) if (same.length > items.length || (same.length === items.length && m > raters)) [raters, items] = [m, same];
  return {
    labels,
    overlapped: units.length,
    fleiss: { kappa: fleissKappa(items), items: items.length, raters },
    alpha: { alpha: krippendorffAlpha(units), items: units.length, ratings: units.reduce((s, u) => s + u.length, 0) },
  };
}
