// Finding the entry an earlier media.add of this file may have made: by referenceId and by mark, in every status and
// moderation status, and — when that media.add's outcome is unknown — patiently, because media.list reads a search
// index (sphinx) that lags the database: an entry made seconds ago may not be listed yet, while media.get sees it.
// A referenceId the user gave (a metadata sheet) is no proof of ownership: entries made by another tool, or by an
// earlier upload of the same sheet, may carry it. Such a file is found by its mark, or, where the account cannot take
// marks off, by referenceId only among entries created since its own media.add was sent.
import { EntryModerationStatus, EntryStatus, type MediaEntry, type MediaEntryFilter } from '../kaltura'
import { DEFAULT_CALL_TIMEOUT_MS } from '../kaltura/callOptions'
import type { FileRow } from '../journal/journal'
import type { ReferenceIdHandling } from '../journal/referenceIdSupport'
import type { Logger } from '../logging/logger'
import type { KalturaApi } from './kalturaApi'
import { backoffDelay, type RetryPolicyOptions } from './retryPolicy'
import { sleep } from './sleep'
import { CLOCK_SKEW_ALLOWANCE_S } from './tokenSetup'

/** How long after media.add its entry may still be missing from media.list. */
export const LIST_LAG_BOUND_MS = 10_000
/** media.add gets this whole-request limit, so the end of an attempt is bounded by when it was sent. */
export const MEDIA_ADD_TIMEOUT_MS = DEFAULT_CALL_TIMEOUT_MS

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
/**
 * Without a moderation condition media.list leaves out PENDING_MODERATION and REJECTED entries
 * (KalturaBaseEntryFilter.php:108-120, applied at :186-192, kaltura/server c447fdb3eb): on a moderated partner every
 * new entry is pending (entry.php:516-544), so a look-up without this would never find ours.
 */
const ANY_MODERATION_STATUS = Object.values(EntryModerationStatus)

export interface LookupScope {
  api: KalturaApi
  /** A Kaltura call under the run's retry loop. */
  call<T>(what: string, fn: (signal: AbortSignal) => Promise<T>): Promise<T>
  signal: AbortSignal
  /** The spacing of patient look-ups follows the retry back-off. */
  retry: RetryPolicyOptions
  logger: Logger
  label: string
  now(): number
  /** Which of these entry ids another file of the journal already holds: never this file's. */
  heldElsewhere(entryIds: readonly string[]): Set<string>
}

/**
 * Until when to keep looking for the entry of a media.add whose answer was never read (the journal holds its intent):
 * null when there is none, and one look is enough. That media.add ended at most two request limits after it was sent
 * (a refused KS is renewed and the call sent once more), whether by a reply, a timeout or the process dying, and its
 * entry is listed at most LIST_LAG_BOUND_MS after that; a restart within that window looks until the index has
 * surely caught up, a later one needs one look.
 */
export function patientUntil(file: FileRow, now: number): number | null {
  if (file.mediaAddSentAt === null) return null
  return Math.min(now + LIST_LAG_BOUND_MS, file.mediaAddSentAt + 2 * MEDIA_ADD_TIMEOUT_MS + LIST_LAG_BOUND_MS)
}

/** Whether the file's referenceId is one the user gave (and not the batch's prefix plus an id of its own). */
export function hasUserReferenceId(file: FileRow): boolean {
  return file.entryFields?.referenceId !== undefined && file.entryFields.referenceId === file.referenceId
}

/** Looks once, then (given a deadline) again with back-off until found or the deadline has passed. */
export async function findEarlierEntry(scope: LookupScope, file: FileRow, handling: ReferenceIdHandling, until: number | null): Promise<MediaEntry | undefined> {
  const filters = lookupFilters(file, handling)
  // Nothing that could only be ours to look for: no media.add of this file was sent, or none would be recognised.
  if (filters.length === 0) return undefined
  for (let round = 0; ; round++) {
    const found = await lookOnce(scope, filters)
    if (found) return found
    const wait = until === null ? 0 : Math.min(backoffDelay(round, scope.retry), until - scope.now())
    if (wait <= 0) return undefined
    if (round === 0) scope.logger.info('entry', `${scope.label}: an earlier media.add may have landed; looking for its entry until the list catches up`)
    await sleep(wait, scope.signal)
  }
}

/** The look-ups that find this file's entry and no one else's, in the order they are tried. */
function lookupFilters(file: FileRow, handling: ReferenceIdHandling): MediaEntryFilter[] {
  const filters: MediaEntryFilter[] = []
  if (!hasUserReferenceId(file)) {
    // A generated referenceId is this file's alone. An account known to drop referenceId made its entries without
    // one; the mark is what they carry.
    if (!(handling === 'dropped' && file.entryMark)) filters.push({ referenceIdEqual: file.referenceId })
  } else if (!file.entryMark && file.mediaAddSentAt !== null && handling !== 'dropped') {
    // No mark (the account cannot take one off): only an entry created since this file's media.add was sent, on the
    // server's clock (createdAtGreaterThanOrEqual is `_gte_created_at`, KalturaBaseEntryBaseFilter.php:48), less the
    // allowance for this computer's clock running ahead. An older entry with the user's referenceId within that
    // window could still pass for ours; a clock further ahead would cost a second entry rather than a wrong one.
    const since = Math.floor(file.mediaAddSentAt / 1000) - CLOCK_SKEW_ALLOWANCE_S
    filters.push({ referenceIdEqual: file.referenceId, createdAtGreaterThanOrEqual: since })
  }
  if (file.entryMark) filters.push({ tagsMultiLikeOr: file.entryMark })
  return filters
}

async function lookOnce(scope: LookupScope, filters: readonly MediaEntryFilter[]): Promise<MediaEntry | undefined> {
  for (const filter of filters) {
    const list = await scope.call('media.list', (signal) =>
      scope.api.media.list({ ...filter, statusIn: ANY_LIVE_ENTRY_STATUS, moderationStatusIn: ANY_MODERATION_STATUS }, undefined, { signal })
    )
    // An entry another file already holds is not this one's, whatever it carries (the same sheet uploaded twice).
    const held = list.objects.length > 0 ? scope.heldElsewhere(list.objects.map((e) => e.id)) : new Set<string>()
    const entry = list.objects.find((e) => e.status !== EntryStatus.DELETED && !held.has(e.id))
    if (entry) return entry
  }
  return undefined
}
