// The per-call options every Kaltura call takes, and the timeouts used when a caller gives none.
import type { BodyRateLimiter } from './multipartBody'

export interface CallOptions {
  /** The caller's cancellation; firing it ends the call with KalturaAbortedError. */
  signal?: AbortSignal
  /** Whole-request limit (send and reply); firing it ends the call with a 'timeout' transport error. */
  timeoutMs?: number
}

export interface UploadCallOptions extends CallOptions {
  /** File bytes of this chunk handed to the connection so far; called once per piece (≤ 1 MiB). */
  onProgress?: (bytesSentOfPart: number) => void
  bodyRateLimiter?: BodyRateLimiter
  /** Bytes read and handed on at a time (at most MAX_PIECE_BYTES, the default). */
  pieceBytes?: number
}

export const DEFAULT_CALL_TIMEOUT_MS = 30_000
/** Uploads carry a chunk, and a verified final chunk may wait ~45 s on the server for stragglers before replying. */
export const DEFAULT_UPLOAD_TIMEOUT_MS = 300_000
