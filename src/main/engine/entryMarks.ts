// The fallback idempotency mark, for accounts whose sessions may not set referenceId: Kaltura drops it without an
// error when the role lacks CONTENT_INGEST_REFERENCE_MODIFY (kaltura/server c447fdb3eb, KalturaObject.php:736-746,
// deployment/permissions/object.KalturaBaseEntry.ini:128-144), and a look-up by referenceId then never finds the
// entry a crashed run made. Tags need no permission to insert (the same ini gives `tags` an update rule only,
// :164-171), so a tag `kbumark<24 hex>`, random per file and journaled before media.add, marks the entry instead. It
// is taken off again (media.update, tags back to the user's) as soon as the entry id is journaled.
import { randomBytes } from 'node:crypto'
import type { BatchRow, FileRow } from '../journal/journal'
import { resolveEntryFields } from '../../shared/entryFields'

const MARK_PREFIX = 'kbumark'

export function newEntryMark(): string {
  // Lower-case hex: Kaltura lower-cases tags (ktagword.class.php:34), and sphinx matches whole words.
  return `${MARK_PREFIX}${randomBytes(12).toString('hex')}`
}

/** The tags media.add sends: the user's, then the mark (if any). */
export function tagsWithMark(userTags: string | undefined, mark: string | null): string | undefined {
  if (!mark) return userTags
  return userTags ? `${userTags},${mark}` : mark
}

/** The tags the user asked for (the file's own, else the batch's), which media.update puts back; '' clears the field
 * when they asked for none. */
export function userTags(batch: BatchRow, file: FileRow): string {
  return resolveEntryFields(batch.metadata, file.name, file.entryFields).tags
}

/** Whether an entry's tags (as Kaltura returns them: comma-separated, maybe re-spaced) still hold this mark. */
export function carriesMark(tags: string | undefined, mark: string): boolean {
  return (tags ?? '').split(',').some((tag) => tag.trim().toLowerCase() === mark)
}
