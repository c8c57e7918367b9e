-- A consent is looked up by representative and client (the reach query, the dashboard): with
-- only (representative, status), PostgreSQL scanned every consent of the representative for
-- each client file (190 ms a dashboard page at 1,000 clients; see docs/performance.md).
DROP INDEX consents_representative;
CREATE INDEX consents_representative_client ON consents (representative_id, client_id, status);
