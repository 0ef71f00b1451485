import { z } from 'zod';

/** A rated player: a policy version (`policy:v3`) or an external model (`model:gpt-4o`). */
export const PlayerIdSchema = z
  .string()
  .trim()
  .max(200)
  .regex(/^(policy:v[1-9]\d*|model:.+)$/, 'a player id: policy:v<version> or model:<name>');

/** GET /api/admin/leaderboard */
export const LeaderboardQuerySchema = z.object({
  /** the player scored 0 [the oldest policy version that has played: the starter] */
  anchor: PlayerIdSchema.optional(),
  /** bootstrap resamples for the 95 % intervals; 0 = none */
  bootstrap: z.coerce.number().int().min(0).max(1000).default(200),
  seed: z.coerce.number().int().min(0).max(0xffff_ffff).default(1),
});
export type LeaderboardQuery = z.infer<typeof LeaderboardQuerySchema>;

const count = z.number().int().min(0);

export const LeaderboardPlayerSchema = z.object({
  id: z.string(),
  rank: z.number().int().min(1),
  /** the policy version, for `policy:` players */
  policy: z.object({ id: z.number().int(), version: z.number().int(), active: z.boolean(), createdAt: z.string() }).nullable(),
  /** the external model's name, for `model:` players (text, never HTML) */
  modelName: z.string().nullable(),
  /** Bradley–Terry strength on the Elo scale (400·log10 p), the anchor at 0 */
  score: z.number(),
  /** 95 % bootstrap interval of the score; null without bootstrap */
  ci: z.tuple([z.number(), z.number()]).nullable(),
  wins: count,
  losses: count,
  ties: count,
  games: count,
  /** (wins + ties/2) / games, against everyone */
  winRate: z.number(),
  /** head to head with the anchor (null for the anchor itself, or when there is none) */
  vsAnchor: z
    .object({
      games: count,
      /** observed (wins + ties/2) / games; null when they never met */
      winRate: z.number().nullable(),
      /** what the scores predict: 1 / (1 + 10^((anchor − score)/400)) */
      expected: z.number(),
    })
    .nullable(),
});
export type LeaderboardPlayer = z.infer<typeof LeaderboardPlayerSchema>;

export const LeaderboardSchema = z.object({
  anchor: z.string().nullable(),
  /** labels the ratings come from: current labels of non-gold, non-retired pairs of two different players */
  labels: count,
  bootstrap: count,
  seed: count,
  /** best first */
  players: z.array(LeaderboardPlayerSchema),
  /** head to head, in the players' order: games[i][j] and i's win rate against j (null: never met) */
  matrix: z.object({
    players: z.array(z.string()),
    games: z.array(z.array(count)),
    winRate: z.array(z.array(z.number().nullable())),
  }),
  /** policy versions with no labelled pair against another player yet */
  unrated: z.array(z.object({ version: z.number().int(), active: z.boolean() })),
});
export type Leaderboard = z.infer<typeof LeaderboardSchema>;
