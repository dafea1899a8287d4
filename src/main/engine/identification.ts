// Files journaled at Start without being read: each is read (identity and content fingerprint) in queue order, a
// few at once, before the scheduler may start it, and the batch's duplicate policy is applied as each read arrives.
// The scheduler starts no file whose fingerprint is still null, so a duplicate is never uploaded against the policy;
// a restart finds such rows again and reads them (the journal holds everything this needs).
import type { FileRow, Journal } from '../journal/journal'
import { lateDuplicateOf, type Identified } from '../intake/enqueue'
import { fileErrorKind, fileProblemMessage } from '../intake/fileProblems'
import { OrderedReads, readIdentity, type FileRead } from '../intake/orderedReads'
import type { Logger } from '../logging/logger'
import type { DuplicatePolicy, FileError } from '../../shared/uploads'
import { changeState } from './stateChanges'

/** Files journaled unread, in queue order, with what the scan read of them (by path, reused while unchanged). */
export interface UnreadFiles {
  files: ReadonlyArray<{ id: number; path: string }>
  scanReads?: ReadonlyMap<string, Identified>
}

export interface IdentificationHooks {
  policyOf(batchId: number): DuplicatePolicy
  /** A file read and free to run, in queue order. */
  runnable(id: number): void
  /** A file whose row changed for the window (a notice, a skip, a failure). */
  touch(id: number): void
  /** A file of this batch left the queue (skipped or failed): the batch may be finished. */
  batchChanged(batchId: number): void
  /** After every run of reads: the scheduler may start what became runnable. */
  pump(): void
}

export class Identification {
  private readonly reads: OrderedReads<{ id: number; path: string }>
  private readonly wanted = new Set<number>()
  /** What the scan read of files, by path, reused while the file is unchanged. */
  private readonly earlier = new Map<string, Identified>()

  constructor(
    private readonly journal: Journal,
    private readonly logger: Logger,
    private readonly hooks: IdentificationHooks
  ) {
    this.reads = new OrderedReads(
      ({ path }) => {
        const earlier = this.earlier.get(path)
        this.earlier.delete(path)
        return readIdentity(path, earlier)
      },
      (results) => this.apply(results),
      undefined,
      (err) => this.logger.warn('intake', `reading queued files stopped: ${err instanceof Error ? err.message : String(err)}`)
    )
  }

  /** Files being read or waiting for a read. */
  get size(): number {
    return this.reads.size
  }

  /** Queues unread files for a read, in this order; a file already waiting keeps its place. */
  want(files: UnreadFiles['files'], scanReads?: UnreadFiles['scanReads']): void {
    for (const [path, read] of scanReads ?? []) this.earlier.set(path, read)
    const fresh = files.filter((f) => !this.wanted.has(f.id))
    for (const f of fresh) this.wanted.add(f.id)
    this.reads.push(fresh.map((f) => ({ id: f.id, path: f.path })))
  }

  stop(): void {
    this.reads.stop()
  }

  /** A run of reads, in queue order, journaled in one transaction with the states they change. */
  private apply(results: ReadonlyArray<{ item: { id: number }; read: FileRead }>): void {
    const runnable: number[] = []
    const changed: FileRow[] = []
    const settled = new Set<number>()
    const { journal } = this
    try {
      journal.transaction(() => {
        for (const { item, read } of results) {
          this.wanted.delete(item.id)
          const row = journal.getFile(item.id)
          // Paused or canceled meanwhile: read again when it is queued again (the scheduler hands it back).
          if (!row || row.state !== 'queued' || row.fingerprint !== null) continue
          if ('problem' in read || read.identity.size === 0) {
            const error = 'problem' in read ? { kind: fileErrorKind(read.problem), message: fileProblemMessage(read.problem, 'chosen') } : EMPTY
            changeState(journal, row.id, 'failed', { error, finishedAt: Date.now() })
            changed.push(row)
            settled.add(row.batchId)
            continue
          }
          const late = lateDuplicateOf(journal, row, read, this.hooks.policyOf(row.batchId))
          if (late.skip) {
            changeState(journal, row.id, 'skipped', late.patch)
            settled.add(row.batchId)
          } else {
            journal.updateFile(row.id, late.patch)
            runnable.push(row.id)
          }
          if (late.duplicateOf !== null) journal.setDuplicateOf(row.id, late.duplicateOf)
          // A plain read changes nothing the window shows; a duplicate's notice (or skip) does.
          if (late.patch.notice) changed.push(row)
        }
      })
    } catch (err) {
      this.logger.error('engine', `recording file reads failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`)
      return
    }
    for (const row of changed) this.hooks.touch(row.id)
    for (const id of runnable) this.hooks.runnable(id)
    for (const batchId of settled) this.hooks.batchChanged(batchId)
    this.hooks.pump()
  }
}

const EMPTY: FileError = { kind: 'file-changed', message: 'Empty file (0 bytes): nothing to upload.' }
