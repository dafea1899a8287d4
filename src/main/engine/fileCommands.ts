// What the user's recovery commands do to a failed or canceled file, once the action rule (actionRule.ts) allowed
// them: retry where asking again can work, upload again as a new entry after Kaltura's processing failed, point at
// a file that moved (Locate…), take a file out of the queue (Remove), queue a canceled file again, and retire a
// failed row once a later copy of the same content finished. The journal keeps every row as history.
import { basename } from 'node:path'
import type { FileRow, Journal } from '../journal/journal'
import { identifyFile } from '../intake/fileIdentity'
import { fileProblemMessage, problemOfFsError } from '../intake/fileProblems'
import { mediaKindOf } from '../intake/mediaKinds'
import { newReferenceId } from '../intake/enqueue'
import type { Logger } from '../logging/logger'
import { isCancelable } from '../../shared/fileStates'
import type { BatchMetadata, MediaKind } from '../../shared/uploads'
import type { KalturaApi } from './kalturaApi'
import { describe } from './runErrors'
import { changeState } from './stateChanges'

/** The engine's parts these commands move files through. */
export interface CommandHost {
  journal: Journal
  logger: Logger
  /** Hands a queued file to the scheduler and tells the window. */
  enqueue(id: number): void
  /** Follows an entry whose content arrived, until Kaltura says ready or failed. */
  follow(id: number): void
  /** Drops the live progress of a file that starts over. */
  forgetProgress(id: number): void
  touch(id: number): void
  /** Files that left the list (kept in the journal): the window drops their rows. */
  removed(ids: number[]): void
  /** The Kaltura API of the batch's account. */
  apiFor(batchId: number): Promise<KalturaApi>
  metadataOf(batchId: number): BatchMetadata
  batchChanged(batchId: number): void
}

const KIND_WORDS: Readonly<Record<MediaKind, string>> = { video: 'a video file', audio: 'an audio file', image: 'an image file' }

const START_OVER = { tokenId: null, uploaded: false, confirmedBytes: 0 } as const

/** Puts failed files back to work where asking again can help (the rule has already said it can). */
export function retryRows(host: CommandHost, rows: readonly FileRow[]): void {
  for (const row of rows) {
    host.forgetProgress(row.id)
    if (row.entryId && row.contentAttached) {
      // The content is on its entry already: follow Kaltura's processing again, and say so on the row.
      changeState(host.journal, row.id, 'processing', { error: null, finishedAt: null })
      host.follow(row.id)
      host.touch(row.id)
      continue
    }
    const startOver = row.error?.kind === 'token-expired'
    changeState(host.journal, row.id, 'queued', { error: null, finishedAt: null, ...(startOver ? START_OVER : {}) })
    if (startOver) host.journal.resetChunks(row.id, 0, false)
    host.enqueue(row.id)
  }
}

/**
 * Kaltura could not process the entry (conversion failed, entry deleted): the same file goes up again from the
 * start to a new entry. The old entry's token was consumed by media.addContent, and its referenceId would lead
 * entryCreation's look-up back to the failed entry, so both are new; the old entry id stays on the row and in the log.
 */
export function reuploadRows(host: CommandHost, rows: readonly FileRow[]): void {
  for (const row of rows) {
    const old = row.entryId
    host.logger.info('engine', `file ${row.id}: uploading again as a new entry${old ? ` (entry ${old} could not be processed)` : ''}`)
    host.forgetProgress(row.id)
    changeState(host.journal, row.id, 'queued', {
      ...START_OVER,
      entryId: null,
      contentAttached: false,
      entryStatus: null,
      error: null,
      finishedAt: null,
      referenceId: newReferenceId(host.metadataOf(row.batchId)),
      notice: old ? `Uploading again as a new entry; Kaltura could not process entry ${old}.` : 'Uploading again as a new entry.'
    })
    host.journal.resetChunks(row.id, 0, false)
    host.enqueue(row.id)
  }
}

/**
 * Points a failed file at where it is now. The very same file (device, inode, size, time and fingerprint) keeps
 * its partial upload, as the server confirmed it; any other file starts over, so content is never mixed.
 * Returns why it cannot, or null when the file is queued.
 */
export async function locateRow(host: CommandHost, row: FileRow, path: string): Promise<string | null> {
  let found: Awaited<ReturnType<typeof identifyFile>>
  try {
    found = await identifyFile(path)
  } catch (err) {
    return fileProblemMessage(problemOfFsError(err), 'chosen')
  }
  const { identity, fingerprint } = found
  if (identity.size === 0) return 'That file is empty (0 bytes): nothing to upload.'
  const name = basename(path)
  if (mediaKindOf(name) !== row.kind) return `That is not ${KIND_WORDS[row.kind]} like the one that was queued.`
  const same =
    identity.size === row.size && Math.abs(identity.mtimeMs - row.mtimeMs) <= 1 && fingerprint === row.fingerprint && identity.ino === row.ino && identity.dev === row.dev
  host.forgetProgress(row.id)
  changeState(host.journal, row.id, 'queued', {
    ...(same ? {} : START_OVER),
    path,
    name,
    relativePath: name,
    ...identity,
    fingerprint,
    error: null,
    finishedAt: null,
    notice: same ? `Found at ${path}; continuing where it was.` : `Located at ${path}; uploading it from the start.`
  })
  if (!same) host.journal.resetChunks(row.id, 0, false)
  host.logger.info('engine', `file ${row.id}: located at a new path (${same ? 'same file' : 'different file, starting over'})`)
  host.enqueue(row.id)
  return null
}

/** Takes files out of the queue for good: canceled, archived out of the list, kept in the journal as history. */
export function retireRows(host: CommandHost, rows: readonly FileRow[], notice: string): void {
  if (rows.length === 0) return
  for (const row of rows) {
    changeState(host.journal, row.id, 'canceled', { notice, finishedAt: Date.now() })
    host.journal.resetChunks(row.id, 0, false)
    host.forgetProgress(row.id)
    if (row.tokenId && !row.entryId) void dropUpload(host, row)
  }
  const ids = rows.map((r) => r.id)
  host.journal.archiveFiles(ids)
  host.removed(ids)
  for (const batchId of new Set(rows.map((r) => r.batchId))) host.batchChanged(batchId)
}

/** Cancels one file for good: stops its run, then deletes its partial upload on the server (best effort). */
export async function cancelForGood(host: CommandHost & { stopRun(id: number): Promise<void> }, id: number): Promise<void> {
  if (!isCancelable(host.journal.getFile(id)?.state ?? 'canceled')) return
  await host.stopRun(id)
  const now = host.journal.getFile(id)
  if (!now || !isCancelable(now.state)) return
  changeState(host.journal, id, 'canceled', { finishedAt: Date.now() })
  host.journal.resetChunks(id, 0, false)
  host.touch(id)
  if (now.tokenId && !now.entryId) void dropUpload(host, now)
  host.batchChanged(now.batchId)
}

/** A canceled or removed file's partial upload is of no use on the server; the server expires it anyway. */
async function dropUpload(host: CommandHost, row: FileRow): Promise<void> {
  try {
    const api = await host.apiFor(row.batchId)
    await api.uploadToken.delete(row.tokenId!, { timeoutMs: 15_000 })
  } catch (err) {
    host.logger.info('engine', `file ${row.id}: could not delete its upload token: ${describe(err)}`)
  }
}

/** Canceled files start again; the run asks the server whether their upload token still exists. */
export function requeueRows(host: CommandHost, rows: readonly FileRow[]): void {
  for (const row of rows) {
    host.forgetProgress(row.id)
    changeState(host.journal, row.id, 'queued', { error: null, finishedAt: null, notice: null })
    host.enqueue(row.id)
  }
}

/** A file finished: earlier failed copies of the same content (size and fingerprint) leave the list. */
export function replaceFailedCopies(host: CommandHost, doneId: number): void {
  const done = host.journal.getFile(doneId)
  if (!done?.fingerprint) return
  const copies = host.journal.filesInStates(['failed']).filter((r) => r.id < done.id && r.size === done.size && r.fingerprint === done.fingerprint)
  if (copies.length === 0) return
  host.logger.info('engine', `file ${done.id} finished: replaces failed file(s) ${copies.map((c) => c.id).join(', ')}`)
  retireRows(host, copies, `Replaced by a later copy of the same file that finished${done.entryId ? ` (entry ${done.entryId})` : ''}.`)
}
