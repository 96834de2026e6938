-- Jobs of one demo page run one at a time, oldest first; this index answers "is an older one unfinished?".
CREATE INDEX jobs_by_target ON jobs(target, state, id);
