-- prefloop schema v1. Applied in a transaction at start-up and recorded in schema_version.
-- Times are ISO-8601 UTC text (strftime('%Y-%m-%dT%H:%M:%fZ','now')).

CREATE TABLE users (
  id            INTEGER PRIMARY KEY,
  name          TEXT NOT NULL UNIQUE COLLATE NOCASE,
  role          TEXT NOT NULL CHECK (role IN ('annotator', 'admin')),
  password_hash TEXT NOT NULL,              -- scrypt$N$r$p$salt$hash
  created_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  disabled      INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1))
);

CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,              -- sha256 of the cookie value
  user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  expires_at TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE api_tokens (
  id         INTEGER PRIMARY KEY,
  token_hash TEXT NOT NULL UNIQUE,          -- sha256 of the bearer token
  user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  label      TEXT NOT NULL,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  revoked    INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL                       -- JSON
);

CREATE TABLE prompts (
  id            INTEGER PRIMARY KEY,
  text          TEXT NOT NULL,              -- the last user turn (or the whole prompt)
  messages      TEXT,                       -- JSON [{role, content}] for multi-turn prompts, else NULL
  source        TEXT NOT NULL DEFAULT 'import',
  tags          TEXT NOT NULL DEFAULT '[]', -- JSON array of strings
  task_family   TEXT,
  verifier      TEXT,                       -- JSON verifier spec (task world), else NULL
  split         TEXT NOT NULL DEFAULT 'train' CHECK (split IN ('train', 'heldout')),
  text_hash     TEXT NOT NULL,              -- sha256 of text+messages, for de-duplication on import
  created_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE UNIQUE INDEX prompts_text_hash ON prompts(text_hash);

CREATE TABLE policies (
  id              INTEGER PRIMARY KEY,
  version         INTEGER NOT NULL UNIQUE,
  parent_id       INTEGER REFERENCES policies(id),
  kind            TEXT NOT NULL CHECK (kind IN ('builtin', 'gpt2', 'external')),
  checkpoint_path TEXT,
  config          TEXT NOT NULL DEFAULT '{}',
  metrics         TEXT NOT NULL DEFAULT '{}',
  created_at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  active          INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE reward_models (
  id                     INTEGER PRIMARY KEY,
  version                INTEGER NOT NULL UNIQUE,
  parent_id              INTEGER REFERENCES reward_models(id),
  checkpoint_path        TEXT,
  trained_on_label_count INTEGER NOT NULL DEFAULT 0,
  val_accuracy           REAL,
  metrics                TEXT NOT NULL DEFAULT '{}',
  created_at             TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  active                 INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE responses (
  id              INTEGER PRIMARY KEY,
  prompt_id       INTEGER NOT NULL REFERENCES prompts(id),
  policy_id       INTEGER REFERENCES policies(id),
  model_name      TEXT,                     -- external model name when policy_id is NULL
  text            TEXT NOT NULL,
  token_count     INTEGER,
  logprob_sum     REAL,
  sampling_params TEXT,                     -- JSON
  author_user_id  INTEGER REFERENCES users(id), -- a user who wrote this answer never gets a pair containing it
  text_hash       TEXT,                     -- sha256 of text, set by imports to de-duplicate re-imported answers
  created_at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  CHECK (policy_id IS NOT NULL OR model_name IS NOT NULL)
);
CREATE INDEX responses_prompt ON responses(prompt_id);
CREATE INDEX responses_author ON responses(author_user_id) WHERE author_user_id IS NOT NULL;
CREATE UNIQUE INDEX responses_model_text ON responses(prompt_id, model_name, text_hash)
  WHERE model_name IS NOT NULL AND text_hash IS NOT NULL;

CREATE TABLE comparisons (
  id             INTEGER PRIMARY KEY,
  prompt_id      INTEGER NOT NULL REFERENCES prompts(id),
  response_a     INTEGER NOT NULL REFERENCES responses(id),
  response_b     INTEGER NOT NULL REFERENCES responses(id),
  kind           TEXT NOT NULL DEFAULT 'train' CHECK (kind IN ('train', 'eval', 'gold')),
  gold_answer    TEXT CHECK (gold_answer IN ('a', 'b', 'tie', 'both_bad')),
  priority       INTEGER NOT NULL DEFAULT 0,
  uncertainty    REAL,                      -- reward-model disagreement; higher is asked first
  overlap_target INTEGER NOT NULL DEFAULT 1,
  label_count    INTEGER NOT NULL DEFAULT 0,
  status         TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'complete', 'retired')),
  created_at     TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  CHECK (response_a <> response_b),
  UNIQUE (response_a, response_b)
);
-- The queue walks this index in its priority order and stops after a few rows (see server/queue/candidates.ts).
-- uncertainty DESC puts NULLs last (SQLite sorts NULL lowest).
CREATE INDEX comparisons_queue ON comparisons(status, kind, uncertainty DESC, priority DESC, id);
CREATE INDEX comparisons_response_b ON comparisons(response_b);
CREATE INDEX comparisons_prompt ON comparisons(prompt_id);

CREATE TABLE assignments (
  id            INTEGER PRIMARY KEY,
  comparison_id INTEGER NOT NULL REFERENCES comparisons(id),
  user_id       INTEGER NOT NULL REFERENCES users(id),
  shown_order   TEXT NOT NULL CHECK (shown_order IN ('ab', 'ba')),
  leased_at     TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  expires_at    TEXT NOT NULL,
  state         TEXT NOT NULL DEFAULT 'leased' CHECK (state IN ('leased', 'done', 'skipped', 'expired')),
  UNIQUE (comparison_id, user_id)          -- a user is never given the same pair twice
);
-- Few indexes on the two hot tables: every index is one more page written per label.
CREATE INDEX assignments_user_state ON assignments(user_id, state, expires_at);
-- live leases only (small and hot): expiry sweeps and lease counts
CREATE INDEX assignments_leased ON assignments(expires_at) WHERE state = 'leased';

CREATE TABLE labels (
  id              INTEGER PRIMARY KEY,
  comparison_id   INTEGER NOT NULL REFERENCES comparisons(id),
  assignment_id   INTEGER REFERENCES assignments(id),
  user_id         INTEGER NOT NULL REFERENCES users(id),
  choice          TEXT NOT NULL CHECK (choice IN ('a', 'b', 'tie', 'both_bad')),
  strength        INTEGER NOT NULL CHECK (strength BETWEEN 0 AND 3),
  rationale       TEXT,
  shown_order     TEXT NOT NULL CHECK (shown_order IN ('ab', 'ba')),
  time_ms         INTEGER NOT NULL,
  idempotency_key TEXT NOT NULL UNIQUE,
  created_at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  UNIQUE (comparison_id, user_id)
);
CREATE INDEX labels_user ON labels(user_id);

CREATE TABLE jobs (
  id          INTEGER PRIMARY KEY,
  kind        TEXT NOT NULL CHECK (kind IN ('sft', 'rm', 'ppo', 'trpo', 'pg', 'dpo', 'generate', 'loop', 'external')),
  config      TEXT NOT NULL DEFAULT '{}',
  status      TEXT NOT NULL DEFAULT 'queued'
              CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'cancelled', 'interrupted')),
  progress    REAL NOT NULL DEFAULT 0,
  metrics     TEXT NOT NULL DEFAULT '{}',
  created_by  INTEGER REFERENCES users(id),
  created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  started_at  TEXT,
  finished_at TEXT,
  error       TEXT
);

CREATE TABLE job_metrics (
  job_id INTEGER NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
  step   INTEGER NOT NULL,
  name   TEXT NOT NULL,
  value  REAL NOT NULL,
  PRIMARY KEY (job_id, name, step)
);
