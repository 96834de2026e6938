-- The verification token Notion sent in its handshake: one row at most. A token set in the
-- environment (NOTION_WEBHOOK_VERIFICATION_TOKEN) wins over it; an operator's reset deletes it.
CREATE TABLE webhook_token (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    token       TEXT NOT NULL,
    received_at TEXT NOT NULL
);
-- Every verified Notion webhook delivery, committed before the 200. Notion's delivery id is
-- unique, so a repeat adds nothing. work_key names what processing it touches (deliveries with
-- the same key coalesce into one refresh); NULL when there is nothing to do. Times of the
-- payload (event_at, Notion's clock) and of receipt are epoch milliseconds, so they compare.
CREATE TABLE webhook_deliveries (
    seq          INTEGER PRIMARY KEY AUTOINCREMENT,
    id           TEXT NOT NULL UNIQUE,
    type         TEXT NOT NULL,
    entity_id    TEXT,
    entity_type  TEXT,
    work_key     TEXT,
    event_at     INTEGER,
    received_at  INTEGER NOT NULL,
    body         TEXT NOT NULL,
    outcome      TEXT NOT NULL,
    detail       TEXT,
    processed_at INTEGER
);
CREATE INDEX webhook_deliveries_pending ON webhook_deliveries(work_key, seq) WHERE outcome = 'pending';
CREATE INDEX webhook_deliveries_by_type ON webhook_deliveries(type, outcome);
-- Per work key: how far the cache is known to reflect Notion (the newest event time a refresh
-- covered; the newest page.deleted applied), and when to try again after a failed refresh.
CREATE TABLE webhook_entities (
    work_key          TEXT PRIMARY KEY,
    refreshed_through INTEGER,
    deleted_at        INTEGER,
    attempts          INTEGER NOT NULL DEFAULT 0,
    retry_at          INTEGER,
    last_error        TEXT
);
