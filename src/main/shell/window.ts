// The app's single window: created with Electron's security settings on, loading the bundle over app:// (or the
// dev server), brought back by a second launch or a notification, and the one judge of which URL is the app's own.
import { app, BrowserWindow } from 'electron'
import { join } from 'node:path'
import { APP_ENTRY_URL, isAppOrigin } from './appProtocol'
import { APP_TITLE } from './taskbar'

/**
 * Whether a URL is the app's page. URLs are parsed, not prefix-matched: "http://localhost:5173@evil.example/"
 * starts with the dev server's URL yet names another host. Built, only app://bundle is the app: file:, another
 * app:// host and any http: page are not, so they can neither navigate the window nor call main.
 */
export function appUrlMatcher(devUrl: string | undefined): (url: string | undefined) => boolean {
  const dev = devUrl ? new URL(devUrl) : null
  return (url) => {
    if (!url || !URL.canParse(url)) return false
    const parsed = new URL(url)
    if (parsed.username !== '' || parsed.password !== '') return false
    return dev ? parsed.origin === dev.origin : isAppOrigin(parsed)
  }
}

function createWindow(devUrl: string | undefined): BrowserWindow {
  const window = new BrowserWindow({
    width: 1100,
    height: 760,
    // The smallest window the layout is drawn for: every state fits at 800×600 without the page scrolling.
    minWidth: 800,
    minHeight: 600,
    show: false,
    title: APP_TITLE,
    webPreferences: {
      preload: join(__dirname, '../preload/index.js'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      // Packaged, no shortcut or menu can open DevTools on the page (and with it a console into the bridge).
      devTools: !app.isPackaged,
      spellcheck: false
    }
  })
  window.once('ready-to-show', () => window.show())
  // The title carries the batch's percent (taskbar.ts); the page's own <title> must not overwrite it.
  window.on('page-title-updated', (event) => event.preventDefault())
  void window.loadURL(devUrl ?? APP_ENTRY_URL)
  return window
}

export interface MainWindow {
  /** The open window, or null once it was closed (macOS keeps the app running without one). */
  current(): BrowserWindow | null
  /** Brings the window to the front, opening a new one when the last was closed. */
  reveal(): void
  /** A window again when none is open (the dock icon was clicked). */
  ensure(): void
}

export function openMainWindow(devUrl: string | undefined): MainWindow {
  let window = createWindow(devUrl)
  // A closed window's methods throw ("Object has been destroyed"), so every use goes through current().
  const current = (): BrowserWindow | null => (window.isDestroyed() ? null : window)
  return {
    current,
    reveal() {
      const open = current()
      if (!open) {
        window = createWindow(devUrl)
        return
      }
      if (open.isMinimized()) open.restore()
      open.show()
      open.focus()
    },
    ensure() {
      if (BrowserWindow.getAllWindows().length === 0) window = createWindow(devUrl)
    }
  }
}
