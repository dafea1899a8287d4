// Migration 9: which entry a file's categories were dealt with for, empty on rows journaled before it.
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { Journal } from '../../../src/main/journal/journal'
import { MIGRATIONS, migrate } from '../../../src/main/journal/migrations'

describe("a file's categories in the journal", () => {
  it('migration 9 adds categories_entry_id, empty on a file that already had its entry, and keeps what is written', () => {
    const db = new Database(':memory:')
    migrate(db, MIGRATIONS.filter((m) => m.version <= 8))
    const batch = db.prepare(`INSERT INTO batches (profile_id, created_at, duplicate_policy) VALUES ('p', 1, 'skip')`).run().lastInsertRowid
    db.prepare(`INSERT INTO files (batch_id, path, name, relative_path, kind, size, mtime_ms, state, reference_id, entry_id, created_at, updated_at)
      VALUES (?, '/a.mp4', 'a.mp4', 'a.mp4', 'video', 1, 1, 'creating-entry', 'ref-a', '0_abc', 1, 1)`).run(batch)
    expect(migrate(db)).toContain(9)
    const journal = new Journal(db)
    const [file] = journal.allFiles()
    expect(file).toMatchObject({ entryId: '0_abc', categoriesEntryId: null })
    journal.updateFile(file!.id, { categoriesEntryId: '0_abc' })
    expect(journal.getFile(file!.id)).toMatchObject({ categoriesEntryId: '0_abc' })
  })
})
