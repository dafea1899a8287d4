// Makes the file's Kaltura entry and attaches the uploaded token to it, exactly once even across crashes: the intent
// is journaled before media.add, the entry is looked up (by referenceId, or by a mark tag where the account drops
// referenceId or the user gave the referenceId: entryLookup.ts) before it is added, and its status says whether the
// content is attached. Then the entry is put in its categories (entryCategories.ts) and given its captions
// (entryCaptions.ts) before the file counts as attached, so a restart in between still does both.
import { EntryStatus, type MediaEntry, type NewMediaEntry } from '../kaltura'
import type { RetryHooks } from './retry'
import type { BatchRow, FileRow, Journal } from '../journal/journal'
import type { ReferenceIdHandling } from '../journal/referenceIdSupport'
import type { KalturaApi } from './kalturaApi'
import type { Logger } from '../logging/logger'
import { KALTURA_MEDIA_TYPE } from '../intake/mediaKinds'
import { resolveEntryFields } from '../../shared/entryFields'
import { findEarlierEntry, hasUserReferenceId, MEDIA_ADD_TIMEOUT_MS, patientUntil, type LookupScope } from './entryLookup'
import { assignCategories } from './entryCategories'
import { sendCaptions } from './entryCaptions'
import { carriesMark, newEntryMark, tagsWithMark, userTags } from './entryMarks'
import type { RetryPolicyOptions } from './retryPolicy'
import { FileFailure, VerifyAgain } from './runErrors'
import { nothingMade } from './kalturaAnswers'

export interface EntryContext {
  api: KalturaApi
  journal: Journal
  logger: Logger
  batch: BatchRow
  fileId: number
  /** A Kaltura call under the run's retry loop. */
  call<T>(what: string, fn: (signal: AbortSignal) => Promise<T>, hooks?: RetryHooks<T>): Promise<T>
  /** The run's stop; patient look-ups wait on it. */
  signal: AbortSignal
  /** The run's retry timings; patient look-ups are spaced by its back-off. */
  retry: RetryPolicyOptions
}

export async function attachEntry(ctx: EntryContext): Promise<void> {
  const row = (): FileRow => ctx.journal.getFile(ctx.fileId)!
  const { api, call } = ctx
  if (!row().entryId) await findOrCreateEntry(ctx, row)
  const { entryId, tokenId } = row()
  const entry = await call('media.get', (signal) => api.media.get(entryId!, { signal })).catch((err: unknown) => {
    if (err instanceof FileFailure && err.fileError.code === 'ENTRY_ID_NOT_FOUND') {
      ctx.journal.updateFile(ctx.fileId, { entryId: null, notice: 'The entry was deleted on the server; a new one was created.' })
      throw new VerifyAgain()
    }
    throw err
  })
  if (row().entryMark) await takeOffMark(ctx, entry)
  if (entry.status === EntryStatus.NO_CONTENT) {
    try {
      await call('media.addContent', (signal) => api.media.addContent(entryId!, tokenId!, { signal }))
    } catch (err) {
      if (!(err instanceof FileFailure && err.fileError.code === 'ENTRY_ALREADY_WITH_CONTENT')) throw err
    }
  }
  await assignCategories(ctx, entryId!)
  await sendCaptions(ctx, entryId!)
  ctx.journal.updateFile(ctx.fileId, { contentAttached: true })
}

async function findOrCreateEntry(ctx: EntryContext, row: () => FileRow): Promise<void> {
  const { journal, batch } = ctx
  const scope: LookupScope = { api: ctx.api, call: (what, fn) => ctx.call(what, fn), signal: ctx.signal, retry: ctx.retry, logger: ctx.logger, label: `file ${ctx.fileId}`, now: Date.now, heldElsewhere: (ids) => journal.entriesInUse(ids) }
  const handling = (): ReferenceIdHandling => journal.referenceIds.of(batch.profileId)
  const lookPatientlyIfUnsure = (): Promise<MediaEntry | undefined> => findEarlierEntry(scope, row(), handling(), patientUntil(row(), Date.now()))
  // A crash or a lost reply between media.add and the journal write must not make a second entry: look for ours first.
  let entry = await lookPatientlyIfUnsure()
  if (!entry) {
    // An account not yet known to keep referenceId is marked too: its first entries could not be found otherwise. So
    // is a file whose referenceId the user gave: other entries may carry it (entryLookup.ts). One whose session could
    // not take a mark off is not: the mark would stay on every entry the customer sees.
    const marking = (handling() !== 'kept' || hasUserReferenceId(row())) && journal.referenceIds.marksRemovable(batch.profileId)
    if (!row().entryMark && marking) journal.updateFile(ctx.fileId, { entryMark: newEntryMark() })
    entry = await ctx.call('media.add', (signal) => sendMediaAdd(ctx, signal), {
      // media.add is not idempotent: a reply lost after the server stored the entry (a Wi-Fi drop, a proxy timeout)
      // would leave an empty stray entry on the account if it were simply sent again. Look before repeating it.
      beforeRetry: async () => {
        const found = await lookPatientlyIfUnsure()
        return found ? { value: found } : undefined
      }
    })
  }
  // A found entry tells as much as a reply: its referenceId is there or it is not.
  noteReferenceIdHandling(ctx, row(), entry)
  journal.updateFile(ctx.fileId, { entryId: entry.id, entryStatus: numericStatus(entry.status), mediaAddSentAt: null })
  ctx.logger.info('entry', `file ${ctx.fileId}: entry ${entry.id}`)
}

/** One media.add attempt, its intent journaled first; an answer that says nothing was made clears the intent. */
async function sendMediaAdd(ctx: EntryContext, signal: AbortSignal): Promise<MediaEntry> {
  ctx.journal.updateFile(ctx.fileId, { mediaAddSentAt: Date.now() })
  // Read in the same synchronous step that marks the add as sent: an edit of the file's details (files:editFields,
  // allowed until that mark) saved while this call waited for a connection is sent, never lost.
  const file = ctx.journal.getFile(ctx.fileId)!
  try {
    return await ctx.api.media.add(newEntry(file, ctx.batch), { signal, timeoutMs: MEDIA_ADD_TIMEOUT_MS })
  } catch (err) {
    if (nothingMade(err)) ctx.journal.updateFile(ctx.fileId, { mediaAddSentAt: null })
    throw err
  }
}

/** Remembers per account whether the reply echoed the referenceId; says so in the log when that is news. */
function noteReferenceIdHandling(ctx: EntryContext, file: FileRow, entry: MediaEntry): void {
  const kept = entry.referenceId === file.referenceId
  if (!ctx.journal.referenceIds.record(ctx.batch.profileId, kept)) return
  if (kept) ctx.logger.info('entry', `account ${ctx.batch.profileId}: Kaltura keeps the referenceId of new entries`)
  else {
    ctx.logger.warn(
      'entry',
      `account ${ctx.batch.profileId}: Kaltura dropped the referenceId of a new entry (the session may not set it); new entries carry a temporary mark tag until their id is journaled`
    )
  }
}

/** Puts the user's tags back once the entry id is journaled (or found by its mark after a crash). */
async function takeOffMark(ctx: EntryContext, entry: MediaEntry): Promise<void> {
  const mark = ctx.journal.getFile(ctx.fileId)!.entryMark!
  if (carriesMark(entry.tags, mark)) {
    let removed: boolean
    try {
      const updated = await ctx.call('media.update', (signal) => ctx.api.media.update(entry.id, { tags: userTags(ctx.batch, ctx.journal.getFile(ctx.fileId)!) }, { signal }))
      // Changing tags needs CONTENT_MANAGE_METADATA or a user session (object.KalturaBaseEntry.ini:164-171); without
      // it Kaltura drops the change silently, as it drops referenceId.
      removed = !carriesMark(updated.tags, mark)
    } catch (err) {
      // A role may create entries but not update them (media.add and media.update have different permission lists,
      // service.media.ini): the file itself is fine.
      if (!(err instanceof FileFailure && err.fileError.code !== undefined)) throw err
      removed = false
    }
    if (ctx.journal.referenceIds.recordMarkRemoval(ctx.batch.profileId, removed) && !removed) {
      ctx.logger.warn(
        'entry',
        `account ${ctx.batch.profileId}: Kaltura would not take the mark tag off entry ${entry.id} (the session may not change tags); later entries are not marked, so a crash right after creating one may leave a second entry`
      )
    }
  }
  ctx.journal.updateFile(ctx.fileId, { entryMark: null })
}

/** The entry media.add creates: the file's own details over its batch's (shared/entryFields.ts), plus the mark. */
function newEntry(row: FileRow, batch: BatchRow): NewMediaEntry {
  const fields = resolveEntryFields(batch.metadata, row.name, row.entryFields)
  const tags = tagsWithMark(fields.tags || undefined, row.entryMark)
  return {
    name: fields.title,
    mediaType: KALTURA_MEDIA_TYPE[row.kind],
    referenceId: row.referenceId,
    ...(fields.description ? { description: fields.description } : {}),
    ...(tags ? { tags } : {})
  }
}

function numericStatus(status: unknown): number | null {
  return typeof status === 'number' ? status : null
}
