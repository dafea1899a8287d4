// The journal keeps files, chunks, profiles and settings on a real SQLite file, survives reopening, refuses a
// newer schema and moves a damaged file aside instead of deleting it.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import Database from 'better-sqlite3'
import { MIGRATIONS, migrate, JournalTooNewError } from '../../../src/main/journal/migrations'
import { openJournal } from '../../../src/main/journal/openJournal'
import type { NewFile } from '../../../src/main/journal/journal'

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kbu-journal-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

function sampleFile(i: number): NewFile {
  return {
    path: `/videos/clip-${i}.mp4`,
    name: `clip-${i}.mp4`,
    relativePath: `videos/clip-${i}.mp4`,
    kind: 'video',
    size: 5_000_000_000 + i, // above 2^32 on purpose
    mtimeMs: 1_700_000_000_123.5,
    ino: '18446744073709551000',
    dev: '2049',
    fingerprint: `fp-${i}`,
    referenceId: `kbu-${i}`,
    state: 'queued'
  }
}

describe('migrations', () => {
  it('each migration applies on an empty in-memory database and bumps user_version', () => {
    const db = new Database(':memory:')
    expect(migrate(db)).toEqual(MIGRATIONS.map((m) => m.version))
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.at(-1)!.version)
    expect(migrate(db)).toEqual([])
    db.close()
  })

  it('refuses a journal written by a newer version of the app and leaves it untouched', () => {
    const file = join(dir, 'journal.db')
    const db = new Database(file)
    db.pragma('user_version = 999')
    db.close()
    expect(() => openJournal(file)).toThrow(JournalTooNewError)
    expect(() => openJournal(file)).toThrow(/newer version of the app/)
    const again = new Database(file)
    expect(again.pragma('user_version', { simple: true })).toBe(999)
    again.close()
  })
})

describe('journal', () => {
  it('keeps files with large sizes and 64-bit inode numbers across a reopen', () => {
    const file = join(dir, 'journal.db')
    const { journal } = openJournal(file)
    const batch = journal.createBatch({ profileId: 'p1', metadata: { tags: 'a,b' }, duplicatePolicy: 'skip' })
    const [id] = journal.addFiles(batch, [sampleFile(1)])
    journal.writeStates([[id!, { state: 'uploading', tokenId: '0_abc', confirmedBytes: 4_294_967_296 + 5 }]])
    journal.close()

    const reopened = openJournal(file)
    expect(reopened.recovered).toBeUndefined()
    const row = reopened.journal.getFile(id!)!
    expect(row).toMatchObject({ state: 'uploading', tokenId: '0_abc', size: 5_000_000_001, confirmedBytes: 4_294_967_301,
      ino: '18446744073709551000', batchId: batch, uploaded: false, error: null })
    expect(reopened.journal.getBatch(batch)).toMatchObject({ metadata: { tags: 'a,b' }, duplicatePolicy: 'skip' })
    reopened.journal.close()
  })

  it('records a chunk before it is sent and after it is acknowledged, and forgets chunks below the server offset', () => {
    const { journal } = openJournal(join(dir, 'journal.db'))
    const [id] = journal.addFiles(journal.createBatch({ profileId: 'p', metadata: {}, duplicatePolicy: 'upload' }), [sampleFile(2)])
    journal.chunkSending(id!, '0_t', 0, 100)
    journal.chunkSending(id!, '0_t', 100, 100)
    journal.chunkSending(id!, '0_t', 200, 100)
    expect(journal.chunksFor(id!).map((c) => c.state)).toEqual(['sending', 'sending', 'sending'])
    journal.chunkAcked(id!, 200, 0)
    expect(journal.chunksFor(id!).map((c) => [c.offset, c.state])).toEqual([[0, 'sending'], [100, 'sending'], [200, 'acked']])
    journal.chunkAcked(id!, 0, 100)
    expect(journal.chunksFor(id!).map((c) => c.offset)).toEqual([100, 200])
    expect(journal.getFile(id!)!.confirmedBytes).toBe(100)
    journal.resetChunks(id!, 100, true)
    expect(journal.chunksFor(id!).map((c) => [c.offset, c.state])).toEqual([[200, 'acked']])
    journal.close()
  })

  it('stores errors as kind, code and message and clears them', () => {
    const { journal } = openJournal(join(dir, 'journal.db'))
    const [id] = journal.addFiles(journal.createBatch({ profileId: 'p', metadata: {}, duplicatePolicy: 'upload' }), [sampleFile(3)])
    journal.writeStates([[id!, { state: 'failed', error: { kind: 'api', code: 'ENTRY_ID_NOT_FOUND', message: 'Entry id "x" not found' } }]])
    expect(journal.getFile(id!)!.error).toEqual({ kind: 'api', code: 'ENTRY_ID_NOT_FOUND', message: 'Entry id "x" not found' })
    journal.writeStates([[id!, { state: 'queued', error: null }]])
    expect(journal.getFile(id!)!.error).toBeNull()
    expect(journal.filesInStates(['queued']).map((f) => f.id)).toEqual([id])
    journal.close()
  })

  it('finds a duplicate by size and fingerprint, preferring one that is done', () => {
    const { journal } = openJournal(join(dir, 'journal.db'))
    const batch = journal.createBatch({ profileId: 'p', metadata: {}, duplicatePolicy: 'skip' })
    const [a, b] = journal.addFiles(batch, [sampleFile(4), { ...sampleFile(4), path: '/other/copy.mp4' }])
    journal.writeStates([[b!, { state: 'done', entryId: '0_entry' }]])
    expect(journal.findDuplicate(5_000_000_004, 'fp-4', -1)?.id).toBe(b)
    expect(journal.findDuplicate(5_000_000_004, 'fp-4', b)?.id).toBe(a)
    expect(journal.findDuplicate(5_000_000_004, 'other', -1)).toBeUndefined()
    journal.close()
  })

  it('keeps profiles without any secret column and settings with defaults', () => {
    const { journal } = openJournal(join(dir, 'journal.db'))
    journal.saveProfile({ id: 'p1', name: 'Prod', serviceUrl: 'https://www.kaltura.com', partnerId: 123, userId: 'me', authKind: 'admin-secret' })
    expect(journal.allProfiles()).toMatchObject([{ id: 'p1', partnerId: 123, authKind: 'admin-secret' }])
    const columns = (journal.db.prepare("SELECT name FROM pragma_table_info('profiles')").all() as { name: string }[]).map((c) => c.name)
    // An application token's id names the token, as a user name does; the token itself is the secret.
    expect(columns.filter((c) => /secret|ks|token|password/i.test(c) && c !== 'app_token_id')).toEqual([])
    expect(journal.settings().maxConnections).toBe(6)
    journal.saveSettings({ ...journal.settings(), maxConnections: 3 })
    expect(journal.settings().maxConnections).toBe(3)
    journal.close()
  })
})

describe('damaged journal', () => {
  it('moves a file that is not a database aside, keeps its bytes, and starts a fresh journal', () => {
    const file = join(dir, 'journal.db')
    writeFileSync(file, 'this is not sqlite '.repeat(500))
    const { journal, recovered } = openJournal(file)
    expect(recovered?.reason).toBe('the file is not a SQLite database')
    expect(existsSync(recovered!.movedTo)).toBe(true)
    expect(readFileSync(recovered!.movedTo, 'utf8')).toContain('this is not sqlite')
    expect(journal.allFiles()).toEqual([])
    journal.close()
  })

  it('moves a database with corrupted pages aside', () => {
    const file = join(dir, 'journal.db')
    const { journal } = openJournal(file)
    const batch = journal.createBatch({ profileId: 'p', metadata: {}, duplicatePolicy: 'skip' })
    journal.addFiles(batch, Array.from({ length: 2000 }, (_, i) => sampleFile(i)))
    journal.db.pragma('wal_checkpoint(TRUNCATE)')
    journal.close()
    const bytes = readFileSync(file)
    // Overwrite the middle pages (not the header) with garbage.
    for (let i = 8192; i < bytes.length - 4096; i++) bytes[i] = (i * 7) & 0xff
    writeFileSync(file, bytes)
    const opened = openJournal(file)
    expect(opened.recovered?.reason).toMatch(/corrupt|integrity check failed/)
    expect(existsSync(opened.recovered!.movedTo)).toBe(true)
    opened.journal.close()
  })
})
