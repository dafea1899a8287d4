// media.list as the real server answers it from its search index: the filters the uploader uses, the default status
// and moderation conditions, tags matched word by word, and entries missing until the index has caught up.
import type { Session } from './authentication'
import { ENTRY_STATUS } from './entryContent'
import { MODERATION_STATUS } from './entryIndex'
import { entryView } from './media'
import { pageOf, readInt, readList, readString, readTree, type ParamTree } from './params'
import type { JsonObject, JsonValue } from './responses'
import type { ServerContext } from './serverContext'
import type { EntryRecord } from './store'

type Condition = (entry: EntryRecord) => boolean

/**
 * KalturaMediaEntryFilter with idEqual, idIn, referenceIdEqual/In, status and moderation status (Equal, NotEqual,
 * In, NotIn), tagsMultiLikeOr, createdAtGreaterThanOrEqual/LessThanOrEqual, and a pager. Without idEqual the real filter adds two defaults
 * (KalturaBaseEntryFilter.php:186-192): READY entries only when no status condition is given (:94-103), and no
 * PENDING_MODERATION or REJECTED entries when no moderation condition is given (:108-120).
 */
export async function listEntries(ctx: ServerContext, session: Session, params: ParamTree): Promise<JsonObject> {
  const filter = readTree(params, 'filter') ?? {}
  const pager = readTree(params, 'pager') ?? {}
  const idEqual = readString(filter, 'idEqual')
  const conditions: Condition[] = [
    (e) => e.partnerId === session.partnerId && (session.type !== 0 || (e.userId ?? '') === session.userId),
    // The index lags the database (sphinx is fed by the sphinx_log table); media.get reads the database.
    (e) => ctx.entryIndex.isListed(e.id),
    ...idConditions(filter),
    ...enumConditions(filter, 'status', (e) => e.status, idEqual === undefined ? [ENTRY_STATUS.ready] : undefined),
    ...enumConditions(filter, 'moderationStatus', moderationOf, undefined, idEqual === undefined ? [MODERATION_STATUS.pending, MODERATION_STATUS.rejected] : undefined),
    ...tagConditions(filter),
    ...createdConditions(filter)
  ]
  const statusIn = readList(filter, 'statusIn')?.map(Number)
  const wantsDeleted = readInt(filter, 'statusEqual') === ENTRY_STATUS.deleted || (statusIn?.includes(ENTRY_STATUS.deleted) ?? false)
  const matching = [...ctx.store.entries.values()]
    .filter((e) => conditions.every((holds) => holds(e)) && (e.status !== ENTRY_STATUS.deleted || wantsDeleted))
    .sort((a, b) => b.createdAt - a.createdAt)
  const objects: JsonValue[] = pageOf(matching, pager).map(entryView)
  return { objects, totalCount: matching.length, objectType: 'KalturaMediaListResponse' }
}

export function moderationOf(entry: EntryRecord): number {
  return entry.moderationStatus ?? MODERATION_STATUS.autoApproved
}

function idConditions(filter: ParamTree): Condition[] {
  const idEqual = readString(filter, 'idEqual')
  const idIn = readList(filter, 'idIn')
  const referenceIdEqual = readString(filter, 'referenceIdEqual')
  const referenceIdIn = readList(filter, 'referenceIdIn')
  return [
    ...(idEqual === undefined ? [] : [(e: EntryRecord) => e.id === idEqual]),
    ...(idIn === undefined ? [] : [(e: EntryRecord) => idIn.includes(e.id)]),
    ...(referenceIdEqual === undefined ? [] : [(e: EntryRecord) => e.referenceId === referenceIdEqual]),
    ...(referenceIdIn === undefined ? [] : [(e: EntryRecord) => e.referenceId !== undefined && referenceIdIn.includes(e.referenceId)])
  ]
}

/** `<name>Equal/NotEqual/In/NotIn`; with none of them, the default In or NotIn applies. */
function enumConditions(filter: ParamTree, name: string, valueOf: (e: EntryRecord) => number, defaultIn?: number[], defaultNotIn?: number[]): Condition[] {
  const equal = readInt(filter, `${name}Equal`)
  const notEqual = readInt(filter, `${name}NotEqual`)
  const inList = readList(filter, `${name}In`)?.map(Number)
  const notIn = readList(filter, `${name}NotIn`)?.map(Number)
  if (equal === undefined && notEqual === undefined && inList === undefined && notIn === undefined) {
    if (defaultIn) return [(e) => defaultIn.includes(valueOf(e))]
    if (defaultNotIn) return [(e) => !defaultNotIn.includes(valueOf(e))]
    return []
  }
  return [
    (e) =>
      (equal === undefined || valueOf(e) === equal) &&
      (notEqual === undefined || valueOf(e) !== notEqual) &&
      (inList === undefined || inList.includes(valueOf(e))) &&
      (notIn === undefined || !notIn.includes(valueOf(e)))
  ]
}

/**
 * tagsMultiLikeOr maps to `_mlikeor_tags` (KalturaBaseEntryBaseFilter.php:26); the sphinx criteria split it on commas,
 * drop empty items, quote items with spaces as phrases and OR them in one full-text match on the tags field
 * (SphinxCriteria.php:835-854) — `tags` is a full-text field of the entry index (entryIndex.php:62, :187, :219).
 * Full-text matching is by whole words, case-insensitive: a phrase matches where its words stand in a row.
 */
function tagConditions(filter: ParamTree): Condition[] {
  const text = readString(filter, 'tagsMultiLikeOr')
  if (text === undefined) return []
  const phrases = text
    .split(',')
    .filter((item) => item !== '')
    .map(words)
    .filter((phrase) => phrase.length > 0)
  if (phrases.length === 0) return []
  return [
    (e) => {
      const tagWords = words(e.tags ?? '')
      return phrases.some((phrase) => tagWords.some((_, at) => phrase.every((word, i) => tagWords[at + i] === word)))
    }
  ]
}

/** createdAt bounds in Unix seconds, inclusive (`_gte_created_at` / `_lte_created_at`, KalturaBaseEntryBaseFilter.php:48-49). */
function createdConditions(filter: ParamTree): Condition[] {
  const from = readInt(filter, 'createdAtGreaterThanOrEqual')
  const to = readInt(filter, 'createdAtLessThanOrEqual')
  return [...(from === undefined ? [] : [(e: EntryRecord) => e.createdAt >= from]), ...(to === undefined ? [] : [(e: EntryRecord) => e.createdAt <= to])]
}

function words(text: string): string[] {
  return text.toLowerCase().split(/[^\p{L}\p{N}_]+/u).filter((word) => word !== '')
}
