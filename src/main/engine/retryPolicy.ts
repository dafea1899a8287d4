// Decides what to do after a failed Kaltura call, and how long to wait: one small function, as tus does.
import type { KalturaFailure } from '../kaltura/errors'

export type RetryDecision =
  | { action: 'retry'; delayMs: number; countsAgainstBudget: boolean; waiting: 'retry' | 'network' | 'server-busy' }
  | { action: 'shrink-chunk'; delayMs: number }
  | { action: 'grow-chunk' }
  | { action: 'new-token' }
  | { action: 'verify-token' }
  | { action: 'fail' }

export interface RetryPolicyOptions {
  baseDelayMs: number
  maxDelayMs: number
  /** Failed attempts allowed for one step (chunk, call) before the file fails; reset by progress. */
  maxAttempts: number
  random?: () => number
}

export const DEFAULT_RETRY_POLICY: RetryPolicyOptions = { baseDelayMs: 1000, maxDelayMs: 60_000, maxAttempts: 8 }

/** Full-jitter exponential back-off: a random delay up to base * 2^attempt, capped. */
export function backoffDelay(attempt: number, opts: RetryPolicyOptions, retryAfterSeconds?: number): number {
  const random = opts.random ?? Math.random
  const ceiling = Math.min(opts.maxDelayMs, opts.baseDelayMs * 2 ** Math.min(attempt, 16))
  const jittered = Math.round(ceiling / 2 + (random() * ceiling) / 2)
  return retryAfterSeconds !== undefined ? Math.max(jittered, retryAfterSeconds * 1000) : jittered
}

export interface FailureContext {
  failure: KalturaFailure
  /** Failed attempts of this step so far, this one included (drives the delay). */
  attempt: number
  /** Earlier failed attempts that counted against the budget (offline and busy waits do not). */
  budgetUsed: number
  /** The failure looks like the network is gone (refused, DNS, unreachable), not like a bad server. */
  offline: boolean
  retryAfterSeconds?: number
}

export function decideRetry(ctx: FailureContext, opts: RetryPolicyOptions = DEFAULT_RETRY_POLICY): RetryDecision {
  const delayMs = backoffDelay(ctx.attempt - 1, opts, ctx.retryAfterSeconds)
  switch (ctx.failure) {
    case 'session':
      // The client already renewed the KS once and was refused again: the credentials themselves are wrong.
      return { action: 'fail' }
    case 'token-gone':
      return { action: 'new-token' }
    case 'token-not-uploadable':
    case 'final-size-mismatch':
      return ctx.budgetUsed < opts.maxAttempts ? { action: 'verify-token' } : { action: 'fail' }
    case 'payload-too-large':
      return ctx.budgetUsed < opts.maxAttempts ? { action: 'shrink-chunk', delayMs: 0 } : { action: 'fail' }
    case 'chunk-too-small':
      return ctx.budgetUsed < opts.maxAttempts ? { action: 'grow-chunk' } : { action: 'fail' }
    case 'server-busy':
      return { action: 'retry', delayMs, countsAgainstBudget: false, waiting: 'server-busy' }
    case 'transient':
      if (ctx.offline) return { action: 'retry', delayMs: Math.min(delayMs, 15_000), countsAgainstBudget: false, waiting: 'network' }
      return ctx.budgetUsed < opts.maxAttempts
        ? { action: 'retry', delayMs, countsAgainstBudget: true, waiting: 'retry' }
        : { action: 'fail' }
    case 'aborted':
    case 'source-file':
    case 'credentials':
    case 'entry-gone':
    case 'entry-has-content':
    case 'rejected':
      return { action: 'fail' }
  }
}
