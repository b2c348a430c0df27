/** Bumped when the layout changes; a file from a newer Headroom is refused rather than misread. */
export const SCHEMA_VERSION = 1;

// Originals hold the compressed-away bytes. `original` is TEXT for well-formed strings and a
// UTF-16LE BLOB for the rare string with lone surrogates, which UTF-8 TEXT would silently mangle.
export const SCHEMA = `
CREATE TABLE IF NOT EXISTS originals (
  ref TEXT PRIMARY KEY NOT NULL,
  original NOT NULL,
  meta TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS originals_expires_at ON originals (expires_at);

CREATE TABLE IF NOT EXISTS memo (
  key TEXT PRIMARY KEY NOT NULL,
  entry TEXT NOT NULL,
  expires_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS memo_expires_at ON memo (expires_at);

CREATE TABLE IF NOT EXISTS ledger (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  time INTEGER NOT NULL,
  type TEXT NOT NULL,
  event TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS ledger_time ON ledger (time);
CREATE INDEX IF NOT EXISTS ledger_type_time ON ledger (type, time);
`;
