// Each file's entry carries the file's own details (a metadata sheet, a mirrored folder, an edit) over its batch's:
// two files of one batch with their own titles, descriptions, tags and categories land on Kaltura with exactly those,
// and a file without own values gets the batch's and its name (without extension) as title.
import { afterEach, describe, expect, it } from 'vitest'
import { clientForProfile } from '../../../src/main/accounts/accounts'
import { enqueueFiles, type FileIntake } from '../../../src/main/intake/enqueue'
import { scanDropped } from '../../../src/main/intake/scanner'
import type { EntryFields } from '../../../src/shared/entryFields'
import { createWorld, untilIdle, type World } from './engineFixture'
import { expectCleanEnd } from './storyEnd'

let world: World
afterEach(async () => world.dispose())

/** The uploader's profile with an empty user id: an ADMIN KS, which may create the categories it is given. */
function adminProfile() {
  return { id: world.profileId, name: 'Test', serviceUrl: world.server.url, partnerId: world.server.partnerId, userId: '', authKind: 'admin-secret' as const }
}

async function enqueueWithOwn(paths: string[], own: ReadonlyMap<string, EntryFields>): Promise<number[]> {
  const scan = await scanDropped(paths)
  const perFile = new Map<string, FileIntake>([...own].map(([path, entryFields]) => [path, { entryFields }]))
  const metadata = { description: 'Spring term', tags: 'lecture,2026', categories: 'Lectures' }
  return (await enqueueFiles(world.journal, { files: scan.files, profileId: world.profileId, metadata, duplicatePolicy: 'skip', perFile })).fileIds
}

describe("each entry gets its file's own details", () => {
  it('two files with their own titles, descriptions, tags and categories land with exactly those; a third gets the batch values and its name', async () => {
    world = await createWorld()
    const [optics, waves, plain] = await Promise.all(['optics.mp4', 'waves.mov', 'week 3.final.mp4'].map((name, i) => world.makeFile(name, 150 * 1024 + i)))
    const own = new Map<string, EntryFields>([
      [optics!, { title: 'Optics I', description: 'Lenses and mirrors', tags: 'optics,light', categories: 'Physics>Optics' }],
      [waves!, { title: 'Waves', description: 'Sound, water, light', tags: 'waves', categories: 'Physics>Waves,Demos' }]
    ])
    const ids = await enqueueWithOwn([optics!, waves!, plain!], own)
    const profile = adminProfile()
    const engine = world.engine({ apiFor: async () => clientForProfile(profile, world.server.adminSecret) })
    engine.start()
    engine.add(ids)
    await untilIdle(engine)

    await expectCleanEnd(world, [optics!, waves!, plain!])
    const entryOf = (path: string) => world.server.inspect.entry(world.journal.allFiles().find((f) => f.path === path)!.entryId!)!
    const landed = (path: string) => {
      const e = entryOf(path)
      return { name: e.name, description: e.description, tags: e.tags, categories: (e.categories ?? '').split(',').sort().join(',') }
    }
    expect(landed(optics!)).toEqual({ name: 'Optics I', description: 'Lenses and mirrors', tags: 'optics,light', categories: 'Physics>Optics' })
    expect(landed(waves!)).toEqual({ name: 'Waves', description: 'Sound, water, light', tags: 'waves', categories: 'Demos,Physics>Waves' })
    expect(landed(plain!)).toEqual({ name: 'week 3.final', description: 'Spring term', tags: 'lecture,2026', categories: 'Lectures' })
    // None of the files got the batch's category unless it had no categories of its own.
    expect(world.journal.allFiles().every((f) => f.notice === null && f.categoriesEntryId === f.entryId)).toBe(true)
  })

  it('a mark taken off again puts back the file\'s own tags, not the batch\'s', async () => {
    // A session that may not set referenceId: the entry is made with a mark tag, then media.update restores the tags.
    world = await createWorld({ referenceIdNeedsPermission: true, roles: [{ id: 3001, systemName: 'UPLOAD_AND_TAG', permissions: ['CONTENT_INGEST_UPLOAD', 'CONTENT_MANAGE_BASE', 'CONTENT_MANAGE_METADATA'] }] })
    const path = await world.makeFile('marked.mp4', 120 * 1024)
    const ids = await enqueueWithOwn([path], new Map([[path, { tags: 'own,tags', categories: '' }]]))
    const profile = { ...adminProfile(), userId: 'tester', roleId: 'UPLOAD_AND_TAG' }
    const engine = world.engine({ apiFor: async () => clientForProfile(profile, world.server.adminSecret) })
    engine.start()
    engine.add(ids)
    await untilIdle(engine)

    const row = world.journal.getFile(ids[0]!)!
    expect(row.state, row.error?.message).toBe('done')
    const updates = world.server.inspect.requests().filter((r) => r.service === 'media' && r.action === 'update')
    expect(updates).toHaveLength(1)
    expect(world.server.inspect.entry(row.entryId!)!.tags).toBe('own,tags')
    // An empty own category list means none: the batch's 'Lectures' is not assigned.
    expect(world.server.inspect.requests().filter((r) => r.service === 'categoryentry')).toEqual([])
  })
})
