// Reads files' identity and content fingerprint in the background: a bounded number at once, handed back in the
// order they were asked for, so the first file of a 10,000-file drop is read within milliseconds and duplicates are
// judged in queue order (the first of two identical files is the original, whichever read finished first).
import type { Identified } from './enqueue'
import { checkUnchanged, identifyFile } from './fileIdentity'
import { problemOfFsError, type FileProblem } from './fileProblems'

/** A file as read: its identity and fingerprint, or why it could not be read. */
export type FileRead = Identified | { problem: FileProblem }

/** Files read at once: enough to keep the disk busy, few enough to leave the uploads their share of the CPU. */
const READ_CONCURRENCY = 8

/** Reads one file; a read taken earlier (at the scan) still holds while the file is the very same one. */
export async function readIdentity(path: string, earlier?: Identified): Promise<FileRead> {
  try {
    if (earlier && (await checkUnchanged(path, earlier.identity)) === null) return earlier
    return await identifyFile(path)
  } catch (err) {
    return { problem: problemOfFsError(err) }
  }
}

/**
 * A queue of reads: items go in at the back, a bounded number are read at once, and results come out in the order
 * the items went in, as runs of consecutive results (one journal transaction each). Stopping drops what is left.
 */
export class OrderedReads<T, R = FileRead> {
  private waiting: Array<{ seq: number; item: T }> = []
  private head = 0
  private readonly ready = new Map<number, { item: T; read: R }>()
  private nextSeq = 0
  private nextOut = 0
  private reading = 0
  private stopped = false

  constructor(
    private readonly read: (item: T) => Promise<R>,
    private readonly deliver: (results: Array<{ item: T; read: R }>) => void,
    private readonly concurrency = READ_CONCURRENCY,
    /** Told when delivering failed (the journal closed as the app quits): the reads have stopped. */
    private readonly onFailure: (err: unknown) => void = () => {}
  ) {}

  /** Items not yet delivered (waiting, being read, or read and waiting for an earlier one). */
  get size(): number {
    return this.nextSeq - this.nextOut
  }

  push(items: readonly T[]): void {
    if (this.stopped) return
    for (const item of items) this.waiting.push({ seq: this.nextSeq++, item })
    while (this.reading < this.concurrency && this.head < this.waiting.length) void this.work()
  }

  stop(): void {
    this.stopped = true
    this.waiting = []
    this.ready.clear()
    this.nextOut = this.nextSeq
  }

  private take(): { seq: number; item: T } | undefined {
    if (this.head >= this.waiting.length) return undefined
    const next = this.waiting[this.head++]
    // Dropped from the front now and then, not per item: shifting 10,000 items one at a time costs quadratic time.
    if (this.head > 1024 && this.head * 2 > this.waiting.length) {
      this.waiting = this.waiting.slice(this.head)
      this.head = 0
    }
    return next
  }

  private async work(): Promise<void> {
    this.reading++
    try {
      for (let next = this.take(); next && !this.stopped; next = this.take()) {
        const read = await this.read(next.item)
        if (this.stopped) return
        this.ready.set(next.seq, { item: next.item, read })
        this.flush()
      }
    } finally {
      this.reading--
    }
  }

  private flush(): void {
    const run: Array<{ item: T; read: R }> = []
    for (let r = this.ready.get(this.nextOut); r; r = this.ready.get(this.nextOut)) {
      this.ready.delete(this.nextOut++)
      run.push(r)
    }
    if (run.length === 0) return
    try {
      this.deliver(run)
    } catch (err) {
      // The reads run unattended: a failure to take their results ends them, it never becomes an unhandled rejection.
      this.stop()
      this.onFailure(err)
    }
  }
}
