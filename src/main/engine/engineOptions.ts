// What the engine is built with (its ports, the journal, timings tests shorten) and the events it sends.
import { classifyKalturaError, KalturaTransportError } from '../kaltura'
import type { Journal } from '../journal/journal'
import type { Logger } from '../logging/logger'
import type { FileState, FileView, Totals } from '../../shared/uploads'
import type { KalturaApi } from './kalturaApi'
import type { KeepAwake, PowerEvents } from './ports'
import type { RetryPolicyOptions } from './retryPolicy'

export interface EngineOptions {
  journal: Journal
  /** The Kaltura API for a profile; throws with a user-facing message when the profile cannot be used. */
  apiFor(profileId: string): Promise<KalturaApi>
  logger: Logger
  power?: PowerEvents
  keepAwake?: KeepAwake
  retry?: RetryPolicyOptions
  stallMs?: number
  finalTimeoutMs?: number
  /** media.get polling while Kaltura prepares an entry. */
  processingPoll?: { initialMs: number; maxMs: number }
  /** How often coalesced updates go out. */
  updateIntervalMs?: number
  /** A gap this long between watchdog ticks means the machine slept. */
  sleepGapMs?: number
  /** How long a cancel can be undone (the window's CANCEL_GRACE_MS); 0 or absent: cancels are final at once. */
  cancelGraceMs?: number
}

export interface EngineEvents {
  /** Coalesced: files whose state, waiting, error or progress changed since the last update, and the totals. */
  update: [files: FileView[], totals: Totals]
  /** Every file of the batch reached done, failed, canceled or skipped. */
  'batch-finished': [batchId: number, summary: Partial<Record<FileState, number>>]
  /** Nothing is running, queued or processing. */
  idle: []
  /** Kaltura refused an account's sign-in: its files wait, paused, until the account changes. Once per refusal. */
  'account-held': [profileId: string, message: string]
  /** Files that left the list (removed, or replaced by a later copy that finished); the journal keeps them. */
  removed: [fileIds: number[]]
}

/** The pool's reading of a failure: a busy server, and how long it asked us to wait. */
export function busySignal(err: unknown): number | null | undefined {
  if (classifyKalturaError(err) !== 'server-busy') return undefined
  const seconds = err instanceof KalturaTransportError ? err.retryAfterSeconds : undefined
  return seconds === undefined ? null : seconds * 1000
}
