-- Two more action states (issue 9 follow-up): 'expired' (the user sent a new message instead of
-- deciding) and 'interrupted' (the panel stopped while the action ran), which does not fit
-- VARCHAR(10). H2, PostgreSQL and MariaDB each spell "change a column's type" differently, so the
-- column is rebuilt with statements all three share.
ALTER TABLE ai_actions ADD COLUMN status_before VARCHAR(10);
UPDATE ai_actions SET status_before = status;
ALTER TABLE ai_actions DROP COLUMN status;
ALTER TABLE ai_actions ADD COLUMN status VARCHAR(20) DEFAULT 'pending' NOT NULL;
UPDATE ai_actions SET status = status_before;
ALTER TABLE ai_actions DROP COLUMN status_before;
