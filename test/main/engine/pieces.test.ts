// The engine's small parts, each on its own: ranges still to send, adaptive chunk sizes, the connection pool,
// the bandwidth limit, the retry decisions, the state machine, progress that never goes backwards.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { RangeSet } from '../../../src/main/engine/rangeSet'
import { ChunkSizer, tailBalancedChunk } from '../../../src/main/engine/chunkSizer'
import { ConnectionPool } from '../../../src/main/engine/connectionPool'
import { BandwidthLimiter } from '../../../src/main/engine/bandwidthLimiter'
import { backoffDelay, decideRetry, DEFAULT_RETRY_POLICY } from '../../../src/main/engine/retryPolicy'
import { assertTransition, canTransition, IllegalTransitionError } from '../../../src/shared/fileStates'
import { ProgressTracker } from '../../../src/main/engine/progress'

const MiB = 1024 * 1024

afterEach(() => {
  vi.useRealTimers()
})

describe('RangeSet', () => {
  it('hands out chunks from the server offset, skipping ranges the server already acknowledged', () => {
    const set = new RangeSet(100, 1000, [{ start: 300, end: 400 }, { start: 600, end: 1000 }])
    expect(set.bytes).toBe(400)
    expect(set.take(150)).toEqual({ start: 100, end: 250 })
    expect(set.take(150)).toEqual({ start: 250, end: 300 })
    expect(set.take(150)).toEqual({ start: 400, end: 550 })
    set.putBack({ start: 250, end: 300 })
    expect(set.take(1000)).toEqual({ start: 250, end: 300 })
    expect(set.take(1000)).toEqual({ start: 550, end: 600 })
    expect(set.isEmpty).toBe(true)
    expect(set.take(10)).toBeNull()
  })

  it('merges ranges put back next to each other and handles offsets beyond 4 GiB', () => {
    const big = 5 * 1024 * MiB
    const set = new RangeSet(big - 300, big)
    const a = set.take(100)!
    const b = set.take(100)!
    set.putBack(b)
    set.putBack(a)
    expect(set.take(1000)).toEqual({ start: big - 300, end: big })
  })
})

describe('ChunkSizer', () => {
  const opts = { minBytes: 1 * MiB, maxBytes: 100 * MiB, targetSeconds: 8 }
  it('grows toward the target time per chunk, at most doubling, within bounds', () => {
    const sizer = new ChunkSizer(opts)
    const start = sizer.bytes
    sizer.recordSuccess(start, 0.5) // very fast link
    expect(sizer.bytes).toBeLessThanOrEqual(start * 2)
    expect(sizer.bytes).toBeGreaterThan(start)
    for (let i = 0; i < 20; i++) sizer.recordSuccess(sizer.bytes, 0.1)
    expect(sizer.bytes).toBe(100 * MiB)
  })

  it('shrinks on a slow link, after failures, and stays below a size the proxy refused with 413', () => {
    const sizer = new ChunkSizer(opts)
    sizer.recordSuccess(sizer.bytes, 60)
    expect(sizer.bytes).toBeLessThan(5_000_000)
    const s = new ChunkSizer({ ...opts, initialBytes: 40 * MiB })
    s.recordFailure()
    expect(s.bytes).toBe(20 * MiB)
    s.recordTooLarge(16 * MiB)
    expect(s.bytes).toBeLessThanOrEqual(12 * MiB)
    for (let i = 0; i < 20; i++) s.recordSuccess(s.bytes, 0.1)
    expect(s.bytes).toBeLessThanOrEqual(12 * MiB)
    for (let i = 0; i < 20; i++) s.recordFailure()
    expect(s.bytes).toBe(1 * MiB)
  })
})

describe('tail-balanced chunks', () => {
  it('hands out full chunks while plenty is left, then shares of the rest so the last chunks end together', () => {
    expect(tailBalancedChunk(40 * MiB, 1000 * MiB, 6, MiB)).toBe(40 * MiB)
    expect(tailBalancedChunk(40 * MiB, 120 * MiB, 6, MiB)).toBe(20 * MiB)
    expect(tailBalancedChunk(40 * MiB, 3 * MiB, 6, MiB)).toBe(MiB)
    // Handing chunks out one connection at a time, as the engine does, covers the rest in shrinking pieces.
    let left = 100 * MiB
    const pieces: number[] = []
    while (left > 0) {
      const n = Math.min(left, tailBalancedChunk(40 * MiB, left, 4, MiB))
      pieces.push(n)
      left -= n
    }
    expect(pieces[0]).toBe(25 * MiB)
    expect(pieces.every((n, i) => i === 0 || n <= pieces[i - 1]!)).toBe(true)
    expect(pieces.reduce((a, b) => a + b, 0)).toBe(100 * MiB)
  })
})

describe('ConnectionPool', () => {
  const notBusy = (): undefined => undefined
  /** A failure the pool reads as "server busy", with an optional Retry-After. */
  class Busy extends Error {
    constructor(readonly retryAfterMs: number | null) {
      super('busy')
    }
  }
  const busyOf = (err: unknown): number | null | undefined => (err instanceof Busy ? err.retryAfterMs : undefined)

  it('never lets more requests run than its limit, also after the limit changes', async () => {
    const pool = new ConnectionPool(3, notBusy, 20)
    let running = 0
    let peak = 0
    const work = (): Promise<void> =>
      pool.run(async () => {
        running++
        peak = Math.max(peak, running)
        await new Promise((r) => setImmediate(r))
        running--
      })
    await Promise.all(Array.from({ length: 20 }, work))
    expect(peak).toBe(3)
    pool.setLimit(1)
    peak = 0
    await Promise.all(Array.from({ length: 5 }, work))
    expect(peak).toBe(1)
    pool.close()
  })

  it('halves its slots when a request finds the server busy, and ramps back one at a time while calm', async () => {
    // The ramp runs on timers; fake ones make each step land exactly when its interval has passed.
    vi.useFakeTimers()
    const pool = new ConnectionPool(6, busyOf, 20)
    await expect(pool.run(() => Promise.reject(new Busy(null)))).rejects.toThrow('busy')
    expect(pool.limit).toBe(3)
    await expect(pool.run(() => Promise.reject(new Busy(null)))).rejects.toThrow('busy')
    expect(pool.limit).toBe(1)
    // Other failures are not the pool's business.
    await expect(pool.run(() => Promise.reject(new Error('refused')))).rejects.toThrow('refused')
    expect(pool.limit).toBe(1)
    for (let limit = 2; limit <= 6; limit++) {
      vi.advanceTimersByTime(19)
      expect(pool.limit).toBe(limit - 1)
      vi.advanceTimersByTime(1)
      expect(pool.limit).toBe(limit)
    }
    vi.advanceTimersByTime(1000)
    expect(pool.limit).toBe(6)
    pool.close()
  })

  it('starts nothing new before a Retry-After has passed', async () => {
    vi.useFakeTimers({ now: 0 })
    const pool = new ConnectionPool(4, busyOf, 10_000)
    await expect(pool.run(() => Promise.reject(new Busy(300)))).rejects.toThrow('busy')
    let startedAt: number | null = null
    const next = pool.run(async () => {
      startedAt = Date.now()
    })
    await vi.advanceTimersByTimeAsync(299)
    expect(startedAt).toBeNull()
    await vi.advanceTimersByTimeAsync(1)
    await next
    expect(startedAt).toBe(300)
    pool.close()
  })

  it('lets a waiting request give up through its signal', async () => {
    const pool = new ConnectionPool(1)
    let releaseFirst!: () => void
    const first = pool.run(() => new Promise<void>((r) => (releaseFirst = r)))
    const controller = new AbortController()
    let ran = false
    const waiting = pool.run(async () => {
      ran = true
    }, controller.signal)
    controller.abort(new Error('paused'))
    await expect(waiting).rejects.toThrow('paused')
    releaseFirst()
    await first
    expect(await pool.run(async () => 'next')).toBe('next')
    expect(ran).toBe(false)
  })
})

describe('BandwidthLimiter', () => {
  const piece = 256 * 1024

  it('paces bytes to the configured rate and can be changed or lifted while running', async () => {
    // The limiter reads Date.now() and sleeps on setTimeout: with fake timers its clock is the test's, so the
    // pace is checked to the millisecond and a slow machine cannot make it pass or fail.
    vi.useFakeTimers({ now: 0 })
    const limiter = new BandwidthLimiter(1 * MiB)
    let sent = 0
    const sending = (async () => {
      for (let i = 0; i < 8; i++) {
        await limiter.take(piece)
        sent += piece
      }
    })()
    // 2 MiB at 1 MiB/s from an empty bucket: one 256 KiB piece each quarter second, never sooner.
    for (let quarter = 1; quarter <= 8; quarter++) {
      await vi.advanceTimersByTimeAsync(249)
      expect(sent, `after ${quarter * 250 - 1} ms`).toBe((quarter - 1) * piece)
      await vi.advanceTimersByTimeAsync(1)
      expect(sent, `after ${quarter * 250} ms`).toBe(quarter * piece)
    }
    await sending

    // Doubled while running: 512 KiB now takes as long as 256 KiB did.
    limiter.setRate(2 * MiB)
    let doubled = false
    void limiter.take(2 * piece).then(() => (doubled = true))
    await vi.advanceTimersByTimeAsync(249)
    expect(doubled).toBe(false)
    await vi.advanceTimersByTimeAsync(1)
    expect(doubled).toBe(true)

    // Lifted while a piece waits: that piece goes when its current wait ends, and nothing waits after it.
    limiter.setRate(1 * MiB)
    let waiting = false
    void limiter.take(piece).then(() => (waiting = true))
    await vi.advanceTimersByTimeAsync(100)
    limiter.setRate(null)
    await vi.advanceTimersByTimeAsync(150)
    expect(waiting).toBe(true)
    const liftedAt = Date.now()
    await limiter.take(100 * MiB)
    expect(Date.now()).toBe(liftedAt)
  })
})

describe('retry policy', () => {
  it('backs off exponentially with jitter, capped, and honours Retry-After', () => {
    const opts = { ...DEFAULT_RETRY_POLICY, random: () => 1 }
    expect(backoffDelay(0, opts)).toBe(1000)
    expect(backoffDelay(3, opts)).toBe(8000)
    expect(backoffDelay(30, opts)).toBe(60_000)
    expect(backoffDelay(0, opts, 30)).toBe(30_000)
    expect(backoffDelay(2, { ...opts, random: () => 0 })).toBe(2000)
  })

  it('sorts failures: offline waits without spending the budget, transient errors spend it, others fail or restart', () => {
    const base = { attempt: 1, budgetUsed: 0, offline: false }
    expect(decideRetry({ ...base, failure: 'transient', offline: true, budgetUsed: 99 })).toMatchObject({ action: 'retry', countsAgainstBudget: false, waiting: 'network' })
    expect(decideRetry({ ...base, failure: 'transient' })).toMatchObject({ action: 'retry', countsAgainstBudget: true })
    expect(decideRetry({ ...base, failure: 'transient', budgetUsed: 8 })).toEqual({ action: 'fail' })
    expect(decideRetry({ ...base, failure: 'server-busy', budgetUsed: 99 })).toMatchObject({ action: 'retry', waiting: 'server-busy' })
    expect(decideRetry({ ...base, failure: 'token-gone' })).toEqual({ action: 'new-token' })
    expect(decideRetry({ ...base, failure: 'payload-too-large' })).toMatchObject({ action: 'shrink-chunk' })
    expect(decideRetry({ ...base, failure: 'final-size-mismatch' })).toEqual({ action: 'verify-token' })
    expect(decideRetry({ ...base, failure: 'session' })).toEqual({ action: 'fail' })
    expect(decideRetry({ ...base, failure: 'rejected' })).toEqual({ action: 'fail' })
  })
})

describe('file states', () => {
  it('allows the journey and throws on an impossible transition', () => {
    for (const [a, b] of [['queued', 'uploading'], ['uploading', 'finalizing'], ['finalizing', 'creating-entry'], ['creating-entry', 'processing'], ['processing', 'done'], ['paused', 'queued'], ['failed', 'queued'], ['canceled', 'queued']] as const) {
      expect(canTransition(a, b)).toBe(true)
    }
    expect(() => assertTransition('done', 'uploading')).toThrow(IllegalTransitionError)
    expect(() => assertTransition('canceled', 'uploading')).toThrow(/canceled -> uploading/)
    expect(canTransition('processing', 'paused')).toBe(false)
  })
})

describe('progress', () => {
  it('counts only acknowledged bytes as confirmed, keeps in-flight apart, and gives speed and ETA', () => {
    let now = 0
    const p = new ProgressTracker(1, 10 * MiB, () => now)
    p.snapshot()
    p.setInFlight(0, 2 * MiB)
    now = 1000
    expect(p.snapshot()).toMatchObject({ confirmedBytes: 0, inFlightBytes: 2 * MiB })
    p.endInFlight(0) // the chunk failed
    now = 2000
    expect(p.snapshot()).toMatchObject({ confirmedBytes: 0, inFlightBytes: 0 })
    p.setInFlight(0, 2 * MiB)
    now = 3000
    p.chunkAcked(0, 2 * MiB)
    now = 4000
    const c = p.snapshot()
    expect(c).toMatchObject({ confirmedBytes: 2 * MiB, inFlightBytes: 0 })
    expect(c.speed).toBeGreaterThan(0)
    expect(c.etaSeconds).toBeGreaterThan(0)
    p.complete()
    expect(p.snapshot()).toMatchObject({ confirmedBytes: 10 * MiB, etaSeconds: 0 })
  })

  it('credits a chunk in flight with what the measured pace says is on the wire, not what sits in socket buffers', () => {
    let now = 0
    const p = new ProgressTracker(1, 100 * MiB, () => now)
    p.setInFlight(0, 1 * MiB)
    now = 1000
    p.chunkAcked(0, 1 * MiB) // 1 MiB/s per connection
    p.setInFlight(MiB, 8 * MiB) // 8 MiB handed to the socket at once
    now = 3000
    expect(p.snapshot().inFlightBytes).toBe(2 * MiB)
    now = 20_000
    expect(p.snapshot().inFlightBytes).toBe(8 * MiB)
  })

  it('after a pause keeps what the server confirmed and drops only the bytes in flight', () => {
    const p = new ProgressTracker(1, 10 * MiB, () => 0)
    p.setConfirmed(3 * MiB)
    p.setInFlight(3 * MiB, 4 * MiB)
    expect(p.snapshot()).toMatchObject({ confirmedBytes: 3 * MiB, inFlightBytes: 4 * MiB })
    p.settle()
    expect(p.snapshot()).toMatchObject({ confirmedBytes: 3 * MiB, inFlightBytes: 0 })
  })

  it('reports newly acknowledged bytes for the batch speed, but not offsets learned on resume', () => {
    const p = new ProgressTracker(1, 10 * MiB, () => 0)
    const reported: number[] = []
    p.reportConfirmedTo((bytes) => reported.push(bytes))
    p.setConfirmed(3 * MiB)
    p.chunkAcked(3 * MiB, MiB)
    p.chunkAcked(4 * MiB, 8 * MiB) // more than the file has left: only what fits counts
    expect(reported).toEqual([MiB, 6 * MiB])
  })
})
