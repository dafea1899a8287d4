// The app's watch folders, through main's handlers as the window reaches them and the runner the app starts: a
// folder is added only through main's picker, edited and removed by id, never pointed elsewhere by the page; and
// the running watchers follow each change, so a file copied into a watched folder is uploaded with its account.
import { randomBytes } from 'node:crypto'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, expect, it } from 'vitest'
import { createHandlers, type Handlers } from '../../../src/main/ipc/handlers'
import { WatchFolders } from '../../../src/main/ipc/watchFolders'
import { silentLogger } from '../../../src/main/logging/logger'
import type { Settings, WatchFolder } from '../../../src/shared/uploads'
import { MemorySecretStore } from '../accounts/memorySecretStore'
import { createWorld, untilIdle, type World } from '../engine/engineFixture'
import { expectCleanEnd } from '../engine/storyEnd'

let world: World | null = null
let watchers: WatchFolders | null = null
afterEach(async () => {
  await watchers?.stopAll()
  await world?.dispose()
  world = null
})

function value<T>(r: { ok: true; value: T } | { ok: false; message: string }): T {
  if (!r.ok) throw new Error(r.message)
  return r.value
}

it('adds a folder only through the picker, edits and removes it by id, and the watchers follow every change they are told of', async () => {
  world = await createWorld()
  const engine = world.engine()
  engine.start()
  watchers = new WatchFolders({ journal: world.journal, engine, logger: silentLogger })
  const folder = join(world.mediaDir, 'camera')
  mkdirSync(folder)
  let pick: string[] | null = null
  const applied: Settings[] = []
  const handlers: Handlers = createHandlers({
    journal: world.journal,
    engine,
    secrets: new MemorySecretStore(),
    logger: silentLogger,
    dialogs: { pickPaths: async () => pick, saveReportPath: async () => null, locateFile: async () => null },
    openExternal: async () => undefined,
    appInfo: () => ({ name: 'test', version: '0', dataDir: world!.dir, journalNotice: null }),
    onProfileChanged: () => undefined,
    onSettingsChanged: (s) => {
      applied.push(s)
      void watchers!.apply(s)
    }
  })

  // A cancelled picker adds nothing; an unknown account is refused before the picker opens.
  expect(value(await handlers['watch:add']({ profileId: world.profileId }))).toBeNull()
  pick = [folder]
  expect(await handlers['watch:add']({ profileId: 'nobody' })).toMatchObject({ ok: false, code: 'not-found' })
  const added = value(await handlers['watch:add']({ profileId: world.profileId }))!
  expect(added.watchFolders).toEqual([{ id: expect.any(String), path: folder, profileId: world.profileId, stableSeconds: 10, duplicatePolicy: 'skip', metadata: {} }])
  // The same folder picked again is not watched twice.
  expect(value(await handlers['watch:add']({ profileId: world.profileId }))!.watchFolders).toHaveLength(1)
  const [watched] = added.watchFolders as [WatchFolder]

  // The page cannot add a folder or point one elsewhere through settings:update.
  const made = { ...watched, id: 'made-up' }
  expect(await handlers['settings:update']({ watchFolders: [watched, made] })).toMatchObject({ ok: false, code: 'invalid-settings' })
  expect(await handlers['settings:update']({ watchFolders: [{ ...watched, path: '/etc' }] })).toMatchObject({ ok: false, code: 'invalid-settings' })
  expect(await handlers['settings:update']({ watchFolders: [{ ...watched, profileId: 'nobody' }] })).toMatchObject({ ok: false, code: 'invalid-settings' })
  expect(engine.settings.watchFolders).toEqual([watched])

  // Edited by id (without its path, or with it unchanged): a second, a tag. The watcher restarts with them.
  const { path: _path, ...byId } = watched
  const edited = value(await handlers['settings:update']({ watchFolders: [{ ...byId, stableSeconds: 1, metadata: { tags: 'camera' } }] }))
  expect(edited.watchFolders).toEqual([{ ...watched, stableSeconds: 1, metadata: { tags: 'camera' } }])
  await watchers.apply(edited)
  const clip = join(folder, 'clip.mp4')
  writeFileSync(clip, randomBytes(300 * 1024))
  await new Promise<void>((resolve) => engine.on('update', () => world!.journal.latestByPath(clip)?.state === 'done' && resolve()))
  await untilIdle(engine)
  await expectCleanEnd(world, [clip])
  const row = world.journal.latestByPath(clip)!
  expect(row.notice).toBe(`Found in the watched folder ${folder}.`)
  expect(world.journal.getBatch(row.batchId)).toMatchObject({ profileId: world.profileId, metadata: { tags: 'camera' } })

  // Removed by leaving it out; every saved change reached the watchers.
  expect(value(await handlers['settings:update']({ watchFolders: [] })).watchFolders).toEqual([])
  expect(applied.map((s) => s.watchFolders.length)).toEqual([1, 1, 1, 0])
})
