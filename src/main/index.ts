// Electron entry point, a thin shell: opens the journal in the user-data folder, starts the engine with the
// desktop's power events, keep-awake and keychain, registers the IPC contract and shows one window on app://.
import { app, dialog, type BrowserWindow } from 'electron'
import { join } from 'node:path'
import { openJournal } from './journal/openJournal'
import type { Journal } from './journal/journal'
import { UploadEngine } from './engine/engine'
import { clientForProfile } from './accounts/accounts'
import { createFileLogger, Redactor, type Logger } from './logging/logger'
import { createHandlers } from './ipc/handlers'
import { WatchFolders } from './ipc/watchFolders'
import { forwardEngineEvents } from './ipc/engineEvents'
import { appUrlMatcher, openMainWindow, type MainWindow } from './shell/window'
import { registerIpc } from './shell/ipcRegistration'
import { hardenWebContents, openExternalSafely } from './shell/security'
import { registerAppScheme, serveAppBundle } from './shell/appProtocol'
import { installApplicationMenu } from './shell/menu'
import { electronPowerEvents, createKeepAwake } from './shell/power'
import { electronDialogs, showItemInFolder } from './shell/dialogs'
import { showTotalsOutside } from './shell/taskbar'
import { keychainSecrets } from './shell/keychain'
import { notifyBatchFinished } from './shell/notifications'
import type { KalturaClient } from './kaltura'
import { SECRET_WORD } from '../shared/accounts'
import { CANCEL_GRACE_MS } from '../shared/fileStates'

// The dev server only from source: a packaged app never loads a URL an environment variable names.
const devUrl = !app.isPackaged ? process.env['ELECTRON_RENDERER_URL'] : undefined
const isAppUrl = appUrlMatcher(devUrl)
// Built, main and renderer sit side by side in out/; app:// serves this folder and nothing outside it.
const rendererRoot = join(__dirname, '../renderer')

// A separate data folder (journal, secrets, logs) for tests and portable use; must be set before the app is ready.
const userDataOverride = process.env['KBU_USER_DATA_DIR']
if (userDataOverride) app.setPath('userData', userDataOverride)

if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  app.enableSandbox()
  registerAppScheme()
  hardenWebContents(isAppUrl)
  app.whenReady().then(start).catch(failStart)
}

/** Nothing can work without the journal or the data folder: say why, then leave. */
function failStart(err: unknown): void {
  dialog.showErrorBox('Kaltura Batch Uploader', err instanceof Error ? err.message : String(err))
  app.exit(1)
}

function start(): void {
  serveAppBundle(rendererRoot)
  installApplicationMenu()
  const dataDir = app.getPath('userData')
  const redactor = new Redactor()
  const logger = createFileLogger({ dir: join(dataDir, 'logs'), redactor })
  // Packaged: the Electron build of better-sqlite3 ships in resources/native; from source, `npm start` builds it.
  const nativeBinding = app.isPackaged ? join(process.resourcesPath, 'native', 'better_sqlite3.node') : process.env['KBU_SQLITE_NATIVE_BINDING']
  const opened = openJournal(join(dataDir, 'journal.db'), nativeBinding ? { nativeBinding } : {})
  const journal = opened.journal
  const journalNotice = opened.recovered
    ? `The upload journal could not be used (${opened.recovered.reason}). It was moved to ${opened.recovered.movedTo} and a new one was started.`
    : null
  if (journalNotice) logger.warn('shell', journalNotice)

  const secrets = keychainSecrets(join(dataDir, 'secrets'))
  const clients = new Map<string, KalturaClient>()
  const engine = new UploadEngine({
    journal,
    logger,
    power: electronPowerEvents,
    keepAwake: createKeepAwake(),
    // The window offers Undo for this long after a cancel.
    cancelGraceMs: CANCEL_GRACE_MS,
    async apiFor(profileId) {
      const cached = clients.get(profileId)
      if (cached) return cached
      const profile = journal.getProfile(profileId)
      if (!profile) throw new Error('The account used for this upload no longer exists.')
      const secret = await secrets.get(profileId, profile)
      if (!secret) throw new Error(`Enter the ${SECRET_WORD[profile.authKind]} for "${profile.name}" again: it is not kept on this computer.`)
      redactor.add(secret)
      const client = clientForProfile(profile, secret)
      clients.set(profileId, client)
      return client
    }
  })

  const watchFolders = new WatchFolders({ journal, engine, logger })

  // Created last, but the handlers below need a way to reach it (dialog parent, event target, trusted sender).
  let window: MainWindow | null = null
  const openWindow = (): BrowserWindow | null => window?.current() ?? null
  const handlers = createHandlers({
    journal,
    engine,
    secrets,
    logger,
    dialogs: electronDialogs(openWindow),
    openExternal: openExternalSafely,
    appInfo: () => ({ name: app.getName(), version: app.getVersion(), dataDir, journalNotice }),
    onProfileChanged: (id) => clients.delete(id),
    showItemInFolder,
    onSettingsChanged: (settings) => void watchFolders.apply(settings),
    sendEvent: (channel, payload) => openWindow()?.webContents.send(channel, payload)
  })
  const unregisterIpc = registerIpc(handlers, (event) => {
    const own = openWindow()
    return own !== null && event.sender === own.webContents && isAppUrl(event.senderFrame?.url)
  })
  forwardEngineEvents(engine, (channel, payload) => openWindow()?.webContents.send(channel, payload))
  const showTotals = showTotalsOutside(openWindow)
  engine.on('update', (_files, totals) => showTotals(totals))
  engine.on('batch-finished', (batchId, summary) => notifyBatchFinished({ batchId, summary }, () => window?.reveal()))

  const mainWindow = (window = openMainWindow(devUrl))
  app.on('second-instance', () => mainWindow.reveal())
  app.on('activate', () => mainWindow.ensure())
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })
  shutDownBeforeQuit(engine, journal, logger, unregisterIpc, () => watchFolders.stopAll())
  engine.start()
  void watchFolders.apply(engine.settings)
}

/** A clean shutdown: stop requests and close the journal, so everything resumes next time, then leave. */
function shutDownBeforeQuit(engine: UploadEngine, journal: Journal, logger: Logger, unregisterIpc: () => void, stopWatching: () => Promise<void>): void {
  let quitting = false
  app.on('before-quit', (event) => {
    if (quitting) return
    quitting = true
    event.preventDefault()
    // The watchers first: a hand-over under way finishes, and nothing is queued after the engine stops.
    void stopWatching()
      .then(() => engine.shutdown())
      .catch((err: unknown) => logger.error('shell', `shutdown: ${err instanceof Error ? err.message : String(err)}`))
      .finally(() => {
        // No request may reach a closed journal; and the app must leave even if closing it fails.
        unregisterIpc()
        try {
          journal.close()
        } finally {
          app.exit(0)
        }
      })
  })
}
