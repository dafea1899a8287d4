// Migration 6 and what it keeps: a file's media.add intent and entry mark, and per account whether Kaltura keeps
// the referenceId of new entries.
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { Journal } from '../../../src/main/journal/journal'
import { MIGRATIONS, migrate } from '../../../src/main/journal/migrations'

describe('media.add intents and referenceId handling in the journal', () => {
  it('migration 6 adds the two file columns (empty on existing rows) and the per-account table to a version-5 journal', () => {
    const db = new Database(':memory:')
    migrate(db, MIGRATIONS.filter((m) => m.version <= 5))
    const batch = db.prepare(`INSERT INTO batches (profile_id, created_at, duplicate_policy) VALUES ('p', 1, 'skip')`).run().lastInsertRowid
    db.prepare(`INSERT INTO files (batch_id, path, name, relative_path, kind, size, mtime_ms, state, reference_id, created_at, updated_at)
      VALUES (?, '/a.mp4', 'a.mp4', 'a.mp4', 'video', 1, 1, 'creating-entry', 'ref-a', 1, 1)`).run(batch)
    expect(migrate(db, MIGRATIONS.filter((m) => m.version <= 6))).toEqual([6])
    migrate(db) // the later ones, which the journal's statements need
    const journal = new Journal(db)
    const [file] = journal.allFiles()
    expect(file).toMatchObject({ referenceId: 'ref-a', mediaAddSentAt: null, entryMark: null })
    journal.updateFile(file!.id, { mediaAddSentAt: 1234, entryMark: 'kbumark0123456789abcdef01234567' })
    expect(journal.getFile(file!.id)).toMatchObject({ mediaAddSentAt: 1234, entryMark: 'kbumark0123456789abcdef01234567' })
  })

  it('remembers per account whether referenceId was kept, and says when that is news', () => {
    const db = new Database(':memory:')
    migrate(db)
    const journal = new Journal(db)
    expect(journal.referenceIds.of('a')).toBe('unknown')
    expect(journal.referenceIds.record('a', false)).toBe(true)
    expect(journal.referenceIds.record('a', false)).toBe(false)
    expect(journal.referenceIds.of('a')).toBe('dropped')
    expect(journal.referenceIds.of('b')).toBe('unknown')
    expect(journal.referenceIds.record('a', true)).toBe(true)
    expect(journal.referenceIds.of('a')).toBe('kept')
  })

  it('remembers per account whether a mark could be taken off, removable until shown otherwise', () => {
    const db = new Database(':memory:')
    migrate(db)
    const journal = new Journal(db)
    expect(journal.referenceIds.marksRemovable('a')).toBe(true)
    expect(journal.referenceIds.recordMarkRemoval('a', false)).toBe(true)
    expect(journal.referenceIds.recordMarkRemoval('a', false)).toBe(false)
    expect(journal.referenceIds.marksRemovable('a')).toBe(false)
    expect(journal.referenceIds.of('a')).toBe('unknown')
    expect(journal.referenceIds.marksRemovable('b')).toBe(true)
  })
})
