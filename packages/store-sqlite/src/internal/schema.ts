/** Bumped when the layout changes; a file from a newer Headroom is refused rather than misread. */
export const SCHEMA_VERSION = 3;

// Originals hold the compressed-away bytes. `original` is TEXT for well-formed strings and a
// UTF-16LE BLOB for the rare string with lone surrogates, which UTF-8 TEXT would silently mangle.
// Originals and memo rows belong to a tenant: the key is (tenant, ref) so that nothing a tenant
// stored can be read under another tenant's name.
export const SCHEMA = `
CREATE TABLE IF NOT EXISTS originals (
  tenant TEXT NOT NULL,
  ref TEXT NOT NULL,
  original NOT NULL,
  meta TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  PRIMARY KEY (tenant, ref)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS originals_expires_at ON originals (expires_at);
CREATE INDEX IF NOT EXISTS originals_ref ON originals (ref);

CREATE TABLE IF NOT EXISTS memo (
  tenant TEXT NOT NULL,
  key TEXT NOT NULL,
  entry TEXT NOT NULL,
  expires_at INTEGER NOT NULL,
  PRIMARY KEY (tenant, key)
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

-- Bumped by every prune of the ledger: a process holding running totals of the ledger sees that
-- rows it counted may be gone and counts again (version 3).
CREATE TABLE IF NOT EXISTS ledger_state (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  generation INTEGER NOT NULL,
  pruned_at INTEGER NOT NULL
);
INSERT OR IGNORE INTO ledger_state (id, generation, pruned_at) VALUES (1, 0, 0);
`;

/**
 * Version 1 had no tenants: its originals and memo rows become the local tenant's (they were
 * written by a single-user CLI or proxy), its ledger rows stay as they are.
 */
export const MIGRATE_FROM_1 = `
ALTER TABLE originals RENAME TO originals_v1;
ALTER TABLE memo RENAME TO memo_v1;
DROP INDEX IF EXISTS originals_expires_at;
DROP INDEX IF EXISTS memo_expires_at;
${SCHEMA}
INSERT INTO originals (tenant, ref, original, meta, created_at, expires_at)
  SELECT 'local', ref, original, meta, created_at, expires_at FROM originals_v1;
INSERT INTO memo (tenant, key, entry, expires_at) SELECT 'local', key, entry, expires_at FROM memo_v1;
DROP TABLE originals_v1;
DROP TABLE memo_v1;
`;
