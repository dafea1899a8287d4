// The journal's rows as the rest of main sees them, and how SQLite's raw rows map onto them: one place for the
// shape of a file, batch, profile and chunk, and for which columns a patch may touch.
import type { AuthKind } from '../../shared/accounts'
import type { EntryFields } from '../../shared/entryFields'
import type { BatchMetadata, DuplicatePolicy, FileError, FileErrorKind, FileState, MediaKind } from '../../shared/uploads'

export interface NewFile {
  path: string
  name: string
  relativePath: string
  kind: MediaKind
  size: number
  mtimeMs: number
  ino: string | null
  dev: string | null
  fingerprint: string | null
  referenceId: string
  state: FileState
  duplicateOf?: number | null
  notice?: string | null
  /** This file's own entry details over the batch's; absent or null: the batch's. */
  entryFields?: EntryFields | null
  /** Caption files that go with it, journaled with it in one step. */
  captions?: readonly NewCaption[]
}

/** A caption file found beside a video. */
export interface NewCaption {
  path: string
  /** A KalturaLanguage value ("English"). */
  language: string
  format: 'SRT' | 'WEBVTT'
  size: number
  mtimeMs: number
}

export type CaptionState = 'pending' | 'done' | 'failed'

export interface CaptionRow extends NewCaption {
  id: number
  fileId: number
  state: CaptionState
  /** The entry the asset was added to; a different entry id on the file means it must be added again. */
  entryId: string | null
  assetId: string | null
  tokenId: string | null
  /** When uploadToken.add was first sent for it and no token id is journaled yet. */
  tokenAddSentAt: number | null
  /** When captionAsset.add was sent and its id is not journaled yet. */
  addSentAt: number | null
  /** Why it failed, for the row; null otherwise. */
  message: string | null
  updatedAt: number
}

export type CaptionPatch = Partial<Pick<CaptionRow, 'state' | 'entryId' | 'assetId' | 'tokenId' | 'tokenAddSentAt' | 'addSentAt' | 'message'>>

export interface FileRow extends Omit<NewFile, 'duplicateOf' | 'notice' | 'entryFields' | 'captions'> {
  id: number
  /** This file's own entry details (shared/entryFields.ts); null: the batch's. */
  entryFields: EntryFields | null
  batchId: number
  tokenId: string | null
  /** When uploadToken.add was first sent (ms) and no token id is journaled yet: a token may exist that the journal lacks. */
  tokenAddSentAt: number | null
  uploaded: boolean
  entryId: string | null
  contentAttached: boolean
  entryStatus: number | null
  confirmedBytes: number
  /** When media.add was sent (ms) and its answer is not known yet: an entry may exist that the journal lacks. */
  mediaAddSentAt: number | null
  /** The `kbumark…` tag the entry carries (or will) while it has no journaled id, for accounts that drop referenceId. */
  entryMark: string | null
  /** The entry the batch's categories were dealt with for (assigned, or left out with a notice); null before. */
  categoriesEntryId: string | null
  duplicateOf: number | null
  error: FileError | null
  notice: string | null
  createdAt: number
  updatedAt: number
  finishedAt: number | null
}

/** Fields the engine may change on a file; absent keys stay as they are. The state is not one of them: it changes
 * only through engine/stateChanges.ts, which checks the transition first. */
export interface FilePatch {
  tokenId?: string | null
  tokenAddSentAt?: number | null
  uploaded?: boolean
  entryId?: string | null
  contentAttached?: boolean
  entryStatus?: number | null
  confirmedBytes?: number
  mediaAddSentAt?: number | null
  entryMark?: string | null
  categoriesEntryId?: string | null
  error?: FileError | null
  notice?: string | null
  finishedAt?: number | null
  size?: number
  mtimeMs?: number
  ino?: string | null
  dev?: string | null
  fingerprint?: string | null
  /** A file the user located somewhere else (Locate…), and the new entry's reference id of an upload made again. */
  path?: string
  name?: string
  relativePath?: string
  referenceId?: string
  /** Details edited for this file before its entry was made. */
  entryFields?: EntryFields | null
}

export interface BatchRow {
  id: number
  profileId: string
  createdAt: number
  metadata: BatchMetadata
  duplicatePolicy: DuplicatePolicy
}

export interface ProfileRow {
  id: string
  name: string
  serviceUrl: string
  partnerId: number
  userId: string
  authKind: AuthKind
  /** The application token's id (app-token profiles only); the token itself is a secret and lives elsewhere. */
  appTokenId: string | null
  /** A partner role an admin-secret session is pinned to (setrole); null for the user's own role. */
  roleId: string | null
  createdAt: number
  updatedAt: number
}

export interface ChunkRow {
  offset: number
  length: number
  state: 'sending' | 'acked'
  tokenId: string
}

export interface RawFile {
  id: number
  batch_id: number
  path: string
  name: string
  relative_path: string
  kind: MediaKind
  size: number
  mtime_ms: number
  ino: string | null
  dev: string | null
  fingerprint: string | null
  state: FileState
  token_id: string | null
  token_add_sent_at: number | null
  uploaded: number
  reference_id: string
  entry_id: string | null
  content_attached: number
  entry_status: number | null
  confirmed_bytes: number
  media_add_sent_at: number | null
  entry_mark: string | null
  categories_entry_id: string | null
  entry_fields: string | null
  duplicate_of: number | null
  error_kind: FileErrorKind | null
  error_code: string | null
  error_message: string | null
  notice: string | null
  created_at: number
  updated_at: number
  finished_at: number | null
}

export function toFileRow(r: RawFile): FileRow {
  return {
    id: r.id,
    batchId: r.batch_id,
    path: r.path,
    name: r.name,
    relativePath: r.relative_path,
    kind: r.kind,
    size: r.size,
    mtimeMs: r.mtime_ms,
    ino: r.ino,
    dev: r.dev,
    fingerprint: r.fingerprint,
    state: r.state,
    tokenId: r.token_id,
    tokenAddSentAt: r.token_add_sent_at,
    uploaded: r.uploaded === 1,
    referenceId: r.reference_id,
    entryId: r.entry_id,
    contentAttached: r.content_attached === 1,
    entryStatus: r.entry_status,
    confirmedBytes: r.confirmed_bytes,
    mediaAddSentAt: r.media_add_sent_at,
    entryMark: r.entry_mark,
    categoriesEntryId: r.categories_entry_id,
    entryFields: r.entry_fields === null ? null : (JSON.parse(r.entry_fields) as EntryFields),
    duplicateOf: r.duplicate_of,
    error: r.error_kind ? { kind: r.error_kind, message: r.error_message ?? '', ...(r.error_code ? { code: r.error_code } : {}) } : null,
    notice: r.notice,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    finishedAt: r.finished_at
  }
}

/** Column for each patchable field; identifiers only ever come from this table. */
export const PATCH_COLUMNS = {
  state: 'state',
  tokenId: 'token_id',
  tokenAddSentAt: 'token_add_sent_at',
  uploaded: 'uploaded',
  entryId: 'entry_id',
  contentAttached: 'content_attached',
  entryStatus: 'entry_status',
  confirmedBytes: 'confirmed_bytes',
  mediaAddSentAt: 'media_add_sent_at',
  entryMark: 'entry_mark',
  categoriesEntryId: 'categories_entry_id',
  entryFields: 'entry_fields',
  notice: 'notice',
  finishedAt: 'finished_at',
  size: 'size',
  mtimeMs: 'mtime_ms',
  ino: 'ino',
  dev: 'dev',
  fingerprint: 'fingerprint',
  path: 'path',
  name: 'name',
  relativePath: 'relative_path',
  referenceId: 'reference_id'
} as const satisfies Record<Exclude<keyof FilePatch, 'error'> | 'state', string>

export type SqlValue = string | number | null

export interface RawProfile {
  id: string
  name: string
  service_url: string
  partner_id: number
  user_id: string
  auth_kind: AuthKind
  app_token_id: string | null
  role_id: string | null
  created_at: number
  updated_at: number
}

export function toProfileRow(r: RawProfile): ProfileRow {
  return {
    id: r.id,
    name: r.name,
    serviceUrl: r.service_url,
    partnerId: r.partner_id,
    userId: r.user_id,
    authKind: r.auth_kind,
    appTokenId: r.app_token_id,
    roleId: r.role_id,
    createdAt: r.created_at,
    updatedAt: r.updated_at
  }
}
