// The Kaltura objects the uploader reads and writes, with their enums as const objects (values as on the wire).

export const UploadTokenStatus = {
  PENDING: 0,
  PARTIAL_UPLOAD: 1,
  FULL_UPLOAD: 2,
  CLOSED: 3,
  TIMED_OUT: 4,
  DELETED: 5,
  /** Core-only value the API enum lacks; reachable in theory when too many chunks are parked. */
  ERROR: 6
} as const
export type UploadTokenStatus = (typeof UploadTokenStatus)[keyof typeof UploadTokenStatus]

export const EntryStatus = {
  ERROR_IMPORTING: -2,
  ERROR_CONVERTING: -1,
  IMPORT: 0,
  PRECONVERT: 1,
  READY: 2,
  DELETED: 3,
  PENDING: 4,
  MODERATE: 5,
  BLOCKED: 6,
  NO_CONTENT: 7
} as const
export type EntryStatus = (typeof EntryStatus)[keyof typeof EntryStatus]

/** alpha/lib/enums/entryModerationStatus.php; media.list hides PENDING_MODERATION and REJECTED unless asked. */
export const EntryModerationStatus = {
  PENDING_MODERATION: 1,
  APPROVED: 2,
  REJECTED: 3,
  DELETED: 4,
  FLAGGED_FOR_REVIEW: 5,
  AUTO_APPROVED: 6
} as const
export type EntryModerationStatus = (typeof EntryModerationStatus)[keyof typeof EntryModerationStatus]

export const MediaType = {
  VIDEO: 1,
  IMAGE: 2,
  AUDIO: 5
} as const
export type MediaType = (typeof MediaType)[keyof typeof MediaType]

export const SessionType = {
  USER: 0,
  ADMIN: 2
} as const
export type SessionType = (typeof SessionType)[keyof typeof SessionType]

/** Sizes are bytes, timestamps Unix seconds; absent fields were null on the server (Kaltura omits nulls). */
export interface UploadToken {
  id: string
  status: UploadTokenStatus
  partnerId?: number
  userId?: string
  fileName?: string
  fileSize?: number
  /** Contiguous bytes the server has assembled; absent until the first upload call. */
  uploadedFileSize?: number
  createdAt?: number
  updatedAt?: number
  attachedObjectType?: string
  attachedObjectId?: string
  uploadUrl?: string
}

export interface UploadTokenList {
  objects: UploadToken[]
  totalCount: number
}

export interface UploadTokenFilter {
  idEqual?: string
  idIn?: string[]
  userIdEqual?: string
  statusEqual?: UploadTokenStatus
  statusIn?: UploadTokenStatus[]
  fileNameEqual?: string
  fileSizeEqual?: number
  orderBy?: '+createdAt' | '-createdAt'
}

export interface Pager {
  /** Default 30, maximum 500 on the server. */
  pageSize?: number
  /** 1-based. */
  pageIndex?: number
}

export interface MediaEntryFilter {
  idEqual?: string
  idIn?: string[]
  referenceIdEqual?: string
  referenceIdIn?: string[]
  statusIn?: EntryStatus[]
  /** Without any moderation condition the server hides pending and rejected entries (KalturaBaseEntryFilter.php:108-120). */
  moderationStatusIn?: EntryModerationStatus[]
  /** Comma-separated; any of them as whole words in the tags (sphinx full-text OR, SphinxCriteria.php:835-854). */
  tagsMultiLikeOr?: string
  /** Unix seconds, server clock (`_gte_created_at`, KalturaBaseEntryBaseFilter.php:48). */
  createdAtGreaterThanOrEqual?: number
  orderBy?: '+createdAt' | '-createdAt'
}

export interface NewUploadToken {
  fileName: string
  fileSize: number
}

export interface NewMediaEntry {
  name: string
  mediaType: MediaType
  description?: string
  tags?: string
  /** Comma-separated full category names. */
  categories?: string
  /** At least 2 characters when given. */
  referenceId?: string
  userId?: string
}

/** What media.update may change here; an empty string clears the field. */
export interface MediaEntryUpdate {
  tags?: string
}

export interface MediaEntry {
  id: string
  name: string
  /** A known EntryStatus number, or the raw value for plugin statuses such as "virusScan.Infected". */
  status: EntryStatus | string
  mediaType?: number
  type?: number
  partnerId?: number
  userId?: string
  description?: string
  tags?: string
  categories?: string
  referenceId?: string
  createdAt?: number
  updatedAt?: number
}

export interface MediaEntryList {
  objects: MediaEntry[]
  totalCount: number
}
