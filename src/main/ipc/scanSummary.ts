// What the window reads about a drop or a pick before anything is queued: counts by kind, a preview, skipped items
// by reason, and the duplicates the batch would have, each kind counted with its first examples. The summary
// answers right after the walk; the files' content is read in the background (a few at once, in order, until the
// scan is canceled or started) and the duplicates it finds follow as events. The scan is kept in main under an id,
// with what was read of its files.
import { MAX_SUMMARY_FOLDERS, type DuplicateGroup, type ScanDuplicates, type ScanDuplicatesFound, type ScanSummary } from '../../shared/ipc-contract'
import type { Journal } from '../journal/journal'
import { intakeOf, intakeSummary, readIntake } from '../intake/batchIntake'
import { DuplicatePreview, type DuplicateFound, type Identified } from '../intake/enqueue'
import { OrderedReads, readIdentity } from '../intake/orderedReads'
import type { ScanCache } from '../intake/scanCache'
import type { ScannedFile, ScanResult } from '../intake/scanner'
import { groupSkips } from '../intake/scannerSkips'

// Enough to show what a reason means and where; the counts say how many more there are.
const SKIP_EXAMPLES_PER_REASON = 5
const DUPLICATE_EXAMPLES = 50
const PREVIEW_FILES = 200
// The duplicate check's progress goes out a few times a second, and once more when it is done.
const PROGRESS_INTERVAL_MS = 150

export async function summarizeScan(
  journal: Journal,
  scans: ScanCache,
  result: ScanResult,
  found: (progress: ScanDuplicatesFound) => void,
  signal?: AbortSignal
): Promise<ScanSummary> {
  const { files } = result
  // The metadata sheets and caption files beside the videos: small, read before the summary answers.
  const intake = await readIntake(result, signal ? { signal } : {})
  const relative = new Map(files.map((f) => [f.path, f.relativePath]))
  // Known files are decided at once; the others' identity and fingerprint are read once, in the background: for the
  // duplicates here, and by Start (which reuses each read while the file is unchanged).
  const preview = new DuplicatePreview(journal)
  const unread = files.filter((f) => !preview.known(f))
  const identified = new Map<string, Identified>()
  let checked = 0
  let sentAt = performance.now()
  const reads = new OrderedReads<ScannedFile>(
    (f) => readIdentity(f.path),
    (results) => {
      // The journal closed (the app is quitting, or a test ended): nothing is left to compare the reads with.
      if (!journal.db.open) return reads.stop()
      for (const { item, read } of results) {
        checked++
        if ('problem' in read) continue
        identified.set(item.path, read)
        preview.read(item, read)
      }
      const done = checked === unread.length
      if (!done && performance.now() - sentAt < PROGRESS_INTERVAL_MS) return
      sentAt = performance.now()
      found({ scanId, checked, total: unread.length, done, duplicates: groupDuplicates(preview.found, relative) })
    }
  )
  const scanId = scans.keep({ files, identified, intake, foreseen: preview.found, stopReading: () => reads.stop() })
  reads.push(unread)
  const byKind: ScanSummary['byKind'] = {}
  for (const f of files) byKind[f.kind] = (byKind[f.kind] ?? 0) + 1
  return {
    scanId,
    files: files.length,
    totalBytes: result.totalBytes,
    byKind,
    sample: files.slice(0, PREVIEW_FILES).map((f) => ({ relativePath: f.relativePath, size: f.size, ...intakeOf(intake, f.path) })),
    skipped: groupSkips(result.skipped, SKIP_EXAMPLES_PER_REASON),
    stoppedEarly: result.stoppedEarly,
    duplicates: groupDuplicates(preview.found, relative),
    ...(unread.length > 0 ? { duplicateCheck: { checked: 0, total: unread.length } } : {}),
    ...intakeSummary(intake),
    folders: foldersOf(files)
  }
}

/** The distinct folders of the files relative to the drop ("" for the top), in the order met, at most MAX_SUMMARY_FOLDERS. */
function foldersOf(files: ScanResult['files']): string[] {
  const folders = new Set<string>()
  for (const f of files) {
    const cut = Math.max(f.relativePath.lastIndexOf('/'), f.relativePath.lastIndexOf('\\'))
    folders.add(cut < 0 ? '' : f.relativePath.slice(0, cut))
    if (folders.size >= MAX_SUMMARY_FOLDERS) break
  }
  return [...folders]
}

function groupDuplicates(found: readonly DuplicateFound[], relative: ReadonlyMap<string, string>): ScanDuplicates {
  const group = (kind: DuplicateFound['kind']): DuplicateGroup => {
    const mine = found.filter((d) => d.kind === kind)
    return {
      count: mine.length,
      examples: mine.slice(0, DUPLICATE_EXAMPLES).map((d) => ({
        relativePath: relative.get(d.path) ?? d.path,
        of: d.entryId ? `entry ${d.entryId}` : (relative.get(d.ofPath) ?? d.ofPath)
      }))
    }
  }
  return { uploaded: group('uploaded'), queued: group('queued'), inBatch: group('in-batch') }
}
