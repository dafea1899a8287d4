// A bounded pool of request slots shared by every upload: every Kaltura call runs through `run`. The pool owns
// concurrency, and it owns the answer to a busy server: on 429/503 it halves its slots, holds new requests until a
// Retry-After has passed, then ramps back one slot at a time while calm, as Uppy's rate-limited queue does.
// It also carries the engine's back-off waits (retryWaits.ts) to every retry loop, so one "Retry now" reaches all.
import { RetryWaits } from './retryWaits'

/** Says whether a failure means "the server is busy": undefined when not, else the Retry-After in ms (or null). */
export type BusySignal = (err: unknown) => number | null | undefined

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
  private holdTimer: NodeJS.Timeout | null = null
  private heldUntil = 0
  /** Every retry's back-off wait, for the outage banner and "Retry now". */
  readonly waits = new RetryWaits()

  constructor(
    limit: number,
    private readonly busy: BusySignal = () => undefined,
    private readonly rampIntervalMs = 5000
  ) {
    this.configured = Math.max(1, limit)
    this.current = this.configured
  }

  /** Slots open now (below the configured limit while backing off). */
  get limit(): number {
    return this.current
  }

  get inUse(): number {
    return this.active
  }

  /** Below the configured limit after a busy server, or holding new requests for its Retry-After. */
  get backingOff(): boolean {
    return this.current < this.configured || Date.now() < this.heldUntil
  }

  setLimit(limit: number): void {
    this.configured = Math.max(1, limit)
    this.current = Math.min(this.current, this.configured)
    if (!this.rampTimer) this.current = this.configured
    this.drain()
  }

  /**
   * Runs one request in a slot: waits for a free slot (and for any Retry-After hold), runs `fn`, and frees the slot
   * however it ends. A busy-server failure backs the whole pool off before it reaches the caller.
   */
  async run<T>(fn: (signal: AbortSignal | undefined) => Promise<T>, signal?: AbortSignal): Promise<T> {
    const release = await this.acquire(signal)
    try {
      // A stop that came while the slot was being handed over still wins: nothing starts after it.
      signal?.throwIfAborted()
      return await fn(signal)
    } catch (err) {
      const retryAfterMs = signal?.aborted ? undefined : this.busy(err)
      if (retryAfterMs !== undefined) this.backOff(retryAfterMs)
      throw err
    } finally {
      release()
    }
  }

  /** When a busy server's Retry-After lets new requests start; 0 when nothing is held. */
  get holdEndsAt(): number {
    return this.heldUntil
  }

  /** "Retry now": lifts a Retry-After hold and wakes every waiting retry at once. Returns how many were waiting. */
  wakeAll(): number {
    this.heldUntil = 0
    if (this.holdTimer) clearTimeout(this.holdTimer)
    this.holdTimer = null
    this.drain()
    return this.waits.wakeAll()
  }

  close(): void {
    if (this.rampTimer) clearTimeout(this.rampTimer)
    if (this.holdTimer) clearTimeout(this.holdTimer)
    this.rampTimer = null
    this.holdTimer = null
  }

  private acquire(signal?: AbortSignal): Promise<() => void> {
    if (signal?.aborted) return Promise.reject(signal.reason)
    if (this.hasRoom() && this.waiters.length === 0) return Promise.resolve(this.take())
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

  /** Halves the slots; with a Retry-After, nothing new starts before it has passed. */
  private backOff(retryAfterMs: number | null): void {
    this.current = Math.max(1, Math.floor(this.current / 2))
    if (retryAfterMs !== null && retryAfterMs > 0) {
      this.heldUntil = Math.max(this.heldUntil, Date.now() + retryAfterMs)
      this.scheduleHoldEnd()
    }
    this.scheduleRamp()
  }

  private scheduleHoldEnd(): void {
    if (this.holdTimer) clearTimeout(this.holdTimer)
    this.holdTimer = setTimeout(() => {
      this.holdTimer = null
      // Timers may fire a millisecond early: wait out the rest rather than leave the waiters stranded.
      if (Date.now() < this.heldUntil) this.scheduleHoldEnd()
      else this.drain()
    }, Math.max(1, this.heldUntil - Date.now()))
    this.holdTimer.unref()
  }

  private hasRoom(): boolean {
    return this.active < this.current && Date.now() >= this.heldUntil
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
    while (this.hasRoom() && this.waiters.length > 0) {
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
