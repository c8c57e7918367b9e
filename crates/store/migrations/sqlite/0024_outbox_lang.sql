-- The language a queued mail is written in: its sender name (the brand in that language) and
-- its Content-Language header follow it. Mails queued before this column read as English.
ALTER TABLE outbox ADD COLUMN lang TEXT NOT NULL DEFAULT 'en';
