// The Kaltura client's public surface in one import: the client, sessions, KS helpers, errors and the object types.
export { createKalturaClient, type KalturaClient, type KalturaClientOptions } from './client'
export { SessionProvider, type KalturaCredentials } from './session'
export type { SessionStartRequest } from './sessionService'
export type { AppTokenHashType } from './appTokenSession'
export type { UploadChunkRequest, UploadTokenService } from './uploadTokenService'
export type { MediaService } from './mediaService'
export type { CallOptions, UploadCallOptions } from './callOptions'
export type { BodyRateLimiter } from './multipartBody'
export { generateKsV1, generateKsV2, readKs, type KsContent, type KsSummary } from './ks'
export { redact } from './redact'
export {
  KalturaApiError,
  KalturaTransportError,
  KalturaAbortedError,
  SourceFileError,
  classifyKalturaError,
  isKalturaError,
  isSessionError,
  minimumChunkOf,
  isTokenGone,
  systemErrorCodes,
  type KalturaError,
  type KalturaFailure,
  type TransportFailureReason,
  type SourceFileFailureReason
} from './errors'
export {
  EntryModerationStatus,
  EntryStatus,
  MediaType,
  SessionType,
  UploadTokenStatus,
  type MediaEntry,
  type MediaEntryFilter,
  type MediaEntryList,
  type MediaEntryUpdate,
  type NewMediaEntry,
  type NewUploadToken,
  type Pager,
  type UploadToken,
  type UploadTokenFilter,
  type UploadTokenList
} from './model'
