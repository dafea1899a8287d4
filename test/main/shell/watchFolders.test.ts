// The app's watch folders, through the real entry (src/main/index.ts) on a fake Electron against the test server:
// a folder added with main's own picker is watched at once, its files are uploaded with its account; the app quits
// cleanly, and the next launch watches it again, sending only what arrived while it was closed.
import { randomBytes } from 'node:crypto'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, expect, it, vi } from 'vitest'
import { startKalturaTestServer, type KalturaTestServer } from '../../kaltura-server/index'
import type { BatchFinished } from '../../../src/shared/ipc-contract'
import type { Settings } from '../../../src/shared/uploads'
import type { FakeBrowserWindow, FakeElectron } from './fakeElectron'
import { bootShell, invokeFromWindow, shutDownShells, type FakeElectronHolder } from './shellHarness'

const electron = vi.hoisted((): FakeElectronHolder => ({ fake: null }))
vi.mock('electron', async () => (await import('./fakeElectron')).electronModule(() => electron.fake ?? failNoFake()))
function failNoFake(): FakeElectron {
  throw new Error('electron was imported before bootShell')
}

let dir: string
let server: KalturaTestServer

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kbu-shell-watch-'))
  server = await startKalturaTestServer({ dataDir: join(dir, 'server'), entryReadyAfter: { getCalls: 1 }, finalChunkWaitMs: 500 })
})
afterEach(async () => {
  await shutDownShells()
})
afterAll(async () => {
  await server.close()
  await rm(dir, { recursive: true, force: true })
})

async function ok<T>(answer: Promise<unknown>): Promise<T> {
  const result = (await answer) as { ok: boolean; value?: T; message?: string }
  if (!result.ok) throw new Error(result.message)
  return result.value as T
}

function batchFinished(window: FakeBrowserWindow): Promise<BatchFinished> {
  return window.webContents.nextSent('batch:finished') as Promise<BatchFinished>
}

it('watches a folder added with the picker, uploads its files, and after a relaunch sends only what came meanwhile', async () => {
  const dataDir = join(dir, 'data')
  await mkdir(dataDir)
  const folder = join(dir, 'camera')
  await mkdir(folder)
  const first = join(folder, 'first.mp4')
  await writeFile(first, randomBytes(300 * 1024))

  const { fake } = await bootShell(electron, { dataDir })
  const window = await fake.windowOpened()
  const profile = await ok<{ id: string }>(invokeFromWindow(fake, window, 'profiles:save', { name: 'Local', serviceUrl: server.url, partnerId: server.partnerId, userId: 'me', authKind: 'admin-secret', secret: server.adminSecret }))
  fake.dialog.answers.push({ canceled: false, filePaths: [folder] })
  const added = await ok<Settings>(invokeFromWindow(fake, window, 'watch:add', { profileId: profile.id }))
  const [watched] = added.watchFolders
  expect(watched).toMatchObject({ path: folder, profileId: profile.id })
  expect(fake.dialog.calls.map((c) => [c.kind, c.parent === window])).toEqual([['open', true]])
  const finished = batchFinished(window)
  await ok(invokeFromWindow(fake, window, 'settings:update', { watchFolders: [{ ...watched, stableSeconds: 1 }] }))
  expect(await finished).toMatchObject({ summary: { done: 1 } })
  fake.app.quit()
  await fake.app.exited
  expect(fake.app.exitCodes).toEqual([0])

  // While the app is closed, a second file arrives.
  const second = join(folder, 'second.mp4')
  await writeFile(second, randomBytes(200 * 1024))
  const relaunched = await bootShell(electron, { dataDir })
  const window2 = await relaunched.fake.windowOpened()
  expect(await batchFinished(window2)).toMatchObject({ summary: { done: 1 } })
  const listed = await ok<{ files: Array<{ name: string; state: string; notice: string | null }> }>(invokeFromWindow(relaunched.fake, window2, 'files:list'))
  expect(listed.files.map((f) => [f.name, f.state, f.notice]).sort()).toEqual([
    ['first.mp4', 'done', `Found in the watched folder ${folder}.`],
    ['second.mp4', 'done', `Found in the watched folder ${folder}.`]
  ])
  expect(server.inspect.entries()).toHaveLength(2)
})
