// Duplicates before Start, through the real handlers, journal and test server: the scan summary counts and lists
// files uploaded before and identical files within the selection (never calling those "already uploaded"), and
// Start applies the batch's policy to exactly what the summary showed.
import { copyFile, mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createHandlers, type Handlers } from '../../../src/main/ipc/handlers'
import type { UploadEngine } from '../../../src/main/engine/engine'
import { enqueueFiles } from '../../../src/main/intake/enqueue'
import { identifyFile } from '../../../src/main/intake/fileIdentity'
import { scanDropped } from '../../../src/main/intake/scanner'
import { silentLogger } from '../../../src/main/logging/logger'
import type { ScanDuplicatesFound, ScanSummary, StartBatchResult } from '../../../src/shared/ipc-contract'
import type { DuplicatePolicy } from '../../../src/shared/uploads'
import { MemorySecretStore } from '../accounts/memorySecretStore'
import { createWorld, untilIdle, type World } from '../engine/engineFixture'

let world: World
let engine: UploadEngine
let handlers: Handlers
let picks: string[][]
let found: ScanDuplicatesFound[]
let onFound: () => void

beforeEach(async () => {
  world = await createWorld()
  engine = world.engine()
  picks = []
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
    dialogs: { pickPaths: async () => picks.shift() ?? null, saveReportPath: async () => null, locateFile: async () => null },
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

/** The summary once its duplicate check is done: as it answered, with the duplicates its last event brought. */
async function scan(folder: string): Promise<ScanSummary> {
  picks.push([folder])
  const answer = await handlers['scan:pick']({ kind: 'folder' })
  if (!answer.ok || !answer.value) throw new Error(answer.ok ? 'no scan' : answer.message)
  const summary = answer.value
  if (!summary.duplicateCheck) return summary
  const last = (): ScanDuplicatesFound | undefined => found.find((f) => f.scanId === summary.scanId && f.done)
  await new Promise<void>((resolve) => {
    onFound = () => last() && resolve()
    onFound()
  })
  const { duplicateCheck: _checking, ...rest } = summary
  return { ...rest, duplicates: last()!.duplicates }
}

async function start(summary: ScanSummary, duplicatePolicy: DuplicatePolicy): Promise<StartBatchResult> {
  const answer = await handlers['batch:start']({ scanId: summary.scanId, profileId: world.profileId, metadata: {}, duplicatePolicy })
  if (!answer.ok) throw new Error(answer.message)
  await untilIdle(engine)
  return answer.value
}

describe('duplicates before Start', () => {
  it('calls identical files of one selection identical, not uploaded, and skips the copies at Start', async () => {
    const a = await world.makeFile('day/a.mp4', 300 * 1024)
    await copyFile(a, join(world.mediaDir, 'day', 'a copy.mp4'))
    await world.makeFile('day/b.mp4', 200 * 1024)
    const summary = await scan(join(world.mediaDir, 'day'))
    expect(summary.files).toBe(3)
    expect(summary.duplicates).toEqual({
      uploaded: { count: 0, examples: [] },
      queued: { count: 0, examples: [] },
      inBatch: { count: 1, examples: [{ relativePath: 'day/a.mp4', of: 'day/a copy.mp4' }] }
    })
    const started = await start(summary, 'skip')
    expect(started).toMatchObject({ queued: 2, duplicates: 0, identicalInBatch: 1, rejected: [] })
    const skipped = world.journal.allFiles().find((f) => f.state === 'skipped')!
    expect(skipped.notice).toBe(`Skipped: identical to ${join(world.mediaDir, 'day', 'a copy.mp4')} in this batch.`)
    expect(world.server.inspect.entries()).toHaveLength(2)
  })

  it('lists files uploaded before, by path and by content, with their entries; the policy then skips or uploads them again', async () => {
    await world.makeFile('first/a.mp4', 300 * 1024)
    await start(await scan(join(world.mediaDir, 'first')), 'skip')
    const done = world.journal.allFiles()[0]!
    expect(done.state).toBe('done')

    // The same folder again, plus the same content under another name in a second folder.
    await mkdir(join(world.mediaDir, 'second'))
    await copyFile(done.path, join(world.mediaDir, 'second', 'renamed.mp4'))
    await writeFile(join(world.mediaDir, 'second', 'new.mp4'), 'new content, not seen before')
    const again = await scan(join(world.mediaDir, 'first'))
    expect(again.duplicates.uploaded).toEqual({ count: 1, examples: [{ relativePath: 'first/a.mp4', of: `entry ${done.entryId}` }] })
    const second = await scan(join(world.mediaDir, 'second'))
    expect(second.duplicates).toEqual({
      uploaded: { count: 1, examples: [{ relativePath: 'second/renamed.mp4', of: `entry ${done.entryId}` }] },
      queued: { count: 0, examples: [] },
      inBatch: { count: 0, examples: [] }
    })

    expect(await start(again, 'skip')).toMatchObject({ queued: 0, duplicates: 1, identicalInBatch: 0 })
    expect(await start(second, 'upload')).toMatchObject({ queued: 2, duplicates: 1, identicalInBatch: 0 })
    expect(world.server.inspect.entries()).toHaveLength(3)
    const renamed = world.journal.allFiles().find((f) => f.name === 'renamed.mp4')!
    expect(renamed).toMatchObject({ state: 'done', duplicateOf: done.id, notice: `Same content as entry ${done.entryId}; uploaded again as the batch asked.` })
  })
})

describe('a failed file dropped again', () => {
  it('is tried again where that can help, and Start says why it was not when it cannot', async () => {
    await world.makeFile('talks/keynote.mp4', 300 * 1024)
    world.server.faults.setEntryOutcome('errorConverting')
    await start(await scan(join(world.mediaDir, 'talks')), 'skip')
    expect(world.journal.allFiles()[0]).toMatchObject({ state: 'failed', error: { kind: 'processing' } })
    const again = await scan(join(world.mediaDir, 'talks'))
    expect(again.duplicates.queued.count).toBe(1)
    const started = await start(again, 'skip')
    expect(started).toMatchObject({ queued: 0, notRetried: [{ reason: expect.stringMatching(/Upload again as a new entry/), count: 1 }] })
    expect(world.journal.allFiles()).toHaveLength(1)
  })
})

describe('the scan reads each file once', () => {
  it("reuses the scan's fingerprint at Start while the file is unchanged, and reads a file changed since then again", async () => {
    const path = await world.makeFile('x/clip.mp4', 100 * 1024)
    const scanned = await scanDropped([path])
    const stale = new Map([[path, { identity: { size: 100 * 1024, mtimeMs: 1, ino: '1', dev: '1' }, fingerprint: 'stale' }]])
    const result = await enqueueFiles(world.journal, { files: scanned.files, identified: stale, profileId: world.profileId, metadata: {}, duplicatePolicy: 'skip' })
    expect(world.journal.getFile(result.fileIds[0]!)!.fingerprint).not.toBe('stale')

    const other = await world.makeFile('y/clip.mp4', 100 * 1024)
    const read = (await scanDropped([other])).files
    const kept = new Map([[other, { identity: (await identifyFile(other)).identity, fingerprint: 'read-at-the-scan' }]])
    const reused = await enqueueFiles(world.journal, { files: read, identified: kept, profileId: world.profileId, metadata: {}, duplicatePolicy: 'upload' })
    expect(world.journal.getFile(reused.fileIds[0]!)!.fingerprint).toBe('read-at-the-scan')
  })
})
