-- Every write to a cached page, in order: the in-memory relation graph that answers lookups
-- replays it to stay in step with this file, whichever process wrote (serve, or the sync command).
CREATE TABLE cache_changes (
    seq     INTEGER PRIMARY KEY AUTOINCREMENT,
    page_id TEXT NOT NULL
);
