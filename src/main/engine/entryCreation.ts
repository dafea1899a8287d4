// Makes the file's Kaltura entry and attaches the uploaded token to it, exactly once even across crashes: the
// entry is looked up by its referenceId before it is added, and its status says whether the content is attached.
import { basename, extname } from 'node:path'
import { EntryStatus, type MediaEntry, type NewMediaEntry } from '../kaltura'
import type { RetryHooks } from './retry'
import type { BatchRow, FileRow, Journal } from '../journal/journal'
import type { KalturaApi } from './kalturaApi'
import type { Logger } from '../logging/logger'
import { KALTURA_MEDIA_TYPE } from '../intake/mediaKinds'
import { FileFailure, VerifyAgain } from './runErrors'

/** media.list shows READY entries only unless told otherwise; ours may still be empty or processing. */
const ANY_LIVE_ENTRY_STATUS = [
  EntryStatus.ERROR_IMPORTING,
  EntryStatus.ERROR_CONVERTING,
  EntryStatus.IMPORT,
  EntryStatus.PRECONVERT,
  EntryStatus.READY,
  EntryStatus.PENDING,
  EntryStatus.MODERATE,
  EntryStatus.BLOCKED,
  EntryStatus.NO_CONTENT
]

export interface EntryContext {
  api: KalturaApi
  journal: Journal
  logger: Logger
  batch: BatchRow
  fileId: number
  /** A Kaltura call under the run's retry loop. */
  call<T>(what: string, fn: (signal: AbortSignal) => Promise<T>, hooks?: RetryHooks<T>): Promise<T>
}

export async function attachEntry(ctx: EntryContext): Promise<void> {
  const row = (): FileRow => ctx.journal.getFile(ctx.fileId)!
  const { api, call } = ctx
  if (!row().entryId) {
    const file = row()
    const ours = async (signal: AbortSignal): Promise<MediaEntry | undefined> =>
      (await api.media.list({ referenceIdEqual: file.referenceId, statusIn: ANY_LIVE_ENTRY_STATUS }, undefined, { signal })).objects.find(
        (e) => e.status !== EntryStatus.DELETED
      )
    // A crash between media.add and the journal write must not make a second entry: look for ours first.
    const entry =
      (await call('media.list', ours)) ??
      (await call('media.add', (signal) => api.media.add(newEntry(file, ctx.batch), { signal }), {
        // media.add is not idempotent: a reply lost after the server stored the entry (a Wi-Fi drop, a proxy timeout)
        // would leave an empty stray entry on the account if it were simply sent again. Look before repeating it.
        beforeRetry: async () => {
          const found = await call('media.list', ours)
          return found ? { value: found } : undefined
        }
      }))
    ctx.journal.updateFile(ctx.fileId, { entryId: entry.id, entryStatus: numericStatus(entry.status) })
    ctx.logger.info('entry', `file ${ctx.fileId}: entry ${entry.id}`)
  }
  const { entryId, tokenId } = row()
  const entry = await call('media.get', (signal) => api.media.get(entryId!, { signal })).catch((err: unknown) => {
    if (err instanceof FileFailure && err.fileError.code === 'ENTRY_ID_NOT_FOUND') {
      ctx.journal.updateFile(ctx.fileId, { entryId: null, notice: 'The entry was deleted on the server; a new one was created.' })
      throw new VerifyAgain()
    }
    throw err
  })
  if (entry.status === EntryStatus.NO_CONTENT) {
    try {
      await call('media.addContent', (signal) => api.media.addContent(entryId!, tokenId!, { signal }))
    } catch (err) {
      if (!(err instanceof FileFailure && err.fileError.code === 'ENTRY_ALREADY_WITH_CONTENT')) throw err
    }
  }
  ctx.journal.updateFile(ctx.fileId, { contentAttached: true })
}

function newEntry(row: FileRow, batch: BatchRow): NewMediaEntry {
  const meta = batch.metadata
  return {
    name: basename(row.name, extname(row.name)) || row.name,
    mediaType: KALTURA_MEDIA_TYPE[row.kind],
    referenceId: row.referenceId,
    ...(meta.description ? { description: meta.description } : {}),
    ...(meta.tags ? { tags: meta.tags } : {}),
    ...(meta.categories ? { categories: meta.categories } : {})
  }
}

function numericStatus(status: unknown): number | null {
  return typeof status === 'number' ? status : null
}
