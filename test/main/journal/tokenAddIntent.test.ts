// Migration 8 and what it keeps: a file's uploadToken.add intent, so a restart knows a token may exist that the
// journal lacks.
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { Journal } from '../../../src/main/journal/journal'
import { MIGRATIONS, migrate } from '../../../src/main/journal/migrations'

describe('uploadToken.add intents in the journal', () => {
  it('migration 8 adds the column (empty on existing rows) to a version-7 journal, and a patch sets and clears it', () => {
    const db = new Database(':memory:')
    migrate(db, MIGRATIONS.filter((m) => m.version <= 7))
    const batch = db.prepare(`INSERT INTO batches (profile_id, created_at, duplicate_policy) VALUES ('p', 1, 'skip')`).run().lastInsertRowid
    db.prepare(`INSERT INTO files (batch_id, path, name, relative_path, kind, size, mtime_ms, state, reference_id, created_at, updated_at)
      VALUES (?, '/a.mp4', 'a.mp4', 'a.mp4', 'video', 1, 1, 'uploading', 'ref-a', 1, 1)`).run(batch)
    expect(migrate(db, MIGRATIONS.filter((m) => m.version <= 8))).toEqual([8])
    migrate(db) // the later ones, which the journal's statements need
    const journal = new Journal(db)
    const [file] = journal.allFiles()
    expect(file).toMatchObject({ tokenId: null, tokenAddSentAt: null })
    journal.updateFile(file!.id, { tokenAddSentAt: 1234 })
    expect(journal.getFile(file!.id)).toMatchObject({ tokenId: null, tokenAddSentAt: 1234 })
    journal.updateFile(file!.id, { tokenId: 'tok-1', tokenAddSentAt: null })
    expect(journal.getFile(file!.id)).toMatchObject({ tokenId: 'tok-1', tokenAddSentAt: null })
    db.close()
  })
})
