// Follows an entry with media.get, backing off, until Kaltura says it is ready, failed, or has no content after all.
import { classifyKalturaError, EntryStatus } from '../kaltura'
import type { FileError } from '../../shared/uploads'
import { sleep } from './bandwidthLimiter'
import type { ConnectionPool } from './connectionPool'
import type { KalturaApi } from './kalturaApi'

export type EntryVerdict =
  | { kind: 'ready' }
  | { kind: 'failed'; error: FileError }
  | { kind: 'no-content' }
  | { kind: 'stopped' }

export interface WatchContext {
  api: KalturaApi
  pool: ConnectionPool
  entryId: string
  signal: AbortSignal
  poll: { initialMs: number; maxMs: number }
  onStatus(status: number): void
}

export async function watchEntry(ctx: WatchContext): Promise<EntryVerdict> {
  let delay = ctx.poll.initialMs
  while (!ctx.signal.aborted) {
    try {
      const release = await ctx.pool.acquire(ctx.signal)
      let status: number | string
      try {
        status = (await ctx.api.media.get(ctx.entryId, { signal: ctx.signal })).status
      } finally {
        release()
      }
      if (typeof status === 'number') ctx.onStatus(status)
      const verdict = verdictOf(status)
      if (verdict) return verdict
    } catch (err) {
      if (ctx.signal.aborted) break
      const failure = classifyKalturaError(err)
      if (failure === 'entry-gone') return { kind: 'failed', error: { kind: 'api', code: 'ENTRY_ID_NOT_FOUND', message: 'The entry was deleted on the server while Kaltura was preparing it.' } }
      if (failure === 'session' || failure === 'credentials') return { kind: 'failed', error: { kind: 'auth', message: err instanceof Error ? err.message : String(err) } }
      if (failure === 'rejected') return { kind: 'failed', error: { kind: 'api', message: err instanceof Error ? err.message : String(err) } }
      // Anything else (network, busy server) is temporary: keep polling.
    }
    try {
      await sleep(delay, ctx.signal)
    } catch {
      break
    }
    delay = Math.min(ctx.poll.maxMs, delay * 2)
  }
  return { kind: 'stopped' }
}

/** What an entry status means for the upload; null while Kaltura is still working on it. */
function verdictOf(status: number | string): EntryVerdict | null {
  const failed = (message: string): EntryVerdict => ({ kind: 'failed', error: { kind: 'processing', message } })
  switch (status) {
    case EntryStatus.READY:
      return { kind: 'ready' }
    case EntryStatus.NO_CONTENT:
      return { kind: 'no-content' }
    case EntryStatus.ERROR_CONVERTING:
      return failed('Kaltura could not convert the file (ERROR_CONVERTING).')
    case EntryStatus.ERROR_IMPORTING:
      return failed('Kaltura could not import the file (ERROR_IMPORTING).')
    case EntryStatus.DELETED:
      return failed('The entry was deleted on the server.')
    case EntryStatus.BLOCKED:
      return failed('Kaltura blocked the entry.')
    default:
      return typeof status === 'string' && /virus/i.test(status) ? failed(`Kaltura's virus scan refused the file (${status}).`) : null
  }
}
