// The file-state rules every process shares: which transitions are legal, and which actions a file offers for its
// state and the kind of its failure. Main writes states only through engine/stateChanges.ts, which checks this
// table; main's commands refuse, and the window offers, an action by the one rule here (refusalOf).
import type { FileError, FileState } from './uploads'

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
  // Re-queue: a canceled file starts again (the engine asks the server whether its upload token still exists).
  canceled: ['queued'],
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

/** What the user can ask of one file. */
export type FileAction = 'pause' | 'resume' | 'cancel' | 'undo-cancel' | 'retry' | 'reupload' | 'locate' | 'remove' | 'requeue'

/** Everything the action rule looks at: the state, the failure's kind and code, and whether a cancel is pending. */
export interface ActionFacts {
  state: FileState
  error: Pick<FileError, 'kind' | 'code'> | null
  /** Canceled, with the few seconds of Undo not yet over. */
  canceling: boolean
  /** Kaltura refused the sign-in of the file's account, whose files all wait until it is fixed. */
  accountHeld: boolean
}

/** The order a row shows its buttons in. */
export const ROW_ACTIONS: readonly FileAction[] = ['undo-cancel', 'pause', 'resume', 'retry', 'reupload', 'locate', 'requeue', 'cancel', 'remove']

/** How long a cancel can be undone, in the window; the engine pauses the file at once and cancels it after this. */
export const CANCEL_GRACE_MS = 5000

/** Kaltura could not make anything of the content (conversion failed, entry gone): asking again cannot help. */
function needsNewEntry(error: ActionFacts['error']): boolean {
  return error?.kind === 'processing' || error?.code === 'ENTRY_ID_NOT_FOUND'
}

/** The source file is gone, changed or unreadable: only pointing at it again can help. */
function isFileProblem(error: ActionFacts['error']): boolean {
  return error?.kind === 'file-changed' || error?.kind === 'file-unreadable'
}

const ONLY_FAILED = 'Only a failed file can be'

/**
 * Why an action cannot apply to a file, in words for the user, or null when it can. Main refuses by it and the
 * window offers only the actions it allows, so a button never does nothing.
 */
export function refusalOf(action: FileAction, f: ActionFacts): string | null {
  if (action === 'undo-cancel') return f.canceling ? null : 'It is not being canceled.'
  if (f.canceling) return 'It is being canceled: press Undo to keep it.'
  switch (action) {
    case 'pause':
      if (isPausable(f.state)) return null
      return f.state === 'paused' ? 'It is already paused.' : f.state === 'creating-entry' || f.state === 'processing' ? 'Kaltura already has its content; that step cannot be paused.' : 'Only a queued or uploading file can be paused.'
    case 'resume':
      if (f.state !== 'paused') return 'Only a paused file can be resumed.'
      return f.accountHeld ? "Kaltura refused this account's sign-in: fix the account (Accounts…) and its files resume by themselves." : null
    case 'cancel':
      if (f.state === 'failed') return 'A failed file is not uploading: use Remove to take it out of the queue.'
      if (isCancelable(f.state)) return null
      return f.state === 'processing' ? 'Kaltura is already preparing its entry: it can no longer be canceled.' : f.state === 'canceled' ? 'It is already canceled.' : 'It has finished: there is nothing left to cancel.'
    case 'retry':
      if (!isRetryable(f.state)) return `${ONLY_FAILED} retried.`
      if (isFileProblem(f.error)) return 'The file is missing, changed or unreadable: use Locate… to point at it, or Remove.'
      if (needsNewEntry(f.error)) return 'Kaltura could not process what was uploaded; asking again cannot help. Use Upload again as a new entry.'
      return null
    case 'reupload':
      if (!isRetryable(f.state)) return `${ONLY_FAILED} uploaded again.`
      return needsNewEntry(f.error) ? null : 'Its entry is not the problem: use Retry.'
    case 'locate':
      if (!isRetryable(f.state)) return `${ONLY_FAILED} located.`
      return isFileProblem(f.error) ? null : 'The file itself is fine: there is nothing to locate.'
    case 'remove':
      return f.state === 'failed' ? null : `${ONLY_FAILED} removed; cancel an upload instead.`
    case 'requeue':
      return f.state === 'canceled' ? null : 'Only a canceled file can be queued again.'
  }
}

/** The actions a file offers, in the order a row shows them. */
export function actionsFor(f: ActionFacts): FileAction[] {
  return ROW_ACTIONS.filter((a) => refusalOf(a, f) === null)
}

/** What a command did to the files it was given: how many it acted on, and why it left the others, counted. */
export interface ActionReport {
  done: number
  refused: Array<{ reason: string; count: number }>
}
