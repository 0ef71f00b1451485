-- prefloop schema v4: bearer tokens that expire and show when they were last used; sessions with an idle timeout.
-- Token and session secrets were already stored as sha256 only (0001), so nothing is rehashed here.

ALTER TABLE api_tokens ADD COLUMN expires_at TEXT;     -- NULL: never expires
ALTER TABLE api_tokens ADD COLUMN last_used_at TEXT;   -- written at most once a minute per token
ALTER TABLE api_tokens ADD COLUMN revoked_at TEXT;
CREATE INDEX api_tokens_user ON api_tokens(user_id);

ALTER TABLE sessions ADD COLUMN last_seen_at TEXT;     -- NULL: not seen since created_at; written at most once a minute
CREATE INDEX sessions_expires ON sessions(expires_at);
