// A bounded pool of request slots shared by every upload. Its limit can change while requests run (settings,
// pause/resume) and backs off on 429/503, then ramps back up one slot at a time, as Uppy's queue does.

interface Waiter {
  resolve: (release: () => void) => void
  reject: (err: unknown) => void
  signal: AbortSignal | undefined
  onAbort: () => void
}

export class ConnectionPool {
  private active = 0
  private configured: number
  private current: number
  private readonly waiters: Waiter[] = []
  private rampTimer: NodeJS.Timeout | null = null

  constructor(limit: number, private readonly rampIntervalMs = 5000) {
    this.configured = Math.max(1, limit)
    this.current = this.configured
  }

  get limit(): number {
    return this.current
  }

  get inUse(): number {
    return this.active
  }

  setLimit(limit: number): void {
    this.configured = Math.max(1, limit)
    this.current = Math.min(this.current, this.configured)
    if (!this.rampTimer) this.current = this.configured
    this.drain()
  }

  /** The server said it is busy: halve the slots, then add one back every ramp interval while calm. */
  backOff(): void {
    this.current = Math.max(1, Math.floor(this.current / 2))
    this.scheduleRamp()
  }

  /** Resolves with a release function once a slot is free. */
  acquire(signal?: AbortSignal): Promise<() => void> {
    if (signal?.aborted) return Promise.reject(signal.reason)
    if (this.active < this.current && this.waiters.length === 0) return Promise.resolve(this.take())
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        resolve,
        reject,
        signal,
        onAbort: () => {
          const i = this.waiters.indexOf(waiter)
          if (i >= 0) this.waiters.splice(i, 1)
          reject(signal?.reason)
        }
      }
      signal?.addEventListener('abort', waiter.onAbort, { once: true })
      this.waiters.push(waiter)
    })
  }

  close(): void {
    if (this.rampTimer) clearTimeout(this.rampTimer)
    this.rampTimer = null
  }

  private take(): () => void {
    this.active++
    let released = false
    return () => {
      if (released) return
      released = true
      this.active--
      this.drain()
    }
  }

  private drain(): void {
    while (this.active < this.current && this.waiters.length > 0) {
      const w = this.waiters.shift()!
      w.signal?.removeEventListener('abort', w.onAbort)
      w.resolve(this.take())
    }
  }

  private scheduleRamp(): void {
    if (this.rampTimer) clearTimeout(this.rampTimer)
    this.rampTimer = setTimeout(() => {
      this.rampTimer = null
      if (this.current < this.configured) {
        this.current++
        this.drain()
        this.scheduleRamp()
      }
    }, this.rampIntervalMs)
    this.rampTimer.unref()
  }
}
