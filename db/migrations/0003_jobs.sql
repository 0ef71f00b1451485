-- prefloop schema v3: the job system (server/jobs). Every long piece of work is a row here.
--
-- SQLite cannot alter a CHECK, so jobs is rebuilt with the kinds we run. migrate() runs this in a transaction
-- with foreign keys ON (PRAGMA foreign_keys is a no-op inside one), and dropping jobs would then delete every
-- job_metrics row through ON DELETE CASCADE: so job_metrics is set aside first, and rebuilt after, rows kept.

CREATE TEMP TABLE job_metrics_v2 AS SELECT job_id, step, name, value FROM job_metrics;
DROP TABLE job_metrics;

CREATE TABLE jobs_v3 (
  id            INTEGER PRIMARY KEY,
  kind          TEXT NOT NULL CHECK (kind IN ('sft', 'rm', 'ppo', 'trpo', 'pg', 'rloo', 'dpo', 'best_of_n', 'generate',
                                              'loop', 'external', 'self_instruct', 'import')),
  config        TEXT NOT NULL DEFAULT '{}',  -- JSON, as validated by the kind's schema
  status        TEXT NOT NULL DEFAULT 'queued'
                CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'cancelled', 'interrupted')),
  progress      REAL NOT NULL DEFAULT 0,     -- 0..1
  message       TEXT,                        -- what the job is doing now ("step 40/200")
  metrics       TEXT NOT NULL DEFAULT '{}',  -- JSON: the latest metric record (the curves are in job_metrics)
  result        TEXT,                        -- JSON: what a succeeded job produced (counts, a model version, ...)
  parent_job_id INTEGER REFERENCES jobs(id), -- the job this one reruns
  created_by    INTEGER REFERENCES users(id),
  created_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  started_at    TEXT,
  finished_at   TEXT,
  error         TEXT
);
INSERT INTO jobs_v3 (id, kind, config, status, progress, metrics, created_by, created_at, started_at, finished_at, error)
  SELECT id, kind, config, status, progress, metrics, created_by, created_at, started_at, finished_at, error FROM jobs;
DROP TABLE jobs;
ALTER TABLE jobs_v3 RENAME TO jobs;
-- the scheduler's "next queued job" and the admin list filtered by status
CREATE INDEX jobs_status ON jobs(status, id);

CREATE TABLE job_metrics (
  job_id INTEGER NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
  step   INTEGER NOT NULL,
  name   TEXT NOT NULL,
  value  REAL NOT NULL,
  PRIMARY KEY (job_id, name, step)
);
INSERT INTO job_metrics (job_id, step, name, value) SELECT job_id, step, name, value FROM job_metrics_v2;
DROP TABLE job_metrics_v2;
