-- A paid representative's proof of membership (a licence card, a letter of good standing):
-- encrypted like every document, with its key wrapped by the master key; staff open it before
-- they verify.
ALTER TABLE representatives ADD COLUMN proof_file_name TEXT;
ALTER TABLE representatives ADD COLUMN proof_content_type TEXT;
ALTER TABLE representatives ADD COLUMN proof_size INTEGER;
ALTER TABLE representatives ADD COLUMN proof_sha256 TEXT;
ALTER TABLE representatives ADD COLUMN proof_object_key TEXT;
ALTER TABLE representatives ADD COLUMN proof_master_key_id TEXT;
ALTER TABLE representatives ADD COLUMN proof_wrapped_key BLOB;
ALTER TABLE representatives ADD COLUMN proof_at TEXT;
