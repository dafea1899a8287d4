// Opens the journal's SQLite file with the settings every connection needs (WAL, foreign keys, busy timeout).
import Database from 'better-sqlite3'

export interface OpenDatabaseOptions {
  /** Path of an Electron-ABI better_sqlite3.node; absent under plain Node, where node_modules' build is used. */
  nativeBinding?: string
}

export function openDatabase(file: string, options: OpenDatabaseOptions = {}): Database.Database {
  const db = new Database(file, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {})
  db.pragma('journal_mode = WAL')
  db.pragma('foreign_keys = ON')
  db.pragma('busy_timeout = 5000')
  return db
}
