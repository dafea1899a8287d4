// The first byte does not wait for fingerprints: through the real handlers, journal, engine and test server, the
// scan summary answers right after the walk and fills its duplicates in as the files are read; Start journals every
// row unread, and the engine reads each in queue order before it may start, so a duplicate found only after Start
// is still skipped (or flagged) as the batch asked and never reaches the server; a restart reads what was left.
import { copyFile, readFile, utimes, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createHandlers, type Handlers } from '../../../src/main/ipc/handlers'
import type { UploadEngine } from '../../../src/main/engine/engine'
import { enqueueUnread } from '../../../src/main/intake/enqueue'
import { scanDropped } from '../../../src/main/intake/scanner'
import { silentLogger } from '../../../src/main/logging/logger'
import type { ScanDuplicatesFound, ScanSummary } from '../../../src/shared/ipc-contract'
import type { DuplicatePolicy } from '../../../src/shared/uploads'
import { MemorySecretStore } from '../accounts/memorySecretStore'
import { createWorld, untilIdle, type World } from '../engine/engineFixture'

let world: World
let engine: UploadEngine
let handlers: Handlers
let found: ScanDuplicatesFound[]
let onFound: () => void

beforeEach(async () => {
  world = await createWorld()
  engine = world.engine()
  found = []
  onFound = () => undefined
  const secrets = new MemorySecretStore()
  const profile = world.journal.getProfile(world.profileId)!
  await secrets.set(profile.id, world.server.adminSecret, profile)
  handlers = createHandlers({
    journal: world.journal,
    engine,
    secrets,
    logger: silentLogger,
    dialogs: { pickPaths: async () => null, saveReportPath: async () => null, locateFile: async () => null },
    openExternal: async () => undefined,
    appInfo: () => ({ name: 'test', version: '0', dataDir: world.dir, journalNotice: null }),
    onProfileChanged: () => undefined,
    sendEvent: (channel, payload) => {
      if (channel !== 'scan:duplicates') return
      found.push(payload as ScanDuplicatesFound)
      onFound()
    }
  })
  engine.start()
})
afterEach(async () => world.dispose())

async function drop(folder: string): Promise<ScanSummary> {
  const answer = await handlers['scan:dropped']({ paths: [folder] })
  if (!answer.ok) throw new Error(answer.message)
  return answer.value
}

/** The summary's last event, once its duplicate check is done. */
function checkDone(scanId: string): Promise<ScanDuplicatesFound> {
  const last = (): ScanDuplicatesFound | undefined => found.find((f) => f.scanId === scanId && f.done)
  return new Promise((resolve) => {
    onFound = () => {
      const done = last()
      if (done) resolve(done)
    }
    onFound()
  })
}

async function start(summary: ScanSummary, duplicatePolicy: DuplicatePolicy): Promise<{ queued: number; duplicates: number; identicalInBatch: number }> {
  const answer = await handlers['batch:start']({ scanId: summary.scanId, profileId: world.profileId, metadata: {}, duplicatePolicy })
  if (!answer.ok) throw new Error(answer.message)
  return answer.value
}

const row = (name: string) => world.journal.allFiles().find((f) => f.name === name)!

describe('the scan summary', () => {
  it('answers with the walk, before any file is read, and fills in its duplicates as the reads arrive, in order', async () => {
    const dir = join(world.mediaDir, 'term')
    for (let i = 0; i < 300; i++) await world.makeFile(`term/lecture-${String(i).padStart(3, '0')}.mp4`, 2048)
    for (const i of [7, 150, 299]) await copyFile(join(dir, `lecture-${String(i).padStart(3, '0')}.mp4`), join(dir, `lecture-${String(i).padStart(3, '0')} copy.mp4`))

    const summary = await drop(dir)
    expect(summary.files).toBe(303)
    // The walk is all it waited for: nothing was read, and no event came before it.
    expect(summary.duplicateCheck).toEqual({ checked: 0, total: 303 })
    expect(summary.duplicates.inBatch.count).toBe(0)
    expect(found).toEqual([])

    const done = await checkDone(summary.scanId)
    expect(done).toMatchObject({ checked: 303, total: 303, done: true })
    expect(done.duplicates.inBatch.count).toBe(3)
    // In the order of the walk ("lecture-007 copy.mp4" comes first): the later of two identical files is the copy.
    expect(done.duplicates.inBatch.examples).toEqual(
      ['007', '150', '299'].map((n) => ({ relativePath: `term/lecture-${n}.mp4`, of: `term/lecture-${n} copy.mp4` }))
    )
    const counts = found.filter((f) => f.scanId === summary.scanId).map((f) => f.checked)
    expect(counts).toEqual([...counts].sort((a, b) => a - b))
    expect(found.filter((f) => f.done)).toHaveLength(1)
  })
})

describe("the summary's reads", () => {
  it('stop with scan:cancel: a later scan twice the size finishes its check, the canceled one never does', async () => {
    for (let i = 0; i < 100; i++) await world.makeFile(`first/clip-${String(i).padStart(3, '0')}.mp4`, 1024)
    for (let i = 0; i < 200; i++) await world.makeFile(`second/clip-${String(i).padStart(3, '0')}.mp4`, 1024)
    const canceled = await drop(join(world.mediaDir, 'first'))
    expect((await handlers['scan:cancel'](undefined)).ok).toBe(true)
    const second = await drop(join(world.mediaDir, 'second'))
    // Had the first scan's reads gone on, they would have finished before the second's, begun later with twice as many.
    expect(await checkDone(second.scanId)).toMatchObject({ checked: 200, done: true })
    expect(found.some((f) => f.scanId === canceled.scanId && f.done)).toBe(false)
    // Start reads whatever the summary left unread.
    expect(await start(canceled, 'skip')).toMatchObject({ queued: 100 })
    await untilIdle(engine)
    expect(world.journal.allFiles().filter((f) => f.state === 'done' && f.fingerprint !== null)).toHaveLength(100)
  })
})

describe('a duplicate found only after Start', () => {
  it('is skipped under the skip policy before it starts, with the notice Start gives, and never reaches the server', async () => {
    const dir = join(world.mediaDir, 'day')
    const a = await world.makeFile('day/a.mp4', 300 * 1024)
    const b = await world.makeFile('day/b.mp4', 300 * 1024)
    const summary = await drop(dir)
    expect((await checkDone(summary.scanId)).duplicates.inBatch.count).toBe(0)
    // After the summary read them, b becomes a copy of a (same size, another time): only the engine's read finds it.
    await writeFile(b, await readFile(a))
    await utimes(b, new Date(), new Date(Date.now() + 60_000))

    const started = await start(summary, 'skip')
    expect(started).toMatchObject({ queued: 2, duplicates: 0, identicalInBatch: 0 })
    await untilIdle(engine)

    expect(row('a.mp4')).toMatchObject({ state: 'done' })
    expect(row('b.mp4')).toMatchObject({ state: 'skipped', tokenId: null, duplicateOf: null, notice: `Skipped: identical to ${a} in this batch.` })
    expect(row('b.mp4').fingerprint).toBe(row('a.mp4').fingerprint)
    expect(world.server.inspect.entries()).toHaveLength(1)
  })

  it('is uploaded with a notice under the upload policy, and a copy of a file uploaded before names its entry', async () => {
    const first = await world.makeFile('first/talk.mp4', 200 * 1024)
    const one = await drop(join(world.mediaDir, 'first'))
    await checkDone(one.scanId)
    await start(one, 'skip')
    await untilIdle(engine)
    const done = row('talk.mp4')

    const copy = await world.makeFile('second/talk again.mp4', 200 * 1024)
    const two = await drop(join(world.mediaDir, 'second'))
    await checkDone(two.scanId)
    await writeFile(copy, await readFile(first))
    await utimes(copy, new Date(), new Date(Date.now() + 60_000))
    expect(await start(two, 'upload')).toMatchObject({ queued: 1, duplicates: 0 })
    await untilIdle(engine)

    expect(row('talk again.mp4')).toMatchObject({ state: 'done', duplicateOf: done.id, notice: `Same content as entry ${done.entryId}; uploaded again as the batch asked.` })
    expect(world.server.inspect.entries()).toHaveLength(2)
  })
})

describe('files paused before they were read', () => {
  it('stay unread and send nothing; resumed, they are read first, and the copy is still skipped', async () => {
    const dir = join(world.mediaDir, 'party')
    const a = await world.makeFile('party/a.mp4', 300 * 1024)
    await copyFile(a, join(dir, 'a copy.mp4'))
    await world.makeFile('party/b.mp4', 200 * 1024)
    const summary = await drop(dir)
    await start(summary, 'skip')
    // At once, before a read came back: every file pauses unread.
    expect(engine.pause().done).toBe(3)
    await untilIdle(engine)
    expect(world.journal.allFiles().map((f) => [f.state, f.fingerprint])).toEqual([['paused', null], ['paused', null], ['paused', null]])
    expect(world.server.inspect.requests().filter((r) => r.service === 'uploadtoken')).toEqual([])

    expect(engine.resume().done).toBe(3)
    await untilIdle(engine)
    expect(world.journal.allFiles().map((f) => f.state).sort()).toEqual(['done', 'done', 'skipped'])
    expect(world.server.inspect.entries()).toHaveLength(2)
  })
})

describe('a restart', () => {
  it('reads the rows Start left unread, applies the policy to them, and goes on uploading', async () => {
    const dir = join(world.mediaDir, 'trip')
    const a = await world.makeFile('trip/a.mp4', 300 * 1024)
    await copyFile(a, join(dir, 'a copy.mp4'))
    await world.makeFile('trip/b.mp4', 200 * 1024)
    // Start journaled the rows and the app quit before any was read.
    await engine.shutdown()
    const scan = await scanDropped([dir])
    const { fileIds } = enqueueUnread(world.journal, { files: scan.files, foreseen: [], profileId: world.profileId, metadata: {}, duplicatePolicy: 'skip' })
    expect(fileIds.map((id) => world.journal.getFile(id)!.fingerprint)).toEqual([null, null, null])

    const journal = world.reopenJournal()
    const restarted = world.engine()
    restarted.start()
    await untilIdle(restarted)

    const rows = fileIds.map((id) => journal.getFile(id)!)
    expect(rows.every((r) => r.fingerprint !== null)).toBe(true)
    expect(rows.map((r) => r.state).sort()).toEqual(['done', 'done', 'skipped'])
    // The first of the two identical files in queue order is the one uploaded.
    const [first, second] = rows.filter((r) => r.fingerprint === rows.find((x) => x.state === 'skipped')!.fingerprint)
    expect(first!.state).toBe('done')
    expect(second).toMatchObject({ state: 'skipped', tokenId: null, notice: `Skipped: identical to ${first!.path} in this batch.` })
    expect(world.server.inspect.entries()).toHaveLength(2)
  })
})
