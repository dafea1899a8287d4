// The server's clock: real time plus a test-controlled offset (KS expiry, resume window, timestamps, readiness).

export class TestClock {
  private offsetMs = 0

  nowMs(): number {
    return Date.now() + this.offsetMs
  }

  /** Unix seconds, as Kaltura timestamps and KS expiries are expressed. */
  nowSeconds(): number {
    return Math.floor(this.nowMs() / 1000)
  }

  advance(seconds: number): void {
    this.offsetMs += seconds * 1000
  }
}
