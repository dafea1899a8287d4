// What the window reads about a drop or a pick before anything is queued: counts by kind, a preview, skipped items
// by reason, and the duplicates the batch would have, each kind counted with its first examples. The scan is kept
// in main under an id, with what was read of its files.
import { MAX_SUMMARY_FOLDERS, type DuplicateGroup, type ScanDuplicates, type ScanSummary } from '../../shared/ipc-contract'
import type { Journal } from '../journal/journal'
import { intakeOf, intakeSummary, readIntake } from '../intake/batchIntake'
import { identifyAll, previewDuplicates, type DuplicateFound, type Identified } from '../intake/enqueue'
import type { ScanCache } from '../intake/scanCache'
import type { ScanResult } from '../intake/scanner'
import { groupSkips } from '../intake/scannerSkips'

// Enough to show what a reason means and where; the counts say how many more there are.
const SKIP_EXAMPLES_PER_REASON = 5
const DUPLICATE_EXAMPLES = 50
const PREVIEW_FILES = 200

export async function summarizeScan(journal: Journal, scans: ScanCache, result: ScanResult, signal: AbortSignal): Promise<ScanSummary> {
  const { files } = result
  // Each file's identity and fingerprint, read once: for the duplicates here, and again by Start while unchanged.
  const reads = await identifyAll(files, { signal })
  const identified = new Map<string, Identified>()
  reads.forEach((read, i) => {
    if (!('error' in read)) identified.set(files[i]!.path, read)
  })
  const intake = await readIntake(result, { signal })
  const scanId = scans.keep({ files, identified, intake })
  const byKind: ScanSummary['byKind'] = {}
  for (const f of files) byKind[f.kind] = (byKind[f.kind] ?? 0) + 1
  const relative = new Map(files.map((f) => [f.path, f.relativePath]))
  return {
    scanId,
    files: files.length,
    totalBytes: result.totalBytes,
    byKind,
    sample: files.slice(0, PREVIEW_FILES).map((f) => ({ relativePath: f.relativePath, size: f.size, ...intakeOf(intake, f.path) })),
    skipped: groupSkips(result.skipped, SKIP_EXAMPLES_PER_REASON),
    stoppedEarly: result.stoppedEarly,
    duplicates: groupDuplicates(previewDuplicates(journal, files, identified), relative),
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
