// Migration 3: the files table rebuilt with a CHECK on its state, on a real journal file written by version 2,
// keeping every row, column, index and reference; from then on the database itself refuses a state the app does
// not know.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type Database from 'better-sqlite3'
import { openDatabase } from '../../../src/main/journal/database'
import type { FilePatch } from '../../../src/main/journal/journal'
import { MIGRATIONS, migrate } from '../../../src/main/journal/migrations'
import { openJournal } from '../../../src/main/journal/openJournal'
import type { FileState } from '../../../src/shared/uploads'

// Every state of the union, checked by the compiler: a state added to FileState fails here until the database
// accepts it too (which takes a migration).
const EVERY_STATE: Record<FileState, true> = {
  queued: true,
  uploading: true,
  finalizing: true,
  'creating-entry': true,
  processing: true,
  done: true,
  paused: true,
  failed: true,
  canceled: true,
  skipped: true
}

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kbu-filestate-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

/** A journal file as version 2 of the app left it: a profile, a batch, a finished file, a duplicate mid-upload. */
function versionTwoJournal(file: string): Database.Database {
  const db = openDatabase(file)
  migrate(db, MIGRATIONS.filter((m) => m.version <= 2))
  db.exec(`
    INSERT INTO profiles VALUES ('p1', 'Main', 'https://www.kaltura.com', 123, 'me', 'admin-secret', 1, 2);
    INSERT INTO batches VALUES (7, 'p1', 3, '{"tags":"a,b"}', 'upload');
    INSERT INTO files (id, batch_id, path, name, relative_path, kind, size, mtime_ms, ino, dev, fingerprint, state,
      token_id, uploaded, reference_id, entry_id, content_attached, entry_status, confirmed_bytes, duplicate_of,
      error_kind, error_code, error_message, notice, created_at, updated_at, finished_at, archived)
    VALUES
      (1, 7, '/v/a.mp4', 'a.mp4', 'v/a.mp4', 'video', 5000000001, 1700000000123.5, '18446744073709551000', '2049',
        'fp-1', 'done', 'tok-1', 1, 'kbu-1', '0_entry', 1, 2, 5000000001, NULL, NULL, NULL, NULL, NULL, 10, 11, 12, 1),
      (2, 7, '/v/b.mp4', 'b.mp4', 'v/b.mp4', 'video', 5000000001, 1700000000999.25, NULL, NULL,
        'fp-1', 'uploading', 'tok-2', 0, 'kbu-2', NULL, 0, NULL, 1048576, 1, 'api', 'SERVICE_BUSY', 'Try later',
        'Same file as a.mp4', 20, 21, NULL, 0);
    INSERT INTO chunks VALUES (2, 'tok-2', 0, 1048576, 'acked', 22), (2, 'tok-2', 1048576, 1048576, 'sending', 23);
    INSERT INTO settings VALUES ('settings', '{"maxConnections":9}');
  `)
  return db
}

function snapshot(db: Database.Database) {
  const order = { profiles: 'id', batches: 'id', files: 'id', chunks: 'file_id, offset', settings: 'key' }
  return {
    rows: Object.fromEntries(Object.entries(order).map(([table, by]) => [table, db.prepare(`SELECT * FROM ${table} ORDER BY ${by}`).all()])),
    columns: db.pragma('table_info(files)'),
    indexes: db.prepare(`SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'files' AND sql IS NOT NULL ORDER BY name`).all(),
    references: { files: db.pragma('foreign_key_list(files)'), chunks: db.pragma('foreign_key_list(chunks)') }
  }
}

describe('file states in the journal', () => {
  it('keeps every row, column, index and reference of a version-2 journal when the files table is rebuilt', () => {
    const file = join(dir, 'journal.db')
    const db = versionTwoJournal(file)
    const before = snapshot(db)

    expect(migrate(db, MIGRATIONS.filter((m) => m.version <= 3))).toEqual([3])
    expect(db.pragma('user_version', { simple: true })).toBe(3)
    expect(snapshot(db)).toEqual(before)
    // The rebuild dropped the old table with foreign keys off: the chunks that referenced it are all still there,
    // and foreign keys are on again afterwards.
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1)
    expect(db.pragma('foreign_key_check')).toEqual([])
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
    db.close()

    const { journal } = openJournal(file)
    try {
      expect(journal.getFile(2)).toMatchObject({ batchId: 7, state: 'uploading', tokenId: 'tok-2', confirmedBytes: 1048576, duplicateOf: 1, size: 5_000_000_001, mtimeMs: 1700000000999.25 })
      expect(journal.getFile(2)?.error).toEqual({ kind: 'api', code: 'SERVICE_BUSY', message: 'Try later' })
      expect(journal.chunksFor(2)).toEqual([
        { offset: 0, length: 1048576, state: 'acked', tokenId: 'tok-2' },
        { offset: 1048576, length: 1048576, state: 'sending', tokenId: 'tok-2' }
      ])
      expect(journal.visibleFiles().map((f) => f.id)).toEqual([2])
      expect(journal.findDuplicate(5_000_000_001, 'fp-1', 2)?.id).toBe(1)
      expect(journal.settings().maxConnections).toBe(9)
      // The references still act: a file's chunks go with it, and a duplicate cannot point at a file that is not there.
      journal.db.prepare('DELETE FROM files WHERE id = 2').run()
      expect(journal.chunksFor(2)).toEqual([])
      expect(() => journal.db.prepare('UPDATE files SET duplicate_of = 99 WHERE id = 1').run()).toThrow(/FOREIGN KEY/)
    } finally {
      journal.close()
    }
  })

  it('accepts every state the app knows and refuses any other, however it is written', () => {
    const { journal } = openJournal(join(dir, 'journal.db'))
    try {
      journal.saveProfile({ id: 'p1', name: 'Main', serviceUrl: 'https://www.kaltura.com', partnerId: 1, userId: '', authKind: 'ks' })
      const batchId = journal.createBatch({ profileId: 'p1', metadata: {}, duplicatePolicy: 'skip' })
      const [id] = journal.addFiles(batchId, [
        { path: '/v/a.mp4', name: 'a.mp4', relativePath: 'a.mp4', kind: 'video', size: 1, mtimeMs: 1, ino: null, dev: null, fingerprint: null, referenceId: 'r', state: 'queued' }
      ])
      const setState = journal.db.prepare('UPDATE files SET state = ? WHERE id = ?')
      for (const state of Object.keys(EVERY_STATE)) {
        setState.run(state, id)
        expect(journal.getFile(id!)?.state).toBe(state)
      }
      expect(() => setState.run('exploded', id)).toThrow(/CHECK constraint failed/)
      const fromUntypedData: FilePatch = JSON.parse('{ "state": "uploadin" }')
      expect(() => journal.updateFile(id!, fromUntypedData)).toThrow(/CHECK constraint failed/)
      expect(() =>
        journal.db.prepare(`INSERT INTO files (batch_id, path, name, relative_path, kind, size, mtime_ms, state, reference_id, created_at, updated_at)
          VALUES (?, '/v/b.mp4', 'b.mp4', 'b.mp4', 'video', 1, 1, 'lost', 'r2', 1, 1)`).run(batchId)
      ).toThrow(/CHECK constraint failed/)
      expect(journal.getFile(id!)?.state).toBe('skipped')
    } finally {
      journal.close()
    }
  })

  it('leaves a version-2 journal exactly as it was when one of its rows has a state the check would refuse', () => {
    const db = versionTwoJournal(join(dir, 'journal.db'))
    db.prepare(`UPDATE files SET state = 'exploded' WHERE id = 2`).run()
    const before = snapshot(db)
    expect(() => migrate(db)).toThrow(/CHECK constraint failed/)
    expect(db.pragma('user_version', { simple: true })).toBe(2)
    expect(snapshot(db)).toEqual(before)
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1)
    db.close()
  })
})

describe('profiles in the journal', () => {
  it('keeps every profile when the table learns application tokens, and then accepts the app-token kind', () => {
    const file = join(dir, 'journal.db')
    const db = versionTwoJournal(file)
    migrate(db, MIGRATIONS.filter((m) => m.version <= 3))
    const before = db.prepare('SELECT * FROM profiles ORDER BY id').all() as Array<Record<string, unknown>>
    expect(before.length).toBeGreaterThan(0)
    expect(migrate(db, MIGRATIONS.filter((m) => m.version <= 4))).toEqual([4])
    const after = db.prepare('SELECT * FROM profiles ORDER BY id').all() as Array<Record<string, unknown>>
    expect(after).toEqual(before.map((p) => ({ ...p, app_token_id: null, role_id: null })))
    db.close()
    const { journal } = openJournal(file)
    journal.saveProfile({ id: 'tok', name: 'Token', serviceUrl: 'https://www.kaltura.com', partnerId: 1, userId: '', authKind: 'app-token', appTokenId: '1_abc' })
    expect(journal.getProfile('tok')).toMatchObject({ authKind: 'app-token', appTokenId: '1_abc' })
    journal.close()
  })
})
