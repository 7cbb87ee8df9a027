-- Server pages and the client API list a server's activity (issue 3): entries are read by exact
-- subject ("server:<uuid>"), newest first.
CREATE INDEX activity_subject ON activity_log (subject, id);
