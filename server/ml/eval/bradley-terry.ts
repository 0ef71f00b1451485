// Bradley–Terry ratings from pairwise outcomes (DESIGN.md §4 "The loop": a leaderboard over policy versions).
// P(i beats j) = p_i / (p_i + p_j); fitted by Hunter's (2004) MM algorithm plus Newton steps (bt-fit.ts), on the Elo scale
// (score_i = 400·log10 p_i), with percentile-bootstrap confidence intervals. Pure: no database, no tfjs.
import { createRng } from '../random';
import { fitLogStrengths } from './bt-fit';

export type Winner = 'a' | 'b' | 'tie';
/** One game: players are ids ("policy:v3", "model:gpt-4o"); a tie is half a win to each side. */
export interface Outcome {
  a: string;
  b: string;
  winner: Winner;
}

export interface BradleyTerryOptions {
  /**
   * Virtual ties of every player against a pseudo-player of strength 1 (the geometric-mean player) [1]: a weak
   * prior that keeps an unbeaten player finite and pulls thinly-played ones towards the mean. It also narrows a
   * long chain's spread (10 versions, each 50 games against the previous: ×0.86). 0 = the plain MLE, which exists
   * only when every player has both won and lost within a connected graph (Hunter's condition).
   */
  priorGames?: number;
  /** this player scores 0 (it must have played); omitted: scores have mean 0 */
  anchor?: string;
  /** bootstrap resamples B for the 95 % intervals [200]; 0 = no intervals */
  bootstrap?: number;
  seed?: number; // [1]
}

export interface Standing {
  id: string;
  /** Elo scale: 400·log10 p, shifted so the anchor (or the mean) is 0 */
  score: number;
  /** 2.5 / 97.5 percentiles of the bootstrap scores; null without bootstrap */
  ci: [number, number] | null;
  wins: number;
  losses: number;
  ties: number;
  games: number;
  /** (wins + ties/2) / games */
  winRate: number;
}

/** Head to head, in the standings' order: games[i][j] played, winRate[i][j] = i's (wins + ties/2) / games (null: never met). */
export interface WinMatrix {
  players: string[];
  games: number[][];
  winRate: (number | null)[][];
}

export interface BradleyTerryFit {
  /** best score first */
  standings: Standing[];
  anchor: string | null;
  matrix: WinMatrix;
}

const ELO = 400 / Math.LN10; // score = ELO · ln p

/** P(score x beats score y) on the Elo scale. */
export const expectedWinRate = (x: number, y: number): number => 1 / (1 + 10 ** ((y - x) / 400));

/** Outcomes as player indices: winner 0 = a, 1 = b, 2 = tie. */
interface Encoded {
  players: string[];
  ia: Int32Array;
  ib: Int32Array;
  res: Uint8Array;
}

function encode(outcomes: readonly Outcome[]): Encoded {
  const players = [...new Set(outcomes.flatMap((o) => [o.a, o.b]))].sort();
  const index = new Map(players.map((p, i) => [p, i]));
  const n = outcomes.length;
  const enc = { players, ia: new Int32Array(n), ib: new Int32Array(n), res: new Uint8Array(n) };
  outcomes.forEach((o, k) => {
    if (o.a === o.b) throw new Error(`an outcome of ${o.a} against itself`);
    enc.ia[k] = index.get(o.a) as number;
    enc.ib[k] = index.get(o.b) as number;
    enc.res[k] = o.winner === 'a' ? 0 : o.winner === 'b' ? 1 : 2;
  });
  return enc;
}

/** w[i·P + j] = i's wins over j (a tie adds ½ to both) over the games `pick` lists (indices into the outcomes). */
function halfWins(enc: Encoded, pick: ArrayLike<number>): Float64Array {
  const P = enc.players.length;
  const w = new Float64Array(P * P);
  for (let k = 0; k < pick.length; k++) {
    const o = pick[k];
    const [a, b, r] = [enc.ia[o], enc.ib[o], enc.res[o]];
    if (r === 0) w[a * P + b] += 1;
    else if (r === 1) w[b * P + a] += 1;
    else {
      w[a * P + b] += 0.5;
      w[b * P + a] += 0.5;
    }
  }
  return w;
}

/** Elo scores of the players who played: the anchor at 0, else mean 0; NaN for the others. */
function eloScores(theta: Float64Array, anchor: number): Float64Array {
  const present = Array.from(theta).filter((t) => !Number.isNaN(t));
  const zero = anchor >= 0 ? theta[anchor] : present.reduce((s, t) => s + t, 0) / present.length;
  return theta.map((t) => ELO * (t - zero));
}

/** Linear-interpolated percentile (q in [0, 1]) of sorted values. */
function percentile(sorted: readonly number[], q: number): number {
  const at = q * (sorted.length - 1);
  const lo = Math.floor(at);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (at - lo) * (sorted[hi] - sorted[lo]);
}

/** Scores of B refits on outcomes resampled with replacement; a resample without the anchor (or a fit) is dropped. */
function bootstrapScores(enc: Encoded, B: number, seed: number, priorGames: number, anchor: number): number[][] {
  const P = enc.players.length;
  const N = enc.ia.length;
  const rng = createRng(seed);
  const samples: number[][] = Array.from({ length: P }, () => []);
  const pick = new Int32Array(N);
  for (let b = 0; b < B; b++) {
    for (let k = 0; k < N; k++) pick[k] = rng.int(0, N - 1);
    let theta: Float64Array;
    try {
      theta = fitLogStrengths(halfWins(enc, pick), P, priorGames, 1e-7);
    } catch {
      continue; // without a prior, a resample can leave a player unbeaten: it has no finite fit
    }
    if (anchor >= 0 && Number.isNaN(theta[anchor])) continue;
    eloScores(theta, anchor).forEach((s, i) => {
      if (!Number.isNaN(s)) samples[i].push(s);
    });
  }
  return samples;
}

/** Ratings, win counts, 95 % bootstrap intervals and the head-to-head matrix of every player in `outcomes`. */
export function bradleyTerry(outcomes: readonly Outcome[], options: BradleyTerryOptions = {}): BradleyTerryFit {
  const { priorGames = 1, bootstrap = 200, seed = 1 } = options;
  const enc = encode(outcomes);
  const P = enc.players.length;
  const anchor = options.anchor === undefined ? -1 : enc.players.indexOf(options.anchor);
  if (options.anchor !== undefined && anchor < 0) throw new Error(`anchor ${options.anchor} played no game`);

  const all = Int32Array.from({ length: enc.ia.length }, (_, k) => k);
  const w = halfWins(enc, all);
  const scores = eloScores(fitLogStrengths(w, P, priorGames), anchor);
  const samples = bootstrap > 0 ? bootstrapScores(enc, bootstrap, seed, priorGames, anchor) : null;

  const counts = enc.players.map(() => ({ wins: 0, losses: 0, ties: 0 }));
  enc.res.forEach((r, k) => {
    const [a, b] = [counts[enc.ia[k]], counts[enc.ib[k]]];
    if (r === 2) [a.ties, b.ties] = [a.ties + 1, b.ties + 1];
    else if (r === 0) [a.wins, b.losses] = [a.wins + 1, b.losses + 1];
    else [b.wins, a.losses] = [b.wins + 1, a.losses + 1];
  });

  const order = enc.players.map((_, i) => i).sort((x, y) => scores[y] - scores[x] || (enc.players[x] < enc.players[y] ? -1 : 1));
  const standings = order.map((i): Standing => {
    const { wins, losses, ties } = counts[i];
    const games = wins + losses + ties;
    const sorted = samples?.[i].slice().sort((x, y) => x - y);
    return {
      id: enc.players[i],
      score: scores[i],
      ci: sorted?.length ? [percentile(sorted, 0.025), percentile(sorted, 0.975)] : null,
      wins,
      losses,
      ties,
      games,
      winRate: (wins + ties / 2) / games,
    };
  });
  const games = order.map((i) => order.map((j) => w[i * P + j] + w[j * P + i]));
  const matrix: WinMatrix = {
    players: order.map((i) => enc.players[i]),
    games,
    winRate: order.map((i, r) => order.map((j, c) => (games[r][c] > 0 ? w[i * P + j] / games[r][c] : null))),
  };
  return { standings, anchor: anchor >= 0 ? enc.players[anchor] : null, matrix };
}
