-- prefloop schema v6: an annotator may change one of their labels; the change is a new version, the old one kept.
--
-- `labels` keeps exactly one row per (comparison, annotator): the CURRENT version. So every reader (exports,
-- reward-model data, the leaderboard, agreement, counts) reads current versions only, unchanged, and the
-- UNIQUE (comparison_id, user_id), the counters and label_count stay true. A change first copies the row's
-- decision into label_versions, then updates the row in place (server/store/label-versions.ts).

ALTER TABLE labels ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE labels ADD COLUMN changed_at TEXT;          -- when the current version was made; NULL: version 1

CREATE TABLE label_versions (
  label_id      INTEGER NOT NULL REFERENCES labels(id) ON DELETE CASCADE,
  version       INTEGER NOT NULL,                        -- 1, 2, ...: the versions the current one superseded
  choice        TEXT NOT NULL CHECK (choice IN ('a', 'b', 'tie', 'both_bad')),
  strength      INTEGER NOT NULL CHECK (strength BETWEEN 0 AND 3),
  rationale     TEXT,
  made_at       TEXT NOT NULL,                           -- when this version was made
  superseded_at TEXT NOT NULL,
  PRIMARY KEY (label_id, version)
) WITHOUT ROWID;
