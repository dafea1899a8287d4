// Notices the machine going to sleep and waking: the desktop's power events where there are any, and, everywhere,
// a clock that jumped (a lid closed without a power event, a VM paused, the headless command on a laptop).
import type { PowerEvents } from './ports'

export interface SleepWatchOptions {
  power?: PowerEvents
  /** A gap this long between ticks means the machine slept. */
  gapMs: number
  onSuspend(): void
  onWake(why: string): void
}

/** Starts watching; returns a function that stops it. */
export function watchSleep(opts: SleepWatchOptions): () => void {
  const unsubscribe: Array<() => void> = []
  if (opts.power) {
    unsubscribe.push(opts.power.onSuspend(() => opts.onSuspend()))
    unsubscribe.push(opts.power.onResume(() => opts.onWake('power event')))
  }
  let lastTick = Date.now()
  const ticker = setInterval(() => {
    const now = Date.now()
    if (now - lastTick > opts.gapMs) opts.onWake(`clock jumped ${Math.round((now - lastTick) / 1000)} s`)
    lastTick = now
  }, Math.min(5000, opts.gapMs / 3))
  ticker.unref()
  return () => {
    clearInterval(ticker)
    for (const u of unsubscribe.splice(0)) u()
  }
}
