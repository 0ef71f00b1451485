-- prefloop schema v5: dataset snapshots. An export frozen as a file in <database folder>/snapshots/, named
-- and versioned (v1, v2, … per name), with the content hash that training jobs record, so that every model
-- says exactly what it was trained on.

CREATE TABLE snapshots (
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL,
  version     INTEGER NOT NULL CHECK (version >= 1),
  format      TEXT NOT NULL,                -- an export format (shared/schemas/exports.ts)
  filters     TEXT NOT NULL DEFAULT '{}',   -- JSON: the export query less its format (since, until, kind, mode, …)
  file        TEXT NOT NULL,                -- the frozen file's name inside the snapshots folder
  sha256      TEXT NOT NULL,                -- hex digest of the file's bytes
  bytes       INTEGER NOT NULL,
  row_count   INTEGER NOT NULL,
  skipped     INTEGER NOT NULL DEFAULT 0,   -- pairs left out (ties, both-bad, no majority)
  created_by  INTEGER REFERENCES users(id), -- NULL: made by the CLI
  created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  UNIQUE (name, version)
);
