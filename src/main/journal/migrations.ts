// The journal's schema history. Each migration runs once, in order, inside one transaction with the
// user_version bump; a database written by a newer app is refused rather than guessed at. Tables are rebuilt the
// way SQLite documents it (new table, copy, drop, rename), so foreign keys are off while migrations run and
// checked before they commit.
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
  },
  {
    version: 3,
    // The list is the FileState union as of this version; a later state needs its own migration.
    description: 'a file state outside the known ones is refused by the database itself',
    sql: `
      CREATE TABLE files_checked (
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
        state TEXT NOT NULL CHECK (state IN ('queued', 'uploading', 'finalizing', 'creating-entry', 'processing',
          'done', 'paused', 'failed', 'canceled', 'skipped')),
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
        finished_at INTEGER,
        archived INTEGER NOT NULL DEFAULT 0
      );
      INSERT INTO files_checked (id, batch_id, path, name, relative_path, kind, size, mtime_ms, ino, dev, fingerprint, state, token_id, uploaded, reference_id, entry_id, content_attached, entry_status, confirmed_bytes, duplicate_of, error_kind, error_code, error_message, notice, created_at, updated_at, finished_at, archived)
        SELECT id, batch_id, path, name, relative_path, kind, size, mtime_ms, ino, dev, fingerprint, state, token_id, uploaded, reference_id, entry_id, content_attached, entry_status, confirmed_bytes, duplicate_of, error_kind, error_code, error_message, notice, created_at, updated_at, finished_at, archived FROM files;
      DROP TABLE files;
      ALTER TABLE files_checked RENAME TO files;
      CREATE INDEX files_state ON files(state);
      CREATE INDEX files_fingerprint ON files(size, fingerprint);
      CREATE INDEX files_batch ON files(batch_id);
      CREATE INDEX files_path ON files(path);
    `
  },
  {
    version: 4,
    description: 'profiles sign in with application tokens too, and remember the token id and a role to pin sessions to',
    sql: `
      CREATE TABLE profiles_v4 (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        service_url TEXT NOT NULL,
        partner_id INTEGER NOT NULL,
        user_id TEXT NOT NULL DEFAULT '',
        auth_kind TEXT NOT NULL CHECK (auth_kind IN ('app-token', 'admin-secret', 'ks')),
        app_token_id TEXT,
        role_id TEXT,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );
      INSERT INTO profiles_v4 (id, name, service_url, partner_id, user_id, auth_kind, created_at, updated_at)
        SELECT id, name, service_url, partner_id, user_id, auth_kind, created_at, updated_at FROM profiles;
      DROP TABLE profiles;
      ALTER TABLE profiles_v4 RENAME TO profiles;
    `
  },
  {
    version: 5,
    description: "the largest chunk each account's server took and the smallest it refused as too large",
    sql: `
      CREATE TABLE chunk_limits (
        profile_id TEXT PRIMARY KEY,
        largest_accepted INTEGER,
        smallest_refused INTEGER,
        updated_at INTEGER NOT NULL
      );
    `
  },
  {
    version: 6,
    description: 'media.add intents and entry marks survive a crash, and each account remembers whether Kaltura keeps referenceId',
    sql: `
      -- Set before media.add is sent, cleared when its answer is known: set with no entry id means it may have landed.
      ALTER TABLE files ADD COLUMN media_add_sent_at INTEGER;
      -- The kbumark tag the entry is created with when the account drops referenceId, until it is taken off again.
      ALTER TABLE files ADD COLUMN entry_mark TEXT;
      -- Per account: did the last media.add keep referenceId, and can the session take a mark tag off again.
      CREATE TABLE reference_id_support (
        profile_id TEXT PRIMARY KEY,
        kept INTEGER CHECK (kept IN (0, 1)),
        marks_removable INTEGER CHECK (marks_removable IN (0, 1)),
        updated_at INTEGER NOT NULL
      );
    `
  },
  {
    version: 7,
    description: "the smallest non-final chunk each account's server takes (a minimum chunk size it has shown)",
    sql: `
      ALTER TABLE chunk_limits ADD COLUMN smallest_needed INTEGER;
    `
  },
  {
    version: 8,
    description: 'uploadToken.add intents survive a crash',
    sql: `
      -- Set before uploadToken.add is sent, cleared when the token id is journaled or the add was refused: set with
      -- no token id means a token may exist on the server that the journal lacks.
      ALTER TABLE files ADD COLUMN token_add_sent_at INTEGER;
    `
  },
  {
    version: 9,
    description: "which entry a file's categories were put in with categoryEntry.add, so a restart neither skips nor repeats it",
    sql: `
      -- The entry id the batch's categories were assigned to (or found unassignable, with a notice); null until then.
      -- Compared with entry_id: an entry made again (deleted on the server, uploaded again) gets its categories anew.
      ALTER TABLE files ADD COLUMN categories_entry_id TEXT;
    `
  },
  {
    version: 10,
    description: "each file's own entry details (title, description, tags, categories, referenceId) and the caption files that go with it",
    sql: `
      -- JSON of shared/entryFields.ts EntryFields: what this file gives its entry over the batch's metadata; null: the batch's.
      ALTER TABLE files ADD COLUMN entry_fields TEXT;
      -- Caption files found beside a video, sent as caption assets of its entry once the entry exists.
      CREATE TABLE captions (
        id INTEGER PRIMARY KEY,
        file_id INTEGER NOT NULL REFERENCES files(id),
        path TEXT NOT NULL,
        -- A KalturaLanguage value ("English").
        language TEXT NOT NULL,
        format TEXT NOT NULL CHECK (format IN ('SRT', 'WEBVTT')),
        size INTEGER NOT NULL,
        mtime_ms REAL NOT NULL,
        state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'done', 'failed')),
        -- The entry the caption asset belongs to; compared with the file's entry_id, as categories_entry_id is.
        entry_id TEXT,
        asset_id TEXT,
        token_id TEXT,
        -- Set before captionAsset.add is sent and cleared when its id is journaled: an asset may exist the journal lacks.
        add_sent_at INTEGER,
        message TEXT,
        updated_at INTEGER NOT NULL
      );
      CREATE INDEX captions_file ON captions(file_id);
    `
  },
  {
    version: 11,
    description: "a caption's uploadToken.add intent survives a crash, as a video's does",
    sql: `
      -- Set before uploadToken.add is sent for a caption, cleared when its token id is journaled or the add was refused.
      ALTER TABLE captions ADD COLUMN token_add_sent_at INTEGER;
    `
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
  // With foreign keys on, dropping a table being rebuilt would cascade into the chunks that reference it. The
  // pragma is ignored inside a transaction, so it is switched around it.
  const foreignKeys = db.pragma('foreign_keys', { simple: true }) === 1
  db.pragma('foreign_keys = OFF')
  try {
    db.transaction(() => {
      for (const m of pending) {
        db.exec(m.sql)
        db.pragma(`user_version = ${m.version}`)
      }
      const broken = db.pragma('foreign_key_check')
      if (Array.isArray(broken) && broken.length > 0) throw new Error(`The journal's migration left ${broken.length} broken references; nothing was changed.`)
    })()
  } finally {
    if (foreignKeys) db.pragma('foreign_keys = ON')
  }
  return pending.map((m) => m.version)
}
