// What the totals bar says: the confirmed share, what is left, and the pace, or that uploads wait for the server.
import { formatBytes, formatSpeed, formatTimeLeft } from '../../shared/format'
import type { Totals } from '../../shared/uploads'
import { barParts, type BarParts } from './fileStatus'
import { plural } from './words'

export interface TotalsText {
  bar: BarParts
  /** "12.6 MB of 40 GB" — confirmed bytes only. */
  bytes: string
  /** "2,031 files · 30 GB left"; null when nothing is left to send. */
  left: string | null
  /** "Speed 1.3 MB/s", "Waiting — resumes automatically", or "Speed —" when nothing runs. */
  pace: string
  /** "Time left about 3 h"; null unless bytes are moving. */
  timeLeft: string | null
}

export function totalsText(t: Totals): TotalsText {
  const bar = barParts(t.confirmedBytes, t.inFlightBytes, t.bytes)
  const left = t.filesLeft > 0 ? `${plural(t.filesLeft, 'file', 'files')} · ${formatBytes(t.bytesLeft)} left` : null
  if (t.flow === 'waiting') return { bar, bytes: bytesOf(t), left, pace: 'Waiting — resumes automatically', timeLeft: null }
  const measuring = t.flow === 'moving' && t.speed === null
  return {
    bar,
    bytes: bytesOf(t),
    left,
    pace: measuring ? 'Speed measuring…' : `Speed ${t.flow === 'moving' ? formatSpeed(t.speed) : '—'}`,
    timeLeft: t.flow === 'moving' && t.etaSeconds !== null ? `Time left ${formatTimeLeft(t.etaSeconds)}` : null
  }
}

function bytesOf(t: Totals): string {
  return `${formatBytes(t.confirmedBytes)} of ${formatBytes(t.bytes)}`
}
