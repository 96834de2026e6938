-- Which Notion target a job writes to, so an operator-fixable error pauses only that target.
ALTER TABLE jobs ADD COLUMN target TEXT;

-- Targets delivery is paused for until a probe succeeds (401/403/404: token or sharing).
CREATE TABLE paused_targets (
    target        TEXT PRIMARY KEY,
    reason        TEXT NOT NULL,
    since         INTEGER NOT NULL,
    next_probe_at INTEGER NOT NULL
);
