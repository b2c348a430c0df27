export { headroomHome } from './headroom-home.js';
export { createSqliteStore, DEFAULT_DATABASE_FILE, type SqliteStoreOptions } from './sqlite-store.js';
