// Watches one folder for media files to upload: polls it with the scanner's own walk and rules (names, kinds, links,
// the cap on entries), and hands a file over once its size and modification time have stayed the same for the
// stable time. A file still being copied keeps changing, so it is never handed over half-written. A poll only lists
// folders and stats files: content is read (fingerprinted) only for a file handed over, by enqueue.ts.
//
// Polling, not fs.watch: fs.watch misses changes on network drives and differs by platform, and it could only make a
// file noticed sooner, which the stable time makes moot anyway. The poll interval is a fraction of the stable time,
// and at least twice as long as the last poll took: a huge folder is looked at less often, never all the time.
import { stat } from 'node:fs/promises'
import type { MediaKind } from './mediaKinds'
import { scanDropped, type ScannedFile, type ScanResult } from './scanner'

/** What one poll found, for a caller to show (and for stories to act on: each poll is an event). */
/** Files a hand-over held back (offered again at the next poll), and why. */
export interface HandOverResult {
  held: ReadonlySet<string>
  problem: string | null
}

export interface WatchPoll {
  /** Counts from 1 for each watcher. */
  poll: number
  /** Media files in the folder. */
  files: number
  /** Of those, files that changed lately and are waiting to stay unchanged for the stable time. */
  waiting: number
  /** Files handed over by this poll. */
  handedOver: number
  /** Why the folder could not be read, or the cap on entries the walk met; null when it read all of it. */
  problem: string | null
}

export interface FolderWatcherOptions {
  folder: string
  /** How long a file's size and modification time must stay the same before it is handed over. */
  stableMs: number
  /**
   * Time between the end of one poll and the start of the next (a quarter of the stable time, within 100 ms–2 s, when
   * omitted); stretched to twice the last poll's own duration, so polling takes at most a third of the time.
   */
  pollMs?: number
  kinds?: Readonly<Record<MediaKind, boolean>>
  /**
   * Whether this file, exactly as it is now, was handed over by an earlier watcher (the journal remembers): asked once
   * per file per watcher, when it is first seen. Such a file is handed over at once, for its upload to resume, and
   * is not waited for again.
   */
  handedBefore(file: ScannedFile): boolean
  /**
   * Takes the ready files; `scan` is the whole poll (every media file and the sheets and caption files beside them).
   * When it throws, they are offered again at the next poll; so are the files it answers it held back, with why.
   */
  handOver(files: ScannedFile[], scan: Pick<ScanResult, 'files' | 'companions'>): Promise<HandOverResult | void>
  onPoll?(report: WatchPoll): void
  onError?(err: unknown): void
  /** The clock stability is measured with (Date.now when omitted). */
  now?: () => number
}

interface Seen {
  size: number
  mtimeMs: number
  /** When this size and time were first seen. */
  since: number
}

export function defaultPollMs(stableMs: number): number {
  return Math.min(2000, Math.max(100, Math.round(stableMs / 4)))
}

export class FolderWatcher {
  private readonly waiting = new Map<string, Seen>()
  /** Files handed over, as they were then: not handed again unless they change. */
  private readonly handed = new Map<string, { size: number; mtimeMs: number }>()
  private readonly abort = new AbortController()
  private readonly now: () => number
  private readonly pollMs: number
  private polls = 0
  private lastPollMs = 0
  private loop: Promise<void> | null = null
  private wake: (() => void) | null = null

  constructor(private readonly opts: FolderWatcherOptions) {
    this.now = opts.now ?? Date.now
    this.pollMs = opts.pollMs ?? defaultPollMs(opts.stableMs)
  }

  get folder(): string {
    return this.opts.folder
  }

  start(): void {
    this.loop ??= this.run()
  }

  /** Ends the watching; resolves once a poll or hand-over under way has finished, so nothing is written after. */
  async stop(): Promise<void> {
    this.abort.abort()
    this.wake?.()
    await this.loop
  }

  private async run(): Promise<void> {
    while (!this.abort.signal.aborted) {
      const started = performance.now()
      try {
        this.opts.onPoll?.(await this.pollOnce())
      } catch (err) {
        if (!this.abort.signal.aborted) this.opts.onError?.(err)
      }
      this.lastPollMs = performance.now() - started
      await this.pause()
    }
  }

  private pause(): Promise<void> {
    if (this.abort.signal.aborted) return Promise.resolve()
    return new Promise((resolve) => {
      const timer = setTimeout(done, Math.max(this.pollMs, 2 * this.lastPollMs))
      function done(): void {
        clearTimeout(timer)
        resolve()
      }
      this.wake = done
    })
  }

  private async pollOnce(): Promise<WatchPoll> {
    const scan = await scanDropped([this.opts.folder], { ...(this.opts.kinds ? { kinds: this.opts.kinds } : {}), signal: this.abort.signal })
    const now = this.now()
    const present = new Set<string>()
    const ready: ScannedFile[] = []
    for (const file of scan.files) {
      present.add(file.path)
      const handed = this.handed.get(file.path)
      if (handed && same(handed, file)) continue
      const seen = this.waiting.get(file.path)
      if (!handed && !seen && this.opts.handedBefore(file)) ready.push(file)
      else if (seen && same(seen, file)) {
        if (now - seen.since >= this.opts.stableMs) ready.push(file)
      } else this.waiting.set(file.path, { size: file.size, mtimeMs: file.mtimeMs, since: now })
    }
    // A deleted file means nothing: it is forgotten here, and its journal row (if any) stays as it was.
    for (const path of this.waiting.keys()) if (!present.has(path)) this.waiting.delete(path)
    for (const path of this.handed.keys()) if (!present.has(path)) this.handed.delete(path)

    const stillSame = await this.stillAsSeen(ready, now)
    let handedOver = 0
    let heldProblem: string | null = null
    if (stillSame.length > 0) {
      const result = await this.opts.handOver(stillSame, scan)
      heldProblem = result?.problem ?? null
      for (const file of stillSame) {
        if (result?.held.has(file.path)) continue
        handedOver += 1
        this.handed.set(file.path, { size: file.size, mtimeMs: file.mtimeMs })
        this.waiting.delete(file.path)
      }
    }
    this.polls += 1
    const rootProblem = scan.skipped.find((s) => s.path === this.opts.folder)
    return {
      poll: this.polls,
      files: scan.files.length,
      waiting: this.waiting.size,
      handedOver,
      problem: rootProblem?.message ?? scan.stoppedEarly ?? heldProblem
    }
  }

  /** One more stat of each ready file (the walk may have read it a while ago): one that changed waits again. */
  private async stillAsSeen(ready: ScannedFile[], now: number): Promise<ScannedFile[]> {
    const kept: ScannedFile[] = []
    for (const file of ready) {
      const s = await stat(file.path).catch(() => null)
      if (s === null) continue
      if (s.size === file.size && s.mtimeMs === file.mtimeMs) kept.push(file)
      else this.waiting.set(file.path, { size: s.size, mtimeMs: s.mtimeMs, since: now })
    }
    return kept
  }
}

function same(a: { size: number; mtimeMs: number }, b: { size: number; mtimeMs: number }): boolean {
  return a.size === b.size && a.mtimeMs === b.mtimeMs
}
