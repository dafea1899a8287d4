// The first stage every request body passes: paced by the shared link rate (and by its own connection's rate, when
// one is set), counted, and cut off for `reset` faults.
import { Transform, type TransformCallback } from 'node:stream'
import type { LinkRate } from './linkRate'

export class BodyMeter extends Transform {
  /** Body bytes let through so far. */
  bytes = 0
  private cutAt: number | undefined
  private onCut: (() => void) | undefined
  private cut = false

  constructor(
    private readonly linkRate: LinkRate,
    /** This request's own pace: what one TCP connection gets on a lossy link, however many others run. */
    private readonly ownRate: LinkRate | null = null
  ) {
    super()
  }

  /** Stops the body after `afterBytes` bytes and calls `onCut` (which resets the connection). */
  cutAfter(afterBytes: number, onCut: () => void): void {
    this.cutAt = afterBytes
    this.onCut = onCut
    if (this.bytes >= afterBytes) this.fireCut()
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.passThrough(chunk).then(() => done(), done)
  }

  /** Lets the chunk through slice by slice, each slice after the link rate allows it. */
  private async passThrough(chunk: Buffer): Promise<void> {
    for (let start = 0; start < chunk.length && !this.cut; ) {
      const room = this.cutAt === undefined ? chunk.length - start : Math.max(0, this.cutAt - this.bytes)
      const size = Math.min(chunk.length - start, this.linkRate.sliceBytes(), this.ownRate?.sliceBytes() ?? Infinity, room)
      if (size > 0) {
        await this.linkRate.take(size)
        await this.ownRate?.take(size)
        this.push(chunk.subarray(start, start + size))
        this.bytes += size
        start += size
      }
      if (this.cutAt !== undefined && this.bytes >= this.cutAt) {
        // Let the bytes already read reach the parser before the connection goes.
        setImmediate(() => this.fireCut())
        return
      }
    }
  }

  private fireCut(): void {
    if (this.cut) return
    this.cut = true
    this.onCut?.()
  }
}
