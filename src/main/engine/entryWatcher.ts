// Follows an entry with media.get, backing off, until Kaltura says it is ready, failed, or has no content after all.
import { EntryStatus } from '../kaltura'
import type { FileError } from '../../shared/uploads'
import type { KalturaApi } from './kalturaApi'
import { withRetries, type RetryScope } from './retry'
import { FileFailure } from './runErrors'
import { sleep } from './sleep'

export type EntryVerdict =
  | { kind: 'ready' }
  | { kind: 'failed'; error: FileError }
  | { kind: 'no-content' }
  | { kind: 'stopped' }

export interface WatchContext {
  api: KalturaApi
  /** The retry loop's scope: its signal stops the watch. */
  scope: RetryScope
  entryId: string
  poll: { initialMs: number; maxMs: number }
  onStatus(status: number): void
}

const ENTRY_GONE: FileError = { kind: 'api', code: 'ENTRY_ID_NOT_FOUND', message: 'The entry was deleted on the server while Kaltura was preparing it.' }

export async function watchEntry(ctx: WatchContext): Promise<EntryVerdict> {
  const { signal } = ctx.scope
  let delay = ctx.poll.initialMs
  try {
    for (;;) {
      // media.get goes through the one retry loop: a network or busy-server failure waits there, a refusal ends it.
      const status = await withRetries(ctx.scope, 'media.get', async (s) => (await ctx.api.media.get(ctx.entryId, { signal: s })).status, {
        intercept: async (failure) => {
          if (failure === 'entry-gone') throw new FileFailure(ENTRY_GONE)
          return undefined
        }
      })
      if (typeof status === 'number') ctx.onStatus(status)
      const verdict = verdictOf(status)
      if (verdict) return verdict
      await sleep(delay, signal)
      delay = Math.min(ctx.poll.maxMs, delay * 2)
    }
  } catch (err) {
    if (signal.aborted) return { kind: 'stopped' }
    if (err instanceof FileFailure) return { kind: 'failed', error: err.fileError }
    throw err
  }
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
