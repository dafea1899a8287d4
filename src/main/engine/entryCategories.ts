// Puts a new entry in its categories (the file's own, else the batch's) once the entry's id is journaled: each full
// name ("Lectures>2026") is found with category.list, created level by level with category.add where the session
// may, and assigned with categoryEntry.add. Not entry.categories at media.add: Kaltura drops that silently without a permission, creates any
// misspelt name, and its reply cannot confirm it (test/kaltura-server/README.md, "Categories and captions").
// A category that cannot be found or made leaves the file uploaded, with a notice saying which and why.
import type { Category } from '../kaltura/categoryService'
import type { BatchRow, Journal } from '../journal/journal'
import type { Logger } from '../logging/logger'
import type { KalturaApi } from './kalturaApi'
import type { RetryHooks } from './retry'
import { categoryNotice, type CategoryShortfall } from './runErrors'
import { isRefusal, refusable, type Refusal } from './kalturaAnswers'
import { resolveEntryFields } from '../../shared/entryFields'

export interface CategoryContext {
  api: KalturaApi
  journal: Journal
  logger: Logger
  batch: BatchRow
  fileId: number
  /** A Kaltura call under the run's retry loop. */
  call<T>(what: string, fn: (signal: AbortSignal) => Promise<T>, hooks?: RetryHooks<T>): Promise<T>
}

/**
 * Assigns the file's categories to `entryId` unless the journal says that entry already had them dealt with; then
 * journals it, so a restart before this point assigns them and one after it does not repeat them. A repeat after a
 * lost reply is harmless either way: categoryEntry.add answers CATEGORY_ENTRY_ALREADY_EXISTS (categoryEntry.php:329-335).
 */
export async function assignCategories(ctx: CategoryContext, entryId: string): Promise<void> {
  const file = ctx.journal.getFile(ctx.fileId)!
  if (file.categoriesEntryId === entryId) return
  const missed: { fullName: string; shortfall: CategoryShortfall }[] = []
  // The file's own categories (a sheet, a mirrored folder, an edit) over the batch's.
  for (const fullName of categoryNames(resolveEntryFields(ctx.batch.metadata, file.name, file.entryFields).categories)) {
    const shortfall = await placeInCategory(ctx, entryId, fullName)
    if (shortfall) {
      ctx.logger.warn('entry', `file ${ctx.fileId}: entry ${entryId} not put in a category (${shortfall.kind})`)
      missed.push({ fullName, shortfall })
    }
  }
  ctx.journal.updateFile(ctx.fileId, { categoriesEntryId: entryId, ...(missed.length > 0 ? { notice: categoryNotice(missed) } : {}) })
}

/** Comma-separated full names, each level trimmed, empty ones and repeats left out. */
function categoryNames(categories: string): string[] {
  const names = categories
    .split(',')
    .map((name) =>
      name
        .split('>')
        .map((level) => level.trim())
        .filter((level) => level !== '')
        .join('>')
    )
    .filter((name) => name !== '')
  return [...new Map(names.map((name) => [name.toLowerCase(), name])).values()]
}

async function placeInCategory(ctx: CategoryContext, entryId: string, fullName: string): Promise<CategoryShortfall | null> {
  const categoryId = await resolveCategory(ctx, fullName)
  if (typeof categoryId !== 'number') return categoryId
  // CategoryEntryService.php:30-61: allowed to CONTENT_MANAGE_ASSIGN_CATEGORIES and BASE_USER_SESSION_PERMISSION
  // (service.categoryentry.ini:18), refused with a code otherwise.
  const added = await refusable(ctx.call, 'categoryEntry.add', (signal) => ctx.api.category.addEntry(entryId, categoryId, { signal }))
  if (!isRefusal(added)) return null
  switch (added.refused.code) {
    case 'CATEGORY_ENTRY_ALREADY_EXISTS':
      return null
    case 'SERVICE_FORBIDDEN':
      return { kind: 'may-not-assign' }
    case 'CANNOT_ASSIGN_ENTRY_TO_CATEGORY':
      return { kind: 'not-contributor' }
    case 'CATEGORY_NOT_FOUND':
      return { kind: 'gone' }
    case 'MAX_CATEGORIES_FOR_ENTRY_REACHED':
      return { kind: 'too-many' }
    default:
      return { kind: 'refused', message: added.refused.message }
  }
}

/** The category's id, made level by level under the deepest one that exists where the session may create them. */
async function resolveCategory(ctx: CategoryContext, fullName: string): Promise<number | CategoryShortfall> {
  const existing = await findCategory(ctx, fullName)
  if (isRefusal(existing)) return { kind: 'may-not-look' }
  if (existing) return existing.id
  const levels = fullName.split('>')
  let parentId = 0
  for (let depth = 1; depth <= levels.length; depth++) {
    const path = levels.slice(0, depth).join('>')
    const parent = depth < levels.length ? await findCategory(ctx, path) : undefined
    if (isRefusal(parent)) return { kind: 'may-not-look' }
    if (parent) {
      parentId = parent.id
      continue
    }
    // category.add needs CONTENT_MANAGE_EDIT_CATEGORIES (service.category.ini:9): a USER KS gets SERVICE_FORBIDDEN.
    const made = await refusable(ctx.call, 'category.add', (signal) => ctx.api.category.add({ name: levels[depth - 1]!, ...(parentId ? { parentId } : {}) }, { signal }))
    if (!isRefusal(made)) {
      parentId = made.id
      continue
    }
    const { code, message } = made.refused
    if (code === 'SERVICE_FORBIDDEN') return { kind: 'may-not-create' }
    // Made meanwhile, or by an earlier attempt whose reply was lost (CategoryService.php:358-368).
    const again = code === 'DUPLICATE_CATEGORY' ? await findCategory(ctx, path) : undefined
    if (!again || isRefusal(again)) return { kind: 'refused', message }
    parentId = again.id
  }
  return parentId
}

/**
 * fullNameEqual is case-insensitive on Kaltura (it searches a lowercased index, category.php:1796-1823). category.list
 * is open to CONTENT_MANAGE_BASE and BASE_USER_SESSION_PERMISSION among others (service.category.ini:45), not to an
 * upload-only role: its refusal is an answer too.
 */
async function findCategory(ctx: CategoryContext, fullName: string): Promise<Category | undefined | Refusal> {
  const found = await refusable(ctx.call, 'category.list', (signal) => ctx.api.category.list({ fullNameEqual: fullName }, undefined, { signal }))
  return isRefusal(found) ? found : found.objects[0]
}
