// files:editFields, as the row's detail panel calls it: a file's own details change until media.add may have been sent,
// are checked against what Kaltura keeps, keep the sheet's referenceId, and come back resolved over the batch's.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openJournal } from '../../../src/main/journal/openJournal'
import type { Journal } from '../../../src/main/journal/journal'
import { UploadEngine } from '../../../src/main/engine/engine'
import { silentLogger } from '../../../src/main/logging/logger'
import { MemorySecretStore } from '../accounts/memorySecretStore'
import { createHandlers, type Handlers } from '../../../src/main/ipc/handlers'
import type { NewFile } from '../../../src/main/journal/rows'

let dir: string
let journal: Journal
let engine: UploadEngine
let handlers: Handlers
let batchId: number

function file(name: string, extra: Partial<NewFile> = {}): number {
  const [id] = journal.addFiles(batchId, [
    { path: join(dir, name), name, relativePath: name, kind: 'video', size: 10, mtimeMs: 1, ino: null, dev: null, fingerprint: null, referenceId: `ref-${name}`, state: 'queued', ...extra }
  ])
  return id!
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kbu-edit-'))
  journal = openJournal(join(dir, 'journal.db')).journal
  // Not started: the files stay queued while the test edits them.
  engine = new UploadEngine({ journal, logger: silentLogger, apiFor: async () => Promise.reject(new Error('not used')) })
  handlers = createHandlers({
    journal,
    engine,
    secrets: new MemorySecretStore(),
    logger: silentLogger,
    dialogs: { pickPaths: async () => null, saveReportPath: async () => null, locateFile: async () => null },
    openExternal: async () => undefined,
    appInfo: () => ({ name: 'test', version: '0', dataDir: dir, journalNotice: null }),
    onProfileChanged: () => undefined
  })
  journal.saveProfile({ id: 'p', name: 'p', serviceUrl: 'https://kaltura.example', partnerId: 1, userId: 'me', authKind: 'ks' })
  batchId = journal.createBatch({ profileId: 'p', metadata: { description: 'Batch words', tags: 'batch', categories: 'Lectures' }, duplicatePolicy: 'skip' })
})

afterAll(async () => {
  await engine.shutdown()
  journal.close()
  await rm(dir, { recursive: true, force: true })
})

describe('files:editFields', () => {
  it("saves the file's own values, trimmed and de-duplicated, and answers them over the batch's (blank takes the batch's again)", async () => {
    const id = file('talk.mp4', { entryFields: { referenceId: 'from-sheet', title: 'Sheet title' } })
    const result = await handlers['files:editFields']({ fileId: id, fields: { title: '  Opening talk ', tags: 'a, b ,a,', categories: ' Lectures > 2026 ,Events', description: '' } })
    expect(result).toMatchObject({
      ok: true,
      value: { editable: true, fields: { title: 'Opening talk', description: 'Batch words', tags: 'a,b', categories: 'Lectures>2026,Events' }, own: { title: 'Opening talk', tags: 'a,b', categories: 'Lectures>2026,Events', referenceId: 'from-sheet' } }
    })
    expect(journal.getFile(id)!.entryFields).toEqual({ title: 'Opening talk', tags: 'a,b', categories: 'Lectures>2026,Events', referenceId: 'from-sheet' })
    const cleared = await handlers['files:editFields']({ fileId: id, fields: {} })
    expect(cleared).toMatchObject({ ok: true, value: { fields: { title: 'talk', tags: 'batch', categories: 'Lectures' }, own: { referenceId: 'from-sheet' } } })
  })

  it('refuses a title over 256 bytes, a category Kaltura would rename, and more than 32 categories, and keeps what was there', async () => {
    const id = file('lab.mp4', { entryFields: { title: 'Kept' } })
    const long = await handlers['files:editFields']({ fileId: id, fields: { title: 'é'.repeat(129) } })
    expect(long).toMatchObject({ ok: false, code: 'invalid-fields', message: expect.stringContaining('258 bytes') })
    expect(await handlers['files:editFields']({ fileId: id, fields: { title: 'é'.repeat(128) } })).toMatchObject({ ok: true })
    const renamed = await handlers['files:editFields']({ fileId: id, fields: { categories: 'Lectures>A<B' } })
    expect(renamed).toMatchObject({ ok: false, code: 'invalid-fields', message: expect.stringContaining('"Lectures>A<B" cannot be used') })
    const many = Array.from({ length: 33 }, (_, i) => `C${i}`).join(',')
    expect(await handlers['files:editFields']({ fileId: id, fields: { categories: many } })).toMatchObject({ ok: false, message: expect.stringContaining('at most 32') })
    expect(journal.getFile(id)!.entryFields).toEqual({ title: 'é'.repeat(128) })
  })

  it('refuses with a clear message once media.add may have been sent, once the entry exists, and for a canceled file', async () => {
    const sent = file('sent.mp4')
    journal.updateFile(sent, { mediaAddSentAt: Date.now() })
    const made = file('made.mp4')
    journal.updateFile(made, { entryId: '0_abc' })
    const canceled = file('canceled.mp4', { state: 'canceled' })
    for (const id of [sent, made, canceled]) {
      const result = await handlers['files:editFields']({ fileId: id, fields: { title: 'Too late' } })
      expect(result).toMatchObject({ ok: false, code: 'not-editable', message: expect.stringContaining('can no longer change') })
      expect(journal.getFile(id)!.entryFields).toBeNull()
    }
    expect(await handlers['files:editFields']({ fileId: 99_999, fields: {} })).toMatchObject({ ok: false, code: 'not-found' })
  })
})
