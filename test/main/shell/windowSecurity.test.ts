// The shell's window and web contents, as Electron's security checklist asks: a sandboxed, isolated window on
// the app's own page, no way out to other origins, no new windows, webviews or permissions.
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { FakeElectron } from './fakeElectron'
import { appUrlOf, bootShell, shutDownShells, type FakeElectronHolder } from './shellHarness'

const electron = vi.hoisted((): FakeElectronHolder => ({ fake: null }))
vi.mock('electron', async () => (await import('./fakeElectron')).electronModule(() => electron.fake ?? failNoFake()))
function failNoFake(): FakeElectron {
  throw new Error('electron was imported before bootShell')
}

afterEach(shutDownShells)

describe('the window', () => {
  it('opens with context isolation, the sandbox and web security on, Node off, and a preload, on the app:// bundle; the sandbox is on app-wide', async () => {
    const { fake } = await bootShell(electron)
    const window = await fake.windowOpened()
    expect(fake.app.sandboxEnabled).toBe(true)
    expect(window.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      devTools: true
    })
    expect(window.options.webPreferences?.['preload']).toMatch(/preload[\\/]index\.js$/)
    expect(window.options['show']).toBe(false)
    expect(window.loaded).toEqual({ url: 'app://bundle/index.html' })
    // Shown only once painted, so no blank frame flashes.
    expect(window.shown).toBe(0)
    window.emit('ready-to-show')
    expect(window.shown).toBe(1)
  })

  it('loads the dev server from source, but never a URL from the environment once packaged: the app:// bundle, without DevTools', async () => {
    const dev = await bootShell(electron, { env: { ELECTRON_RENDERER_URL: 'http://localhost:5173' } })
    expect((await dev.fake.windowOpened()).loaded).toEqual({ url: 'http://localhost:5173' })
    await shutDownShells()
    const packaged = await bootShell(electron, { isPackaged: true, env: { ELECTRON_RENDERER_URL: 'http://localhost:5173' } })
    const window = await packaged.fake.windowOpened()
    expect(window.loaded).toEqual({ url: 'app://bundle/index.html' })
    expect(window.options.webPreferences).toMatchObject({ devTools: false, sandbox: true, contextIsolation: true })
  })
})

describe('web contents', () => {
  it('block navigation and redirects to other origins, in the page and its frames, and allow the app own page', async () => {
    const { fake } = await bootShell(electron)
    const window = await fake.windowOpened()
    const own = appUrlOf(window)
    for (const event of ['will-navigate', 'will-redirect', 'will-frame-navigate'] as const) {
      expect(window.webContents.navigate(event, 'https://evil.example/'), event).toBe(true)
      expect(window.webContents.navigate(event, pathToFileURL('/etc/passwd').href), event).toBe(true)
      expect(window.webContents.navigate(event, 'app://other/index.html'), event).toBe(true)
      expect(window.webContents.navigate(event, 'not a url'), event).toBe(true)
      expect(window.webContents.navigate(event, own), event).toBe(false)
      expect(window.webContents.navigate(event, `${own}#/settings`), event).toBe(false)
    }
  })

  it('treat only app://bundle as the app once packaged: another app:// host, file:, the dev server or credentials can neither navigate nor call main', async () => {
    const { fake } = await bootShell(electron, { isPackaged: true, env: { ELECTRON_RENDERER_URL: 'http://localhost:5173' } })
    const window = await fake.windowOpened()
    const foreign = [
      'app://other/index.html',
      'app://bundle.evil.example/index.html',
      'app://bundle:8080/index.html',
      'app://user@bundle/index.html',
      pathToFileURL(join(__dirname, '../../../src/renderer/index.html')).href,
      'file:///etc/passwd',
      'http://localhost:5173/',
      'http://localhost/'
    ]
    for (const url of foreign) {
      expect(window.webContents.navigate('will-navigate', url), url).toBe(true)
      expect(window.webContents.navigate('will-frame-navigate', url), url).toBe(true)
      expect(await fake.ipcMain.invoke('app:info', undefined, { sender: window.webContents, frameUrl: url }), url).toMatchObject({ ok: false, code: 'forbidden' })
    }
    for (const url of ['app://bundle/index.html', 'app://bundle/index.html#/queue', 'app://bundle/']) {
      expect(window.webContents.navigate('will-navigate', url), url).toBe(false)
      expect(await fake.ipcMain.invoke('app:info', undefined, { sender: window.webContents, frameUrl: url }), url).toMatchObject({ ok: true })
    }
  })

  it('compare the dev server by origin, so a look-alike URL that starts with it is still blocked', async () => {
    const { fake } = await bootShell(electron, { env: { ELECTRON_RENDERER_URL: 'http://localhost:5173' } })
    const window = await fake.windowOpened()
    expect(window.webContents.navigate('will-navigate', 'http://localhost:5173/#/queue')).toBe(false)
    expect(window.webContents.navigate('will-navigate', 'http://localhost:5173@evil.example/')).toBe(true)
    expect(window.webContents.navigate('will-navigate', 'http://localhost:5173.evil.example/')).toBe(true)
    expect(window.webContents.navigate('will-navigate', 'http://localhost:5174/')).toBe(true)
  })

  it('deny new windows and webviews, for the app window and any other web contents', async () => {
    const { fake } = await bootShell(electron)
    const window = await fake.windowOpened()
    for (const contents of [window.webContents, fake.foreignWebContents()]) {
      expect(contents.windowOpenHandler?.({ url: 'https://evil.example/' })).toEqual({ action: 'deny' })
      expect(contents.windowOpenHandler?.({ url: appUrlOf(window) })).toEqual({ action: 'deny' })
      expect(contents.attachWebview()).toBe(true)
      expect(contents.navigate('will-navigate', 'https://evil.example/')).toBe(true)
    }
  })

  it('deny every permission request and check', async () => {
    const { fake } = await bootShell(electron)
    const window = await fake.windowOpened()
    const { permissionRequestHandler, permissionCheckHandler } = fake.session.defaultSession
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) {
      const granted = await new Promise<boolean>((resolve) => permissionRequestHandler?.(window.webContents, permission, resolve))
      expect(granted, permission).toBe(false)
      expect(permissionCheckHandler?.(window.webContents, permission), permission).toBe(false)
    }
  })
})
