-- Fencing: a lease's generation grows each time another process takes it over, and a job keeps
-- the generation that claimed it, so a process that lost the lease cannot overwrite the new
-- owner's work, and recovery touches only jobs of a lease that has expired.
ALTER TABLE sync_lease ADD COLUMN generation INTEGER;
ALTER TABLE jobs ADD COLUMN claim_generation INTEGER;
-- The pause a parked job waits for: its own target's, or a page its event refers to. NULL: claimable.
ALTER TABLE jobs ADD COLUMN parked_on TEXT;
-- Look-ups that found nothing since an ambiguous write: a page is re-created only after two.
ALTER TABLE jobs ADD COLUMN verify_misses INTEGER;
-- The claim query walks only claimable jobs, in due order: parked and finished ones are not in it.
CREATE INDEX jobs_claimable ON jobs(run_at, id) WHERE state = 'pending' AND parked_on IS NULL;
-- Parked jobs by the pause they wait for (lifted: unpark them), and by age (past the maximum: dead).
CREATE INDEX jobs_parked_on ON jobs(parked_on) WHERE parked_on IS NOT NULL;
CREATE INDEX jobs_parked_age ON jobs(created_at) WHERE parked_on IS NOT NULL;
-- Priority lanes on the one budget: what a person watching the demo waits for (callouts, child pages,
-- property updates) before Interactions log pages; one claimable index per lane.
CREATE INDEX jobs_claimable_visible ON jobs(run_at, id) WHERE state = 'pending' AND parked_on IS NULL AND kind <> 'interaction_page';
CREATE INDEX jobs_claimable_log ON jobs(run_at, id) WHERE state = 'pending' AND parked_on IS NULL AND kind = 'interaction_page';
-- Coalescing: the job whose request also carried this one (one PATCH, one append of several blocks).
ALTER TABLE jobs ADD COLUMN carried_by INTEGER;
