// Human-readable sizes, speeds and durations, the same in the window and the terminal.

const UNITS = ['B', 'KB', 'MB', 'GB', 'TB']

/** Decimal units, as operating systems show file sizes. */
export function formatBytes(bytes: number): string {
  let value = bytes
  let unit = 0
  while (value >= 1000 && unit < UNITS.length - 1) {
    value /= 1000
    unit++
  }
  return `${unit === 0 ? Math.round(value) : value.toFixed(value >= 100 ? 0 : 1)} ${UNITS[unit]}`
}

export function formatSpeed(bytesPerSecond: number | null): string {
  return bytesPerSecond !== null && bytesPerSecond >= 1 ? `${formatBytes(bytesPerSecond)}/s` : '—'
}

export function formatDuration(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return '—'
  if (seconds < 60) return `${Math.max(0, Math.round(seconds))} s`
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`
  return `${Math.floor(seconds / 3600)} h ${Math.round((seconds % 3600) / 60)} min`
}

/**
 * Time left as a person says it: a precise-looking "3 h 17 min" promises more than a rate over half a minute
 * knows, so the figure is rounded more coarsely the further away it is.
 */
export function formatTimeLeft(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds) || seconds < 0) return '—'
  if (seconds < 60) return 'less than a minute'
  const minutes = seconds / 60
  if (minutes < 10) return `about ${Math.ceil(minutes)} min`
  if (minutes < 55) return `about ${Math.round(minutes / 5) * 5} min`
  const hours = minutes / 60
  if (hours < 10) {
    const halves = Math.max(2, Math.round(hours * 2))
    return halves % 2 === 0 ? `about ${halves / 2} h` : `about ${(halves - 1) / 2} h 30 min`
  }
  if (hours < 48) return `about ${Math.round(hours)} h`
  return `about ${Math.round(hours / 24)} days`
}

/**
 * A count with thousands separators, "10,000". Written out rather than toLocaleString: the first Intl call in a page
 * loads ICU's number data, about 80 ms on the main thread, which landed on the frame where 10,000 rows arrived.
 */
export function formatCount(n: number): string {
  const digits = String(Math.trunc(Math.abs(n)))
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',')
  return n < 0 ? `-${grouped}` : grouped
}
