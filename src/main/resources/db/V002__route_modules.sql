-- Route modules (issue 3): a guest's first visit to a demo, decided in the transaction that stores
-- the event, so the primary key makes "first" hold under concurrent requests and across restarts.
CREATE TABLE guest_visits (
    demo_id        TEXT NOT NULL,
    guest_key      TEXT NOT NULL,
    first_event_id TEXT NOT NULL REFERENCES events(event_id),
    first_seen_at  TEXT NOT NULL,
    PRIMARY KEY (demo_id, guest_key)
);

-- A block or child page found on the demo page is adopted only if no job has recorded it yet.
CREATE INDEX jobs_notion_page ON jobs(notion_page_id);
