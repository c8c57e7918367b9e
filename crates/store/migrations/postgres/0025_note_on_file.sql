-- An officer may mark a note as part of the file: the applicant then reads it in the file's
-- history. Notes written before this column stay internal.
ALTER TABLE notes ADD COLUMN on_file BOOLEAN NOT NULL DEFAULT FALSE;
