// The user's commands on files (pause, resume, cancel and its undo, retry, upload again, locate, remove,
// re-queue), each first split by the one action rule (shared/fileStates.ts through actionRule.ts), so a file the
// command cannot help is counted with the reason instead of being silently skipped.
import type { FileRow } from '../journal/journal'
import { isCancelable, RUNNABLE_STATES, type ActionFacts, type ActionReport, type FileAction } from '../../shared/fileStates'
import type { FileState } from '../../shared/uploads'
import { sortByRule, withMissing } from './actionRule'
import { CancelGrace } from './cancelGrace'
import { cancelForGood, locateRow, replaceFailedCopies, requeueRows, retireRows, retryRows, reuploadRows, type CommandHost } from './fileCommands'
import { changeState, changeStates } from './stateChanges'

export interface UserCommandDeps extends CommandHost {
  /** Pauses files; a running one stops its requests first. */
  pauseRows(rows: readonly FileRow[]): void
  /** Takes a file out of the queue and stops its run, if any, until its requests have ended. */
  stopRun(id: number): Promise<void>
  /** Resolves once the file's run, if one is under way, has ended and its outcome is written. */
  runEnded(id: number): Promise<void>
  /** Lets the scheduler start what can start. */
  pump(): void
  /** Whether Kaltura refused the sign-in of this batch's account, whose files wait until it is fixed. */
  accountHeld(batchId: number): boolean
  /** How long a cancel can be undone; 0: final at once. */
  cancelGraceMs: number
}

const CANCELABLE: readonly FileState[] = ['queued', 'uploading', 'finalizing', 'creating-entry', 'paused']

export class UserCommands {
  private readonly grace: CancelGrace

  constructor(private readonly deps: UserCommandDeps) {
    this.grace = new CancelGrace(deps.cancelGraceMs, (id) => void cancelForGood(deps, id).then(() => deps.pump()))
  }

  /** When the file's cancel becomes final, while it can still be undone. */
  cancelingUntil(id: number): number | null {
    return this.grace.until(id)
  }

  pause(ids?: readonly number[]): ActionReport {
    return this.command('pause', ids, ['queued', 'uploading', 'finalizing'], (rows) => this.deps.pauseRows(rows))
  }

  resume(ids?: readonly number[]): ActionReport {
    return this.command('resume', ids, ['paused'], (rows) => {
      changeStates(this.deps.journal, rows.map((r) => ({ id: r.id, to: 'queued', patch: { error: null } })), rows)
      for (const r of rows) this.deps.enqueue(r.id)
    })
  }

  async cancel(ids?: readonly number[]): Promise<ActionReport> {
    const { allowed, report } = this.byRule('cancel', ids, CANCELABLE)
    if (!this.grace.enabled) {
      await Promise.all(allowed.map((r) => cancelForGood(this.deps, r.id)))
    } else {
      // No byte flows while the user may still undo: a running or waiting file is paused at once.
      this.deps.pauseRows(allowed.filter((r) => RUNNABLE_STATES.includes(r.state)))
      for (const r of allowed) {
        this.grace.begin(r.id, RUNNABLE_STATES.includes(r.state))
        this.deps.touch(r.id)
      }
    }
    this.deps.pump()
    return report
  }

  async undoCancel(ids: readonly number[]): Promise<ActionReport> {
    const { allowed, report } = this.byRule('undo-cancel', ids, [])
    const resuming = allowed.filter((r) => this.grace.undo(r.id)?.resume)
    // A run told to stop may not have stopped yet: it pauses first, then goes back to the queue.
    await Promise.all(resuming.map((r) => this.deps.runEnded(r.id)))
    const back = resuming.map((r) => this.deps.journal.getFile(r.id)).filter((r): r is FileRow => r?.state === 'paused')
    changeStates(this.deps.journal, back.map((r) => ({ id: r.id, to: 'queued' })), back)
    for (const r of back) this.deps.enqueue(r.id)
    for (const r of allowed) this.deps.touch(r.id)
    this.deps.pump()
    return report
  }

  retry(ids?: readonly number[]): ActionReport {
    return this.command('retry', ids, ['failed'], (rows) => retryRows(this.deps, rows))
  }

  reupload(ids: readonly number[]): ActionReport {
    return this.command('reupload', ids, [], (rows) => reuploadRows(this.deps, rows))
  }

  requeue(ids: readonly number[]): ActionReport {
    return this.command('requeue', ids, [], (rows) => requeueRows(this.deps, rows))
  }

  remove(ids: readonly number[]): ActionReport {
    return this.command('remove', ids, [], (rows) => retireRows(this.deps, rows, 'Removed from the queue.'))
  }

  async locate(id: number, path: string): Promise<ActionReport> {
    const { allowed, report } = this.byRule('locate', [id], [])
    const row = allowed[0]
    if (!row) return report
    const refused = await locateRow(this.deps, row, path)
    this.deps.pump()
    return refused ? { done: 0, refused: [{ reason: refused, count: 1 }] } : report
  }

  /**
   * Failed files named again by a drop or a command (the "already known" rule): the file being there again is the
   * user's answer to a missing one, so those are located at their own path; the others are retried where it helps.
   */
  async retryDropped(ids: readonly number[]): Promise<ActionReport> {
    const { allowed: missing } = this.byRule('locate', ids, [])
    const located = await Promise.all(missing.map((r) => this.locate(r.id, r.path)))
    const rest = this.retry(ids.filter((id) => !missing.some((r) => r.id === id)))
    return located.reduce((sum, r) => ({ done: sum.done + r.done, refused: [...sum.refused, ...r.refused] }), rest)
  }

  refusal(action: FileAction, id: number): string | null {
    return this.byRule(action, [id], []).report.refused[0]?.reason ?? null
  }

  /** A file finished: earlier failed copies of the same content leave the list. */
  finished(id: number): void {
    replaceFailedCopies(this.deps, id)
  }

  /** At shutdown: cancels not taken back become final (their tokens stay; the server expires them itself). */
  finishPendingCancels(): void {
    for (const id of this.grace.drain()) {
      if (isCancelable(this.deps.journal.getFile(id)?.state ?? 'canceled')) changeState(this.deps.journal, id, 'canceled', { finishedAt: Date.now() })
    }
  }

  private factsOf(row: FileRow): ActionFacts {
    const held = row.state === 'paused' && row.error?.kind === 'auth' && this.deps.accountHeld(row.batchId)
    return { state: row.state, error: row.error, canceling: this.grace.has(row.id), accountHeld: held }
  }

  /** The files a command names (or every file in `whenAll`), split by the shared action rule. */
  private byRule(action: FileAction, ids: readonly number[] | undefined, whenAll: readonly FileState[]): { allowed: FileRow[]; report: ActionReport } {
    const { journal } = this.deps
    const rows = ids ? ids.map((id) => journal.getFile(id)).filter((r): r is FileRow => !!r) : journal.filesInStates(whenAll)
    const sorted = sortByRule(action, rows, (r) => this.factsOf(r))
    return { allowed: sorted.allowed, report: withMissing(sorted.report, (ids?.length ?? rows.length) - rows.length) }
  }

  private command(action: FileAction, ids: readonly number[] | undefined, whenAll: readonly FileState[], run: (rows: FileRow[]) => void): ActionReport {
    const { allowed, report } = this.byRule(action, ids, whenAll)
    run(allowed)
    this.deps.pump()
    return report
  }
}
