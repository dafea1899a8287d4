// The limits each setting must keep, written once: main's IPC guard, the settings form and the headless command
// all check against these, each in its own units and words.
import type { Settings } from './uploads'

export interface Range {
  readonly min: number
  readonly max: number
}

/** Both chunk-size settings share one range; chunks outside it are either wasteful requests or too much to resend. */
const CHUNK_BYTES: Range = { min: 256 * 1024, max: 2000 * 1024 * 1024 }

/** Inclusive ranges, in the units Settings stores (bytes, bytes per second, seconds). */
export const SETTINGS_BOUNDS = {
  maxParallelFiles: { min: 1, max: 16 },
  maxConnections: { min: 1, max: 32 },
  minChunkBytes: CHUNK_BYTES,
  maxChunkBytes: CHUNK_BYTES,
  targetChunkSeconds: { min: 1, max: 120 },
  /** When a limit is set at all (null is unlimited); the ceiling only keeps the number sane. */
  bandwidthLimit: { min: 16 * 1024, max: 100 * 1024 * 1024 * 1024 }
} as const satisfies Partial<Record<keyof Settings, Range>>

/**
 * The most connections adaptive parallelism opens (Settings.adaptiveConnections), or the user's own figure when higher.
 * One CUBIC connection (Windows', macOS's and most Linux desktops' congestion control) on an 80 ms link losing 1 % of
 * its packets moves 0.18–0.23 MB/s (the benchmark's lossy rows): filling 80 % of a 100 Mbit/s uplink takes 45–58 of
 * them. The tuner gets here only step by step, each step paying for itself (engine/connectionTuner.ts).
 */
export const ADAPTIVE_CONNECTIONS_CEILING = 64

/** A watch folder's settings (WatchFolder): how long a file must stay unchanged before it is sent, and how many folders. */
export const WATCH_BOUNDS = {
  stableSeconds: { min: 1, max: 3600 },
  folders: { min: 0, max: 20 }
} as const satisfies Record<string, Range>

/** A new watch folder waits this long, unless the user says otherwise: long enough for a copy that pauses briefly. */
export const DEFAULT_STABLE_SECONDS = 10

export function isWithin(value: number, range: Range): boolean {
  return value >= range.min && value <= range.max
}

/** The one rule across two settings: the smallest chunk may not exceed the largest. */
export function chunkSizesInOrder(s: Pick<Settings, 'minChunkBytes' | 'maxChunkBytes'>): boolean {
  return s.minChunkBytes <= s.maxChunkBytes
}
