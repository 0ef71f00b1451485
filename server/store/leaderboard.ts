// What the leaderboard reads (DESIGN.md §4 "The loop"): human labels on pairs of two different players, and
// the policy versions. Only labels: never the oracle, verifiers or a reward model.
import type { Database } from 'better-sqlite3';
import type { Outcome } from '../ml/eval/bradley-terry';

export interface LeaderboardPolicyRow {
  id: number;
  version: number;
  active: boolean;
  createdAt: string;
}

/** A response's player: its model's name, else its policy version (as comparison building tells models apart). */
const player = (r: string, p: string) => `CASE WHEN ${r}.model_name IS NOT NULL THEN 'model:' || ${r}.model_name ELSE 'policy:v' || ${p}.version END`;

export function leaderboardRepo(db: Database) {
  const q = {
    // Stored choices are already un-swapped (a = response_a whatever side it was shown on); both_bad is a tie.
    // Each annotator has one label per pair (UNIQUE), so every stored label is current.
    outcomes: db.prepare<[], Outcome>(
      `SELECT a, b, winner FROM (
         SELECT l.id, ${player('ra', 'pa')} AS a, ${player('rb', 'pb')} AS b,
                CASE l.choice WHEN 'a' THEN 'a' WHEN 'b' THEN 'b' ELSE 'tie' END AS winner
         FROM labels l
         JOIN comparisons c ON c.id = l.comparison_id
         JOIN responses ra ON ra.id = c.response_a
         JOIN responses rb ON rb.id = c.response_b
         LEFT JOIN policies pa ON pa.id = ra.policy_id
         LEFT JOIN policies pb ON pb.id = rb.policy_id
         WHERE c.kind <> 'gold' AND c.status <> 'retired'
       )
       WHERE a <> b
       ORDER BY id`,
    ),
    policies: db.prepare<[], { id: number; version: number; active: number; created_at: string }>(
      'SELECT id, version, active, created_at FROM policies ORDER BY version',
    ),
  };

  return {
    /** One game per label of a train/eval pair whose two responses come from different players, oldest first. */
    outcomes: (): Outcome[] => q.outcomes.all(),
    /** Every policy version, oldest first (the first is the starter). */
    policies: (): LeaderboardPolicyRow[] =>
      q.policies.all().map((r) => ({ id: r.id, version: r.version, active: r.active === 1, createdAt: r.created_at })),
  };
}
