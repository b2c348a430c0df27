import Database from 'better-sqlite3';

// Another process holding the store's write lock (a CLI run, a backup, a second proxy in a long
// transaction): argv <database path> <hold ms>. Sends `locked` once it holds the lock and
// `released` when it lets go.
const [path = '', holdText = '15000'] = process.argv.slice(2);
const db = new Database(path, { timeout: 60_000 });
process.send?.({ type: 'ready' });
db.exec('BEGIN IMMEDIATE');
process.send?.({ type: 'locked' });
setTimeout(() => {
  db.exec('ROLLBACK');
  db.close();
  process.send?.({ type: 'released' });
  setTimeout(() => process.exit(0), 50);
}, Number(holdText));
process.on('disconnect', () => process.exit(0));
