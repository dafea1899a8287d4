// The journal's connection settings hold on a real SQLite file.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { openDatabase } from '../../../src/main/journal/database'

describe('openDatabase', () => {
  const dirs: string[] = []
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
  })

  it('opens a file in WAL mode, synchronous NORMAL, with foreign keys enforced and a busy timeout', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kbu-db-'))
    dirs.push(dir)
    const db = openDatabase(join(dir, 'journal.db'))
    try {
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal')
      expect(db.pragma('synchronous', { simple: true })).toBe(1)
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1)
      expect(db.pragma('busy_timeout', { simple: true })).toBe(5000)
      db.exec('create table parent (id integer primary key); create table child (p integer references parent(id))')
      expect(() => db.prepare('insert into child (p) values (42)').run()).toThrow(/FOREIGN KEY/)
    } finally {
      db.close()
    }
  })
})
