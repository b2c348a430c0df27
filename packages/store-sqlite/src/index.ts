export { headroomHome } from './headroom-home.js';
export { createSqliteStore, DEFAULT_DATABASE_FILE, DEFAULT_LEDGER_RETENTION_MS, type SqliteStoreOptions } from './sqlite-store.js';
export { createSqliteWorkerStore, type SqliteWorkerStoreOptions } from './sqlite-worker-store.js';
