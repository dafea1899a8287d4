// What the window sees of the engine: one file's row (journal facts plus its run's live progress and waiting
// reason) and the totals over every listed file.
import type { FileRow, Journal } from '../journal/journal'
import type { CaptionStore } from '../journal/captions'
import type { FileState, FileView, HeldAccount, Totals } from '../../shared/uploads'
import type { RateReading } from './batchRate'
import type { FileRun } from './fileRun'
import type { FileProgress, ProgressTracker } from './progress'

/** States whose bytes are still to send: what "left" counts. Paused and failed files wait for the user. */
const LEFT_STATES: readonly FileState[] = ['queued', 'uploading', 'finalizing']
const UNCOUNTED_STATES: readonly FileState[] = ['canceled', 'skipped']

export function fileView(row: FileRow, tracker: ProgressTracker | undefined, run: FileRun | undefined, journal: Journal): FileView {
  const p = tracker ? tracker.snapshot() : restingProgress(row)
  const captions = captionsByFile(journal.captions).get(row.id)
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
    confirmedBytes: row.state === 'done' ? row.size : p.confirmedBytes,
    inFlightBytes: run ? p.inFlightBytes : 0,
    speed: run ? p.speed : 0,
    etaSeconds: run ? p.etaSeconds : null,
    ...(captions ? { captions } : {})
  }
}

type CaptionViews = NonNullable<FileView['captions']>
const captionIndexes = new WeakMap<CaptionStore, { revision: number; byFile: Map<number, CaptionViews> }>()

/**
 * Every listed file's caption languages and states, read in one query and kept until the captions table changes (the
 * store counts its writes): a list of 10,000 rows is built often, and its captions change rarely.
 */
function captionsByFile(store: CaptionStore): Map<number, CaptionViews> {
  const cached = captionIndexes.get(store)
  if (cached && cached.revision === store.revision) return cached.byFile
  const byFile = new Map<number, CaptionViews>()
  for (const { fileId, language, state } of store.badgesOfListedFiles()) {
    const list = byFile.get(fileId)
    if (list) list.push({ language, state })
    else byFile.set(fileId, [{ language, state }])
  }
  captionIndexes.set(store, { revision: store.revision, byFile })
  return byFile
}

/**
 * Totals from the journal's counts, plus what trackers know the server confirmed beyond the journal's contiguous
 * offset (chunks acknowledged out of order). Trackers outlive their runs, so a pause or an outage, which ends or
 * stalls a run, takes nothing away from the total.
 */
export function totalsOf(journal: Journal, trackers: Iterable<ProgressTracker>, rate: RateReading): Totals {
  const byState: Partial<Record<FileState, number>> = {}
  let files = 0
  let bytes = 0
  let confirmed = 0
  let filesLeft = 0
  let bytesLeft = 0
  for (const c of journal.stateCounts()) {
    files += c.files
    byState[c.state] = c.files
    if (UNCOUNTED_STATES.includes(c.state)) continue
    bytes += c.bytes
    confirmed += c.confirmed
    if (!LEFT_STATES.includes(c.state)) continue
    filesLeft += c.files
    bytesLeft += c.bytes - c.confirmed
  }
  let inFlight = 0
  for (const tracker of trackers) {
    const p = tracker.snapshot()
    // A tracker at size may still be ahead of the journal (every chunk acknowledged, the final call not yet): only
    // one with nothing at all can be passed over without a look at its row.
    if (p.confirmedBytes + p.inFlightBytes === 0) continue
    const row = journal.getFile(tracker.fileId)
    if (!row || UNCOUNTED_STATES.includes(row.state)) continue
    const extra = Math.max(0, p.confirmedBytes - (row.state === 'done' || row.uploaded ? row.size : row.confirmedBytes))
    confirmed += extra
    inFlight += p.inFlightBytes
    if (LEFT_STATES.includes(row.state)) bytesLeft -= extra
  }
  confirmed = Math.min(confirmed, bytes)
  bytesLeft = Math.max(0, bytesLeft)
  const moving = rate.flow === 'moving' && rate.speed !== null && rate.speed >= 1
  return {
    files,
    byState,
    bytes,
    confirmedBytes: confirmed,
    inFlightBytes: Math.min(inFlight, bytes - confirmed),
    filesLeft,
    bytesLeft,
    speed: rate.speed,
    etaSeconds: moving && rate.speed !== null ? Math.ceil(bytesLeft / rate.speed) : null,
    flow: rate.flow
  }
}

function restingProgress(row: FileRow): FileProgress {
  const confirmed = row.state === 'done' || row.uploaded ? row.size : row.confirmedBytes
  return { fileId: row.id, size: row.size, confirmedBytes: confirmed, inFlightBytes: 0, speed: 0, etaSeconds: null }
}

/** The accounts the engine holds, named as the user named them. */
export function heldAccountsOf(journal: Journal, held: ReadonlyMap<string, string>): HeldAccount[] {
  return [...held].map(([profileId, message]) => ({ profileId, name: journal.getProfile(profileId)?.name ?? 'An account', message }))
}
