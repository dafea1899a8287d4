// The engine's back-off waits, seen together: every wait before a retry goes through here, so the window can hear of
// an outage once (since when, why, when the next attempt is) instead of row by row, and "Retry now" can wake every
// waiting retry at once. One per engine, carried by its connection pool to every withRetries.
import type { Outage } from '../../shared/uploads'
import { sleep } from './sleep'

interface Wait {
  kind: 'network' | 'server-busy' | 'retry'
  until: number
  wake(): void
}

export class RetryWaits {
  private readonly waits = new Set<Wait>()
  private outage: { kind: Outage['kind']; since: number; detail: string } | null = null

  constructor(private readonly now: () => number = Date.now) {}

  /**
   * Waits `ms` before a retry, or less when woken (Retry now, or the server answered another call); rejects with the
   * signal's reason as soon as it aborts. A network or busy-server wait opens an outage, or keeps it open.
   */
  async wait(kind: Wait['kind'], ms: number, detail: string, signal: AbortSignal): Promise<void> {
    if (kind !== 'retry') {
      const worse = kind === 'network' || this.outage?.kind !== 'network'
      this.outage = { kind: worse ? kind : 'network', since: this.outage?.since ?? this.now(), detail }
    }
    // The one cancellable wait (sleep.ts), cut short either by the caller's stop (rejects) or by a wake (resolves).
    const waker = new AbortController()
    const wait: Wait = { kind, until: this.now() + ms, wake: () => waker.abort() }
    this.waits.add(wait)
    try {
      await sleep(ms, AbortSignal.any([signal, waker.signal]))
    } catch (err) {
      if (signal.aborted || !waker.signal.aborted) throw err
    } finally {
      this.waits.delete(wait)
    }
  }

  /** Wakes every waiting retry now: the user pressed Retry now. */
  wakeAll(): number {
    const all = [...this.waits]
    for (const w of all) w.wake()
    return all.length
  }

  /**
   * A call got through. After a network outage the server is back for everyone: the other waits end now, so their
   * rows stop saying they wait. A busy server may still refuse the next one, so its outage ends only with its waits.
   */
  succeeded(): void {
    if (!this.outage) return
    if (this.outage.kind === 'network') {
      this.outage = null
      for (const w of [...this.waits]) if (w.kind === 'network') w.wake()
    } else if (![...this.waits].some((w) => w.kind === 'server-busy')) this.outage = null
  }

  /** Nothing runs any more (paused, canceled, finished): there is no outage to speak of until a call fails again. */
  reset(): void {
    this.outage = null
  }

  /** The outage the window shows, or null; `heldUntil` is a busy server's Retry-After hold in the pool. */
  reading(heldUntil = 0): Outage | null {
    if (!this.outage) return null
    let next: number | null = null
    for (const w of this.waits) if (w.kind !== 'retry') next = Math.min(next ?? w.until, w.until)
    if (heldUntil > this.now()) next = Math.max(next ?? heldUntil, heldUntil)
    return { kind: this.outage.kind, since: this.outage.since, nextAttemptAt: next, detail: this.outage.detail }
  }
}
