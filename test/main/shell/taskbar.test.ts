// The batch outside the window: the window's minimum size, progress on the taskbar or dock (normal, paused, error,
// and none when idle) and the percent in the title, from main's totals; and "Show in folder" through the shell,
// for a file the journal holds only. Real entry, real engine and journal, Kaltura test server, fake Electron.
import { randomBytes } from 'node:crypto'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { startKalturaTestServer, type KalturaTestServer } from '../../kaltura-server/index'
import type { FileView } from '../../../src/shared/uploads'
import type { FakeBrowserWindow, FakeElectron } from './fakeElectron'
import { bootShell, invokeFromWindow, shutDownShells, type FakeElectronHolder } from './shellHarness'

const electron = vi.hoisted((): FakeElectronHolder => ({ fake: null }))
vi.mock('electron', async () => (await import('./fakeElectron')).electronModule(() => electron.fake ?? failNoFake()))
function failNoFake(): FakeElectron {
  throw new Error('electron was imported before bootShell')
}

const MiB = 1024 * 1024
let dir: string
let server: KalturaTestServer

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kbu-shell-taskbar-'))
  server = await startKalturaTestServer({ dataDir: join(dir, 'server'), entryReadyAfter: { getCalls: 1 }, finalChunkWaitMs: 500 })
})
afterEach(async () => {
  await shutDownShells()
  server.faults.clear()
  server.faults.setLinkRate(null)
  await server.faults.up()
})
afterAll(async () => {
  await server.close()
  await rm(dir, { recursive: true, force: true })
})

function value<T>(result: unknown): T {
  const r = result as { ok: boolean; value?: T; message?: string }
  if (!r.ok) throw new Error(`request failed: ${JSON.stringify(result)}`)
  return r.value as T
}

/** Saves an account and starts a batch of one video of `size` bytes, as the window would; returns its file id. */
async function startUpload(fake: FakeElectron, window: FakeBrowserWindow, name: string, size: number): Promise<{ path: string; id: number }> {
  const profile = value<{ id: string }>(await invokeFromWindow(fake, window, 'profiles:save', { name: 'Local', serviceUrl: server.url, partnerId: server.partnerId, userId: 'me', authKind: 'admin-secret', secret: server.adminSecret }))
  const path = join(dir, name)
  await writeFile(path, randomBytes(size))
  const scan = value<{ scanId: string }>(await invokeFromWindow(fake, window, 'scan:dropped', { paths: [path] }))
  value(await invokeFromWindow(fake, window, 'batch:start', { scanId: scan.scanId, profileId: profile.id, metadata: {}, duplicatePolicy: 'upload' }))
  const list = value<{ files: FileView[] }>(await invokeFromWindow(fake, window, 'files:list'))
  return { path, id: list.files.find((f) => f.name === name)!.id }
}

describe('the window', () => {
  it('cannot be made smaller than 800×600, and keeps its own title when the page sets one', async () => {
    const { fake } = await bootShell(electron)
    const window = await fake.windowOpened()
    expect(window.options).toMatchObject({ minWidth: 800, minHeight: 600, title: 'Kaltura Batch Uploader' })
    expect(window.pageTitleUpdated('Something else')).toBe(true)
    expect(window.getTitle()).toBe('Kaltura Batch Uploader')
  })
})

describe('taskbar and title', () => {
  it('show the confirmed percent while bytes move, paused when the user pauses, error while the server is away, and nothing once done', async () => {
    const { fake } = await bootShell(electron)
    const window = await fake.windowOpened()
    // Small chunks on a slow link, so the server confirms bytes several times along the way.
    value(await invokeFromWindow(fake, window, 'settings:update', { minChunkBytes: 256 * 1024, maxChunkBytes: 256 * 1024 }))
    server.faults.setLinkRate(1 * MiB)
    const { id } = await startUpload(fake, window, 'taskbar.mp4', 4 * MiB)

    await fake.progressBar(window, (p) => p.mode === 'normal' && p.progress > 0)
    const moving = window.progressBars.at(-1)!
    expect(moving.progress).toBeLessThan(1)
    // The bar is told a thousandth at a time, the title whole percents: they agree to within one.
    const titled = /^(\d+)% — Kaltura Batch Uploader$/.exec(window.getTitle())
    expect(titled).not.toBeNull()
    expect(Math.abs(Number(titled![1]) - moving.progress * 100)).toBeLessThanOrEqual(1)

    value(await invokeFromWindow(fake, window, 'files:pause', { ids: [id] }))
    await fake.progressBar(window, (p) => p.mode === 'paused')
    // A pause keeps what the server confirmed: the bar does not go back.
    expect(window.progressBars.at(-1)!.progress).toBeGreaterThanOrEqual(moving.progress)

    await server.faults.down()
    value(await invokeFromWindow(fake, window, 'files:resume', { ids: [id] }))
    await fake.progressBar(window, (p) => p.mode === 'error')
    expect(window.getTitle()).toMatch(/^\d+% — Kaltura Batch Uploader$/)

    server.faults.setLinkRate(null)
    await server.faults.up()
    value(await invokeFromWindow(fake, window, 'files:retryNow'))
    await fake.progressBar(window, (p) => p.progress === -1)
    expect(window.getTitle()).toBe('Kaltura Batch Uploader')
    // Every call between was a real state: no mode outside Electron's, no fraction outside 0..1.
    for (const p of window.progressBars) expect(p.progress === -1 || (p.progress >= 0 && p.progress <= 1 && ['normal', 'paused', 'error'].includes(p.mode!))).toBe(true)
  })
})

describe('Show in folder', () => {
  it('reveals the journaled file in the file manager, and refuses a file that is gone or an id it does not know', async () => {
    const { fake } = await bootShell(electron)
    const window = await fake.windowOpened()
    const { path, id } = await startUpload(fake, window, 'reveal.mp4', 200 * 1024)
    expect(value<{ path: string }>(await invokeFromWindow(fake, window, 'files:details', { fileId: id })).path).toBe(path)
    expect(await invokeFromWindow(fake, window, 'files:showInFolder', { fileId: id })).toEqual({ ok: true, value: undefined })
    expect(fake.shell.shownInFolder).toEqual([path])
    expect(await invokeFromWindow(fake, window, 'files:showInFolder', { fileId: 999_999 })).toMatchObject({ ok: false, code: 'not-found' })
    await rm(path)
    expect(await invokeFromWindow(fake, window, 'files:showInFolder', { fileId: id })).toMatchObject({ ok: false, code: 'not-found' })
    expect(fake.shell.shownInFolder).toEqual([path])
  })
})
