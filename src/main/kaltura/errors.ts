// Every way a Kaltura call can fail, as error values with a kind, and the one function that sorts them for callers.

/** Which call failed; the service is as sent on the wire (lowercase). */
export interface CallSite {
  service: string
  action: string
}

/** The server refused the call: a KalturaAPIException body (which Kaltura sends with HTTP 200). */
export class KalturaApiError extends Error {
  override readonly name = 'KalturaApiError'
  readonly kind = 'api'
  readonly retryable = false
  readonly service: string
  readonly action: string

  constructor(
    call: CallSite,
    readonly code: string,
    message: string,
    readonly args: Readonly<Record<string, string>>
  ) {
    super(message)
    this.service = call.service
    this.action = call.action
  }
}

export type TransportFailureReason = 'network' | 'timeout' | 'http-status' | 'bad-response'

/** The call did not get an API answer: the connection failed, timed out, a proxy answered, or the body was not Kaltura's. */
export class KalturaTransportError extends Error {
  override readonly name = 'KalturaTransportError'
  readonly kind = 'transport'
  readonly retryable = true
  readonly service: string
  readonly action: string
  /** HTTP status, for reason 'http-status' (and 'bad-response' when the status was 200). */
  readonly status: number | undefined
  /** Retry-After in seconds, when the server sent one. */
  readonly retryAfterSeconds: number | undefined
  /** The start of the response body (redacted), when there was one that was not a Kaltura result. */
  readonly responseExcerpt: string | undefined

  constructor(
    call: CallSite,
    readonly reason: TransportFailureReason,
    message: string,
    details: { status?: number; retryAfterSeconds?: number; responseExcerpt?: string; cause?: unknown } = {}
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause })
    this.service = call.service
    this.action = call.action
    this.status = details.status
    this.retryAfterSeconds = details.retryAfterSeconds
    this.responseExcerpt = details.responseExcerpt
  }
}

/** The caller's AbortSignal fired; nothing to retry. */
export class KalturaAbortedError extends Error {
  override readonly name = 'KalturaAbortedError'
  readonly kind = 'aborted'
  readonly retryable = false
  readonly service: string
  readonly action: string

  constructor(call: CallSite, cause: unknown) {
    super(`${call.service}.${call.action} was aborted`, { cause })
    this.service = call.service
    this.action = call.action
  }
}

export type SourceFileFailureReason = 'unreadable' | 'changed'

/** The chunk could not be read from disk: the file is gone or unreadable, or now shorter than the chunk's end. */
export class SourceFileError extends Error {
  override readonly name = 'SourceFileError'
  readonly kind = 'source-file'
  readonly retryable = false

  constructor(
    readonly reason: SourceFileFailureReason,
    readonly path: string,
    message: string,
    cause?: unknown
  ) {
    super(message, cause === undefined ? undefined : { cause })
  }
}

export type KalturaError = KalturaApiError | KalturaTransportError | KalturaAbortedError | SourceFileError

export function isKalturaError(error: unknown): error is KalturaError {
  return (
    error instanceof KalturaApiError ||
    error instanceof KalturaTransportError ||
    error instanceof KalturaAbortedError ||
    error instanceof SourceFileError
  )
}

/** What a caller should do about a failure; the retry policy and user messages switch on this. */
export type KalturaFailure =
  /** The caller cancelled. */
  | 'aborted'
  /** The local file is gone, unreadable or changed. */
  | 'source-file'
  /** The KS was refused or missing: get a new KS, then retry. */
  | 'session'
  /** session.start refused the partner id or secret, or appToken.startSession the token: ask the user. */
  | 'credentials'
  /** The token cannot take more data: start again with a new token. */
  | 'token-gone'
  /** The verified final chunk found a gap: retry the final call after a short delay. */
  | 'final-size-mismatch'
  /** The token no longer accepts uploads, often because a final call already succeeded: ask uploadToken.get. */
  | 'token-not-uploadable'
  | 'entry-gone'
  | 'entry-has-content'
  /** The server is overloaded or rate limiting (HTTP 429/503, lock timeout): back off, honour retryAfterSeconds. */
  | 'server-busy'
  /** HTTP 413: send smaller chunks. */
  | 'payload-too-large'
  /** A non-final part under the account's minimum chunk size: send larger chunks (minimumChunkOf says how large). */
  | 'chunk-too-small'
  /** Network failure, timeout, other non-200, garbled body, internal server error: retry with back-off. */
  | 'transient'
  /** Any other API error: retrying the same call will not help. */
  | 'rejected'

const failureByApiCode: Readonly<Record<string, KalturaFailure>> = {
  INVALID_KS: 'session',
  MISSING_KS: 'session',
  SERVICE_FORBIDDEN: 'session',
  START_SESSION_ERROR: 'credentials',
  // The application token is unknown, disabled, expired or does not match (KalturaErrors.php:278-284), or the
  // partner has no default widget: asking again with the same token cannot succeed.
  APP_TOKEN_ID_NOT_FOUND: 'credentials',
  APP_TOKEN_NOT_ACTIVE: 'credentials',
  APP_TOKEN_EXPIRED: 'credentials',
  INVALID_APP_TOKEN_HASH: 'credentials',
  INVALID_WIDGET_ID: 'credentials',
  UPLOAD_TOKEN_NOT_FOUND: 'token-gone',
  UPLOAD_PASSED_MAX_RESUME_TIME_ALLOWED: 'token-gone',
  UPLOAD_TOKEN_CANNOT_RESUME: 'token-gone',
  MAX_ALLOWED_CHUNK_COUNT_EXCEEDED: 'token-gone',
  UPLOAD_TOKEN_CANNOT_MATCH_EXPECTED_SIZE: 'final-size-mismatch',
  UPLOAD_TOKEN_INVALID_STATUS_FOR_UPLOAD: 'token-not-uploadable',
  ENTRY_ID_NOT_FOUND: 'entry-gone',
  ENTRY_ALREADY_WITH_CONTENT: 'entry-has-content',
  // Kaltura SaaS documents a minimumChunkSize that open-source HEAD does not have; the code is our test server's
  // choice (test/kaltura-server/README.md "Harsher modes"), as the SaaS's own is not public.
  UPLOAD_TOKEN_CHUNK_TOO_SMALL: 'chunk-too-small',
  LOCK_TIMED_OUT: 'server-busy',
  INTERNAL_SERVERL_ERROR: 'transient'
}

/** Sorts any thrown value; null when it is not one of this client's errors (a bug, not a Kaltura failure). */
export function classifyKalturaError(error: unknown): KalturaFailure | null {
  if (!isKalturaError(error)) return null
  switch (error.kind) {
    case 'aborted':
      return 'aborted'
    case 'source-file':
      return 'source-file'
    case 'api':
      // Our parts always carry a name and bytes, so UPLOAD_ERROR on one says PHP kept no temp file: a part over
      // upload_max_filesize (KalturaRequestDeserializer.php:292-298 → KalturaErrors.php:458, kaltura/server c447fdb3eb).
      if (error.code === 'UPLOAD_ERROR' && isUploadCall(error)) return 'payload-too-large'
      return failureByApiCode[error.code] ?? 'rejected'
    case 'transport':
      if (error.status === 413) return 'payload-too-large'
      if (lostItsBody(error)) return 'payload-too-large'
      if (error.status === 429 || error.status === 503) return 'server-busy'
      return 'transient'
  }
}

function isUploadCall(call: CallSite): boolean {
  return call.service === 'uploadtoken' && call.action === 'upload'
}

/**
 * A body over PHP's post_max_size reaches Kaltura with no field at all: the format=1 we send is gone, so the reply is
 * XML, and the uploadTokenId we always send is missing (KalturaRequestDeserializer.php:195, checked before the lost KS
 * would be: KalturaDispatcher.php:96 before :132). No session or token problem produces that pair.
 */
function lostItsBody(error: KalturaTransportError): boolean {
  const excerpt = error.responseExcerpt ?? ''
  return error.reason === 'bad-response' && error.status === 200 && isUploadCall(error) && excerpt.startsWith('<') && excerpt.includes('MISSING_MANDATORY_PARAMETER')
}

/** The minimum chunk size a 'chunk-too-small' refusal names (arg MIN_CHUNK_SIZE), when it names one. */
export function minimumChunkOf(error: unknown): number | null {
  if (!(error instanceof KalturaApiError)) return null
  const minimum = Number(error.args['MIN_CHUNK_SIZE'])
  return Number.isSafeInteger(minimum) && minimum > 0 ? minimum : null
}

export function isSessionError(error: unknown): boolean {
  return classifyKalturaError(error) === 'session'
}

export function isTokenGone(error: unknown): boolean {
  return classifyKalturaError(error) === 'token-gone'
}

/**
 * The system error codes (ECONNREFUSED, ENOTFOUND, ENOENT, …) along an error's cause chain, outermost first: the
 * one walker for every place that needs to know what the operating system said.
 */
export function systemErrorCodes(err: unknown): string[] {
  const codes: string[] = []
  const seen = new Set<unknown>()
  for (let e: unknown = err; typeof e === 'object' && e !== null && !seen.has(e); e = (e as { cause?: unknown }).cause) {
    seen.add(e)
    // A Kaltura API error's code is the server's word, not the operating system's.
    if (e instanceof KalturaApiError) continue
    const code = (e as { code?: unknown }).code
    if (typeof code === 'string') codes.push(code)
  }
  return codes
}
