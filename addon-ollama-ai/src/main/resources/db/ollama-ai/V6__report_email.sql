-- Reports by e-mail (issue 7): the delivery state of each report. email_status: NULL = not to be
-- e-mailed (no SMTP host or recipients when it was written), 'sent', or 'failed' (retried by the
-- next run of the reports job until it is sent or has failed email_attempts >= 5 times).
ALTER TABLE ai_reports ADD COLUMN email_status VARCHAR(10);
ALTER TABLE ai_reports ADD COLUMN email_error VARCHAR(500);
ALTER TABLE ai_reports ADD COLUMN email_attempts INT DEFAULT 0 NOT NULL;
ALTER TABLE ai_reports ADD COLUMN email_at BIGINT;
