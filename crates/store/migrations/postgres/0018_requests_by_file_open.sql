-- The open requests of one file, by deadline: the dashboard's next deadline and open count per
-- file. With only (status, deadline), SQLite answered MIN(deadline) by walking every open request
-- of every file (1 s a page at 1,000 clients); this index serves both lookups and the old one.
CREATE INDEX requests_application_open ON requests (application_id, status, deadline);
DROP INDEX requests_application;
