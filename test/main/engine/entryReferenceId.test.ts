// A referenceId the user gave (a metadata sheet) is sent as the entry's referenceId, but it is no proof that an entry
// carrying it is this file's: another tool, or an earlier upload of the same sheet, may have made one. The engine must
// never adopt such an entry — not after a lost media.add reply, not after a restart — and still end with exactly one
// entry of its own per file.
import { afterEach, describe, expect, it } from 'vitest'
import { clientForProfile } from '../../../src/main/accounts/accounts'
import type { UploadEngine } from '../../../src/main/engine/engine'
import type { EngineOptions } from '../../../src/main/engine/engineOptions'
import { enqueueFiles } from '../../../src/main/intake/enqueue'
import { scanDropped } from '../../../src/main/intake/scanner'
import type { KalturaClient } from '../../../src/main/kaltura'
import { createWorld, sha256File, until, untilIdle, type World } from './engineFixture'

const SHEET_ID = 'SHEET-0042'

let world: World
afterEach(async () => world.dispose())

/** An ADMIN KS (empty user id): Kaltura keeps its referenceId, and it may take a mark tag off again. */
function profile() {
  return { id: world.profileId, name: 'Test', serviceUrl: world.server.url, partnerId: world.server.partnerId, userId: '', authKind: 'admin-secret' as const }
}

function engine(options: Partial<EngineOptions> = {}): UploadEngine {
  const p = profile()
  return world.engine({ apiFor: async () => clientForProfile(p, world.server.adminSecret), ...options })
}

function otherTool(): KalturaClient {
  return clientForProfile(profile(), world.server.adminSecret)
}

async function enqueueFromSheet(path: string): Promise<number> {
  const scan = await scanDropped([path])
  const perFile = new Map([[path, { entryFields: { referenceId: SHEET_ID, title: 'From the sheet' } }]])
  const result = await enqueueFiles(world.journal, { files: scan.files, profileId: world.profileId, metadata: { tags: 'talk' }, duplicatePolicy: 'skip', perFile })
  return result.fileIds[0]!
}

/** The file's own entry: READY with its bytes and the sheet's referenceId; the other tool's entry as it was. */
async function expectOwnEntry(fileId: number, path: string, otherId: string): Promise<void> {
  const row = world.journal.getFile(fileId)!
  expect(row.state, row.error?.message).toBe('done')
  expect(row.entryId).not.toBe(otherId)
  expect(row).toMatchObject({ entryMark: null, mediaAddSentAt: null, referenceId: SHEET_ID })
  const own = world.server.inspect.entry(row.entryId!)!
  expect(own).toMatchObject({ status: 2, referenceId: SHEET_ID, name: 'From the sheet', tags: 'talk' })
  expect(own.sha256).toBe(await sha256File(path))
  const other = world.server.inspect.entry(otherId)!
  expect(other).toMatchObject({ status: 7, referenceId: SHEET_ID, name: 'Made elsewhere' })
  expect(other.sha256).toBeUndefined()
  expect(world.server.inspect.entries()).toHaveLength(2)
}

/** The uploader's media calls: the other tool's media.add came first. */
function mediaCalls(action: string) {
  const calls = world.server.inspect.requests().filter((r) => r.service === 'media' && r.action === action)
  return action === 'add' ? calls.slice(1) : calls
}

describe('a referenceId from the sheet never makes the engine adopt an entry it did not make', () => {
  it('a media.add lost before the server read it, then a restart: the entry already carrying the referenceId is left alone, the file gets its own', async () => {
    world = await createWorld()
    const other = await otherTool().media.add({ name: 'Made elsewhere', mediaType: 1, referenceId: SHEET_ID })
    const path = await world.makeFile('keynote.mp4', 250 * 1024)
    const id = await enqueueFromSheet(path)
    // The connection is cut before the server reads media.add; a long back-off keeps the run waiting to retry, and it
    // is stopped there, as a crash would stop it: the restart finds an intent whose outcome it cannot know.
    world.server.faults.add({ match: { service: 'media', action: 'add' }, action: { kind: 'reset', afterBytes: 0 }, times: 1 })
    const first = engine({ retry: { baseDelayMs: 60_000, maxDelayMs: 60_000, maxAttempts: 8 } })
    first.start()
    first.add([id])
    await until(first, () => first.files().some((f) => f.state === 'creating-entry' && f.waiting === 'retry'))
    await first.shutdown()
    expect(world.journal.getFile(id)!.mediaAddSentAt).not.toBeNull()
    expect(world.journal.getFile(id)!.entryMark).toMatch(/^kbumark[0-9a-f]{24}$/)

    world.reopenJournal()
    const second = engine()
    second.start()
    await untilIdle(second)
    await expectOwnEntry(id, path, other.id)
    expect(mediaCalls('add').map((r) => r.fault ?? 'ok')).toEqual(['reset', 'ok'])
    // Looked for by its mark only: never by the referenceId the other entry carries too.
    expect(mediaCalls('list').every((r) => !JSON.stringify(r.params).includes('referenceIdEqual'))).toBe(true)
  }, 30_000)

  it('a lost media.add reply with a sheet referenceId ends with exactly one entry of its own, found by its mark', async () => {
    world = await createWorld()
    const other = await otherTool().media.add({ name: 'Made elsewhere', mediaType: 1, referenceId: SHEET_ID })
    const path = await world.makeFile('panel.mp4', 200 * 1024)
    const id = await enqueueFromSheet(path)
    // The server stores the entry, then the connection drops before its reply.
    world.server.faults.add({ match: { service: 'media', action: 'add' }, action: { kind: 'dropReply' }, times: 1 })
    const run = engine()
    run.start()
    run.add([id])
    await untilIdle(run)
    await expectOwnEntry(id, path, other.id)
    expect(mediaCalls('add').map((r) => r.fault ?? 'ok')).toEqual(['dropReply'])
    expect(mediaCalls('update')).toHaveLength(1)
  })

  it('where the account cannot take marks off: found by referenceId among entries created since its media.add only, so an older one is left alone', async () => {
    world = await createWorld()
    // The other entry was made two hours ago (on the server's clock).
    world.server.clock.advance(-7200)
    const other = await otherTool().media.add({ name: 'Made elsewhere', mediaType: 1, referenceId: SHEET_ID })
    world.server.clock.advance(7200)
    world.journal.referenceIds.record(world.profileId, true)
    world.journal.referenceIds.recordMarkRemoval(world.profileId, false)
    const [lost, dropped] = await Promise.all([world.makeFile('lost.mp4', 200 * 1024), world.makeFile('dropped.mp4', 210 * 1024)])
    const lostId = await enqueueFromSheet(lost!)
    // The first media.add never reaches the server; the restart looks (createdAt-bounded), finds nothing, sends again.
    world.server.faults.add({ match: { service: 'media', action: 'add' }, action: { kind: 'reset', afterBytes: 0 }, times: 1 })
    const first = engine({ retry: { baseDelayMs: 60_000, maxDelayMs: 60_000, maxAttempts: 8 } })
    first.start()
    first.add([lostId])
    await until(first, () => first.files().some((f) => f.state === 'creating-entry' && f.waiting === 'retry'))
    await first.shutdown()
    expect(world.journal.getFile(lostId)!.entryMark).toBeNull()

    world.reopenJournal()
    const second = engine()
    second.start()
    await untilIdle(second)
    await expectOwnEntry(lostId, lost!, other.id)
    const looks = mediaCalls('list').map((r) => JSON.stringify(r.params))
    expect(looks.length).toBeGreaterThan(0)
    expect(looks.every((p) => p.includes('createdAtGreaterThanOrEqual'))).toBe(true)

    // A second file of the sheet (same referenceId) whose media.add reply is lost: its own entry is found by
    // referenceId and creation time, not the older one, and not the first file's (created before this media.add).
    const droppedId = await enqueueFromSheet(dropped!)
    world.server.faults.add({ match: { service: 'media', action: 'add' }, action: { kind: 'dropReply' }, times: 1 })
    const addsBefore = mediaCalls('add').length
    second.add([droppedId])
    await untilIdle(second)
    const row = world.journal.getFile(droppedId)!
    expect(row.state, row.error?.message).toBe('done')
    expect([other.id, world.journal.getFile(lostId)!.entryId]).not.toContain(row.entryId)
    expect(world.server.inspect.entry(row.entryId!)!.sha256).toBe(await sha256File(dropped!))
    expect(mediaCalls('add').length - addsBefore).toBe(1)
    expect(world.server.inspect.entries()).toHaveLength(3)
  }, 30_000)
})
