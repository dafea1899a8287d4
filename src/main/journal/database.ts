// Opens the journal's SQLite file with the settings every connection needs (WAL, synchronous NORMAL, foreign keys,
// busy timeout).
import Database from 'better-sqlite3'

export interface OpenDatabaseOptions {
  /** Path of an Electron-ABI better_sqlite3.node; absent under plain Node, where node_modules' build is used. */
  nativeBinding?: string
}

export function openDatabase(file: string, options: OpenDatabaseOptions = {}): Database.Database {
  const db = new Database(file, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {})
  db.pragma('journal_mode = WAL')
  // Commits survive a crash or a kill; only a power cut can lose the last few, and the server, asked before every
  // resume, is the source of truth for what it holds. Saves an fsync per chunk acknowledgement.
  db.pragma('synchronous = NORMAL')
  db.pragma('foreign_keys = ON')
  db.pragma('busy_timeout = 5000')
  return db
}
