// One Kaltura call through the shared connection pool under the retry policy: transient failures wait and try
// again (offline and busy waits do not spend the budget); a lost token or a refusal ends the call for the caller.
import { classifyKalturaError } from '../kaltura'
import type { WaitingReason } from '../../shared/uploads'
import { sleep } from './bandwidthLimiter'
import type { ConnectionPool } from './connectionPool'
import type { Logger } from '../logging/logger'
import { decideRetry, type RetryPolicyOptions } from './retryPolicy'
import { describe, FileFailure, isOffline, retryAfter, TokenLost, userError } from './runErrors'

export interface CallContext {
  pool: ConnectionPool
  retry: RetryPolicyOptions
  logger: Logger
  signal: AbortSignal
  /** Names the file in log lines. */
  label: string
  setWaiting(waiting: WaitingReason, detail?: string | null): void
}

export async function retryingCall<T>(ctx: CallContext, what: string, fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
  let budgetUsed = 0
  for (let attempt = 1; ; attempt++) {
    let delayMs: number
    const release = await ctx.pool.acquire(ctx.signal)
    try {
      const result = await fn(ctx.signal)
      ctx.setWaiting(null)
      return result
    } catch (err) {
      if (ctx.signal.aborted) throw ctx.signal.reason
      const failure = classifyKalturaError(err)
      if (failure === null) throw err
      const decision = decideRetry({ failure, attempt, budgetUsed, offline: isOffline(err), ...retryAfter(err) }, ctx.retry)
      ctx.logger.info('upload', `${ctx.label}: ${what} failed (${failure}); ${decision.action}`, { error: describe(err) })
      if (decision.action === 'new-token') throw new TokenLost('The server no longer had the partial upload, so it started again.')
      if (decision.action !== 'retry') throw new FileFailure(userError(failure, err))
      if (decision.countsAgainstBudget) budgetUsed++
      if (failure === 'server-busy') ctx.pool.backOff()
      ctx.setWaiting(decision.waiting, describe(err))
      delayMs = decision.delayMs
    } finally {
      release()
    }
    await sleep(delayMs, ctx.signal)
  }
}
