// category.add / get / list as CategoryService does them (api_v3/services/CategoryService.php): names, full names,
// duplicates, the list filters an uploader needs, and how a category looks on the wire.
import type { Session } from './authentication'
import type { CategoryRecord } from './catalogStore'
import { KalturaApiError } from './errors'
import { pageOf, readInt, readList, readString, readTree, type ParamTree } from './params'
import type { JsonObject, JsonValue } from './responses'
import type { ServerContext } from './serverContext'

/** KalturaCategoryStatus (alpha/lib/enums/CategoryStatus.php). */
export const CATEGORY_STATUS = { active: 2, deleted: 3 } as const
/** categoryPeer.php:12 and :14. */
export const CATEGORY_SEPARATOR = '>'
export const MAX_CATEGORY_NAME_BYTES = 200

/** KalturaCategory properties marked @readonly (api_v3/lib/types/KalturaCategory.php). */
const READONLY_CATEGORY_FIELDS = [
  'id', 'depth', 'partnerId', 'fullName', 'fullIds', 'entriesCount', 'createdAt', 'updatedAt', 'userJoinPolicy',
  'directEntriesCount', 'membersCount', 'pendingMembersCount', 'privacyContexts', 'status', 'inheritedParentId',
  'directSubCategoriesCount', 'pendingEntriesCount'
]

export function categoryView(ctx: ServerContext, category: CategoryRecord): JsonObject {
  const counts = categoryCounts(ctx, category)
  return {
    id: category.id,
    parentId: category.parentId,
    depth: category.depth,
    partnerId: category.partnerId,
    name: category.name,
    fullName: category.fullName,
    fullIds: category.fullIds,
    entriesCount: counts.entries,
    createdAt: category.createdAt,
    updatedAt: category.updatedAt,
    description: category.description,
    tags: category.tags,
    // The defaults of a category without a privacy context (category.php:933-949, :1725-1735).
    appearInList: 1,
    privacy: 1,
    inheritanceType: 2,
    userJoinPolicy: 3,
    defaultPermissionLevel: 3,
    directEntriesCount: counts.directEntries,
    referenceId: category.referenceId,
    contributionPolicy: 1,
    membersCount: 0,
    pendingMembersCount: 0,
    status: category.status,
    directSubCategoriesCount: counts.directSubCategories,
    pendingEntriesCount: 0,
    objectType: 'KalturaCategory'
  }
}

export async function addCategory(ctx: ServerContext, session: Session, params: ParamTree): Promise<JsonObject> {
  const input = readTree(params, 'category')
  if (!input) throw new KalturaApiError('MISSING_MANDATORY_PARAMETER', { PARAM_NAME: 'category' })
  const parentId = readInt(input, 'parentId') ?? 0
  // KalturaCategory::toInsertableObject looks the parent up before validateForInsert runs (KalturaCategory.php:567-571).
  const parent = parentId === 0 ? undefined : visibleCategory(ctx, session, parentId)
  const rawName = readString(input, 'name')
  if (rawName === undefined) throw new KalturaApiError('PROPERTY_VALIDATION_CANNOT_BE_NULL', { PROP_NAME: 'KalturaCategory::name' })
  // strlen counts bytes (KalturaCategory.php:389-390, KalturaObject.php:615-700).
  if (Buffer.byteLength(rawName) < 1) throw new KalturaApiError('PROPERTY_VALIDATION_MIN_LENGTH', { PROP_NAME: 'KalturaCategory::name', MIN_LEN: '1' })
  if (Buffer.byteLength(rawName) > MAX_CATEGORY_NAME_BYTES) {
    throw new KalturaApiError('PROPERTY_VALIDATION_MAX_LENGTH', { PROP_NAME: 'KalturaCategory::name', MAX_LEN: String(MAX_CATEGORY_NAME_BYTES) })
  }
  for (const field of READONLY_CATEGORY_FIELDS) {
    if (input[field] !== undefined && input[field] !== null) {
      throw new KalturaApiError('PROPERTY_VALIDATION_NOT_UPDATABLE', { PROP_NAME: `KalturaCategory::${field}` })
    }
  }
  const category = await createCategory(ctx, session.partnerId, parent, storedCategoryName(rawName.trim()))
  category.description = readString(input, 'description')
  category.tags = readString(input, 'tags')
  category.referenceId = readString(input, 'referenceId')
  await ctx.catalog.saveCategory(category)
  return categoryView(ctx, category)
}

export async function getCategory(ctx: ServerContext, session: Session, params: ParamTree): Promise<JsonObject> {
  const id = readInt(params, 'id')
  if (id === undefined) throw new KalturaApiError('MISSING_MANDATORY_PARAMETER', { PARAM_NAME: 'id' })
  return categoryView(ctx, visibleCategory(ctx, session, id))
}

/**
 * category.list with the filters of KalturaCategoryBaseFilter/KalturaCategoryFilter an uploader needs. Full-name
 * matching is case-insensitive because the search index holds the lowercased full name (category.php:1796-1823).
 */
export async function listCategories(ctx: ServerContext, session: Session, params: ParamTree): Promise<JsonObject> {
  const filter = readTree(params, 'filter') ?? {}
  const pager = readTree(params, 'pager')
  const idEqual = readInt(filter, 'idEqual')
  const idIn = readList(filter, 'idIn')?.map(Number)
  const parentIdEqual = readInt(filter, 'parentIdEqual')
  const parentIdIn = readList(filter, 'parentIdIn')?.map(Number)
  const depthEqual = readInt(filter, 'depthEqual')
  const fullNameEqual = readString(filter, 'fullNameEqual')?.toLowerCase()
  const fullNameStartsWith = readString(filter, 'fullNameStartsWith')?.toLowerCase()
  const fullNameIn = readString(filter, 'fullNameIn')?.split(',').map((name) => name.toLowerCase())
  const nameOrReferenceIdStartsWith = readString(filter, 'nameOrReferenceIdStartsWith')?.toLowerCase()
  const referenceIdEqual = readString(filter, 'referenceIdEqual')
  const matching = [...ctx.catalog.categories.values()]
    .filter(
      (c) =>
        c.partnerId === session.partnerId &&
        c.status !== CATEGORY_STATUS.deleted &&
        (idEqual === undefined || c.id === idEqual) &&
        (idIn === undefined || idIn.includes(c.id)) &&
        (parentIdEqual === undefined || c.parentId === parentIdEqual) &&
        (parentIdIn === undefined || parentIdIn.includes(c.parentId)) &&
        (depthEqual === undefined || c.depth === depthEqual) &&
        (fullNameEqual === undefined || c.fullName.toLowerCase() === fullNameEqual) &&
        (fullNameStartsWith === undefined || c.fullName.toLowerCase().startsWith(fullNameStartsWith)) &&
        (fullNameIn === undefined || fullNameIn.includes(c.fullName.toLowerCase())) &&
        (nameOrReferenceIdStartsWith === undefined ||
          c.name.toLowerCase().startsWith(nameOrReferenceIdStartsWith) ||
          (c.referenceId ?? '').toLowerCase().startsWith(nameOrReferenceIdStartsWith)) &&
        (referenceIdEqual === undefined || c.referenceId === referenceIdEqual)
    )
    .sort(orderFor(readString(filter, 'orderBy') ?? '+depth'))
  // Without a pager the page is Partner::MAX_NUMBER_OF_CATEGORIES (CategoryService.php:297-306, Partner.php:46).
  const page = pager ? pageOf(matching, pager) : matching.slice(0, 1500)
  const objects: JsonValue[] = page.map((category) => categoryView(ctx, category))
  return { objects, totalCount: matching.length, objectType: 'KalturaCategoryListResponse' }
}

/** A live category of the session's partner, else CATEGORY_NOT_FOUND (CategoryService.php:131-133). */
export function visibleCategory(ctx: ServerContext, session: Pick<Session, 'partnerId'>, id: number): CategoryRecord {
  const category = ctx.catalog.categories.get(id)
  if (!category || category.partnerId !== session.partnerId || category.status === CATEGORY_STATUS.deleted) {
    throw new KalturaApiError('CATEGORY_NOT_FOUND', { ID: String(id) })
  }
  return category
}

/** A live category by full name, compared as the index compares it (lowercased). */
export function categoryByFullName(ctx: ServerContext, partnerId: number, fullName: string): CategoryRecord | undefined {
  const wanted = fullName.toLowerCase()
  for (const category of ctx.catalog.categories.values()) {
    if (category.partnerId === partnerId && category.status !== CATEGORY_STATUS.deleted && category.fullName.toLowerCase() === wanted) {
      return category
    }
  }
  return undefined
}

/**
 * category::createByPartnerAndFullName (category.php:894-920): each missing level of a ">" path is created under the
 * previous one. Used when entry.categories names a category that does not exist.
 */
export async function createCategoryPath(ctx: ServerContext, partnerId: number, fullName: string): Promise<CategoryRecord> {
  let parent: CategoryRecord | undefined
  let path = ''
  for (const name of fullName.split(CATEGORY_SEPARATOR)) {
    path = path === '' ? name : `${path}${CATEGORY_SEPARATOR}${name}`
    const existing = categoryByFullName(ctx, partnerId, path)
    parent = existing ?? (await createCategory(ctx, partnerId, parent, storedCategoryName(name)))
    if (!existing) await ctx.catalog.saveCategory(parent)
  }
  if (!parent) throw new KalturaApiError('INTERNAL_SERVERL_ERROR')
  return parent
}

/** categoryPeer::getParsedName (categoryPeer.php:194-206): cut to 200 bytes, then '>', '<' and ',' become '_'. */
export function storedCategoryName(name: string): string {
  return Buffer.from(name).subarray(0, MAX_CATEGORY_NAME_BYTES).toString('utf8').replace(/[<>,]/g, '_')
}

async function createCategory(ctx: ServerContext, partnerId: number, parent: CategoryRecord | undefined, name: string): Promise<CategoryRecord> {
  const fullName = parent ? `${parent.fullName}${CATEGORY_SEPARATOR}${name}` : name
  // category::validateFullNameIsUnique (category.php:522-537), deleted categories ignored (CategoryService.php:17-20).
  if (categoryByFullName(ctx, partnerId, fullName)) throw new KalturaApiError('DUPLICATE_CATEGORY', { CATEGORY: fullName })
  const now = ctx.clock.nowSeconds()
  const id = ctx.catalog.takeCategoryId()
  const category: CategoryRecord = {
    id,
    partnerId,
    parentId: parent?.id ?? 0,
    depth: parent ? parent.depth + 1 : 0,
    name,
    fullName,
    fullIds: parent ? `${parent.fullIds}${CATEGORY_SEPARATOR}${id}` : String(id),
    status: CATEGORY_STATUS.active,
    createdAt: now,
    updatedAt: now
  }
  ctx.catalog.categories.set(id, category)
  return category
}

function categoryCounts(ctx: ServerContext, category: CategoryRecord): { entries: number; directEntries: number; directSubCategories: number } {
  const prefix = `${category.fullIds}${CATEGORY_SEPARATOR}`
  const inTree = new Set<number>([category.id])
  let directSubCategories = 0
  for (const other of ctx.catalog.categories.values()) {
    if (other.status === CATEGORY_STATUS.deleted) continue
    if (other.fullIds.startsWith(prefix)) inTree.add(other.id)
    if (other.parentId === category.id) directSubCategories++
  }
  const entries = new Set<string>()
  let directEntries = 0
  for (const assignment of ctx.catalog.categoryEntries.values()) {
    if (assignment.status !== 2 || !inTree.has(assignment.categoryId)) continue
    entries.add(assignment.entryId)
    if (assignment.categoryId === category.id) directEntries++
  }
  return { entries: entries.size, directEntries, directSubCategories }
}

function orderFor(orderBy: string): (a: CategoryRecord, b: CategoryRecord) => number {
  const descending = orderBy.startsWith('-')
  const field = orderBy.replace(/^[+-]/, '')
  const key = (c: CategoryRecord): number | string =>
    field === 'name' ? c.name.toLowerCase() : field === 'fullName' ? c.fullName.toLowerCase() : field === 'createdAt' ? c.createdAt : c.depth
  return (a, b) => {
    const [x, y] = [key(a), key(b)]
    const compared = x < y ? -1 : x > y ? 1 : a.id - b.id
    return descending && x !== y ? -compared : compared
  }
}
