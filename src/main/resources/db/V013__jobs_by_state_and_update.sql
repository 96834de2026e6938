-- Jobs by state and last change: the metrics read "delivered since" from this without a table scan.
CREATE INDEX jobs_by_state_updated ON jobs(state, updated_at);
