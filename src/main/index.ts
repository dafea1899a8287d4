// Electron entry point, a thin shell: opens the journal in the user-data folder, starts the engine with the
// desktop's power events, keep-awake and keychain, registers the IPC contract and shows one window.
import { app, BrowserWindow, dialog } from 'electron'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { openJournal, type OpenedJournal } from './journal/openJournal'
import { UploadEngine } from './engine/engine'
import { clientForProfile } from './accounts/accounts'
import { createFileLogger, Redactor } from './logging/logger'
import { SecretFiles } from './accounts/secretFiles'
import { createHandlers } from './ipc/handlers'
import { forwardEngineEvents } from './ipc/engineEvents'
import { createMainWindow, rendererEntry } from './shell/window'
import { registerIpc } from './shell/ipcRegistration'
import { hardenWebContents, openExternalSafely } from './shell/security'
import { electronPowerEvents, createKeepAwake } from './shell/power'
import { electronDialogs } from './shell/dialogs'
import { safeStorageEncryptor } from './shell/safeStorageEncryptor'
import { notifyBatchFinished } from './shell/notifications'
import type { KalturaClient } from './kaltura'

const devUrl = !app.isPackaged ? process.env['ELECTRON_RENDERER_URL'] : undefined
const isAppUrl = (url: string | undefined): boolean => {
  if (!url) return false
  if (devUrl) return url.startsWith(devUrl)
  return url.startsWith(pathToFileURL(rendererEntry()).href)
}

// A separate data folder (journal, secrets, logs) for tests and portable use; must be set before the app is ready.
const userDataOverride = process.env['KBU_USER_DATA_DIR']
if (userDataOverride) app.setPath('userData', userDataOverride)

if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  app.enableSandbox()
  hardenWebContents(isAppUrl)
  void app.whenReady().then(start)
}

async function start(): Promise<void> {
  const dataDir = app.getPath('userData')
  const redactor = new Redactor()
  const logger = createFileLogger({ dir: join(dataDir, 'logs'), redactor })
  let opened: OpenedJournal
  try {
    // Packaged: the Electron build of better-sqlite3 ships in resources/native; from source, `npm start` builds it.
    const nativeBinding = app.isPackaged ? join(process.resourcesPath, 'native', 'better_sqlite3.node') : process.env['KBU_SQLITE_NATIVE_BINDING']
    opened = openJournal(join(dataDir, 'journal.db'), nativeBinding ? { nativeBinding } : {})
  } catch (err) {
    dialog.showErrorBox('Kaltura Batch Uploader', err instanceof Error ? err.message : String(err))
    app.exit(1)
    return
  }
  const journal = opened.journal
  const journalNotice = opened.recovered
    ? `The upload journal could not be used (${opened.recovered.reason}). It was moved to ${opened.recovered.movedTo} and a new one was started.`
    : null
  if (journalNotice) logger.warn('shell', journalNotice)

  const secrets = new SecretFiles(join(dataDir, 'secrets'), safeStorageEncryptor)
  const clients = new Map<string, KalturaClient>()
  const engine = new UploadEngine({
    journal,
    logger,
    power: electronPowerEvents,
    keepAwake: createKeepAwake(),
    async apiFor(profileId) {
      const cached = clients.get(profileId)
      if (cached) return cached
      const profile = journal.getProfile(profileId)
      const secret = await secrets.get(profileId)
      if (!profile) throw new Error('The account used for this upload no longer exists.')
      if (!secret) throw new Error(`Enter the ${profile.authKind === 'ks' ? 'KS' : 'admin secret'} for "${profile.name}" again: it is not stored on this computer.`)
      redactor.add(secret)
      const client = clientForProfile(profile, secret)
      clients.set(profileId, client)
      return client
    }
  })

  let window: BrowserWindow | null = null
  const handlers = createHandlers({
    journal,
    engine,
    secrets,
    logger,
    dialogs: electronDialogs(() => window),
    openExternal: openExternalSafely,
    appInfo: () => ({ name: app.getName(), version: app.getVersion(), dataDir, journalNotice }),
    onProfileChanged: (id) => clients.delete(id)
  })
  registerIpc(handlers, (event) => window !== null && event.sender === window.webContents && isAppUrl(event.senderFrame?.url))
  forwardEngineEvents(engine, (channel, payload) => {
    if (window && !window.isDestroyed()) window.webContents.send(channel, payload)
  })
  engine.on('batch-finished', (batchId, summary) =>
    notifyBatchFinished({ batchId, summary }, () => {
      window?.show()
      window?.focus()
    })
  )

  window = createMainWindow(devUrl)
  app.on('second-instance', () => {
    if (!window) return
    if (window.isMinimized()) window.restore()
    window.focus()
  })
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) window = createMainWindow(devUrl)
  })
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })

  // A clean shutdown: stop requests and close the journal, so everything resumes next time.
  let quitting = false
  app.on('before-quit', (event) => {
    if (quitting) return
    quitting = true
    event.preventDefault()
    void engine.shutdown().finally(() => {
      journal.close()
      app.exit(0)
    })
  })
  engine.start()
}
