-- Schedules (issue 3): when each schedule is next due, so the firing job claims due schedules with one
-- conditional UPDATE (safe with several panel instances), and survives restarts.
ALTER TABLE server_schedules ADD COLUMN next_run_at BIGINT;
CREATE INDEX schedules_due ON server_schedules (active, next_run_at);
