-- The unique client identifier (UCI), given at a person's first submission (or taken from a linked paper file).
ALTER TABLE accounts ADD COLUMN uci TEXT;
CREATE UNIQUE INDEX accounts_uci ON accounts (uci);
