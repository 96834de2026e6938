-- A relation property that a webhook said changed: the next sync pass re-reads it through the
-- page-property endpoint even when its first items and count look the same as the cache's.
-- One row a notice (repeats allowed); a read removes the notices it has answered, by seq.
CREATE TABLE relation_marks (
    seq         INTEGER PRIMARY KEY AUTOINCREMENT,
    page_id     TEXT NOT NULL,
    property_id TEXT NOT NULL,
    marked_at   TEXT NOT NULL
);
CREATE INDEX relation_marks_page ON relation_marks(page_id, property_id);

-- What each sync run spent of the Notion rate budget: every request (retries included), the
-- page-property reads among them, and the long relations it left alone because they could not
-- have changed. NULL for runs recorded before this migration.
ALTER TABLE sync_runs ADD COLUMN notion_requests INTEGER;
ALTER TABLE sync_runs ADD COLUMN relation_reads INTEGER;
ALTER TABLE sync_runs ADD COLUMN relations_unchanged INTEGER;
