// Migration 10: each file's own entry details and its caption files, journaled with the file in one step.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { Journal, type NewFile } from '../../../src/main/journal/journal'
import { MIGRATIONS, migrate } from '../../../src/main/journal/migrations'
import { openJournal } from '../../../src/main/journal/openJournal'

const dirs: string[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

function file(name: string, extra: Partial<NewFile> = {}): NewFile {
  return {
    path: `/videos/${name}`,
    name,
    relativePath: name,
    kind: 'video',
    size: 10,
    mtimeMs: 1,
    ino: null,
    dev: null,
    fingerprint: null,
    referenceId: `ref-${name}`,
    state: 'queued',
    ...extra
  }
}

describe("a file's own details and captions in the journal", () => {
  it('migration 10 leaves files journaled before it with the batch details and no captions', () => {
    const db = new Database(':memory:')
    migrate(db, MIGRATIONS.filter((m) => m.version <= 9))
    const batch = db.prepare(`INSERT INTO batches (profile_id, created_at, duplicate_policy) VALUES ('p', 1, 'skip')`).run().lastInsertRowid
    db.prepare(`INSERT INTO files (batch_id, path, name, relative_path, kind, size, mtime_ms, state, reference_id, created_at, updated_at)
      VALUES (?, '/a.mp4', 'a.mp4', 'a.mp4', 'video', 1, 1, 'queued', 'ref-a', 1, 1)`).run(batch)
    expect(migrate(db)).toContain(10)
    const journal = new Journal(db)
    const [row] = journal.allFiles()
    expect(row!.entryFields).toBeNull()
    expect(journal.captions.of(row!.id)).toEqual([])
  })

  it('keeps details and captions across a reopen, stores no empty details, and patches both', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kbu-fields-'))
    dirs.push(dir)
    const path = join(dir, 'journal.db')
    const first = openJournal(path)
    const batchId = first.journal.createBatch({ profileId: 'p', metadata: { tags: 'batch' }, duplicatePolicy: 'skip' })
    const [talk, plain] = first.journal.addFiles(batchId, [
      file('talk.mp4', {
        entryFields: { title: 'The talk', tags: 'physics,week 1', categories: 'Lectures>2026>Physics' },
        captions: [
          { path: '/videos/talk.en.srt', language: 'English', format: 'SRT', size: 120, mtimeMs: 5 },
          { path: '/videos/talk.de.vtt', language: 'German', format: 'WEBVTT', size: 130, mtimeMs: 6 }
        ]
      }),
      file('plain.mp4', { entryFields: {} })
    ])
    first.journal.close()

    const { journal } = openJournal(path)
    expect(journal.getFile(talk!)!.entryFields).toEqual({ title: 'The talk', tags: 'physics,week 1', categories: 'Lectures>2026>Physics' })
    expect(journal.getFile(plain!)!.entryFields).toBeNull()
    const captions = journal.captions.of(talk!)
    expect(captions.map((c) => [c.language, c.format, c.state, c.entryId])).toEqual([
      ['English', 'SRT', 'pending', null],
      ['German', 'WEBVTT', 'pending', null]
    ])
    expect(journal.captions.of(plain!)).toEqual([])

    journal.captions.update(captions[0]!.id, { state: 'done', entryId: '0_abc', assetId: '0_cap1' })
    journal.updateFile(plain!, { entryFields: { description: 'Edited' } })
    expect(journal.captions.get(captions[0]!.id)).toMatchObject({ state: 'done', entryId: '0_abc', assetId: '0_cap1', tokenId: null })
    expect(journal.getFile(plain!)!.entryFields).toEqual({ description: 'Edited' })
    journal.updateFile(plain!, { entryFields: null })
    expect(journal.getFile(plain!)!.entryFields).toBeNull()
    journal.close()
  })
})
