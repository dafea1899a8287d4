// The app's life as the operating system drives it: one instance at a time, windows closed and reopened, a quit
// that leaves the journal closed and resumable, a start that fails loudly, and secrets without a keyring.
import { existsSync } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { FakeElectron, SafeStorageMode } from './fakeElectron'
import { bootShell, filesUnder, invokeFromWindow, onPlatform, shutDownShells, type FakeElectronHolder } from './shellHarness'

const electron = vi.hoisted((): FakeElectronHolder => ({ fake: null }))
vi.mock('electron', async () => (await import('./fakeElectron')).electronModule(() => electron.fake ?? failNoFake()))
function failNoFake(): FakeElectron {
  throw new Error('electron was imported before bootShell')
}

afterEach(shutDownShells)

const SECRET = 'an-admin-secret-0123456789abcdef'
const profile = (secret = SECRET): Record<string, unknown> => ({
  name: 'Local',
  serviceUrl: 'http://127.0.0.1:9',
  partnerId: 100,
  userId: 'me',
  authKind: 'admin-secret',
  secret
})

describe('one instance at a time', () => {
  it('quits at once and starts nothing when another copy already runs', async () => {
    const { fake, dataDir } = await bootShell(electron, { singleInstanceLock: false })
    expect(fake.app.quitCalls).toBe(1)
    expect(fake.app.whenReadyCalls).toBe(0)
    expect(fake.app.sandboxEnabled).toBe(false)
    expect(fake.app.listenerCount('web-contents-created')).toBe(0)
    expect(fake.ipcMain.registrations).toEqual([])
    expect(existsSync(join(dataDir, 'journal.db'))).toBe(false)
  })

  it('brings the running window back when the app is launched again: restored if minimized, then focused', async () => {
    const { fake } = await bootShell(electron)
    const window = await fake.windowOpened()
    window.minimize()
    fake.app.launchSecondInstance()
    expect(window.isMinimized()).toBe(false)
    expect(window.restored).toBe(1)
    expect(window.focused).toBe(1)
    fake.app.launchSecondInstance()
    expect(window.restored).toBe(1)
    expect(window.focused).toBe(2)
  })
})

describe('windows', () => {
  it('closing the last window quits the app, except on macOS', async () => {
    const linux = await bootShell(electron)
    await onPlatform('linux', async () => (await linux.fake.windowOpened()).close())
    expect(linux.fake.app.quitCalls).toBe(1)
    expect(await linux.fake.app.exited).toBe(0)

    const mac = await bootShell(electron)
    await onPlatform('darwin', async () => (await mac.fake.windowOpened()).close())
    expect(mac.fake.app.quitCalls).toBe(0)
  })

  it('on macOS, the dock icon opens a window again when none is open, and only then', async () => {
    const { fake } = await bootShell(electron)
    const first = await fake.windowOpened()
    fake.app.emit('activate')
    expect(fake.windows).toHaveLength(1)
    await onPlatform('darwin', async () => first.close())
    fake.app.emit('activate')
    const second = await fake.windowOpened(2)
    expect(second.isDestroyed()).toBe(false)
    expect(second.options.webPreferences).toMatchObject({ sandbox: true, contextIsolation: true })
  })

  it('on macOS, a second launch after the window was closed opens a new one instead of touching the closed one', async () => {
    const { fake } = await bootShell(electron)
    const first = await fake.windowOpened()
    await onPlatform('darwin', async () => first.close())
    fake.app.launchSecondInstance()
    const second = await fake.windowOpened(2)
    expect(second.isDestroyed()).toBe(false)
  })
})

describe('quitting', () => {
  it('shuts the engine down and closes the journal before the app exits, and runs only once', async () => {
    let atExit: { walExists: boolean; exclusive: boolean; powerListeners: number; handlers: number } | null = null
    const { fake, dataDir } = await bootShell(electron, {
      onExit: () => {
        const file = join(dataDir, 'journal.db')
        atExit = {
          walExists: existsSync(`${file}-wal`),
          exclusive: canLockExclusively(file),
          powerListeners: fake.powerMonitor.listenerCount('suspend') + fake.powerMonitor.listenerCount('resume'),
          handlers: fake.ipcMain.handlers.size
        }
      }
    })
    const window = await fake.windowOpened()
    expect(await invokeFromWindow(fake, window, 'settings:update', { maxConnections: 3 })).toMatchObject({ ok: true })
    // While the app runs, the journal is open in WAL mode (the observable the quit must change) and held.
    expect(existsSync(join(dataDir, 'journal.db-wal'))).toBe(true)
    expect(canLockExclusively(join(dataDir, 'journal.db'))).toBe(false)
    expect(fake.powerMonitor.listenerCount('suspend')).toBe(1)

    fake.app.quit()
    // The shell held the first quit back to shut down; a second quit meanwhile is not held back again.
    expect(fake.app.quitsCompleted).toBe(0)
    fake.app.quit()
    expect(fake.app.quitsCompleted).toBe(1)
    expect(await fake.app.exited).toBe(0)
    expect(atExit).toEqual({ walExists: false, exclusive: true, powerListeners: 0, handlers: 0 })
    fake.app.quit()
    expect(fake.app.exitCodes).toEqual([0])

    // What the quit left is a journal the next start reads as it was.
    const db = new Database(join(dataDir, 'journal.db'), { readonly: true })
    try {
      const stored = db.prepare("SELECT value FROM settings WHERE key = 'settings'").pluck().get()
      expect(JSON.parse(String(stored))).toMatchObject({ maxConnections: 3 })
    } finally {
      db.close()
    }
  })
})

describe('a start that cannot work', () => {
  it('shows an error box and exits 1 when the journal cannot be opened (written by a newer app)', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'kbu-shell-newer-'))
    try {
      const db = new Database(join(dataDir, 'journal.db'))
      db.pragma('user_version = 9999')
      db.close()
      const { fake } = await bootShell(electron, { dataDir })
      expect(await fake.app.exited).toBe(1)
      expect(fake.dialog.errorBoxes).toEqual([{ title: 'Kaltura Batch Uploader', content: expect.stringMatching(/newer version of the app/) }])
      expect(fake.windows).toEqual([])
      expect(fake.ipcMain.registrations).toEqual([])
    } finally {
      await rm(dataDir, { recursive: true, force: true })
    }
  })

  it('shows an error box and exits 1 when the data folder is not a folder', async () => {
    const parent = await mkdtemp(join(tmpdir(), 'kbu-shell-file-'))
    try {
      const notAFolder = join(parent, 'data')
      await writeFile(notAFolder, 'a file where the data folder should be')
      const { fake } = await bootShell(electron, { dataDir: notAFolder })
      expect(await fake.app.exited).toBe(1)
      expect(fake.dialog.errorBoxes).toHaveLength(1)
      expect(fake.windows).toEqual([])
    } finally {
      await rm(parent, { recursive: true, force: true })
    }
  })
})

describe('secrets without real encryption', () => {
  const cases: Array<{ mode: SafeStorageMode }> = [
    { mode: 'unavailable' },
    { mode: 'basic_text' }
  ]
  for (const { mode } of cases) {
    it(`keeps an admin secret for this session only (${mode}), writes it nowhere, and forgets it at quit`, async () => {
      await onPlatform('linux', async () => {
        const { fake, dataDir } = await bootShell(electron, { safeStorage: mode })
        const window = await fake.windowOpened()
        const saved = await invokeFromWindow(fake, window, 'profiles:save', profile())
        expect(saved).toMatchObject({ ok: true, value: { name: 'Local', hasSecret: true, secretSessionOnly: true } })
        expect(JSON.stringify(saved)).not.toContain(SECRET)
        expect(await invokeFromWindow(fake, window, 'app:info')).toMatchObject({ ok: true })
        for (const file of await filesUnder(dataDir)) expect(file.bytes.includes(SECRET), file.path).toBe(false)
        fake.app.quit()
        await fake.app.exited
        const files = await filesUnder(dataDir)
        expect(files.filter((f) => f.path.endsWith('.secret'))).toEqual([])
        for (const file of files) expect(file.bytes.includes(SECRET), file.path).toBe(false)
      })
    })
  }

  it('with a keyring, keeps the secret sealed in its own file, never in clear text', async () => {
    const { fake, dataDir } = await bootShell(electron, { safeStorage: 'available' })
    const window = await fake.windowOpened()
    const saved = await invokeFromWindow(fake, window, 'profiles:save', profile())
    expect(saved).toMatchObject({ ok: true, value: { hasSecret: true, secretSessionOnly: false } })
    expect(await invokeFromWindow(fake, window, 'profiles:list')).toMatchObject({ ok: true, value: [{ name: 'Local', hasSecret: true }] })
    const files = await filesUnder(dataDir)
    expect(files.filter((f) => f.path.endsWith('.secret'))).toHaveLength(1)
    for (const file of files) expect(file.bytes.includes(SECRET), file.path).toBe(false)

    // Forgetting the account removes its sealed file too.
    const { id } = (saved as { value: { id: string } }).value
    expect(await invokeFromWindow(fake, window, 'profiles:delete', { id })).toEqual({ ok: true, value: undefined })
    expect((await filesUnder(dataDir)).filter((f) => f.path.endsWith('.secret'))).toEqual([])
  })
})

/** Whether another connection could take the journal for itself: only once the app let go of it. */
function canLockExclusively(file: string): boolean {
  const db = new Database(file, { timeout: 0 })
  try {
    db.pragma('locking_mode = EXCLUSIVE')
    db.exec('BEGIN EXCLUSIVE; COMMIT')
    return true
  } catch {
    return false
  } finally {
    db.close()
  }
}
