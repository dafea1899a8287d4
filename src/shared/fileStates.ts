// The file-state rules every process shares: which transitions are legal, and which states the user may pause,
// cancel or retry. Main writes states only through engine/stateChanges.ts, which checks this table; the window
// offers an action only where this table allows it.
import type { FileState } from './uploads'

const ALLOWED: Readonly<Record<FileState, readonly FileState[]>> = {
  queued: ['uploading', 'creating-entry', 'processing', 'paused', 'canceled', 'failed', 'skipped'],
  uploading: ['queued', 'finalizing', 'creating-entry', 'paused', 'canceled', 'failed'],
  finalizing: ['queued', 'uploading', 'creating-entry', 'paused', 'canceled', 'failed'],
  'creating-entry': ['queued', 'uploading', 'processing', 'paused', 'failed', 'canceled'],
  processing: ['queued', 'done', 'failed'],
  paused: ['queued', 'canceled'],
  // A retried file whose content already reached its entry goes straight back to following that entry.
  failed: ['queued', 'processing', 'canceled'],
  done: [],
  canceled: [],
  skipped: ['queued']
}

/** States the scheduler runs: the file still needs bytes sent or its entry made. */
export const RUNNABLE_STATES: readonly FileState[] = ['queued', 'uploading', 'finalizing', 'creating-entry']
/** States a batch can end in. */
export const TERMINAL_STATES: readonly FileState[] = ['done', 'failed', 'canceled', 'skipped']

export class IllegalTransitionError extends Error {
  override readonly name = 'IllegalTransitionError'
  constructor(readonly from: FileState, readonly to: FileState) {
    super(`illegal file state transition ${from} -> ${to}`)
  }
}

export function canTransition(from: FileState, to: FileState): boolean {
  return from === to || ALLOWED[from].includes(to)
}

export function assertTransition(from: FileState, to: FileState): void {
  if (!canTransition(from, to)) throw new IllegalTransitionError(from, to)
}

/** Before the entry exists, pausing stops the bytes; after, Kaltura's work cannot be paused. */
export function isPausable(state: FileState): boolean {
  return state === 'queued' || state === 'uploading' || state === 'finalizing'
}

export function isCancelable(state: FileState): boolean {
  return state !== 'canceled' && canTransition(state, 'canceled')
}

export function isRetryable(state: FileState): boolean {
  return state === 'failed'
}
