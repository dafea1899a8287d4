// Opens the journal file: a corrupt or unreadable file is moved aside (never deleted) and a fresh journal
// started, with a notice saying where the old one went; a journal from a newer app is refused.
import { existsSync, renameSync } from 'node:fs'
import { dirname } from 'node:path'
import { ensurePrivateFile, ensurePrivateFolder } from '../storage/privateFiles'
import type Database from 'better-sqlite3'
import { openDatabase, type OpenDatabaseOptions } from './database'
import { migrate } from './migrations'
import { Journal } from './journal'

export interface OpenedJournal {
  journal: Journal
  /** Set when the previous file could not be used and was moved aside. */
  recovered?: { movedTo: string; reason: string }
}

export function openJournal(file: string, options: OpenDatabaseOptions = {}): OpenedJournal {
  try {
    return { journal: new Journal(openChecked(file, options)) }
  } catch (err) {
    if (!isDamage(err)) throw err
    const movedTo = moveAside(file)
    const reason = describeDamage(err)
    return { journal: new Journal(openChecked(file, options)), recovered: { movedTo, reason } }
  }
}

function openChecked(file: string, options: OpenDatabaseOptions): Database.Database {
  // SQLite gives its -wal and -shm files the database file's mode, so they are private too.
  ensurePrivateFolder(dirname(file))
  ensurePrivateFile(file)
  const db = openDatabase(file, options)
  try {
    const check = db.pragma('quick_check', { simple: true })
    if (check !== 'ok') throw new JournalDamagedError(`integrity check failed: ${String(check)}`)
    migrate(db)
    return db
  } catch (err) {
    db.close()
    throw err
  }
}

class JournalDamagedError extends Error {
  override readonly name = 'JournalDamagedError'
}

const DAMAGE_CODES = new Set(['SQLITE_NOTADB', 'SQLITE_CORRUPT', 'SQLITE_CANTOPEN', 'SQLITE_IOERR', 'SQLITE_PERM', 'SQLITE_READONLY'])

function isDamage(err: unknown): boolean {
  if (err instanceof JournalDamagedError) return true
  const code = (err as { code?: unknown } | null)?.code
  return typeof code === 'string' && [...DAMAGE_CODES].some((c) => code.startsWith(c))
}

function describeDamage(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code
  if (typeof code === 'string' && code.startsWith('SQLITE_NOTADB')) return 'the file is not a SQLite database'
  if (typeof code === 'string' && code.startsWith('SQLITE_CORRUPT')) return 'the database is corrupt'
  if (typeof code === 'string' && /SQLITE_(CANTOPEN|PERM|READONLY|IOERR)/.test(code)) return 'the file could not be read or written'
  return err instanceof Error ? err.message : String(err)
}

function moveAside(file: string): string {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-')
  const target = `${file}.damaged-${stamp}`
  for (const suffix of ['', '-wal', '-shm']) {
    if (existsSync(file + suffix)) renameSync(file + suffix, target + suffix)
  }
  return target
}
