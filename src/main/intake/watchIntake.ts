// What a watched folder's ready files become in the journal, through the same enqueue as a drop (enqueue.ts): a
// file the journal already has as it is now (same path, size and modification time) was handed over before and is
// resumed, never journaled twice; any other is a new row, in a batch of the folder's account and details.
//
// A file that changes after it was handed over (a new size or time) is a new version: once it is unchanged again it
// goes up as a new entry, and its row says so. The entry made from the earlier version is left as it is.
import type { FileRow, Journal } from '../journal/journal'
import type { BatchMetadata, DuplicatePolicy } from '../../shared/uploads'
import { enqueueFiles, journaledAsIs, type EnqueueResult } from './enqueue'
import { dirname, sep } from 'node:path'
import { readIntake, sheetProblemLines } from './batchIntake'
import type { ScannedFile, ScanResult } from './scanner'
import { intakeForStart } from './startIntake'
import { FolderWatcher, type FolderWatcherOptions } from './watchFolder'

/** Where a watched folder's files go. */
export interface WatchTarget {
  folder: string
  profileId: string
  metadata: BatchMetadata
  duplicatePolicy: DuplicatePolicy
}

export interface WatchIntake {
  /** Newly journaled files (queued, or skipped as duplicates by the folder's policy). */
  fileIds: number[]
  /** Files the journal had as they are now: for the engine to resume (or leave, when they are finished). */
  known: number[]
  /** Of the new files, those that replace an earlier version uploaded or queued from the same path. */
  newVersions: number
  rejected: EnqueueResult['rejected']
  /** Ready files held back until their metadata sheet is fixed, and the sheet's problems. */
  held: ReadonlySet<string>
  problem: string | null
}


export function handedBefore(journal: Journal, file: Pick<ScannedFile, 'path' | 'size' | 'mtimeMs'>): boolean {
  return journaledAsIs(journal, file) !== null
}

/**
 * Journals the ready files that are new, with what the sheets and caption files beside them give each (as a drop's
 * Start does). A file below a sheet with a refused line is held back, with the sheet's problems, until the sheet is
 * fixed: it would otherwise go up without the details the sheet meant for it.
 */
export async function takeWatchedFiles(
  journal: Journal,
  target: WatchTarget,
  files: readonly ScannedFile[],
  scan: { files: readonly ScannedFile[]; companions: ScanResult['companions'] } = { files, companions: [] }
): Promise<WatchIntake> {
  const known: number[] = []
  const fresh: ScannedFile[] = []
  const earlier = new Map<string, FileRow>()
  for (const file of files) {
    const row = journaledAsIs(journal, file)
    if (row) {
      if (row.state !== 'canceled') known.push(row.id)
      continue
    }
    fresh.push(file)
    const before = journal.latestByPath(file.path)
    if (before && before.state !== 'canceled') earlier.set(file.path, before)
  }
  if (fresh.length === 0) return { fileIds: [], known, newVersions: 0, rejected: [], held: new Set(), problem: null }

  const intake = scan.companions.length > 0 ? await readIntake(scan) : undefined
  const refused = (intake?.sheets ?? []).filter((sheet) => sheet.problems.length > 0)
  const underRefused = (file: ScannedFile): boolean => refused.some((sheet) => file.path.startsWith(dirname(sheet.path) + sep))
  const held = new Set(fresh.filter(underRefused).map((file) => file.path))
  const taken = fresh.filter((file) => !held.has(file.path))
  const problem = refused.length === 0 ? null : `${held.size} file(s) wait until the metadata sheet is fixed: ${sheetProblemLines({ ...intake!, sheets: refused }).join('; ')}`
  if (taken.length === 0) return { fileIds: [], known, newVersions: 0, rejected: [], held, problem }
  const perFile = await intakeForStart(intake, taken, { metadata: target.metadata })
  const result = await enqueueFiles(journal, { files: taken, profileId: target.profileId, metadata: target.metadata, duplicatePolicy: target.duplicatePolicy, perFile })
  let newVersions = 0
  for (const id of result.fileIds) {
    const row = journal.getFile(id)
    if (!row) continue
    const before = earlier.get(row.path)
    if (before) newVersions += 1
    // A duplicate's notice says more than where the file came from; it stays.
    if (row.notice === null) journal.updateFile(id, { notice: before ? newVersionNotice(before) : `Found in the watched folder ${target.folder}.` })
  }
  return { fileIds: result.fileIds, known: [...known, ...result.known], newVersions, rejected: result.rejected, held, problem }
}

function newVersionNotice(before: FileRow): string {
  if (before.entryId) return `A new version of a watched file (it changed after entry ${before.entryId} was made from it): uploaded as a new entry.`
  return 'A new version of a watched file (it changed while an earlier copy of it was queued or uploading): uploaded from the start.'
}

export interface WatchedFolderOptions extends Pick<FolderWatcherOptions, 'stableMs' | 'pollMs' | 'kinds' | 'onPoll' | 'onError' | 'now'> {
  journal: Journal
  target: WatchTarget
  /** Told what each hand-over journaled; the caller hands the ids to the engine. */
  onTaken(intake: WatchIntake): void
}

/** A watcher whose ready files go into the journal: the one wiring the app and the command share. */
export function watchFolderIntoJournal(opts: WatchedFolderOptions): FolderWatcher {
  const { journal, target, onTaken, ...timing } = opts
  const watcher = new FolderWatcher({
    ...timing,
    folder: target.folder,
    handedBefore: (file) => handedBefore(journal, file),
    handOver: async (files, scan) => {
      const taken = await takeWatchedFiles(journal, target, files, scan)
      onTaken(taken)
      return taken
    }
  })
  watcher.start()
  return watcher
}
