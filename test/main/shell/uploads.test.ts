// The shell around a real upload: keep-awake follows the engine, the machine's sleep and wake reach it, and a
// finished batch is announced — driven through the real IPC handlers against the Kaltura test server.
import { randomBytes } from 'node:crypto'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { startKalturaTestServer, type KalturaTestServer } from '../../kaltura-server/index'
import { waitFor } from '../kaltura/serverFixture'
import type { BatchFinished, IpcEvents } from '../../../src/shared/ipc-contract'
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
  dir = await mkdtemp(join(tmpdir(), 'kbu-shell-uploads-'))
  server = await startKalturaTestServer({ dataDir: join(dir, 'server'), entryReadyAfter: { getCalls: 1 }, finalChunkWaitMs: 500 })
})
afterEach(async () => {
  await shutDownShells()
  server.faults.clear()
})
afterAll(async () => {
  await server.close()
  await rm(dir, { recursive: true, force: true })
})

/** Saves an account, drops one small video and starts its batch, all as the window would. */
async function startUpload(fake: FakeElectron, window: FakeBrowserWindow, name: string): Promise<void> {
  const saved = await invokeFromWindow(fake, window, 'profiles:save', {
    name: 'Local',
    serviceUrl: server.url,
    partnerId: server.partnerId,
    userId: 'me',
    authKind: 'admin-secret',
    secret: server.adminSecret
  })
  if (!isOk<{ id: string }>(saved)) throw new Error(`profile not saved: ${JSON.stringify(saved)}`)
  const video = join(dir, name)
  await writeFile(video, randomBytes(300 * 1024))
  const scanned = await invokeFromWindow(fake, window, 'scan:dropped', { paths: [video] })
  if (!isOk<{ scanId: string }>(scanned)) throw new Error(`not scanned: ${JSON.stringify(scanned)}`)
  const started = await invokeFromWindow(fake, window, 'batch:start', { scanId: scanned.value.scanId, profileId: saved.value.id, metadata: {}, duplicatePolicy: 'upload' })
  expect(started).toMatchObject({ ok: true, value: { queued: 1 } })
}

function isOk<T>(result: unknown): result is { ok: true; value: T } {
  return typeof result === 'object' && result !== null && (result as { ok?: unknown }).ok === true
}

function batchFinished(window: FakeBrowserWindow): Promise<BatchFinished> {
  return window.webContents.nextSent('batch:finished') as Promise<BatchFinished>
}

describe('keep-awake', () => {
  it('prevents app suspension while an upload runs, and lets go once the engine is idle', async () => {
    const { fake } = await bootShell(electron)
    const window = await fake.windowOpened()
    expect(fake.powerSaveBlocker.calls).toEqual([])
    await startUpload(fake, window, 'keep-awake.mp4')
    // Taken as the batch starts, before its first byte leaves.
    expect(fake.powerSaveBlocker.active.size).toBe(1)
    expect(fake.powerSaveBlocker.calls[0]).toMatchObject({ call: 'start', type: 'prevent-app-suspension' })
    expect(await batchFinished(window)).toMatchObject({ summary: { done: 1 } })
    await fake.keepAwake(false)
    const [started, stopped, ...rest] = fake.powerSaveBlocker.calls
    expect(stopped).toEqual({ call: 'stop', id: started?.id })
    expect(rest).toEqual([])
    // The window hears of it too, in the coalesced progress updates.
    await window.webContents.nextSent('files:update', (p) => (p as IpcEvents['files:update']).files.some((f) => f.state === 'done'))
  })
})

describe('sleep and wake', () => {
  it('a running upload stops when the machine suspends and finishes after it resumes', async () => {
    const { fake, dataDir } = await bootShell(electron)
    const window = await fake.windowOpened()
    // The first chunk never gets an answer: without the power events the upload would sit there (30 s watchdog).
    server.faults.add({ match: { service: 'uploadtoken', action: 'upload' }, action: { kind: 'stall' } })
    await startUpload(fake, window, 'sleepy.mp4')
    const stalled = (): ReturnType<KalturaTestServer['inspect']['requests']> => server.inspect.requests().filter((r) => r.fault === 'stall')
    await waitFor(stalled, (rs) => rs.length === 1)

    fake.powerMonitor.emit('suspend')
    // The engine hung up on the request it had in flight (a stalled request ends only when the client goes away).
    await waitFor(stalled, (rs) => rs[0]?.endedAt !== undefined)
    expect(stalled()[0]?.replied).not.toBe(true)
    const log = (): Promise<string> => readFile(join(dataDir, 'logs', 'uploader.log'), 'utf8')
    expect(await log()).toContain('system suspending')

    fake.powerMonitor.emit('resume')
    expect(await batchFinished(window)).toMatchObject({ summary: { done: 1 } })
    expect(await log()).toContain('resuming after sleep (power event)')

    // Unlocking the screen counts as waking too (some systems report only that).
    fake.powerMonitor.emit('unlock-screen')
    expect((await log()).match(/resuming after sleep \(power event\)/g)).toHaveLength(2)
  })
})

describe('notifications', () => {
  it('a finished batch shows a notification whose click brings the window to the front', async () => {
    const { fake } = await bootShell(electron)
    const window = await fake.windowOpened()
    await startUpload(fake, window, 'announced.mp4')
    const notification = await fake.notificationShown()
    expect(notification.options).toEqual({ title: 'Upload batch finished', body: '1 uploaded' })
    const before = { shown: window.shown, focused: window.focused }
    notification.click()
    expect(window.shown).toBe(before.shown + 1)
    expect(window.focused).toBe(before.focused + 1)
  })

  it('skips the notification silently where the system has none', async () => {
    const { fake } = await bootShell(electron, { notificationsSupported: false })
    const window = await fake.windowOpened()
    await startUpload(fake, window, 'quiet.mp4')
    expect(await batchFinished(window)).toMatchObject({ summary: { done: 1 } })
    expect(fake.notifications).toEqual([])
  })
})
