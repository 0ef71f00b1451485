-- prefloop schema v2: the next-pair query and the live counts stay cheap at 10^6 comparisons.

-- 1. Leases per comparison, kept on the row by triggers, so that "has room for another annotator" is a
--    property of the row alone and can define a partial index.
ALTER TABLE comparisons ADD COLUMN leased_count INTEGER NOT NULL DEFAULT 0;
UPDATE comparisons SET leased_count =
  (SELECT count(*) FROM assignments a WHERE a.comparison_id = comparisons.id AND a.state = 'leased');

CREATE TRIGGER assignments_leased_insert AFTER INSERT ON assignments WHEN NEW.state = 'leased'
BEGIN
  UPDATE comparisons SET leased_count = leased_count + 1 WHERE id = NEW.comparison_id;
END;
CREATE TRIGGER assignments_leased_update AFTER UPDATE OF state ON assignments
  WHEN (OLD.state = 'leased') <> (NEW.state = 'leased')
BEGIN
  UPDATE comparisons SET leased_count = leased_count + (CASE WHEN NEW.state = 'leased' THEN 1 ELSE -1 END)
  WHERE id = NEW.comparison_id;
END;
CREATE TRIGGER assignments_leased_delete AFTER DELETE ON assignments WHEN OLD.state = 'leased'
BEGIN
  UPDATE comparisons SET leased_count = leased_count - 1 WHERE id = OLD.comparison_id;
END;

-- 2. The queue: only pairs that can take another annotator are in this index, in queue order (uncertainty
--    DESC puts NULLs last: SQLite sorts NULL lowest). The next-pair query walks it and stops after a few
--    rows, so its cost grows neither with the number of comparisons nor with the leases others hold
--    (server/store/candidates.ts). Gold pairs have no capacity limit: every annotator gets each one once.
--    Written "leased < target - labels": SQLite cannot match a partial index on "labels + leased < target".
DROP INDEX comparisons_queue;
CREATE INDEX comparisons_ready ON comparisons(kind, uncertainty DESC, priority DESC, id)
  WHERE status = 'open' AND (kind = 'gold' OR leased_count < overlap_target - label_count);
CREATE INDEX comparisons_status ON comparisons(status, kind);

-- 3. Row counts pushed to clients several times a second, kept by triggers: reading them is one page
--    however large the tables grow (counting 10^6 comparisons took ~50 ms of the event loop).
--    'comparisons_open' leaves gold pairs out: they stay open for ever and are no work still to do.
CREATE TABLE counters (
  name  TEXT PRIMARY KEY,
  value INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO counters (name, value) VALUES
  ('prompts', (SELECT count(*) FROM prompts)),
  ('responses', (SELECT count(*) FROM responses)),
  ('labels', (SELECT count(*) FROM labels)),
  ('comparisons', (SELECT count(*) FROM comparisons)),
  ('comparisons_open', (SELECT count(*) FROM comparisons WHERE status = 'open' AND kind <> 'gold')),
  ('comparisons_complete', (SELECT count(*) FROM comparisons WHERE status = 'complete'));

CREATE TRIGGER prompts_counted_insert AFTER INSERT ON prompts
BEGIN UPDATE counters SET value = value + 1 WHERE name = 'prompts'; END;
CREATE TRIGGER prompts_counted_delete AFTER DELETE ON prompts
BEGIN UPDATE counters SET value = value - 1 WHERE name = 'prompts'; END;
CREATE TRIGGER responses_counted_insert AFTER INSERT ON responses
BEGIN UPDATE counters SET value = value + 1 WHERE name = 'responses'; END;
CREATE TRIGGER responses_counted_delete AFTER DELETE ON responses
BEGIN UPDATE counters SET value = value - 1 WHERE name = 'responses'; END;
CREATE TRIGGER labels_counted_insert AFTER INSERT ON labels
BEGIN UPDATE counters SET value = value + 1 WHERE name = 'labels'; END;
CREATE TRIGGER labels_counted_delete AFTER DELETE ON labels
BEGIN UPDATE counters SET value = value - 1 WHERE name = 'labels'; END;

CREATE TRIGGER comparisons_counted_insert AFTER INSERT ON comparisons
BEGIN
  UPDATE counters SET value = value + CASE name
      WHEN 'comparisons' THEN 1
      WHEN 'comparisons_open' THEN (NEW.status = 'open' AND NEW.kind <> 'gold')
      ELSE (NEW.status = 'complete') END
  WHERE name IN ('comparisons', 'comparisons_open', 'comparisons_complete');
END;
CREATE TRIGGER comparisons_counted_update AFTER UPDATE OF status, kind ON comparisons
  WHEN OLD.status IS NOT NEW.status OR OLD.kind IS NOT NEW.kind
BEGIN
  UPDATE counters SET value = value + CASE name
      WHEN 'comparisons_open' THEN (NEW.status = 'open' AND NEW.kind <> 'gold') - (OLD.status = 'open' AND OLD.kind <> 'gold')
      ELSE (NEW.status = 'complete') - (OLD.status = 'complete') END
  WHERE name IN ('comparisons_open', 'comparisons_complete');
END;
CREATE TRIGGER comparisons_counted_delete AFTER DELETE ON comparisons
BEGIN
  UPDATE counters SET value = value - CASE name
      WHEN 'comparisons' THEN 1
      WHEN 'comparisons_open' THEN (OLD.status = 'open' AND OLD.kind <> 'gold')
      ELSE (OLD.status = 'complete') END
  WHERE name IN ('comparisons', 'comparisons_open', 'comparisons_complete');
END;
