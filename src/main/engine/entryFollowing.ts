// Files whose content reached their entry: each is followed with media.get until Kaltura says it is ready or
// failed (or, rarely, that the content never arrived, and the file goes back to the queue to attach it again).
import type { Journal } from '../journal/journal'
import type { Logger } from '../logging/logger'
import type { ConnectionPool } from './connectionPool'
import { watchEntry } from './entryWatcher'
import type { KalturaApi } from './kalturaApi'
import type { RetryPolicyOptions } from './retryPolicy'
import { describe } from './runErrors'
import { changeState } from './stateChanges'

export interface EntryFollowingDeps {
  journal: Journal
  pool: ConnectionPool
  logger: Logger
  policy: RetryPolicyOptions
  poll: { initialMs: number; maxMs: number }
  apiFor(batchId: number): Promise<KalturaApi>
  /** The file reached done or failed, or went back to the queue. */
  onSettled(fileId: number, batchId: number, outcome: 'done' | 'failed' | 'requeued'): void
  /** The number of files followed changed (idle and keep-awake depend on it). */
  onCountChange(): void
}

export class EntryFollowing {
  private readonly watches = new Map<number, AbortController>()
  private closed = false

  constructor(private readonly deps: EntryFollowingDeps) {}

  get size(): number {
    return this.watches.size
  }

  /** Starts following a file in processing, unless it is followed already. */
  follow(id: number): void {
    if (this.watches.has(id) || this.closed) return
    const controller = new AbortController()
    this.watches.set(id, controller)
    this.deps.onCountChange()
    void this.followOne(id, controller.signal)
      .catch((err: unknown) => this.deps.logger.error('engine', `file ${id}: following the entry crashed: ${describe(err)}`))
      .finally(() => {
        if (this.watches.get(id) === controller) this.watches.delete(id)
        this.deps.onCountChange()
      })
  }

  /** Stops every watch (sleep, shutdown); the files stay in processing and are followed again later. */
  stopAll(close = false): void {
    this.closed ||= close
    for (const w of this.watches.values()) w.abort()
    this.watches.clear()
  }

  private async followOne(id: number, signal: AbortSignal): Promise<void> {
    const { journal, logger } = this.deps
    const row = journal.getFile(id)
    if (!row?.entryId) return
    let api: KalturaApi
    try {
      api = await this.deps.apiFor(row.batchId)
    } catch {
      return
    }
    const verdict = await watchEntry({
      api,
      scope: { pool: this.deps.pool, policy: this.deps.policy, logger, signal, label: `file ${id}`, setWaiting: () => undefined },
      entryId: row.entryId,
      poll: this.deps.poll,
      onStatus: (status) => journal.updateFile(id, { entryStatus: status })
    })
    switch (verdict.kind) {
      case 'stopped':
        return
      case 'ready':
        changeState(journal, id, 'done', { finishedAt: Date.now(), error: null })
        logger.info('entry', `file ${id}: entry ${row.entryId} is ready`)
        return this.deps.onSettled(id, row.batchId, 'done')
      case 'failed':
        changeState(journal, id, 'failed', { finishedAt: Date.now(), error: verdict.error })
        return this.deps.onSettled(id, row.batchId, 'failed')
      case 'no-content':
        // The content never reached the entry: attach it again through the normal run.
        changeState(journal, id, 'queued', { contentAttached: false })
        return this.deps.onSettled(id, row.batchId, 'requeued')
    }
  }
}
