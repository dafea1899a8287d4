// The category calls: find categories by full name ("Lectures>2026"), create one under a parent, and put an entry in a
// category with categoryEntry.add once the entry exists. Why categoryEntry.add and not entry.categories at media.add:
// entry.categories is deprecated and silently dropped for a session without CONTENT_MANAGE_ASSIGN_CATEGORIES /
// BASE_USER_SESSION_PERMISSION (KalturaObject.php:736-746) or on partners with FEATURE_DISABLE_CATEGORY_LIMIT
// (entry.php:1439-1442), and it creates any category it names (categoryEntryPeer.php:297-313); categoryEntry.add
// refuses with a code instead (test/kaltura-server/README.md, "Categories and captions").
import type { AuthenticatedCaller } from './authenticatedCall'
import type { CallOptions } from './callOptions'
import { listOf, object, optionalNumber, optionalString, requiredNumber, requiredString, withoutUndefined } from './decode'
import { listFilterParams } from './listParams'
import type { Pager } from './model'

export interface Category {
  id: number
  /** 0 at the root. */
  parentId: number
  depth: number
  name: string
  /** Names from the root joined by ">", e.g. "Lectures>2026>Physics". */
  fullName: string
  /** Ids from the root joined by ">". */
  fullIds: string
  partnerId?: number
  description?: string
  tags?: string
  referenceId?: string
  /** Entries in this category and below. */
  entriesCount?: number
  directSubCategoriesCount?: number
  /** KalturaCategoryStatus: 1 UPDATING, 2 ACTIVE, 3 DELETED, 4 PURGED. */
  status?: number
  createdAt?: number
  updatedAt?: number
}

export interface CategoryList {
  objects: Category[]
  totalCount: number
}

/** KalturaCategoryFilter; full-name matching is case-insensitive on the server (it searches a lowercased index). */
export interface CategoryFilter {
  idEqual?: number
  idIn?: number[]
  parentIdEqual?: number
  fullNameEqual?: string
  fullNameStartsWith?: string
  /** Exact full names; a name containing "," cannot be asked for this way. */
  fullNameIn?: string[]
  nameOrReferenceIdStartsWith?: string
  orderBy?: '+depth' | '-depth' | '+name' | '-name' | '+fullName' | '-fullName' | '+createdAt' | '-createdAt'
}

export interface NewCategory {
  /** 1 to 200 bytes; the server trims it and turns "<", ">" and "," into "_" (categoryPeer.php:194-206). */
  name: string
  /** Omitted or 0 for a root category. */
  parentId?: number
  description?: string
  tags?: string
  referenceId?: string
}

/** KalturaCategoryEntryStatus: moderated categories leave an assignment PENDING until a manager accepts it. */
export const CategoryEntryStatus = { PENDING: 1, ACTIVE: 2, DELETED: 3, REJECTED: 4 } as const

export interface CategoryEntry {
  categoryId: number
  entryId: string
  /** A CategoryEntryStatus value. */
  status: number
  categoryFullIds?: string
  creatorUserId?: string
  createdAt?: number
}

export interface CategoryEntryList {
  objects: CategoryEntry[]
  totalCount: number
}

/** A session that is not an admin one must name an entry or a category (MUST_FILTER_ON_ENTRY_OR_CATEGORY). */
export interface CategoryEntryFilter {
  entryIdEqual?: string
  entryIdIn?: string[]
  categoryIdEqual?: number
  categoryIdIn?: number[]
}

export interface CategoryService {
  list(filter?: CategoryFilter, pager?: Pager, options?: CallOptions): Promise<CategoryList>
  /** Needs CONTENT_MANAGE_EDIT_CATEGORIES (a USER KS gets SERVICE_FORBIDDEN); DUPLICATE_CATEGORY when the full name exists. */
  add(category: NewCategory, options?: CallOptions): Promise<Category>
  /**
   * categoryEntry.add: CATEGORY_ENTRY_ALREADY_EXISTS means the entry is already there (a retry after a lost reply);
   * INVALID_ENTRY_ID, CATEGORY_NOT_FOUND and MAX_CATEGORIES_FOR_ENTRY_REACHED (32 per entry) are final.
   */
  addEntry(entryId: string, categoryId: number, options?: CallOptions): Promise<CategoryEntry>
  listEntries(filter: CategoryEntryFilter, pager?: Pager, options?: CallOptions): Promise<CategoryEntryList>
}

export function createCategoryService(caller: AuthenticatedCaller): CategoryService {
  return {
    list(filter, pager, options = {}) {
      const params = listFilterParams('KalturaCategoryFilter', filter, pager)
      return caller.call({ service: 'category', action: 'list', params, decode: (data) => listOf(data, decodeCategory, 'category list') }, options)
    },

    add(category, options = {}) {
      const params = { category: { objectType: 'KalturaCategory', ...category } }
      return caller.call({ service: 'category', action: 'add', params, decode: decodeCategory }, options)
    },

    addEntry(entryId, categoryId, options = {}) {
      const params = { categoryEntry: { objectType: 'KalturaCategoryEntry', entryId, categoryId } }
      return caller.call({ service: 'categoryentry', action: 'add', params, decode: decodeCategoryEntry }, options)
    },

    listEntries(filter, pager, options = {}) {
      const params = listFilterParams('KalturaCategoryEntryFilter', filter, pager)
      return caller.call(
        { service: 'categoryentry', action: 'list', params, decode: (data) => listOf(data, decodeCategoryEntry, 'category entry list') },
        options
      )
    }
  }
}

function decodeCategory(data: unknown): Category {
  const o = object(data, 'category')
  return withoutUndefined({
    id: requiredNumber(o, 'id', 'category'),
    parentId: optionalNumber(o, 'parentId', 'category') ?? 0,
    depth: optionalNumber(o, 'depth', 'category') ?? 0,
    name: requiredString(o, 'name', 'category'),
    fullName: requiredString(o, 'fullName', 'category'),
    fullIds: requiredString(o, 'fullIds', 'category'),
    partnerId: optionalNumber(o, 'partnerId', 'category'),
    description: optionalString(o, 'description', 'category'),
    tags: optionalString(o, 'tags', 'category'),
    referenceId: optionalString(o, 'referenceId', 'category'),
    entriesCount: optionalNumber(o, 'entriesCount', 'category'),
    directSubCategoriesCount: optionalNumber(o, 'directSubCategoriesCount', 'category'),
    status: optionalNumber(o, 'status', 'category'),
    createdAt: optionalNumber(o, 'createdAt', 'category'),
    updatedAt: optionalNumber(o, 'updatedAt', 'category')
  })
}

function decodeCategoryEntry(data: unknown): CategoryEntry {
  const o = object(data, 'category entry')
  return withoutUndefined({
    categoryId: requiredNumber(o, 'categoryId', 'category entry'),
    entryId: requiredString(o, 'entryId', 'category entry'),
    status: requiredNumber(o, 'status', 'category entry'),
    categoryFullIds: optionalString(o, 'categoryFullIds', 'category entry'),
    creatorUserId: optionalString(o, 'creatorUserId', 'category entry'),
    createdAt: optionalNumber(o, 'createdAt', 'category entry')
  })
}
