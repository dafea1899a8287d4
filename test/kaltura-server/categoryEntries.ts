// categoryEntry.add / list / delete as CategoryEntryService and the categoryEntry model do them, and the entry's
// deprecated `categories` / `categoriesIds` fields, which mirror the active assignments (categoryEntry.php:151-192).
import type { Session } from './authentication'
import { assignmentKey, type CategoryEntryRecord } from './catalogStore'
import { visibleCategory } from './categories'
import { ENTRY_STATUS } from './entryContent'
import { KalturaApiError } from './errors'
import { pageOf, readInt, readList, readString, readTree, type ParamTree } from './params'
import type { JsonObject, JsonValue } from './responses'
import type { ServerContext } from './serverContext'
import type { EntryRecord } from './store'

/** KalturaCategoryEntryStatus (alpha/lib/enums/CategoryEntryStatus.php). */
export const CATEGORY_ENTRY_STATUS = { pending: 1, active: 2, deleted: 3, rejected: 4 } as const
/** entry::MAX_CATEGORIES_PER_ENTRY (entry.php:105); partners with FEATURE_DISABLE_CATEGORY_LIMIT get 1000. */
export const MAX_CATEGORIES_PER_ENTRY = 32
const READONLY_CATEGORY_ENTRY_FIELDS = ['createdAt', 'categoryFullIds', 'status', 'creatorUserId']

function assignmentView(ctx: ServerContext, assignment: CategoryEntryRecord): JsonObject {
  return {
    categoryId: assignment.categoryId,
    entryId: assignment.entryId,
    createdAt: assignment.createdAt,
    categoryFullIds: ctx.catalog.categories.get(assignment.categoryId)?.fullIds,
    status: assignment.status,
    creatorUserId: assignment.creatorUserId === '' ? undefined : assignment.creatorUserId,
    objectType: 'KalturaCategoryEntry'
  }
}

/** CategoryEntryService::addAction (CategoryEntryService.php:30-61) with categoryEntry::add's checks in order. */
export async function addCategoryEntry(ctx: ServerContext, session: Session, params: ParamTree): Promise<JsonObject> {
  const input = readTree(params, 'categoryEntry')
  if (!input) throw new KalturaApiError('MISSING_MANDATORY_PARAMETER', { PARAM_NAME: 'categoryEntry' })
  // KalturaCategoryEntry::validateForInsert (KalturaCategoryEntry.php:91-96): not-null checks, then readonly ones.
  const categoryId = readInt(input, 'categoryId')
  if (categoryId === undefined) throw new KalturaApiError('PROPERTY_VALIDATION_CANNOT_BE_NULL', { PROP_NAME: 'KalturaCategoryEntry::categoryId' })
  const rawEntryId = readString(input, 'entryId')
  if (rawEntryId === undefined) throw new KalturaApiError('PROPERTY_VALIDATION_CANNOT_BE_NULL', { PROP_NAME: 'KalturaCategoryEntry::entryId' })
  for (const field of READONLY_CATEGORY_ENTRY_FIELDS) {
    if (input[field] !== undefined && input[field] !== null) {
      throw new KalturaApiError('PROPERTY_VALIDATION_NOT_UPDATABLE', { PROP_NAME: `KalturaCategoryEntry::${field}` })
    }
  }
  const entry = assignableEntry(ctx, session, rawEntryId.trim())
  visibleCategory(ctx, session, categoryId)
  return assignmentView(ctx, await assignEntry(ctx, session, entry, categoryId))
}

/** categoryEntry::add (categoryEntry.php:234-254): entry, category, the per-entry cap, then an existing active row. */
async function assignEntry(ctx: ServerContext, session: Session, entry: EntryRecord, categoryId: number): Promise<CategoryEntryRecord> {
  const live = liveAssignments(ctx, entry.id)
  if (live.length >= MAX_CATEGORIES_PER_ENTRY) {
    throw new KalturaApiError('MAX_CATEGORIES_FOR_ENTRY_REACHED', { CATEGORIES: String(MAX_CATEGORIES_PER_ENTRY) })
  }
  const existing = ctx.catalog.categoryEntries.get(assignmentKey(entry.id, categoryId))
  if (existing?.status === CATEGORY_ENTRY_STATUS.active) throw new KalturaApiError('CATEGORY_ENTRY_ALREADY_EXISTS')
  const now = ctx.clock.nowSeconds()
  const assignment: CategoryEntryRecord = {
    categoryId,
    entryId: entry.id,
    partnerId: entry.partnerId,
    status: CATEGORY_ENTRY_STATUS.active,
    creatorUserId: session.userId,
    createdAt: now,
    updatedAt: now,
    seq: ctx.catalog.takeSeq()
  }
  ctx.catalog.categoryEntries.set(assignmentKey(entry.id, categoryId), assignment)
  await ctx.catalog.saveCategoryEntry(assignment)
  await syncEntryCategories(ctx, entry)
  return assignment
}

/** CategoryEntryService::deleteAction (CategoryEntryService.php:75-103). */
export async function deleteCategoryEntry(ctx: ServerContext, session: Session, params: ParamTree): Promise<null> {
  const entryId = readString(params, 'entryId')
  if (entryId === undefined) throw new KalturaApiError('MISSING_MANDATORY_PARAMETER', { PARAM_NAME: 'entryId' })
  const categoryId = readInt(params, 'categoryId')
  if (categoryId === undefined) throw new KalturaApiError('MISSING_MANDATORY_PARAMETER', { PARAM_NAME: 'categoryId' })
  const assignment = ctx.catalog.categoryEntries.get(assignmentKey(entryId, categoryId))
  if (!assignment || assignment.partnerId !== session.partnerId || assignment.status === CATEGORY_ENTRY_STATUS.deleted) {
    throw new KalturaApiError('ENTRY_IS_NOT_ASSIGNED_TO_CATEGORY')
  }
  const entry = assignableEntry(ctx, session, entryId)
  visibleCategory(ctx, session, categoryId)
  assignment.status = CATEGORY_ENTRY_STATUS.deleted
  assignment.updatedAt = ctx.clock.nowSeconds()
  await ctx.catalog.saveCategoryEntry(assignment)
  await syncEntryCategories(ctx, entry)
  return null
}

/**
 * CategoryEntryService::listAction through KalturaCategoryEntryFilter::getListResponse (KalturaCategoryEntryFilter.php:
 * 21-32): a non-admin session must filter on an entry or a category. Deleted rows never show (categoryEntryPeer.php:398-409).
 */
export async function listCategoryEntries(ctx: ServerContext, session: Session, params: ParamTree): Promise<JsonObject> {
  const filter = readTree(params, 'filter') ?? {}
  const pager = readTree(params, 'pager') ?? {}
  const entryIdEqual = readString(filter, 'entryIdEqual')
  const entryIdIn = readList(filter, 'entryIdIn')
  const categoryIdEqual = readInt(filter, 'categoryIdEqual')
  const categoryIdIn = readList(filter, 'categoryIdIn')?.map(Number)
  const statusEqual = readInt(filter, 'statusEqual')
  const statusIn = readList(filter, 'statusIn')?.map(Number)
  const noTarget = !entryIdEqual && !entryIdIn && categoryIdEqual === undefined && !categoryIdIn
  if (noTarget && session.type < 1) throw new KalturaApiError('MUST_FILTER_ON_ENTRY_OR_CATEGORY')
  const matching = [...ctx.catalog.categoryEntries.values()]
    .filter(
      (a) =>
        a.partnerId === session.partnerId &&
        a.status !== CATEGORY_ENTRY_STATUS.deleted &&
        (entryIdEqual === undefined || a.entryId === entryIdEqual) &&
        (entryIdIn === undefined || entryIdIn.includes(a.entryId)) &&
        (categoryIdEqual === undefined || a.categoryId === categoryIdEqual) &&
        (categoryIdIn === undefined || categoryIdIn.includes(a.categoryId)) &&
        (statusEqual === undefined || a.status === statusEqual) &&
        (statusIn === undefined || statusIn.includes(a.status))
    )
    .sort((a, b) => a.seq - b.seq)
  const objects: JsonValue[] = pageOf(matching, pager).map((assignment) => assignmentView(ctx, assignment))
  return { objects, totalCount: matching.length, objectType: 'KalturaCategoryEntryListResponse' }
}

/** Assigns an entry to categories it is not in yet, as entry.categories does at media.add (categoryEntryPeer.php:297-353). */
export async function assignCategories(ctx: ServerContext, session: Session, entry: EntryRecord, categoryIds: readonly number[]): Promise<void> {
  for (const categoryId of categoryIds) {
    const existing = ctx.catalog.categoryEntries.get(assignmentKey(entry.id, categoryId))
    if (existing?.status !== CATEGORY_ENTRY_STATUS.active) await assignEntry(ctx, session, entry, categoryId)
  }
}

/** The entry's categories (full names) and categoriesIds, as the entry shows them, in assignment order. */
export function entryCategoryFields(ctx: ServerContext, entryId: string): { categories: string; categoriesIds: string } {
  const categories = liveAssignments(ctx, entryId)
    .filter((assignment) => assignment.status === CATEGORY_ENTRY_STATUS.active)
    .map((assignment) => ctx.catalog.categories.get(assignment.categoryId))
    .filter((category) => category !== undefined)
  return { categories: categories.map((c) => c.fullName).join(','), categoriesIds: categories.map((c) => c.id).join(',') }
}

/** Adds `categories` / `categoriesIds` to every KalturaMediaEntry in a reply ("" when none: entry.php:1482-1497). */
export function withEntryCategories(ctx: ServerContext, value: JsonValue): JsonValue {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value
  if (value.objectType === 'KalturaMediaEntry' && typeof value.id === 'string') return { ...value, ...entryCategoryFields(ctx, value.id) }
  if (Array.isArray(value.objects)) return { ...value, objects: value.objects.map((item) => withEntryCategories(ctx, item)) }
  return value
}

function liveAssignments(ctx: ServerContext, entryId: string): CategoryEntryRecord[] {
  return [...ctx.catalog.categoryEntries.values()]
    .filter((a) => a.entryId === entryId && (a.status === CATEGORY_ENTRY_STATUS.active || a.status === CATEGORY_ENTRY_STATUS.pending))
    .sort((a, b) => a.seq - b.seq)
}

/** Keeps the stored entry's categories in step, so inspect() and media.get agree with categoryEntry.list. */
async function syncEntryCategories(ctx: ServerContext, entry: EntryRecord): Promise<void> {
  const { categories } = entryCategoryFields(ctx, entry.id)
  entry.categories = categories === '' ? undefined : categories
  await ctx.store.saveEntry(entry)
}

/** categoryEntry::retrieveEntry (categoryEntry.php:423-436): missing → INVALID_ENTRY_ID with the id. */
function assignableEntry(ctx: ServerContext, session: Session, entryId: string): EntryRecord {
  const entry = ctx.store.entries.get(entryId)
  if (!entry || entry.partnerId !== session.partnerId || entry.status === ENTRY_STATUS.deleted) {
    throw new KalturaApiError('INVALID_ENTRY_ID', { ID: entryId })
  }
  return entry
}
