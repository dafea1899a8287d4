// Coalesces file changes into update events a few times a second. Running files change every tick (bytes, speed),
// so they always go out, and first; other changes go out at most MAX_VIEWS_PER_UPDATE at a time, so a batch of
// 10,000 new files reaches the window in slices a frame or so apart, not as one message it must parse in one frame.
import type { FileView, Totals } from '../../shared/uploads'

/** At most this many file views in one update event; the rest follow SLICE_INTERVAL_MS later. */
export const MAX_VIEWS_PER_UPDATE = 1000
const SLICE_INTERVAL_MS = 40

export interface UpdateSource {
  /** Ids of files running now. */
  running(): Iterable<number>
  /** The file as the window shows it; null when it is no longer in the journal. */
  view(id: number): FileView | null
  totals(): Totals
  emit(files: FileView[], totals: Totals): void
}

export class UpdateBatcher {
  private readonly dirty = new Set<number>()
  private timer: NodeJS.Timeout | null = null
  private closed = false

  constructor(
    private readonly source: UpdateSource,
    private readonly intervalMs: number
  ) {}

  /** Marks a file changed; it goes out with the next update. */
  touch(id: number): void {
    this.dirty.add(id)
    this.schedule(this.intervalMs)
  }

  /** Keeps ticking while files run, so their bytes and speed move. */
  keepTicking(): void {
    this.schedule(this.intervalMs)
  }

  /** Sends what is pending now and stops. */
  close(): void {
    this.closed = true
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    this.flush()
  }

  private schedule(delayMs: number): void {
    if (this.timer || this.closed) return
    this.timer = setTimeout(() => {
      this.timer = null
      this.flush()
    }, delayMs)
    this.timer.unref()
  }

  private flush(): void {
    const running = [...this.source.running()]
    if (running.length === 0 && this.dirty.size === 0) return
    const views: FileView[] = []
    const send = (id: number): void => {
      this.dirty.delete(id)
      const view = this.source.view(id)
      if (view) views.push(view)
    }
    for (const id of running) send(id)
    for (const id of this.dirty) {
      if (views.length >= MAX_VIEWS_PER_UPDATE) break
      send(id)
    }
    this.source.emit(views, this.source.totals())
    if (this.dirty.size > 0) this.schedule(SLICE_INTERVAL_MS)
    else if (running.length > 0) this.schedule(this.intervalMs)
  }
}
