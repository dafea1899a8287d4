// The fake Electron's web contents, windows and notifications: what the shell creates and drives, recording what
// it was asked to load, show or send, and failing as Electron does once a window is closed.
import { EventEmitter } from 'node:events'
import type { FakeElectron } from './fakeElectron'

/** A preventable Electron event, as handlers receive it. */
export class FakeEvent {
  defaultPrevented = false
  constructor(readonly url = '') {}
  preventDefault(): void {
    this.defaultPrevented = true
  }
}

let nextWebContentsId = 1

export class FakeWebContents extends EventEmitter {
  readonly id = nextWebContentsId++
  readonly sent: Array<{ channel: string; payload: unknown }> = []
  windowOpenHandler: ((details: { url: string }) => { action: 'allow' | 'deny' }) | null = null
  private destroyed = false

  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'allow' | 'deny' }): void {
    this.windowOpenHandler = handler
  }

  send(channel: string, payload: unknown): void {
    if (this.destroyed) throw new Error('Object has been destroyed')
    this.sent.push({ channel, payload })
    this.emit('sent', channel, payload)
  }

  isDestroyed(): boolean {
    return this.destroyed
  }

  destroy(): void {
    this.destroyed = true
  }

  /** Fires a navigation event as Chromium would; true when a handler prevented it. */
  navigate(event: 'will-navigate' | 'will-redirect' | 'will-frame-navigate', url: string): boolean {
    const e = new FakeEvent(url)
    this.emit(event, e, url)
    return e.defaultPrevented
  }

  /** True when a handler prevented the webview from attaching. */
  attachWebview(): boolean {
    const e = new FakeEvent()
    this.emit('will-attach-webview', e, {}, { src: 'https://evil.example/' })
    return e.defaultPrevented
  }

  /** Resolves with the payload of the first message on this channel that satisfies the predicate. */
  nextSent(channel: string, holds: (payload: unknown) => boolean = () => true): Promise<unknown> {
    const earlier = this.sent.find((m) => m.channel === channel && holds(m.payload))
    if (earlier) return Promise.resolve(earlier.payload)
    return new Promise((resolve) => {
      const check = (c: string, payload: unknown): void => {
        if (c !== channel || !holds(payload)) return
        this.off('sent', check)
        resolve(payload)
      }
      this.on('sent', check)
    })
  }
}

export function browserWindowClass(electron: FakeElectron) {
  return class FakeBrowserWindow extends EventEmitter {
    static getAllWindows(): FakeBrowserWindow[] {
      return electron.windows.filter((w) => !w.isDestroyed())
    }

    readonly webContents = new FakeWebContents()
    loaded: { url: string } | { file: string } | null = null
    shown = 0
    focused = 0
    restored = 0
    /** Every setProgressBar call, in order, as the taskbar or dock would have drawn it. */
    readonly progressBars: Array<{ progress: number; mode: string | undefined }> = []
    title = ''
    private minimized = false
    private destroyed = false

    constructor(readonly options: { webPreferences?: Record<string, unknown> } & Record<string, unknown>) {
      super()
      this.title = String(options['title'] ?? '')
      electron.app.emit('web-contents-created', new FakeEvent(), this.webContents)
      electron.windows.push(this)
      electron.events.emit('window')
    }

    async loadURL(url: string): Promise<void> {
      this.alive().loaded = { url }
    }

    async loadFile(file: string): Promise<void> {
      this.alive().loaded = { file }
    }

    show(): void {
      this.alive().shown++
    }

    focus(): void {
      this.alive().focused++
    }

    restore(): void {
      this.alive().restored++
      this.minimized = false
    }

    minimize(): void {
      this.alive().minimized = true
    }

    isMinimized(): boolean {
      return this.alive().minimized
    }

    isDestroyed(): boolean {
      return this.destroyed
    }

    setProgressBar(progress: number, options?: { mode?: string }): void {
      this.alive().progressBars.push({ progress, mode: options?.mode })
      electron.events.emit('progress-bar')
    }

    setTitle(title: string): void {
      this.alive().title = title
    }

    getTitle(): string {
      return this.alive().title
    }

    /** The page set its <title>: true when the shell kept the window's own title. */
    pageTitleUpdated(title: string): boolean {
      const e = new FakeEvent()
      this.emit('page-title-updated', e, title, true)
      if (!e.defaultPrevented) this.title = title
      return e.defaultPrevented
    }

    /** The user closed the window; when it was the last one, Electron says so to the app. */
    close(): void {
      this.alive().destroyed = true
      this.webContents.destroy()
      this.emit('closed')
      if (FakeBrowserWindow.getAllWindows().length === 0) electron.app.emit('window-all-closed')
    }

    /** A closed window's methods throw in Electron; the fake does the same so misuse shows. */
    private alive(): this {
      if (this.destroyed) throw new Error('Object has been destroyed')
      return this
    }
  }
}

export function notificationClass(electron: FakeElectron) {
  return class FakeNotification extends EventEmitter {
    static isSupported(): boolean {
      return electron.notificationsSupported
    }

    shown = false

    constructor(readonly options: { title: string; body: string }) {
      super()
      electron.notifications.push(this)
    }

    show(): void {
      this.shown = true
      electron.events.emit('notification')
    }

    click(): void {
      this.emit('click', new FakeEvent())
    }
  }
}
