// What a row's detail panel shows beyond the row: the full path, the entry link, what the entry gets (the file's own
// values over its batch's), whether they can still change, and its caption files.
import { relative, dirname } from 'node:path'
import type { FileDetails } from '../../shared/ipc-contract'
import { resolveEntryFields } from '../../shared/entryFields'
import type { FileRow, Journal } from '../journal/journal'
import { entryUrl } from './entryUrl'
import { UserFacingError } from './userFacingError'

export function fileDetails(journal: Journal, fileId: number): FileDetails {
  const file = journal.getFile(fileId)
  if (!file) throw new UserFacingError('not-found', 'That file is no longer in the list.')
  const batch = journal.getBatch(file.batchId)
  const profile = journal.getProfile(batch?.profileId ?? '')
  return {
    path: file.path,
    entryUrl: file.entryId && profile ? entryUrl(profile.serviceUrl, file.entryId) : null,
    fields: resolveEntryFields(batch?.metadata ?? {}, file.name, file.entryFields),
    own: file.entryFields,
    editable: fieldsEditable(file),
    captions: journal.captions.of(fileId).map((c) => ({
      relativePath: relative(dirname(file.path), c.path),
      language: c.language,
      state: c.state,
      message: c.message
    }))
  }
}

/** A file's details can change until media.add is sent for it: after that the entry may carry the old ones. */
export function fieldsEditable(file: FileRow): boolean {
  return file.entryId === null && file.mediaAddSentAt === null && file.state !== 'canceled' && file.state !== 'skipped'
}
