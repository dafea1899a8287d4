// How a file's state reads in the window: a word and a glyph per state, the waiting line, and which actions apply.
import type { BatchFinished } from '../../shared/ipc-contract'
import { actionsFor, type ActionReport, type FileAction } from '../../shared/fileStates'
import { plural } from './words'
import type { FileState, FileView, Outage, WaitingReason } from '../../shared/uploads'

interface StateLook {
  label: string
  /** A text glyph so states differ by shape as well as colour. */
  glyph: string
  /** CSS modifier that sets the colour. */
  tone: 'neutral' | 'active' | 'good' | 'warn' | 'bad' | 'muted'
}

export const STATE_LOOK: Readonly<Record<FileState, StateLook>> = {
  queued: { label: 'Queued', glyph: '○', tone: 'neutral' },
  uploading: { label: 'Uploading', glyph: '↑', tone: 'active' },
  finalizing: { label: 'Finalizing', glyph: '◔', tone: 'active' },
  'creating-entry': { label: 'Creating entry', glyph: '◑', tone: 'active' },
  processing: { label: 'Processing', glyph: '◕', tone: 'active' },
  done: { label: 'Done', glyph: '✓', tone: 'good' },
  paused: { label: 'Paused', glyph: '‖', tone: 'warn' },
  failed: { label: 'Failed', glyph: '✕', tone: 'bad' },
  canceled: { label: 'Canceled', glyph: '⊘', tone: 'muted' },
  skipped: { label: 'Skipped', glyph: '↷', tone: 'muted' }
}

/** A row says only that it waits: why, and the technical detail, are the window-wide banner's (outageText). */
const WAITING_TEXT: Readonly<Record<Exclude<WaitingReason, null>, string>> = {
  network: 'Waiting for network',
  retry: 'Retrying…',
  'server-busy': 'Waiting for the server',
  session: 'Renewing session…'
}

/** The outage banner's words: what happened, and that nothing is lost. */
export function outageText(outage: Outage): { title: string; body: string } {
  return outage.kind === 'network'
    ? { title: 'The Kaltura server cannot be reached.', body: 'Uploads wait and go on by themselves when it is back; nothing sent is lost.' }
    : { title: 'The Kaltura server is busy.', body: 'Uploads wait as it asks and go on by themselves; nothing sent is lost.' }
}

export function waitingText(waiting: WaitingReason): string | null {
  return waiting ? WAITING_TEXT[waiting] : null
}

/** The buttons a row offers, in order: the shared action rule decides, as it does in main. */
export function rowActions(file: FileView): FileAction[] {
  return actionsFor({
    state: file.state,
    error: file.error,
    canceling: file.cancelingUntil != null,
    // The window's reading of main's hold: a file paused because Kaltura refused its account.
    accountHeld: file.state === 'paused' && file.error?.kind === 'auth'
  })
}

export const ACTION_LABEL: Readonly<Record<FileAction, string>> = {
  pause: 'Pause',
  resume: 'Resume',
  cancel: 'Cancel',
  'undo-cancel': 'Undo',
  retry: 'Retry',
  reupload: 'Re-upload',
  locate: 'Locate…',
  remove: 'Remove',
  requeue: 'Re-queue'
}

/** What a button says to assistive technology: the action in full, and the file. */
export function actionName(action: FileAction, fileName: string): string {
  switch (action) {
    case 'undo-cancel':
      return `Undo cancel of ${fileName}`
    case 'reupload':
      return `Upload ${fileName} again as a new entry`
    case 'locate':
      return `Locate ${fileName}…`
    default:
      return `${ACTION_LABEL[action]} ${fileName}`
  }
}

const REFUSED_VERB: Readonly<Record<FileAction, string>> = {
  pause: 'paused',
  resume: 'resumed',
  cancel: 'canceled',
  'undo-cancel': 'kept',
  retry: 'retried',
  reupload: 'uploaded again',
  locate: 'located',
  remove: 'removed',
  requeue: 'queued again'
}

/** Why a command left files as they were, one line per reason ("Not retried (2 files): …"); empty when none. */
export function refusedLines(action: FileAction, report: ActionReport): string[] {
  return report.refused.map((r) => `Not ${REFUSED_VERB[action]}${r.count > 1 ? ` (${plural(r.count, 'file', 'files')})` : ''}: ${r.reason}`)
}

/** The second line of a row: why it waits, what failed, or what the user should know; null when all is well. */
export function detailLine(file: FileView): { text: string; tone: 'bad' | 'warn' | 'info' } | null {
  if (file.error && file.state === 'failed') return { text: file.error.message, tone: 'bad' }
  // Kaltura's refusal is said once, by the account's banner; each of its files only says what it waits for.
  if (file.error?.kind === 'auth' && file.state === 'paused') return { text: 'Waiting for its account', tone: 'warn' }
  // The technical reason stays out of the row (it is in the banner's Details and the row's detail panel).
  const waiting = waitingText(file.waiting)
  if (waiting) return { text: waiting, tone: 'warn' }
  if (file.notice) return { text: file.notice, tone: 'info' }
  if (file.error) return { text: file.error.message, tone: 'bad' }
  return null
}

/** Whole percent for a progress bar, never over 100; nothing to send counts as 0 (callers treat done as 100). */
export function percentOf(done: number, total: number): number {
  if (total <= 0) return 0
  return Math.min(100, Math.max(0, Math.floor((done / total) * 100)))
}

/** A bar's two parts as fractions of the whole, and the whole percent it announces. */
export interface BarParts {
  /** What the server confirmed: the number the bar reads out. */
  percent: number
  confirmed: number
  /** Confirmed plus in flight: the lighter part, which a dropped chunk may take back. */
  ahead: number
}

export function barParts(confirmedBytes: number, inFlightBytes: number, total: number): BarParts {
  if (total <= 0) return { percent: 0, confirmed: 0, ahead: 0 }
  const confirmed = Math.min(1, Math.max(0, confirmedBytes / total))
  return { percent: percentOf(confirmedBytes, total), confirmed, ahead: Math.min(1, Math.max(confirmed, (confirmedBytes + inFlightBytes) / total)) }
}

/** A row's bar: a done file is whole even if its row never saw the last acknowledgement. */
export function rowBar(file: FileView): BarParts {
  return file.state === 'done' ? { percent: 100, confirmed: 1, ahead: 1 } : barParts(file.confirmedBytes, file.inFlightBytes, file.size)
}

const FINISHED_ORDER: readonly FileState[] = ['done', 'failed', 'canceled', 'skipped', 'processing', 'paused', 'queued']

/** "Batch finished: 10 done, 1 failed." */
export function batchFinishedText(finished: BatchFinished): string {
  const parts = FINISHED_ORDER.filter((s) => (finished.summary[s] ?? 0) > 0).map((s) => `${finished.summary[s]} ${STATE_LOOK[s].label.toLowerCase()}`)
  return `Batch finished${parts.length > 0 ? `: ${parts.join(', ')}` : ''}.`
}
