// Creates the app's single window with Electron's security settings on, loading the built renderer.
import { BrowserWindow } from 'electron'
import { join } from 'node:path'

export function rendererEntry(): string {
  return join(__dirname, '../renderer/index.html')
}

export function createMainWindow(devUrl: string | undefined): BrowserWindow {
  const window = new BrowserWindow({
    width: 1100,
    height: 760,
    minWidth: 720,
    minHeight: 480,
    show: false,
    title: 'Kaltura Batch Uploader',
    webPreferences: {
      preload: join(__dirname, '../preload/index.js'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      spellcheck: false
    }
  })
  window.once('ready-to-show', () => window.show())
  if (devUrl) void window.loadURL(devUrl)
  else void window.loadFile(rendererEntry())
  return window
}
