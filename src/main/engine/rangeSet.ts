// The byte ranges of a file still to send: starts as [from, size) minus what the journal knows the server has,
// hands out chunks from the front, and takes back chunks that must be sent again.

export interface ByteRange {
  start: number
  end: number
}

export class RangeSet {
  private ranges: ByteRange[]

  constructor(from: number, size: number, alreadySent: readonly ByteRange[] = []) {
    this.ranges = from < size ? [{ start: from, end: size }] : []
    for (const r of alreadySent) this.remove(r.start, r.end)
  }

  get isEmpty(): boolean {
    return this.ranges.length === 0
  }

  get bytes(): number {
    return this.ranges.reduce((n, r) => n + r.end - r.start, 0)
  }

  /** Takes up to `maxBytes` from the first range. */
  take(maxBytes: number): ByteRange | null {
    const first = this.ranges[0]
    if (!first) return null
    const end = Math.min(first.end, first.start + Math.max(1, maxBytes))
    const taken = { start: first.start, end }
    if (end === first.end) this.ranges.shift()
    else first.start = end
    return taken
  }

  /** Returns a range to the set (it will be handed out again before later bytes). */
  putBack(range: ByteRange): void {
    this.ranges.push({ ...range })
    this.normalize()
  }

  remove(start: number, end: number): void {
    const out: ByteRange[] = []
    for (const r of this.ranges) {
      if (end <= r.start || start >= r.end) out.push(r)
      else {
        if (r.start < start) out.push({ start: r.start, end: start })
        if (end < r.end) out.push({ start: end, end: r.end })
      }
    }
    this.ranges = out
  }

  private normalize(): void {
    this.ranges.sort((a, b) => a.start - b.start)
    const merged: ByteRange[] = []
    for (const r of this.ranges) {
      const last = merged.at(-1)
      if (last && r.start <= last.end) last.end = Math.max(last.end, r.end)
      else merged.push({ ...r })
    }
    this.ranges = merged
  }
}
