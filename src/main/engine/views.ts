// What the window sees of the engine: one file's row (journal facts plus its run's live progress and waiting
// reason) and the totals over every listed file.
import type { FileRow, Journal } from '../journal/journal'
import type { FileState, FileView, Totals } from '../../shared/uploads'
import type { FileRun } from './fileRun'
import type { FileProgress, ProgressTracker } from './progress'

export function fileView(row: FileRow, tracker: ProgressTracker | undefined, run: FileRun | undefined): FileView {
  const p = tracker ? tracker.snapshot() : restingProgress(row)
  return {
    id: row.id,
    batchId: row.batchId,
    name: row.name,
    relativePath: row.relativePath,
    size: row.size,
    state: row.state,
    waiting: run?.waiting ?? null,
    waitingDetail: run?.waitingDetail ?? null,
    error: row.error,
    notice: row.notice,
    entryId: row.entryId,
    duplicateOf: row.duplicateOf,
    confirmedBytes: p.confirmedBytes,
    inFlightBytes: p.inFlightBytes,
    shownBytes: p.shownBytes,
    speed: run ? p.speed : 0,
    etaSeconds: run ? p.etaSeconds : null
  }
}

/** Totals from the journal's counts, plus what running files have in flight beyond what the journal confirmed. */
export function totalsOf(journal: Journal, running: readonly ProgressTracker[]): Totals {
  const byState: Partial<Record<FileState, number>> = {}
  let files = 0
  let bytes = 0
  let shown = 0
  for (const c of journal.stateCounts()) {
    files += c.files
    byState[c.state] = c.files
    if (c.state === 'canceled' || c.state === 'skipped') continue
    bytes += c.bytes
    shown += c.confirmed
  }
  let speed = 0
  for (const tracker of running) {
    const row = journal.getFile(tracker.fileId)
    if (!row) continue
    const p = tracker.snapshot()
    shown += Math.max(0, p.shownBytes - (row.uploaded ? row.size : row.confirmedBytes))
    speed += p.speed
  }
  shown = Math.min(shown, bytes)
  return { files, byState, bytes, shownBytes: shown, speed, etaSeconds: speed >= 1 ? Math.ceil((bytes - shown) / speed) : null }
}

function restingProgress(row: FileRow): FileProgress {
  const shown = row.state === 'done' || row.uploaded ? row.size : row.confirmedBytes
  return { fileId: row.id, size: row.size, confirmedBytes: shown, inFlightBytes: 0, shownBytes: shown, speed: 0, etaSeconds: null }
}
