// The one retry loop every Kaltura call goes through: each attempt runs in a pool slot, a failure is classified
// once, the retry policy decides (timings declared once, in retryPolicy.ts), and the caller's hooks handle the few
// decisions that depend on what is being sent. Busy-server back-off and Retry-After are the pool's, not ours.
import { classifyKalturaError, type KalturaFailure } from '../kaltura'
import type { WaitingReason } from '../../shared/uploads'
import type { Logger } from '../logging/logger'
import type { ConnectionPool } from './connectionPool'
import { decideRetry, type RetryPolicyOptions } from './retryPolicy'
import { describe, FileFailure, isOffline, retryAfter, TokenLost, userError, VerifyAgain } from './runErrors'

export interface RetryScope {
  pool: ConnectionPool
  policy: RetryPolicyOptions
  logger: Logger
  /** Stops the call: waits and requests end with the signal's reason. */
  signal: AbortSignal
  /** Names the file in log lines. */
  label: string
  setWaiting(waiting: WaitingReason, detail?: string | null): void
}

/** A hook's answer that ends the call with this value instead of going on. */
export interface Settled<T> {
  value: T
}

export interface RetryHooks<T> {
  /** Sees each classified failure before the policy does; a value returned ends the call with it. */
  intercept?(failure: KalturaFailure, err: unknown): Promise<Settled<T> | undefined>
  /** After the back-off wait, before sending again: a lost reply may hide a success worth asking the server about. */
  beforeRetry?(): Promise<Settled<T> | undefined>
  /** The server refused the part as too large: a value ends the call, undefined tries again at once. Without this
   * hook the refusal fails the file. */
  tooLarge?(): Settled<T> | undefined
  /** The server refused the part as under its minimum chunk size (the refusal passed along): as tooLarge, the other
   * way. Without this hook the refusal fails the file. */
  tooSmall?(err: unknown): Settled<T> | undefined
}

export const TOKEN_LOST_MESSAGE = 'The server no longer had the partial upload, so it started again.'

/**
 * Runs `attempt` until it succeeds, or the policy gives up (FileFailure), the token is gone (TokenLost), the
 * server's state must be read again (VerifyAgain), or the scope is stopped (its reason).
 */
export async function withRetries<T>(scope: RetryScope, what: string, attempt: (signal: AbortSignal) => Promise<T>, hooks: RetryHooks<T> = {}): Promise<T> {
  let budgetUsed = 0
  for (let attempts = 1; ; attempts++) {
    try {
      const result = await scope.pool.run(() => attempt(scope.signal), scope.signal)
      scope.setWaiting(null)
      scope.pool.waits.succeeded()
      return result
    } catch (err) {
      if (scope.signal.aborted) throw scope.signal.reason
      const failure = classifyKalturaError(err)
      if (failure === null) throw err
      const early = await hooks.intercept?.(failure, err)
      if (early) return early.value
      const decision = decideRetry({ failure, attempt: attempts, budgetUsed, offline: isOffline(err), ...retryAfter(err) }, scope.policy)
      scope.logger.info('upload', `${scope.label}: ${what} failed (${failure}); ${decision.action}`, { error: describe(err) })
      switch (decision.action) {
        case 'retry': {
          if (decision.countsAgainstBudget) budgetUsed++
          scope.setWaiting(decision.waiting, describe(err))
          // Through the pool's waits, not a bare sleep: the window shows one outage for all, and Retry now wakes it.
          await scope.pool.waits.wait(decision.waiting, decision.delayMs, describe(err), scope.signal)
          const had = await hooks.beforeRetry?.()
          if (had) return had.value
          continue
        }
        case 'shrink-chunk': {
          if (!hooks.tooLarge) throw new FileFailure(userError(failure, err))
          budgetUsed++
          const settled = hooks.tooLarge()
          if (settled) return settled.value
          continue
        }
        case 'grow-chunk': {
          if (!hooks.tooSmall) throw new FileFailure(userError(failure, err))
          budgetUsed++
          const settled = hooks.tooSmall(err)
          if (settled) return settled.value
          continue
        }
        case 'new-token':
          throw new TokenLost(TOKEN_LOST_MESSAGE)
        case 'verify-token':
          throw new VerifyAgain()
        case 'fail':
          throw new FileFailure(userError(failure, err))
      }
    }
  }
}
