// files:editFields: a file's own title, description, tags and categories, changed from its detail panel before its entry
// is made. The values are checked against what Kaltura keeps (the same limits as a metadata sheet's), and refused once
// media.add may have been sent: after that the entry would keep the old ones.
import type { FileDetails } from '../../shared/ipc-contract'
import { CATEGORY_SEPARATOR, categoryNameProblem } from '../../shared/folderCategories'
import type { EntryFields } from '../../shared/entryFields'
import type { Journal } from '../journal/journal'
import { MAX_CATEGORIES_PER_FILE, MAX_TITLE_BYTES } from '../intake/metadataSheet'
import { fieldsEditable, fileDetails } from './fileDetails'
import { UserFacingError } from './userFacingError'
import { int, object, str } from './validate'

/** The batch form's bounds (batch:start) for the same fields. */
const MAX_DESCRIPTION = 5000
const MAX_TAGS = 2000
const MAX_CATEGORIES_TEXT = 2000

/** The payload: only the four fields a person edits; referenceId stays what the sheet gave. */
export const editFieldsPayload = object({
  fileId: int(1, Number.MAX_SAFE_INTEGER),
  fields: object({}, { title: str({ max: 4096 }), description: str({ max: MAX_DESCRIPTION }), tags: str({ max: MAX_TAGS }), categories: str({ max: MAX_CATEGORIES_TEXT }) })
})

/** Saves the file's own values (a field left out or blank takes the batch's again) and answers its details. */
export function editFileFields(journal: Journal, fileId: number, fields: EntryFields): FileDetails {
  const file = journal.getFile(fileId)
  if (!file) throw new UserFacingError('not-found', 'That file is no longer in the list.')
  if (!fieldsEditable(file)) {
    throw new UserFacingError('not-editable', 'These details can no longer change: the entry for this file has been created (or the file is no longer queued).')
  }
  const own: EntryFields = {}
  const title = fields.title?.trim()
  if (title) {
    const bytes = Buffer.byteLength(title)
    if (bytes > MAX_TITLE_BYTES) throw new UserFacingError('invalid-fields', `The title is ${bytes} bytes long; Kaltura keeps ${MAX_TITLE_BYTES} bytes (UTF-8) of an entry name.`)
    own.title = title
  }
  const description = fields.description?.trim()
  if (description) own.description = description
  const tags = fields.tags?.split(',').map((tag) => tag.trim()).filter((tag) => tag !== '')
  if (tags && tags.length > 0) own.tags = [...new Set(tags)].join(',')
  const categories = fields.categories === undefined ? undefined : checkedCategories(fields.categories)
  if (categories) own.categories = categories
  if (file.entryFields?.referenceId) own.referenceId = file.entryFields.referenceId
  journal.updateFile(fileId, { entryFields: Object.keys(own).length > 0 ? own : null })
  return fileDetails(journal, fileId)
}

/** Full names, each level one Kaltura keeps as it is, at most 32 (entry::MAX_CATEGORIES_PER_ENTRY, entry.php:105). */
function checkedCategories(text: string): string | undefined {
  const names = [...new Set(text.split(',').map((name) => name.split(CATEGORY_SEPARATOR).map((level) => level.trim()).join(CATEGORY_SEPARATOR)).filter((name) => name !== ''))]
  for (const name of names) {
    const problem = name.split(CATEGORY_SEPARATOR).map(categoryNameProblem).find((found) => found !== undefined)
    if (problem) throw new UserFacingError('invalid-fields', `The category "${name}" cannot be used: ${problem}.`)
  }
  if (names.length > MAX_CATEGORIES_PER_FILE) throw new UserFacingError('invalid-fields', `${names.length} categories: Kaltura puts an entry in at most ${MAX_CATEGORIES_PER_FILE}.`)
  return names.length > 0 ? names.join(',') : undefined
}
