// The batches files belong to: each one read from the journal once, and told finished exactly when its last open
// file reached done, failed, canceled or skipped (and again if a retry reopens it and it finishes again).
import type { BatchRow, Journal } from '../journal/journal'
import { TERMINAL_STATES } from '../../shared/fileStates'
import type { FileState } from '../../shared/uploads'

export class Batches {
  private readonly rows = new Map<number, BatchRow>()
  private readonly finished = new Set<number>()
  /** Per batch, a file last seen open. */
  private readonly openWitness = new Map<number, number>()

  constructor(
    private readonly journal: Journal,
    private readonly onFinished: (batchId: number, summary: Partial<Record<FileState, number>>) => void
  ) {}

  get(id: number): BatchRow {
    let batch = this.rows.get(id)
    if (!batch) {
      batch = this.journal.getBatch(id)
      if (!batch) throw new Error(`batch ${id} is missing from the journal`)
      this.rows.set(id, batch)
    }
    return batch
  }

  /** Looks at the batch after one of its files changed; reports it finished once. */
  check(batchId: number): void {
    if (this.hasOpenFiles(batchId)) {
      this.finished.delete(batchId)
      return
    }
    if (this.finished.has(batchId)) return
    this.finished.add(batchId)
    const summary: Partial<Record<FileState, number>> = {}
    for (const c of this.journal.batchStateCounts(batchId)) summary[c.state] = c.files
    this.onFinished(batchId, summary)
  }

  /**
   * Whether any file of the batch is still open. The file that proved it last time usually still does (one row
   * read); only when it has ended is the batch searched again, newest file first. Counting the whole batch on every
   * change made a batch of n files cost n² row reads.
   */
  private hasOpenFiles(batchId: number): boolean {
    const witness = this.openWitness.get(batchId)
    if (witness !== undefined) {
      const state = this.journal.fileState(witness)
      if (state !== undefined && !TERMINAL_STATES.includes(state)) return true
    }
    const open = this.journal.newestOpenFile(batchId)
    if (open === undefined) {
      this.openWitness.delete(batchId)
      return false
    }
    this.openWitness.set(batchId, open)
    return true
  }
}
