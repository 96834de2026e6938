-- Inbox: every accepted event, committed before the relay answers 2xx.
CREATE TABLE events (
    event_id    TEXT PRIMARY KEY,
    route       TEXT NOT NULL,
    demo_id     TEXT NOT NULL,
    action      TEXT NOT NULL,
    body        TEXT NOT NULL,
    received_at TEXT NOT NULL
);

-- Outbox: one delivery job per effect of an event, so one failing effect never repeats another.
CREATE TABLE jobs (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id       TEXT NOT NULL REFERENCES events(event_id),
    kind           TEXT NOT NULL,
    state          TEXT NOT NULL CHECK (state IN ('pending', 'in_flight', 'done', 'dead')),
    attempts       INTEGER NOT NULL DEFAULT 0,
    run_at         INTEGER NOT NULL,
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL,
    verify_first   INTEGER NOT NULL DEFAULT 0,
    last_error     TEXT,
    notion_page_id TEXT,
    UNIQUE (event_id, kind)
);
CREATE INDEX jobs_due ON jobs(state, run_at);

-- Configured database ids resolved to the data source ids the API takes from 2025-09-03 on.
CREATE TABLE notion_targets (
    configured_id  TEXT PRIMARY KEY,
    data_source_id TEXT NOT NULL,
    resolved_at    TEXT NOT NULL
);

-- Cache of Notion pages and their relations.
CREATE TABLE pages (
    id               TEXT PRIMARY KEY,
    data_source_id   TEXT,
    title            TEXT,
    properties       TEXT NOT NULL,
    created_time     TEXT,
    last_edited_time TEXT,
    in_trash         INTEGER NOT NULL DEFAULT 0,
    synced_at        TEXT NOT NULL
);
CREATE INDEX pages_data_source ON pages(data_source_id);

CREATE TABLE relations (
    page_id         TEXT NOT NULL REFERENCES pages(id) ON DELETE CASCADE,
    property        TEXT NOT NULL,
    position        INTEGER NOT NULL,
    related_page_id TEXT NOT NULL,
    PRIMARY KEY (page_id, property, position)
);
CREATE INDEX relations_related ON relations(related_page_id, property);
