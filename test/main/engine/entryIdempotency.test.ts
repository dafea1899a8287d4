// One file, one entry, on accounts where Kaltura behaves as it really does: a session without the permission gets
// referenceId dropped without a word, media.list lags media.add by a second or more, and a moderated partner's new
// entries are hidden from a plain media.list. A lost reply or a crash right after media.add must still end with
// one ready entry per file, the user's tags as asked, and no mark left behind; a refused media.add must not wait.
import { afterEach, describe, expect, it } from 'vitest'
import { clientForProfile } from '../../../src/main/accounts/accounts'
import type { UploadEngine } from '../../../src/main/engine/engine'
import type { EngineOptions } from '../../../src/main/engine/engineOptions'
import { LIST_LAG_BOUND_MS } from '../../../src/main/engine/entryLookup'
import { enqueueFiles } from '../../../src/main/intake/enqueue'
import { scanDropped } from '../../../src/main/intake/scanner'
import { silentLogger, type Logger } from '../../../src/main/logging/logger'
import type { Settings } from '../../../src/shared/uploads'
import type { KalturaTestServerOptions, TestRole } from '../../kaltura-server/api'
import { createWorld, sha256File, until, untilIdle, type World } from './engineFixture'

const ROLES: TestRole[] = [
  // Uploads and may change tags, but not referenceId: Kaltura drops it from media.add.
  { id: 3001, systemName: 'UPLOAD_AND_TAG', permissions: ['CONTENT_INGEST_UPLOAD', 'CONTENT_MANAGE_BASE', 'CONTENT_MANAGE_METADATA'] },
  // May upload a token (CAPTION_MODIFY, service.uploadtoken.ini) and list entries, but not create one (service.media.ini).
  { id: 3002, systemName: 'CAPTIONS_ONLY', permissions: ['CAPTION_MODIFY', 'CONTENT_MODERATE_BASE'] },
  // Uploads and may call media.update, but a tags change is dropped silently (object.KalturaBaseEntry.ini:164-171).
  { id: 3003, systemName: 'UPLOAD_NO_TAGS', permissions: ['CONTENT_INGEST_UPLOAD', 'CONTENT_MANAGE_BASE'] }
]
const LIST_LAG_MS = 1500

let world: World
afterEach(async () => world.dispose())

async function worldWith(options: Omit<KalturaTestServerOptions, 'dataDir'> = {}): Promise<World> {
  world = await createWorld({ roles: ROLES, referenceIdNeedsPermission: true, listLagMs: LIST_LAG_MS, ...options })
  return world
}

/** An engine signing in with the admin secret pinned to a role (null: the admin's own, which keeps referenceId). */
function engineAs(roleId: string | null, options: Partial<EngineOptions> = {}, settings: Partial<Settings> = {}): UploadEngine {
  const profile = { id: world.profileId, name: 'Test', serviceUrl: world.server.url, partnerId: world.server.partnerId, userId: 'tester', authKind: 'admin-secret' as const, roleId }
  return world.engine({ apiFor: async () => clientForProfile(profile, world.server.adminSecret), ...options }, settings)
}

async function enqueueTagged(paths: string[]): Promise<number[]> {
  const scan = await scanDropped(paths)
  return (await enqueueFiles(world.journal, { files: scan.files, profileId: world.profileId, metadata: { tags: 'holiday' }, duplicatePolicy: 'skip' })).fileIds
}

function requests(action: string): number {
  return world.server.inspect.requests().filter((r) => r.service === 'media' && r.action === action.toLowerCase()).length
}

/** Every file one READY entry with its bytes and the user's tags; nothing else on the account; nothing pending in the journal. */
async function expectOneCleanEntryEach(paths: string[]): Promise<void> {
  const entries = world.server.inspect.entries()
  expect(entries).toHaveLength(paths.length)
  for (const path of paths) {
    const row = world.journal.allFiles().find((f) => f.path === path)!
    expect(row.state, `${path}: ${row.error?.message ?? ''}`).toBe('done')
    expect(row).toMatchObject({ entryMark: null, mediaAddSentAt: null })
    const entry = world.server.inspect.entry(row.entryId!)!
    expect(entry.status).toBe(2)
    expect(entry.sha256).toBe(await sha256File(path))
    expect(entry.tags).toBe('holiday')
  }
  expect(entries.filter((e) => (e.tags ?? '').includes('kbumark'))).toEqual([])
  // One token per file, each closed (3) into its entry: none left open on the account.
  const tokens = world.server.inspect.uploads()
  expect(tokens.map((t) => t.status)).toEqual(paths.map(() => 3))
  expect(new Set(entries.map((e) => e.tokenId))).toEqual(new Set(tokens.map((t) => t.id)))
}

describe('entry creation where Kaltura drops referenceId and media.list lags', () => {
  it('a lost media.add reply for every file still ends in one ready entry each, found by its mark once the list caught up, the mark taken off', async () => {
    await worldWith()
    const paths = await Promise.all([1, 2, 3].map((i) => world.makeFile(`trip${i}.mp4`, 300 * 1024 + i)))
    const ids = await enqueueTagged(paths)
    // The server stores each entry, then the connection drops before its reply: the client cannot tell it was made.
    world.server.faults.add({ match: { service: 'media', action: 'add' }, action: { kind: 'dropReply' }, times: 3 })
    const engine = engineAs('UPLOAD_AND_TAG')
    engine.start()
    engine.add(ids)
    await untilIdle(engine)

    await expectOneCleanEntryEach(paths)
    expect(world.server.inspect.entries().every((e) => e.referenceId === undefined)).toBe(true)
    expect(requests('add')).toBe(3)
    expect(requests('update')).toBe(3)
    // Looked more than once per file: the first looks came before the list had caught up.
    expect(requests('list')).toBeGreaterThan(2 * 3)
    expect(world.journal.referenceIds.of(world.profileId)).toBe('dropped')
  })

  it('a restart right after a media.add whose reply never came looks patiently, finds the entry and makes no second one', async () => {
    await worldWith()
    const paths = [await world.makeFile('beach.mp4', 400 * 1024)]
    const ids = await enqueueTagged(paths)
    world.server.faults.add({ match: { service: 'media', action: 'add' }, action: { kind: 'dropReply' }, times: 1 })
    // A long back-off keeps the first run waiting to retry: it is stopped there, as a crash would stop it.
    const first = engineAs('UPLOAD_AND_TAG', { retry: { baseDelayMs: 60_000, maxDelayMs: 60_000, maxAttempts: 8 } })
    first.start()
    first.add(ids)
    await until(first, () => first.files().some((f) => f.state === 'creating-entry' && f.waiting === 'retry'))
    await first.shutdown()
    const crashed = world.journal.getFile(ids[0]!)!
    expect(crashed.entryId).toBeNull()
    expect(crashed.mediaAddSentAt).not.toBeNull()
    expect(crashed.entryMark).toMatch(/^kbumark[0-9a-f]{24}$/)
    expect(world.server.inspect.entries()).toHaveLength(1)
    const [made] = world.server.inspect.entries()
    expect(made!.tags).toBe(`holiday,${crashed.entryMark}`)

    world.reopenJournal()
    const listsBefore = requests('list')
    const second = engineAs('UPLOAD_AND_TAG')
    second.start()
    await untilIdle(second)
    await expectOneCleanEntryEach(paths)
    expect(world.journal.allFiles()[0]!.entryId).toBe(made!.id)
    expect(requests('add')).toBe(1)
    expect(requests('list') - listsBefore).toBeGreaterThan(1)
  })

  it('a media.add refused with an API error is not followed by a patient look-up: one look, then the account is held', async () => {
    await worldWith({ listLagMs: 60_000 })
    const ids = await enqueueTagged([await world.makeFile('caption.mp4', 200 * 1024)])
    const engine = engineAs('CAPTIONS_ONLY')
    const held = new Promise<string>((resolve) => engine.once('account-held', (_profile, message) => resolve(message)))
    engine.start()
    engine.add(ids)
    await held
    // SERVICE_FORBIDDEN twice (the client renews the KS once), and the one look-up before the first attempt.
    expect(world.server.inspect.requests().filter((r) => r.action === 'add' && r.service === 'media').map((r) => r.errorCode)).toEqual(['SERVICE_FORBIDDEN', 'SERVICE_FORBIDDEN'])
    expect(requests('list')).toBe(1)
    expect(world.journal.getFile(ids[0]!)).toMatchObject({ entryId: null, mediaAddSentAt: null })
  })

  it('a media.add the server refused as busy (503) is retried after one look each time, not a patient wait', async () => {
    await worldWith({ listLagMs: 60_000 })
    const paths = [await world.makeFile('busy.mp4', 200 * 1024)]
    const ids = await enqueueTagged(paths)
    world.server.faults.add({ match: { service: 'media', action: 'add' }, action: { kind: 'http', status: 503 }, times: 2 })
    const engine = engineAs('UPLOAD_AND_TAG')
    engine.start()
    engine.add(ids)
    await untilIdle(engine)
    await expectOneCleanEntryEach(paths)
    expect(requests('add')).toBe(3)
    // One look before the first media.add (by referenceId) and one before each of the two retries (by referenceId and
    // by the mark the file got for its first media.add): 1 + 2 × 2. A patient look-up would have listed for 10 s.
    expect(requests('list')).toBe(5)
  })

  it('on a moderated partner a lost reply still finds the pending entry (every moderation status is asked for)', async () => {
    await worldWith({ moderateContent: true, referenceIdNeedsPermission: false, listLagMs: 0 })
    const paths = [await world.makeFile('moderated.mp4', 300 * 1024)]
    const ids = await enqueueTagged(paths)
    world.server.faults.add({ match: { service: 'media', action: 'add' }, action: { kind: 'dropReply' }, times: 1 })
    const engine = engineAs(null)
    engine.start()
    engine.add(ids)
    await untilIdle(engine)
    await expectOneCleanEntryEach(paths)
    expect(requests('add')).toBe(1)
    const listed = world.server.inspect.requests().filter((r) => r.service === 'media' && r.action === 'list')
    expect(listed.every((r) => JSON.stringify(r.params).includes('moderationStatusIn'))).toBe(true)
  })

  it('an account whose session may not change tags keeps the first mark, says so once, and marks no later entry', async () => {
    await worldWith()
    const paths = await Promise.all([1, 2, 3].map((i) => world.makeFile(`untagged${i}.mp4`, 200 * 1024 + i)))
    const ids = await enqueueTagged(paths)
    const warnings: string[] = []
    const logger: Logger = { ...silentLogger, warn: (_scope, message) => void warnings.push(message) }
    const engine = engineAs('UPLOAD_NO_TAGS', { logger }, { maxParallelFiles: 1 })
    engine.start()
    engine.add(ids)
    await untilIdle(engine)

    const rows = world.journal.allFiles()
    expect(rows.every((r) => r.state === 'done' && r.entryMark === null)).toBe(true)
    const tags = rows.map((r) => world.server.inspect.entry(r.entryId!)!.tags)
    expect(tags[0]).toMatch(/^holiday,kbumark[0-9a-f]{24}$/)
    expect(tags.slice(1)).toEqual(['holiday', 'holiday'])
    expect(world.server.inspect.entries()).toHaveLength(3)
    expect(requests('update')).toBe(1)
    expect(world.journal.referenceIds.marksRemovable(world.profileId)).toBe(false)
    expect(warnings.filter((w) => w.includes('referenceId'))).toHaveLength(1)
    expect(warnings.filter((w) => w.includes('would not take the mark tag off'))).toHaveLength(1)
  })

  it('a media.add cut off before the server read it is looked for until the list has surely caught up, then sent again: one entry', async () => {
    await worldWith()
    const paths = [await world.makeFile('cutoff.mp4', 200 * 1024)]
    const ids = await enqueueTagged(paths)
    world.server.faults.add({ match: { service: 'media', action: 'add' }, action: { kind: 'reset', afterBytes: 0 }, times: 1 })
    const engine = engineAs('UPLOAD_AND_TAG')
    engine.start()
    engine.add(ids)
    await untilIdle(engine)
    await expectOneCleanEntryEach(paths)
    const adds = world.server.inspect.requests().filter((r) => r.service === 'media' && r.action === 'add')
    expect(adds.map((r) => r.fault ?? 'ok')).toEqual(['reset', 'ok'])
    // The retry waited for the look-ups in between: from the cut-off media.add to the next, the whole lag bound.
    expect(adds[1]!.at - adds[0]!.at).toBeGreaterThanOrEqual(LIST_LAG_BOUND_MS)
  }, 30_000)
})
