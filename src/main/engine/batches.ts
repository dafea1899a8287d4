// The batches files belong to: each one read from the journal once, and told finished exactly when its last open
// file reached done, failed, canceled or skipped (and again if a retry reopens it and it finishes again).
import type { BatchRow, Journal } from '../journal/journal'
import { TERMINAL_STATES } from '../../shared/fileStates'
import type { FileState } from '../../shared/uploads'

export class Batches {
  private readonly rows = new Map<number, BatchRow>()
  private readonly finished = new Set<number>()

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
    const summary: Partial<Record<FileState, number>> = {}
    let open = 0
    for (const c of this.journal.batchStateCounts(batchId)) {
      summary[c.state] = c.files
      if (!TERMINAL_STATES.includes(c.state)) open += c.files
    }
    if (open > 0) {
      this.finished.delete(batchId)
    } else if (!this.finished.has(batchId)) {
      this.finished.add(batchId)
      this.onFinished(batchId, summary)
    }
  }
}
