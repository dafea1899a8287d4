// The journal's schema history. Each migration runs once, in order, inside one transaction with the
// user_version bump; a database written by a newer app is refused rather than guessed at.
import type Database from 'better-sqlite3'

export interface Migration {
  version: number
  description: string
  sql: string
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'profiles, batches, files, chunks, settings',
    sql: `
      CREATE TABLE profiles (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        service_url TEXT NOT NULL,
        partner_id INTEGER NOT NULL,
        user_id TEXT NOT NULL DEFAULT '',
        auth_kind TEXT NOT NULL CHECK (auth_kind IN ('admin-secret', 'ks')),
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );

      CREATE TABLE batches (
        id INTEGER PRIMARY KEY,
        profile_id TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        metadata TEXT NOT NULL DEFAULT '{}',
        duplicate_policy TEXT NOT NULL CHECK (duplicate_policy IN ('skip', 'upload'))
      );

      CREATE TABLE files (
        id INTEGER PRIMARY KEY,
        batch_id INTEGER NOT NULL REFERENCES batches(id),
        path TEXT NOT NULL,
        name TEXT NOT NULL,
        relative_path TEXT NOT NULL,
        kind TEXT NOT NULL,
        size INTEGER NOT NULL,
        mtime_ms REAL NOT NULL,
        ino TEXT,
        dev TEXT,
        fingerprint TEXT,
        state TEXT NOT NULL,
        token_id TEXT,
        uploaded INTEGER NOT NULL DEFAULT 0,
        reference_id TEXT NOT NULL,
        entry_id TEXT,
        content_attached INTEGER NOT NULL DEFAULT 0,
        entry_status INTEGER,
        confirmed_bytes INTEGER NOT NULL DEFAULT 0,
        duplicate_of INTEGER REFERENCES files(id),
        error_kind TEXT,
        error_code TEXT,
        error_message TEXT,
        notice TEXT,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        finished_at INTEGER
      );
      CREATE INDEX files_state ON files(state);
      CREATE INDEX files_fingerprint ON files(size, fingerprint);
      CREATE INDEX files_batch ON files(batch_id);
      CREATE INDEX files_path ON files(path);

      -- Written before a chunk leaves ('sending') and after the server acknowledges it ('acked').
      CREATE TABLE chunks (
        file_id INTEGER NOT NULL REFERENCES files(id) ON DELETE CASCADE,
        token_id TEXT NOT NULL,
        offset INTEGER NOT NULL,
        length INTEGER NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('sending', 'acked')),
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (file_id, offset)
      ) WITHOUT ROWID;

      CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );
    `
  },
  {
    version: 2,
    description: 'files can be archived out of the list while staying in the duplicate history',
    sql: `ALTER TABLE files ADD COLUMN archived INTEGER NOT NULL DEFAULT 0;`
  }
]

export class JournalTooNewError extends Error {
  override readonly name = 'JournalTooNewError'
  constructor(readonly found: number, readonly supported: number) {
    super(`The upload journal was written by a newer version of the app (schema ${found}; this version knows up to ${supported}). Update the app to continue.`)
  }
}

/** Applies pending migrations in one transaction; returns the versions applied. */
export function migrate(db: Database.Database, migrations: readonly Migration[] = MIGRATIONS): number[] {
  const current = db.pragma('user_version', { simple: true }) as number
  const latest = migrations.at(-1)?.version ?? 0
  if (current > latest) throw new JournalTooNewError(current, latest)
  const pending = migrations.filter((m) => m.version > current)
  if (pending.length === 0) return []
  db.transaction(() => {
    for (const m of pending) {
      db.exec(m.sql)
      db.pragma(`user_version = ${m.version}`)
    }
  })()
  return pending.map((m) => m.version)
}
