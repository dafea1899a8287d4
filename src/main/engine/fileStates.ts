// The one place file-state transitions are decided; an impossible transition is a bug and throws.
import type { FileState } from '../../shared/uploads'

const ALLOWED: Readonly<Record<FileState, readonly FileState[]>> = {
  queued: ['uploading', 'creating-entry', 'processing', 'paused', 'canceled', 'failed', 'skipped'],
  uploading: ['queued', 'finalizing', 'creating-entry', 'paused', 'canceled', 'failed'],
  finalizing: ['queued', 'uploading', 'creating-entry', 'paused', 'canceled', 'failed'],
  'creating-entry': ['queued', 'uploading', 'processing', 'paused', 'failed', 'canceled'],
  processing: ['queued', 'done', 'failed'],
  paused: ['queued', 'canceled'],
  failed: ['queued', 'canceled'],
  done: [],
  canceled: [],
  skipped: ['queued']
}

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

/** States a user may pause from: before the entry exists, pausing stops the bytes. */
export function isPausable(state: FileState): boolean {
  return state === 'queued' || state === 'uploading' || state === 'finalizing'
}

export function isCancelable(state: FileState): boolean {
  return canTransition(state, 'canceled') && state !== 'canceled'
}
