// Adaptive parallelism: how many requests the engine keeps in flight. On a lossy or distant link one TCP connection
// cannot fill the line (a CUBIC connection losing 1 % of its packets on an 80 ms link moves about 0.23 MB/s, whatever
// the link's rate), so more connections move more bytes; on a clean link they only share the same bytes. The tuner
// finds out by trying: it measures what the connections move while all of them are busy, doubles them, and keeps the
// step only when it made the upload clearly faster; a step that did not is undone and tried again later, ever later.
// Every few minutes it tries half as many, and keeps that when it costs (almost) nothing. It starts from the user's
// connection setting, never goes below it, and never above the ceiling (settingsBounds.ts). A busy server (429/503,
// the pool's back-off) sends it back to the setting for longer.
import { ADAPTIVE_CONNECTIONS_CEILING } from '../../shared/settingsBounds'

/** A window is at least this long, and this many round trips: long enough for TCP's own swings to average out. */
const MIN_WINDOW_MS = 2000
const ROUND_TRIPS_PER_WINDOW = 25
const MAX_WINDOW_MS = 10_000
/**
 * Twice the connections must move at least this much more to be kept; a smaller step (up to the ceiling) its share
 * of it: 48 → 64 connections must move 1/3 × 20 % more.
 */
const GAIN_TO_KEEP = 1.2
/** Half the connections are kept when they move at least this share of what the larger number moved. */
const SHARE_TO_KEEP_FEWER = 0.9
/**
 * A step undone is tried again after this long, twice as long after each further undo in a row, up to the most: a
 * window misread (lossy connections' pace swings, and new ones overshoot in slow start) costs seconds, not minutes.
 */
const FIRST_HOLD_AFTER_NO_GAIN_MS = 10_000
const LONGEST_HOLD_AFTER_NO_GAIN_MS = 300_000
/** How long a count that needs no question stays before the next (the most already, or fewer kept). */
const HOLD_AFTER_NO_GAIN_MS = 60_000
/** After the ceiling paid, or after fewer cost: the link is clearly one that needs many, and asking costs a window. */
const HOLD_WHEN_MANY_PAY_MS = 180_000
const HOLD_AFTER_BUSY_SERVER_MS = 300_000
/**
 * Connections each moving this much are not limited by a lossy or distant link but by the machine (a LAN, the
 * loopback): more are not tried. On the loopback a try only added sockets whose buffers, filling, read as a gain.
 */
const FAST_CONNECTION_BYTES_PER_SECOND = 32e6

export interface TunerSettings {
  /** The user's connection setting: where the tuner starts, and its floor. */
  start(): number
  /** Whether it may tune at all; off, `connections` is the setting exactly. */
  enabled(): boolean
}

/** What the engine saw at one tick. */
export interface TickReading {
  /** Every connection was in use (and work was waiting or could be taken): a window only counts while this holds. */
  saturated: boolean
  /** The pool is backing off from a busy server. */
  backingOff: boolean
}

type Phase =
  | { kind: 'warm-up' }
  | { kind: 'measure' }
  | { kind: 'settle'; from: number; fromRate: number }
  | { kind: 'judge'; from: number; fromRate: number }
  | { kind: 'hold'; until: number }

export class ConnectionTuner {
  private count: number
  private phase: Phase = { kind: 'warm-up' }
  private windowStart: number
  private windowBytes = 0
  private windowValid = true
  private roundTripMs = 0
  /** Bytes per second over the last window that counted; 0 before one. */
  private lastRate = 0
  /** When more connections last paid for themselves: fewer are not tried for a while after. */
  private lastPaidAt = -Infinity
  /** Steps up undone in a row: each doubles the wait before the next try. */
  private undoneInARow = 0

  constructor(
    private readonly settings: TunerSettings,
    now: number
  ) {
    this.count = settings.start()
    this.windowStart = now
  }

  /** What the last window that counted moved, in bytes per second: for the log line of a change. */
  get measuredRate(): number {
    return this.lastRate
  }

  get connections(): number {
    const start = Math.max(1, this.settings.start())
    if (!this.settings.enabled()) return start
    return Math.min(this.top(), Math.max(start, this.count))
  }

  sent(bytes: number): void {
    this.windowBytes += bytes
  }

  roundTrip(seconds: number): void {
    if (seconds > 0) this.roundTripMs = this.roundTripMs === 0 ? seconds * 1000 : Math.min(this.roundTripMs, seconds * 1000)
  }

  /** The setting changed, or the link may have: start again from the setting. */
  reset(now: number): void {
    this.count = this.settings.start()
    this.phase = { kind: 'warm-up' }
    this.undoneInARow = 0
    this.restartWindow(now)
  }

  /** Nothing was in flight for a while: the time without ticks is no window, and the sockets start empty again. */
  resumed(now: number): void {
    if (this.phase.kind !== 'hold') this.phase = { kind: 'warm-up' }
    this.restartWindow(now)
  }

  /** Called a few times a second while uploads run; returns true when the number of connections changed. */
  tick(now: number, reading: TickReading): boolean {
    const before = this.connections
    if (!this.settings.enabled()) {
      this.count = this.settings.start()
      this.restartWindow(now)
    } else if (reading.backingOff) {
      this.count = this.settings.start()
      this.phase = { kind: 'hold', until: now + HOLD_AFTER_BUSY_SERVER_MS }
      this.restartWindow(now)
    } else {
      if (!reading.saturated) this.windowValid = false
      if (now - this.windowStart >= this.windowMs()) this.windowEnded(now)
    }
    return this.connections !== before
  }

  private windowEnded(now: number): void {
    const rate = (this.windowBytes * 1000) / Math.max(1, now - this.windowStart)
    const valid = this.windowValid
    this.restartWindow(now)
    const phase = this.phase
    if (phase.kind === 'hold') {
      if (now >= phase.until) this.phase = { kind: 'measure' }
      return
    }
    // Connections left idle (a file's last chunks, small files between their calls) say nothing about the link.
    if (!valid) return
    this.lastRate = rate
    const start = Math.max(1, this.settings.start())
    switch (phase.kind) {
      case 'warm-up':
        // Bytes handed to new sockets fill their buffers before the link carries them, and the first connections'
        // slow start overshoots what they keep up: a whole window that is not the link's pace.
        this.phase = { kind: 'measure' }
        return
      case 'measure':
        if (rate / this.count >= FAST_CONNECTION_BYTES_PER_SECOND) this.phase = { kind: 'hold', until: now + HOLD_AFTER_NO_GAIN_MS }
        else if (this.count > start && now - this.lastPaidAt >= HOLD_WHEN_MANY_PAY_MS) this.tryCount(Math.max(start, Math.floor(this.count / 2)), rate)
        else if (this.count < this.top()) this.tryCount(Math.min(this.top(), this.count * 2), rate)
        else this.phase = { kind: 'hold', until: now + HOLD_AFTER_NO_GAIN_MS }
        return
      case 'settle':
        // The new connections' slow start and their sockets' buffers filling are not the link's pace.
        this.phase = { kind: 'judge', from: phase.from, fromRate: phase.fromRate }
        return
      case 'judge':
        this.judge(phase.from, phase.fromRate, rate, now)
    }
  }

  private judge(from: number, fromRate: number, rate: number, now: number): void {
    if (this.count > from) {
      const paid = rate >= fromRate * (1 + (GAIN_TO_KEEP - 1) * (this.count / from - 1))
      if (paid) {
        this.lastPaidAt = now
        this.undoneInARow = 0
      }
      if (paid && this.count < this.top()) this.tryCount(Math.min(this.top(), this.count * 2), rate)
      else if (paid) this.phase = { kind: 'hold', until: now + HOLD_WHEN_MANY_PAY_MS }
      else this.undo(from, now + Math.min(LONGEST_HOLD_AFTER_NO_GAIN_MS, FIRST_HOLD_AFTER_NO_GAIN_MS * 2 ** this.undoneInARow++))
      return
    }
    // Fewer connections: kept when they lose (almost) nothing; otherwise back up, and leave it for longer.
    if (rate >= fromRate * SHARE_TO_KEEP_FEWER) this.phase = { kind: 'hold', until: now + HOLD_AFTER_NO_GAIN_MS }
    else this.undo(from, now + HOLD_WHEN_MANY_PAY_MS)
  }

  private tryCount(count: number, rateNow: number): void {
    this.phase = { kind: 'settle', from: this.count, fromRate: rateNow }
    this.count = count
  }

  private undo(count: number, until: number): void {
    this.count = count
    this.phase = { kind: 'hold', until }
  }

  private top(): number {
    return Math.max(ADAPTIVE_CONNECTIONS_CEILING, this.settings.start())
  }

  private windowMs(): number {
    return Math.min(MAX_WINDOW_MS, Math.max(MIN_WINDOW_MS, this.roundTripMs * ROUND_TRIPS_PER_WINDOW))
  }

  private restartWindow(now: number): void {
    this.windowStart = now
    this.windowBytes = 0
    this.windowValid = true
  }
}
