// Electron entry point: a thin shell that opens the journal, registers IPC and shows the window.
import { app, BrowserWindow, ipcMain } from 'electron'
import { join } from 'node:path'
import { openDatabase } from './journal/database'
import { createMainWindow } from './shell/window'
import type { AppInfo } from '../shared/ipc-contract'

if (!app.requestSingleInstanceLock()) app.quit()

app.enableSandbox()

void app.whenReady().then(() => {
  const nativeBinding = process.env['KBU_SQLITE_NATIVE_BINDING']
  const db = openDatabase(join(app.getPath('userData'), 'journal.db'), nativeBinding ? { nativeBinding } : {})
  app.on('before-quit', () => db.close())

  ipcMain.handle('app:info', (): AppInfo => ({ name: app.getName(), version: app.getVersion(), hasCredentials: false }))

  let window = createMainWindow()
  app.on('second-instance', () => {
    if (window.isMinimized()) window.restore()
    window.focus()
  })
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) window = createMainWindow()
  })
})

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit()
})
