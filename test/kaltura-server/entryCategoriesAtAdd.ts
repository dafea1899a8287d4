// entry.categories / entry.categoriesIds on media.add, as the real server treats these deprecated fields: dropped
// without a permission, ids checked, unknown full names created, each category assigned through a categoryEntry row.
import type { Session } from './authentication'
import { CATEGORY_SEPARATOR, categoryByFullName, createCategoryPath, storedCategoryName, visibleCategory } from './categories'
import { assignCategories, withEntryCategories } from './categoryEntries'
import { KalturaApiError } from './errors'
import { readString, readTree, type ParamTree } from './params'
import { ENTRY_CATEGORIES_INSERT_PERMISSIONS, holdsPermission } from './permissions'
import type { JsonObject, JsonValue } from './responses'
import type { ServerContext } from './serverContext'

type AddEntry = (ctx: ServerContext, session: Session, params: ParamTree) => Promise<JsonObject>

export async function addEntryWithCategories(ctx: ServerContext, session: Session, params: ParamTree, addEntry: AddEntry): Promise<JsonValue> {
  const input = readTree(params, 'entry')
  if (!input) return addEntry(ctx, session, params)
  const names = nonEmpty(readString(input, 'categories'))
  const ids = nonEmpty(readString(input, 'categoriesIds'))
  const { categories: _names, categoriesIds: _ids, ...rest } = input
  const withoutCategories: ParamTree = { ...params, entry: rest }
  // A property needing an insert permission the session lacks is logged and set to null, not refused
  // (KalturaObject.php:736-746): the entry is created without categories and the reply does not say so.
  if ((names === undefined && ids === undefined) || !holdsPermission(ctx.settings.roles, session, ENTRY_CATEGORIES_INSERT_PERMISSIONS)) {
    return withEntryCategories(ctx, await addEntry(ctx, session, withoutCategories))
  }
  // KalturaBaseEntry::validateCategories (KalturaBaseEntry.php:672-684): every id must exist; unknown names are fine.
  const idCategories = (ids ?? '').split(',').filter((id) => id.trim() !== '').map((id) => visibleCategory(ctx, session, Number(id.trim())))
  // KalturaBaseEntry::toObject (:508-525): categoriesIds counts only when categories is absent.
  const fullNames = names !== undefined ? splitNames(names) : idCategories.map((category) => category.fullName)
  const view = await addEntry(ctx, session, withoutCategories)
  const entry = typeof view.id === 'string' ? ctx.store.entries.get(view.id) : undefined
  if (!entry) throw new KalturaApiError('INTERNAL_SERVERL_ERROR')
  const categoryIds: number[] = []
  for (const fullName of fullNames) {
    // categoryEntryPeer::syncEntriesCategories (categoryEntryPeer.php:297-313): a missing full name is created, level by level.
    const category = categoryByFullName(ctx, session.partnerId, fullName) ?? (await createCategoryPath(ctx, session.partnerId, fullName))
    if (!categoryIds.includes(category.id)) categoryIds.push(category.id)
  }
  await assignCategories(ctx, session, entry, categoryIds)
  return withEntryCategories(ctx, view)
}

/** entry::setCategories splits on ",", trims and drops duplicates (entry.php:1439-1459); names are parsed per level. */
function splitNames(names: string): string[] {
  const parsed = names
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '')
    .map((name) => name.split(CATEGORY_SEPARATOR).map(storedCategoryName).join(CATEGORY_SEPARATOR))
  return [...new Set(parsed)]
}

function nonEmpty(text: string | undefined): string | undefined {
  return text === undefined || text.trim() === '' ? undefined : text
}
