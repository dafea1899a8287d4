// How the engine reads Kaltura's answers to calls with side effects: a refusal the caller decides on (a role that may
// not, a code that means "already done") as a value rather than a failure of the file, and whether a failed call can
// have made anything.
import { KalturaApiError, KalturaTransportError, type KalturaFailure } from '../kaltura'
import type { RetryHooks } from './retry'

/** Kaltura's answer that the call did nothing, for the codes the caller reads as a decision rather than a failure. */
export interface Refusal {
  refused: KalturaApiError
}

/** A Kaltura call under the run's retry loop. */
export type RunCall = <T>(what: string, fn: (signal: AbortSignal) => Promise<T>, hooks?: RetryHooks<T>) => Promise<T>

/**
 * One call under the retry loop, where Kaltura's refusal is an answer to read, not a failure of the file. A
 * SERVICE_FORBIDDEN is one too: the retry loop would take it for a refused session and hold the whole account.
 */
export function refusable<T>(call: RunCall, what: string, fn: (signal: AbortSignal) => Promise<T>, hooks: Omit<RetryHooks<T | Refusal>, 'intercept'> = {}): Promise<T | Refusal> {
  return call<T | Refusal>(what, fn, {
    ...hooks,
    intercept: async (failure: KalturaFailure, err: unknown) =>
      err instanceof KalturaApiError && (failure === 'rejected' || err.code === 'SERVICE_FORBIDDEN') ? { value: { refused: err } } : undefined
  })
}

export function isRefusal<T>(value: T | Refusal): value is Refusal {
  return typeof value === 'object' && value !== null && 'refused' in value && value.refused instanceof KalturaApiError
}

/**
 * Whether a failed call that creates something (media.add, captionAsset.add) surely made nothing. An API error is the
 * server's answer to the whole call: it refused before storing anything. So are the refusals a server or proxy gives
 * without passing the request on (413, 429, 503). A 500 is Kaltura's own server failing (its API errors come as HTTP
 * 200): it is taken as an answer too, so that a failing server costs one look per attempt and not a patient wait per
 * attempt; the rare PHP failure after the object was saved is then found only if a look already shows it. A dropped
 * connection, a timeout, a 502 or 504 (a proxy gave up waiting, gap 5) may have come after it was stored: unknown.
 */
export function nothingMade(err: unknown): boolean {
  if (err instanceof KalturaApiError) return true
  return err instanceof KalturaTransportError && (err.status === 413 || err.status === 429 || err.status === 500 || err.status === 503)
}
