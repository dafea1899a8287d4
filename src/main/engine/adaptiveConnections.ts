// The engine's connections: the pool every request runs through (connectionPool.ts), and the tuner that sets its limit
// (connectionTuner.ts), reading the pool a few times a second while requests are in flight; the chunk senders are
// woken when they may use more.
import type { Settings } from '../../shared/uploads'
import type { Logger } from '../logging/logger'
import { ConnectionPool, type BusySignal } from './connectionPool'
import { ConnectionTuner } from './connectionTuner'

/** What the chunk senders read and tell. */
export interface Parallelism {
  /** Requests to keep in flight now. */
  readonly connections: number
  /** Calls `listener` whenever more connections may be used; returns what unsubscribes it. */
  onRaise(listener: () => void): () => void
  /** Body bytes handed to a socket. */
  sent(bytes: number): void
  /** A reply that waited on no link (a tiny part) came after `seconds`: at most one round trip. */
  roundTrip(seconds: number): void
}

const TICK_MS = 250
/** Idle this long, the link may not be the same one (a laptop moved): tuning starts again from the setting. */
const FORGET_AFTER_IDLE_MS = 5 * 60_000
const KiB = 1024
/** A piece is about this long at its connection's pace: the tuner counts bytes as pieces leave. */
const PIECE_SECONDS = 0.25
const SMALLEST_PIECE = 64 * KiB
const LARGEST_PIECE = 1024 * KiB
/** Before a connection's pace is known. */
const FIRST_PIECE = 256 * KiB
/** File bytes all connections together hold in pieces: more connections, smaller pieces, the same memory. */
const PIECES_MEMORY = 8 * 1024 * KiB

/**
 * How many bytes a chunk hands its connection at a time, given one connection's pace (0 when not yet known) and the
 * connections in use. A piece is counted as sent when it is handed on: on a connection moving 0.2 MB/s a 1 MiB piece
 * would make a 2 s window read 0 or 1 MiB, whatever the link did. A fast connection keeps 1 MiB pieces (fewer reads,
 * less CPU) while few run; many connections share PIECES_MEMORY, so trying more costs no more memory.
 */
export function pieceBytesFor(connectionBytesPerSecond: number, connections: number): number {
  const byPace = connectionBytesPerSecond > 0 ? connectionBytesPerSecond * PIECE_SECONDS : FIRST_PIECE
  const bytes = Math.floor(Math.min(byPace, PIECES_MEMORY / Math.max(1, connections)) / SMALLEST_PIECE) * SMALLEST_PIECE
  return Math.min(LARGEST_PIECE, Math.max(SMALLEST_PIECE, bytes))
}


export class AdaptiveConnections implements Parallelism {
  readonly pool: ConnectionPool
  private readonly tuner: ConnectionTuner
  private readonly listeners = new Set<() => void>()
  private timer: NodeJS.Timeout | null = null
  private idleSince = Date.now()

  constructor(
    settings: () => Settings,
    busy: BusySignal,
    private readonly logger: Logger
  ) {
    this.pool = new ConnectionPool(settings().maxConnections, busy)
    this.tuner = new ConnectionTuner({ start: () => settings().maxConnections, enabled: () => settings().adaptiveConnections }, Date.now())
  }

  get connections(): number {
    return this.tuner.connections
  }

  onRaise(listener: () => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** Bytes leaving are what starts the readings: nothing needs to be told that uploads run. */
  sent(bytes: number): void {
    if (!this.timer) this.keepTicking()
    this.tuner.sent(bytes)
  }

  roundTrip(seconds: number): void {
    this.tuner.roundTrip(seconds)
  }

  /** The user changed the settings: start again from the connection setting. */
  settingsChanged(): void {
    this.tuner.reset(Date.now())
    this.pool.setLimit(this.tuner.connections)
  }

  /** Reads the pool until nothing is in flight any more. */
  private keepTicking(): void {
    if (this.timer) return
    const now = Date.now()
    if (now - this.idleSince >= FORGET_AFTER_IDLE_MS) this.tuner.reset(now)
    else this.tuner.resumed(now)
    this.pool.setLimit(this.tuner.connections)
    this.timer = setInterval(() => this.tick(), TICK_MS)
    this.timer.unref()
  }

  /** The pool's timers and the readings stop: the engine shuts down. */
  close(): void {
    this.stopTicking()
    this.pool.close()
  }

  private stopTicking(): void {
    if (this.timer) clearInterval(this.timer)
    this.timer = null
  }

  private tick(): void {
    if (this.pool.inUse === 0) {
      this.stopTicking()
      this.idleSince = Date.now()
      return
    }
    // Saturated: every open slot busy. A pool short of its limit has connections waiting for work, not for the link.
    const before = this.tuner.connections
    if (!this.tuner.tick(Date.now(), { saturated: this.pool.inUse >= this.pool.limit, backingOff: this.pool.backingOff })) return
    this.pool.setLimit(this.tuner.connections)
    this.logger.info('connections', `${before} → ${this.tuner.connections} connections (the last window moved ${(this.tuner.measuredRate / 1e6).toFixed(2)} MB/s)`)
    if (this.tuner.connections > before) for (const listener of this.listeners) listener()
  }
}
