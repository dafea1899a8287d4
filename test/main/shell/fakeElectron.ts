// A recording stand-in for exactly the Electron API the shell uses, so the shell runs under Node: tests drive it
// (fire app and power events, invoke IPC channels, navigate web contents) and read back what the shell asked for.
import { EventEmitter, once } from 'node:events'
import { FakeProtocol, fakeMenuModule } from './fakeProtocolAndMenu'
import { FakeEvent, FakeWebContents, browserWindowClass, notificationClass } from './fakeWindows'

export type SafeStorageMode = 'available' | 'unavailable' | 'basic_text'

export interface FakeElectronOptions {
  /** What requestSingleInstanceLock answers; false means another copy of the app already runs. */
  singleInstanceLock?: boolean
  isPackaged?: boolean
  safeStorage?: SafeStorageMode
  notificationsSupported?: boolean
  /** Called at the moment the shell calls app.exit, before anything else happens. */
  onExit?: (code: number) => void
}

/** What the shell asked the dialogs for, and what the "user" answers next. */
interface DialogAnswer {
  canceled: boolean
  filePaths?: string[]
  filePath?: string
}

interface FakeInvokeEvent {
  sender: FakeWebContents
  senderFrame: { url: string } | null
}

type InvokeHandler = (event: FakeInvokeEvent, args: unknown) => unknown

export class FakeElectron {
  readonly app: FakeApp
  readonly BrowserWindow: ReturnType<typeof browserWindowClass>
  readonly Notification: ReturnType<typeof notificationClass>
  readonly windows: Array<InstanceType<FakeElectron['BrowserWindow']>> = []
  readonly notifications: Array<InstanceType<FakeElectron['Notification']>> = []
  readonly events = new EventEmitter()
  notificationsSupported: boolean
  safeStorageMode: SafeStorageMode

  readonly ipcMain = {
    handlers: new Map<string, InvokeHandler>(),
    registrations: [] as string[],
    handle: (channel: string, handler: InvokeHandler): void => {
      // Electron refuses a second handler for a channel; so does the fake.
      if (this.ipcMain.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`)
      this.ipcMain.handlers.set(channel, handler)
      this.ipcMain.registrations.push(channel)
    },
    removeHandler: (channel: string): void => {
      this.ipcMain.handlers.delete(channel)
    },
    /** Invokes a channel as a renderer would: from this web contents, in a frame at this URL. */
    invoke: async (channel: string, args: unknown, from: { sender: FakeWebContents; frameUrl: string | null }): Promise<unknown> => {
      const handler = this.ipcMain.handlers.get(channel)
      if (!handler) throw new Error(`No handler registered for '${channel}'`)
      return handler({ sender: from.sender, senderFrame: from.frameUrl === null ? null : { url: from.frameUrl } }, args)
    }
  }

  readonly session = {
    defaultSession: {
      permissionRequestHandler: null as ((wc: FakeWebContents, permission: string, callback: (granted: boolean) => void) => void) | null,
      permissionCheckHandler: null as ((wc: FakeWebContents | null, permission: string) => boolean) | null,
      setPermissionRequestHandler(handler: (wc: FakeWebContents, permission: string, callback: (granted: boolean) => void) => void): void {
        this.permissionRequestHandler = handler
      },
      setPermissionCheckHandler(handler: (wc: FakeWebContents | null, permission: string) => boolean): void {
        this.permissionCheckHandler = handler
      }
    }
  }

  readonly powerMonitor = new EventEmitter()

  readonly protocol: FakeProtocol
  readonly Menu = fakeMenuModule()

  readonly powerSaveBlocker = {
    calls: [] as Array<{ call: 'start'; type: string; id: number } | { call: 'stop'; id: number }>,
    active: new Set<number>(),
    nextId: 1,
    start: (type: string): number => {
      const id = this.powerSaveBlocker.nextId++
      this.powerSaveBlocker.active.add(id)
      this.powerSaveBlocker.calls.push({ call: 'start', type, id })
      this.events.emit('power-save-blocker')
      return id
    },
    stop: (id: number): void => {
      this.powerSaveBlocker.active.delete(id)
      this.powerSaveBlocker.calls.push({ call: 'stop', id })
      this.events.emit('power-save-blocker')
    }
  }

  readonly safeStorage = {
    isAsyncEncryptionAvailable: async (): Promise<boolean> => this.safeStorageMode !== 'unavailable',
    getSelectedStorageBackend: (): string => (this.safeStorageMode === 'basic_text' ? 'basic_text' : 'gnome_libsecret'),
    encryptStringAsync: async (plainText: string): Promise<Buffer> => {
      if (this.safeStorageMode === 'unavailable') throw new Error('Encryption is not available.')
      return Buffer.from(Buffer.from(plainText, 'utf8').map((b) => b ^ 0x5a))
    },
    decryptStringAsync: async (cipherText: Buffer): Promise<{ result: string; shouldReEncrypt: boolean }> => ({
      result: Buffer.from(cipherText.map((b) => b ^ 0x5a)).toString('utf8'),
      shouldReEncrypt: false
    })
  }

  readonly dialog = {
    answers: [] as DialogAnswer[],
    calls: [] as Array<{ kind: 'open' | 'save'; parent: unknown; options: unknown }>,
    errorBoxes: [] as Array<{ title: string; content: string }>,
    showOpenDialog: async (...args: unknown[]): Promise<{ canceled: boolean; filePaths: string[] }> => {
      const answer = this.dialog.record('open', args)
      return { canceled: answer.canceled, filePaths: answer.filePaths ?? [] }
    },
    showSaveDialog: async (...args: unknown[]): Promise<{ canceled: boolean; filePath: string }> => {
      const answer = this.dialog.record('save', args)
      return { canceled: answer.canceled, filePath: answer.filePath ?? '' }
    },
    showErrorBox: (title: string, content: string): void => {
      this.dialog.errorBoxes.push({ title, content })
    },
    record: (kind: 'open' | 'save', args: unknown[]): DialogAnswer => {
      const [parent, options] = args.length > 1 ? args : [null, args[0]]
      this.dialog.calls.push({ kind, parent, options })
      const answer = this.dialog.answers.shift()
      if (!answer) throw new Error(`the test gave no answer for this ${kind} dialog`)
      return answer
    }
  }

  readonly shell = {
    opened: [] as string[],
    shownInFolder: [] as string[],
    openExternal: async (url: string): Promise<void> => {
      this.shell.opened.push(url)
    },
    showItemInFolder: (path: string): void => {
      this.shell.shownInFolder.push(path)
    }
  }

  constructor(options: FakeElectronOptions = {}) {
    this.app = new FakeApp(options)
    this.protocol = new FakeProtocol(() => this.app.isReady())
    this.BrowserWindow = browserWindowClass(this)
    this.Notification = notificationClass(this)
    this.notificationsSupported = options.notificationsSupported ?? true
    this.safeStorageMode = options.safeStorage ?? 'available'
  }

  /** A web contents the app did not create for its window (a webview, a devtools page, a stray frame). */
  foreignWebContents(): FakeWebContents {
    const contents = new FakeWebContents()
    this.app.emit('web-contents-created', new FakeEvent(), contents)
    return contents
  }

  /** Resolves when the shell has opened its nth window (1-based). */
  async windowOpened(n = 1): Promise<InstanceType<FakeElectron['BrowserWindow']>> {
    while (this.windows.length < n) await once(this.events, 'window')
    return this.windows[n - 1]!
  }

  /** Resolves when a call to powerSaveBlocker leaves it in this state. */
  async keepAwake(active: boolean): Promise<void> {
    while ((this.powerSaveBlocker.active.size > 0) !== active) await once(this.events, 'power-save-blocker')
  }

  /** Resolves when the window's taskbar progress satisfies the predicate (checked after each setProgressBar). */
  async progressBar(window: { progressBars: ReadonlyArray<{ progress: number; mode: string | undefined }> }, holds: (last: { progress: number; mode: string | undefined }) => boolean): Promise<void> {
    for (;;) {
      const last = window.progressBars.at(-1)
      if (last && holds(last)) return
      await once(this.events, 'progress-bar')
    }
  }

  /** Resolves when the shell has shown its nth notification (1-based). */
  async notificationShown(n = 1): Promise<InstanceType<FakeElectron['Notification']>> {
    while (this.notifications.filter((x) => x.shown).length < n) await once(this.events, 'notification')
    return this.notifications.filter((x) => x.shown)[n - 1]!
  }
}

const MODULE_KEYS = [
  'app',
  'BrowserWindow',
  'Notification',
  'ipcMain',
  'session',
  'powerMonitor',
  'powerSaveBlocker',
  'safeStorage',
  'dialog',
  'shell',
  'protocol',
  'Menu'
] as const

/**
 * The module the shell sees as 'electron'. vi.mock builds it once per test file, so each export reads the current
 * scenario's fake at the moment the shell uses it.
 */
export function electronModule(current: () => FakeElectron): Record<string, unknown> {
  const module: Record<string, unknown> = {}
  for (const key of MODULE_KEYS) Object.defineProperty(module, key, { enumerable: true, get: () => current()[key] })
  return module
}

export class FakeApp extends EventEmitter {
  readonly isPackaged: boolean
  readonly paths = new Map<string, string>()
  sandboxEnabled = false
  whenReadyCalls = 0
  quitCalls = 0
  /** Quits that went all the way (no before-quit handler prevented them). */
  quitsCompleted = 0
  exitCodes: number[] = []
  readonly exited: Promise<number>
  private resolveExit: (code: number) => void = () => undefined
  private ready = false
  private readonly readied: Promise<void>
  private resolveReady: () => void = () => undefined

  constructor(private readonly options: FakeElectronOptions) {
    super()
    this.isPackaged = options.isPackaged ?? false
    this.exited = new Promise((resolve) => (this.resolveExit = resolve))
    this.readied = new Promise((resolve) => (this.resolveReady = resolve))
  }

  /** Electron is ready once the entry script has run; the harness says when, so "before ready" means something. */
  becomeReady(): void {
    this.ready = true
    this.emit('ready')
    this.resolveReady()
  }

  isReady(): boolean {
    return this.ready
  }

  requestSingleInstanceLock(): boolean {
    return this.options.singleInstanceLock ?? true
  }

  whenReady(): Promise<void> {
    this.whenReadyCalls++
    return this.readied
  }

  enableSandbox(): void {
    this.sandboxEnabled = true
  }

  getPath(name: string): string {
    const path = this.paths.get(name)
    if (!path) throw new Error(`the fake has no path for '${name}'`)
    return path
  }

  setPath(name: string, path: string): void {
    this.paths.set(name, path)
  }

  getName(): string {
    return 'Kaltura Batch Uploader'
  }

  getVersion(): string {
    return '0.0.0-test'
  }

  /** As Electron: before-quit (preventable), then the app would go. */
  quit(): void {
    this.quitCalls++
    const event = new FakeEvent()
    this.emit('before-quit', event)
    if (!event.defaultPrevented) this.quitsCompleted++
  }

  exit(code: number): void {
    this.options.onExit?.(code)
    this.exitCodes.push(code)
    this.resolveExit(code)
  }

  /** Another launch of the app, which Electron reports to the first one. */
  launchSecondInstance(): void {
    this.emit('second-instance', new FakeEvent(), ['kaltura-batch-uploader'], process.cwd())
  }
}

export type FakeBrowserWindow = InstanceType<FakeElectron['BrowserWindow']>
