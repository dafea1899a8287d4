// What a watched folder's ready files become in the journal, through the same enqueue as a drop (enqueue.ts): a
// file the journal already has as it is now (same path, size and modification time) was handed over before and is
// resumed, never journaled twice; any other is a new row, in a batch of the folder's account and details.
//
// A file that changes after it was handed over (a new size or time) is a new version: once it is unchanged again it
// goes up as a new entry, and its row says so. The entry made from the earlier version is left as it is.
import type { FileRow, Journal } from '../journal/journal'
import type { BatchMetadata, DuplicatePolicy } from '../../shared/uploads'
import { enqueueFiles, type EnqueueResult } from './enqueue'
import type { ScannedFile } from './scanner'
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
}

/** The journal's row for this file exactly as it is now, in any state: a canceled one stays canceled. */
function journaledAsIs(journal: Journal, file: Pick<ScannedFile, 'path' | 'size' | 'mtimeMs'>): FileRow | null {
  const row = journal.latestByPath(file.path)
  return row && row.size === file.size && Math.abs(row.mtimeMs - file.mtimeMs) <= 1 ? row : null
}

export function handedBefore(journal: Journal, file: Pick<ScannedFile, 'path' | 'size' | 'mtimeMs'>): boolean {
  return journaledAsIs(journal, file) !== null
}

export async function takeWatchedFiles(journal: Journal, target: WatchTarget, files: readonly ScannedFile[]): Promise<WatchIntake> {
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
  if (fresh.length === 0) return { fileIds: [], known, newVersions: 0, rejected: [] }

  const result = await enqueueFiles(journal, { files: fresh, profileId: target.profileId, metadata: target.metadata, duplicatePolicy: target.duplicatePolicy })
  let newVersions = 0
  for (const id of result.fileIds) {
    const row = journal.getFile(id)
    if (!row) continue
    const before = earlier.get(row.path)
    if (before) newVersions += 1
    // A duplicate's notice says more than where the file came from; it stays.
    if (row.notice === null) journal.updateFile(id, { notice: before ? newVersionNotice(before) : `Found in the watched folder ${target.folder}.` })
  }
  return { fileIds: result.fileIds, known: [...known, ...result.known], newVersions, rejected: result.rejected }
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
    handOver: async (files) => onTaken(await takeWatchedFiles(journal, target, files))
  })
  watcher.start()
  return watcher
}
