// A file's folder under the dropped folder as a Kaltura category under a chosen parent: "Lectures>2026" + "Physics/Week 1"
// → "Lectures>2026>Physics>Week 1". Each folder name must be a name Kaltura keeps as it is; where it would not, the
// file gets a message instead of a category Kaltura would rename behind the user's back.

/** categoryPeer::CATEGORY_SEPARATOR (categoryPeer.php:12). */
export const CATEGORY_SEPARATOR = '>'
/** categoryPeer::MAX_CATEGORY_NAME, counted in bytes: KalturaCategory::validateForInsert uses strlen (KalturaCategory.php:389-390). */
export const MAX_CATEGORY_NAME_BYTES = 200
/** Characters categoryPeer::getParsedName turns into "_" (categoryPeer.php:19, :194-206). */
const FORBIDDEN_IN_NAME = ['>', '<', ',']

export type CategoryPathResult = { ok: true; fullName: string } | { ok: false; message: string }

/**
 * The category full name for a file whose folder, relative to the dropped folder, is `relativeFolder` ("" or "." at the
 * top; "/" or "\" between levels). `parent` is a full name ("Lectures>2026"), or "" to mirror at the root. A file at
 * the top of the drop goes into the parent itself; with no parent it gets no category ({ ok: true, fullName: "" }).
 */
export function categoryForFolder(parent: string, relativeFolder: string): CategoryPathResult {
  const parentLevels = parent.trim() === '' ? [] : parent.split(CATEGORY_SEPARATOR)
  for (const level of parentLevels) {
    const problem = categoryNameProblem(level)
    if (problem) return { ok: false, message: `The parent category "${parent}" cannot be used: ${problem}` }
  }
  const folders = relativeFolder.split(/[\\/]+/).filter((part) => part !== '' && part !== '.')
  for (const folder of folders) {
    if (folder.includes(CATEGORY_SEPARATOR)) {
      return { ok: false, message: `The folder "${folder}" cannot be a category name: ">" separates category levels in Kaltura` }
    }
    const problem = categoryNameProblem(folder)
    if (problem) return { ok: false, message: `The folder "${folder}" cannot be a category name: ${problem}` }
  }
  return { ok: true, fullName: [...parentLevels, ...folders].map((name) => name.trim()).join(CATEGORY_SEPARATOR) }
}

/**
 * Why Kaltura would not keep this as a category name, or undefined when it would. Kaltura trims a name
 * (KalturaCategory.php:592-596), so surrounding spaces are not a problem; an empty name, one over 200 bytes, and one
 * holding "<" or "," (silently turned into "_" by the server) are. ">" is the level separator, reported by callers.
 */
export function categoryNameProblem(name: string): string | undefined {
  const trimmed = name.trim()
  if (trimmed === '') return 'a category name cannot be empty or only spaces'
  const bytes = new TextEncoder().encode(trimmed).length
  if (bytes > MAX_CATEGORY_NAME_BYTES) return `it is ${bytes} bytes long and Kaltura allows ${MAX_CATEGORY_NAME_BYTES} bytes (UTF-8) in a category name`
  const forbidden = FORBIDDEN_IN_NAME.filter((character) => trimmed.includes(character))
  if (forbidden.length > 0) {
    const listed = forbidden.map((character) => `"${character}"`).join(' and ')
    return `Kaltura does not allow ${listed} in a category name (it would change ${forbidden.length === 1 ? 'it' : 'them'} to "_")`
  }
  return undefined
}
