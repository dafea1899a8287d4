// A batch's categories reach Kaltura with categoryEntry.add after media.add, as real Kaltura honours it: existing
// categories are assigned, missing ones made where the session may, a session that may not make one leaves the file
// uploaded with a notice naming it, and a lost reply or a restart neither skips nor repeats an assignment.
import { afterEach, describe, expect, it } from 'vitest'
import { clientForProfile } from '../../../src/main/accounts/accounts'
import type { UploadEngine } from '../../../src/main/engine/engine'
import type { EngineOptions } from '../../../src/main/engine/engineOptions'
import { enqueueFiles } from '../../../src/main/intake/enqueue'
import { scanDropped } from '../../../src/main/intake/scanner'
import type { KalturaClient } from '../../../src/main/kaltura'
import type { TestRole } from '../../kaltura-server/api'
import { createWorld, until, untilIdle, type World } from './engineFixture'

// Uploads and reads entries and categories, but may neither assign nor create categories (service.categoryentry.ini:18).
const UPLOAD_ONLY: TestRole = { id: 3101, systemName: 'UPLOAD_ONLY', permissions: ['CONTENT_INGEST_UPLOAD', 'CONTENT_MANAGE_BASE'] }

let world: World
afterEach(async () => world.dispose())

/** The uploader's own profile: 'tester' signs in with a USER KS, which may assign but not create categories. An
 * empty user id signs in with an ADMIN KS, which may create them. */
function profileOf(userId: string, roleId: string | null = null) {
  return { id: world.profileId, name: 'Test', serviceUrl: world.server.url, partnerId: world.server.partnerId, userId, authKind: 'admin-secret' as const, roleId }
}

function engineAs(userId: string, options: Partial<EngineOptions> = {}, roleId: string | null = null): UploadEngine {
  const profile = profileOf(userId, roleId)
  return world.engine({ apiFor: async () => clientForProfile(profile, world.server.adminSecret), ...options })
}

/** An administrator preparing the account's categories, as in the KMC. */
function adminClient(): KalturaClient {
  return clientForProfile(profileOf(''), world.server.adminSecret)
}

async function enqueueWithCategories(paths: string[], categories: string): Promise<number[]> {
  const scan = await scanDropped(paths)
  return (await enqueueFiles(world.journal, { files: scan.files, profileId: world.profileId, metadata: { tags: 'talk', categories }, duplicatePolicy: 'skip' })).fileIds
}

function requests(service: string, action: string): number {
  return world.server.inspect.requests().filter((r) => r.service === service && r.action === action && r.errorCode === undefined && r.replied !== false).length
}

async function categoryNames(): Promise<string[]> {
  return (await adminClient().category.list({}, undefined)).objects.map((c) => c.fullName).sort()
}

describe('categories after media.add', () => {
  it('puts every file in the existing categories it was given, with categoryEntry.add and not at media.add', async () => {
    world = await createWorld()
    const admin = adminClient()
    const lectures = await admin.category.add({ name: 'Lectures' })
    await admin.category.add({ name: '2026', parentId: lectures.id })
    await admin.category.add({ name: 'Events' })
    const paths = await Promise.all([1, 2].map((i) => world.makeFile(`talk${i}.mp4`, 200 * 1024 + i)))
    const ids = await enqueueWithCategories(paths, 'Lectures>2026, events')
    const engine = engineAs('tester')
    engine.start()
    engine.add(ids)
    await untilIdle(engine)

    for (const id of ids) {
      const row = world.journal.getFile(id)!
      expect(row.state, row.error?.message).toBe('done')
      expect(row.notice).toBeNull()
      expect(row.categoriesEntryId).toBe(row.entryId)
      expect(world.server.inspect.entry(row.entryId!)!.categories!.split(',').sort()).toEqual(['Events', 'Lectures>2026'])
    }
    const mediaAdds = world.server.inspect.requests().filter((r) => r.service === 'media' && r.action === 'add')
    expect(mediaAdds.map((r) => JSON.stringify(r.params ?? {}).includes('categories'))).toEqual([false, false])
    expect(requests('categoryentry', 'add')).toBe(4)
    expect(await categoryNames()).toEqual(['Events', 'Lectures', 'Lectures>2026'])
  })

  it('creates a missing category level by level under the part that exists, where the session may create categories', async () => {
    world = await createWorld()
    await adminClient().category.add({ name: 'Lectures' })
    const ids = await enqueueWithCategories([await world.makeFile('physics.mp4', 150 * 1024)], 'Lectures>2026>Physics')
    const engine = engineAs('')
    engine.start()
    engine.add(ids)
    await untilIdle(engine)

    const row = world.journal.getFile(ids[0]!)!
    expect(row.state, row.error?.message).toBe('done')
    expect(row.notice).toBeNull()
    expect(world.server.inspect.entry(row.entryId!)!.categories).toBe('Lectures>2026>Physics')
    expect(await categoryNames()).toEqual(['Lectures', 'Lectures>2026', 'Lectures>2026>Physics'])
    expect(requests('category', 'add')).toBe(3) // one by the administrator, two by the uploader
  })

  it('a USER session that may not create a missing category: the file is done with a notice naming it, the rest assigned, nothing made', async () => {
    world = await createWorld()
    await adminClient().category.add({ name: 'Lectures' })
    const ids = await enqueueWithCategories([await world.makeFile('typo.mp4', 150 * 1024)], 'Lectures>2062,Lectures')
    const engine = engineAs('tester')
    engine.start()
    engine.add(ids)
    await untilIdle(engine)

    const row = world.journal.getFile(ids[0]!)!
    expect(row.state, row.error?.message).toBe('done')
    expect(row.error).toBeNull()
    expect(row.notice).toBe("Uploaded; not put in category 'Lectures>2062': it does not exist and this account may not create categories.")
    expect(engine.files().find((f) => f.id === ids[0])!.notice).toBe(row.notice)
    expect(world.server.inspect.entry(row.entryId!)!.categories).toBe('Lectures')
    expect(await categoryNames()).toEqual(['Lectures'])
    // The administrator's, then the uploader's: the client takes SERVICE_FORBIDDEN for a stale KS once and renews it.
    const categoryAdds = world.server.inspect.requests().filter((r) => r.service === 'category' && r.action === 'add')
    expect(categoryAdds.map((r) => r.errorCode)).toEqual([undefined, 'SERVICE_FORBIDDEN', 'SERVICE_FORBIDDEN'])
  })

  it('an upload-only role that may not assign categories: the file is done with a notice, the account not held', async () => {
    world = await createWorld({ roles: [UPLOAD_ONLY] })
    await adminClient().category.add({ name: 'Events' })
    const ids = await enqueueWithCategories([await world.makeFile('launch.mp4', 150 * 1024)], 'Events')
    const engine = engineAs('tester', {}, 'UPLOAD_ONLY')
    engine.start()
    engine.add(ids)
    await untilIdle(engine)

    const row = world.journal.getFile(ids[0]!)!
    expect(row.state, row.error?.message).toBe('done')
    expect(row.notice).toBe("Uploaded; not put in category 'Events': this account may not put entries in categories.")
    expect(world.server.inspect.entry(row.entryId!)!.categories ?? '').toBe('')
    // Refused once, and once more after the client renewed the KS it took for stale.
    expect(world.server.inspect.requests().filter((r) => r.service === 'categoryentry').map((r) => r.errorCode)).toEqual(['SERVICE_FORBIDDEN', 'SERVICE_FORBIDDEN'])
  })

  it('a categoryEntry.add whose reply is lost after the server stored it is read as done on the retry: assigned once', async () => {
    world = await createWorld()
    await adminClient().category.add({ name: 'Events' })
    const ids = await enqueueWithCategories([await world.makeFile('keynote.mp4', 150 * 1024)], 'Events')
    world.server.faults.add({ match: { service: 'categoryentry', action: 'add' }, action: { kind: 'dropReply' }, times: 1 })
    const engine = engineAs('tester')
    engine.start()
    engine.add(ids)
    await untilIdle(engine)

    const row = world.journal.getFile(ids[0]!)!
    expect(row.state, row.error?.message).toBe('done')
    expect(row.notice).toBeNull()
    const adds = world.server.inspect.requests().filter((r) => r.service === 'categoryentry' && r.action === 'add')
    expect(adds.map((r) => [r.fault, r.errorCode])).toEqual([
      ['dropReply', undefined],
      [undefined, 'CATEGORY_ENTRY_ALREADY_EXISTS']
    ])
    expect(world.server.inspect.entry(row.entryId!)!.categories).toBe('Events')
    expect((await adminClient().category.listEntries({ entryIdEqual: row.entryId! })).totalCount).toBe(1)
  })

  it('a restart after the entry was made but before its category was assigned assigns it once, with no second entry', async () => {
    world = await createWorld()
    await adminClient().category.add({ name: 'Events' })
    const ids = await enqueueWithCategories([await world.makeFile('panel.mp4', 150 * 1024)], 'Events')
    // The server refuses the first categoryEntry.add before doing anything; a long back-off keeps the run waiting to
    // retry, and it is stopped there, as a crash would stop it.
    world.server.faults.add({ match: { service: 'categoryentry', action: 'add' }, action: { kind: 'http', status: 500 }, times: 1 })
    const first = engineAs('tester', { retry: { baseDelayMs: 60_000, maxDelayMs: 60_000, maxAttempts: 8 } })
    first.start()
    first.add(ids)
    await until(first, () => first.files().some((f) => f.state === 'creating-entry' && f.waiting === 'retry'))
    await first.shutdown()
    const crashed = world.journal.getFile(ids[0]!)!
    expect(crashed.entryId).not.toBeNull()
    expect(crashed.categoriesEntryId).toBeNull()
    expect(world.server.inspect.entry(crashed.entryId!)!.categories ?? '').toBe('')

    world.reopenJournal()
    const second = engineAs('tester')
    second.start()
    await untilIdle(second)
    const row = world.journal.getFile(ids[0]!)!
    expect(row.state, row.error?.message).toBe('done')
    expect(row.entryId).toBe(crashed.entryId)
    expect(row.categoriesEntryId).toBe(row.entryId)
    expect(world.server.inspect.entries()).toHaveLength(1)
    expect(world.server.inspect.entry(row.entryId!)!.categories).toBe('Events')
    expect(world.server.inspect.requests().filter((r) => r.service === 'categoryentry' && r.action === 'add').map((r) => r.errorCode ?? r.fault ?? 'ok')).toEqual(['http', 'ok'])
  })
})
