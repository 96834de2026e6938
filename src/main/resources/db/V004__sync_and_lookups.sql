-- Data source schemas as Notion last showed them, so a lookup can tell an unknown property
-- from an empty one, and follow a relation to the data source it points at.
CREATE TABLE data_sources (
    id         TEXT PRIMARY KEY,
    title      TEXT NOT NULL,
    properties TEXT NOT NULL,
    synced_at  TEXT NOT NULL
);

-- Every cached page property rendered as text once, when the page is upserted, so lookups
-- read rows instead of parsing JSON. number holds numbers (and checkboxes) for sorting.
CREATE TABLE page_values (
    page_id  TEXT NOT NULL REFERENCES pages(id) ON DELETE CASCADE,
    property TEXT NOT NULL,
    type     TEXT NOT NULL,
    text     TEXT NOT NULL,
    number   REAL,
    PRIMARY KEY (page_id, property)
) WITHOUT ROWID;

-- Covering indexes for lookups: a relation read from its other side, whether a page's own list
-- holds a given page, and a related page's liveness and age, are answered from the index alone.
CREATE INDEX relations_reverse ON relations(related_page_id, property, page_id);
CREATE INDEX relations_pair ON relations(page_id, property, related_page_id);
CREATE INDEX pages_live ON pages(id, in_trash, created_time);
-- A data source's live pages newest first: a demo's newest interactions are found by walking this.
CREATE INDEX pages_by_source_created ON pages(data_source_id, in_trash, created_time, id);

-- Per data source: the incremental watermark (advanced only when a pass completes) and when
-- the last full pass (which also finds pages moved to the trash) completed.
CREATE TABLE sync_state (
    data_source_id TEXT PRIMARY KEY,
    watermark      TEXT,
    last_full_at   TEXT
);

-- One row a sync run, for status and /health.
CREATE TABLE sync_runs (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    started_at  TEXT NOT NULL,
    finished_at TEXT,
    mode        TEXT NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('running', 'ok', 'failed')),
    pages_seen  INTEGER NOT NULL DEFAULT 0,
    errors      INTEGER NOT NULL DEFAULT 0,
    error       TEXT
);
CREATE INDEX sync_runs_status ON sync_runs(status, id);

-- A lease so that two processes on one file (serve and the sync command) never sync at once.
CREATE TABLE sync_lease (
    name       TEXT PRIMARY KEY,
    holder     TEXT NOT NULL,
    expires_at INTEGER NOT NULL
);
