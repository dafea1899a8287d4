// Turns the files and folders a user dropped into the media files to upload, plus every item left out and why.
import path from 'node:path'
import type { MediaKind } from './mediaKinds'
import { orderCompanions, type Companion } from './scanCompanions'
import { MAX_SCAN_ENTRIES, WalkBounds } from './scannerBounds'
import { throwIfAborted } from './scannerFsCalls'
import { skip, type SkippedEntry } from './scannerSkips'
import { walkDrops, type Candidate, type Drop, type Walk } from './scannerWalk'

export type { SkippedEntry, SkipReason } from './scannerSkips'
export type { Companion } from './scanCompanions'

export interface ScannedFile {
  /** Absolute, spelled as the user's file system names it (links are not resolved). */
  path: string
  name: string
  /** The dropped path this file was found under (the file itself when it was dropped directly). */
  root: string
  /** From the dropped item's parent, '/'-separated: "Holiday/day1/a.mp4" keeps the dropped folder's name. */
  relativePath: string
  size: number
  mtimeMs: number
  /** May be 0 on platforms that do not report inode numbers. */
  ino: number
  dev: number
  kind: MediaKind
}

export interface ScanResult {
  files: ScannedFile[]
  totalBytes: number
  skipped: SkippedEntry[]
  /** Metadata sheets and caption files found with the media, by relative path; not among the skipped. */
  companions: Companion[]
  /** Dropped paths plus every entry listed in a folder, whatever became of it; never more than the cap. */
  entriesSeen: number
  /** Why the scan ended before the bottom of the folders (the cap on entries); null when it went all the way. */
  stoppedEarly: string | null
}

export interface ScanOptions {
  /** Which kinds to keep; video only when omitted. */
  kinds?: { video: boolean; audio: boolean; image: boolean }
  /** Aborting makes scanDropped reject with an error named 'AbortError'. */
  signal?: AbortSignal
  /** Told the running count of non-folder entries seen (kept or skipped) every PROGRESS_EVERY_FILES, and the final count. */
  onProgress?: (filesSeen: number) => void
  /** The most entries one scan looks at (MAX_SCAN_ENTRIES when omitted); the scan keeps what it found until then. */
  maxEntries?: number
}

const DEFAULT_KINDS: Readonly<Record<MediaKind, boolean>> = { video: true, audio: false, image: false }
// Often enough for a moving counter, rarely enough that 100,000 files do not flood the window with events.
const PROGRESS_EVERY_FILES = 250

const naturalOrder = new Intl.Collator(undefined, { numeric: true })

export async function scanDropped(paths: string[], options: ScanOptions = {}): Promise<ScanResult> {
  const { signal, onProgress } = options
  throwIfAborted(signal)

  let filesSeen = 0
  const walk: Walk = {
    kinds: options.kinds ?? DEFAULT_KINDS,
    signal,
    candidates: [],
    companions: [],
    skipped: [],
    noteFileSeen: () => {
      filesSeen += 1
      if (filesSeen % PROGRESS_EVERY_FILES === 0) onProgress?.(filesSeen)
    },
    bounds: new WalkBounds(options.maxEntries ?? MAX_SCAN_ENTRIES)
  }

  const drops: Drop[] = []
  paths.forEach((dropped, index) => {
    // path.resolve('') would quietly mean the working directory, which the user never chose.
    if (dropped === '') walk.skipped.push(skip.missingDrop(dropped))
    else drops.push({ index, root: path.resolve(dropped), base: path.dirname(path.resolve(dropped)) })
  })
  await walkDrops(walk, drops)
  throwIfAborted(signal)
  if (filesSeen % PROGRESS_EVERY_FILES !== 0 || filesSeen === 0) onProgress?.(filesSeen)

  const { kept, duplicates } = foldSameRealFiles(walk.candidates)
  const files = kept.sort(byRelativePath).map((candidate) => candidate.file)
  return {
    files,
    totalBytes: files.reduce((sum, file) => sum + file.size, 0),
    skipped: orderSkips([...walk.skipped, ...duplicates]),
    companions: orderCompanions(walk.companions, (a, b) => compareNatural(a, b, '/')),
    entriesSeen: walk.bounds.entriesSeen,
    stoppedEarly: walk.bounds.stoppedMessage()
  }
}

/** Keeps one candidate per real file: reached without a link if possible, then from the earliest drop. */
function foldSameRealFiles(candidates: Candidate[]): { kept: Candidate[]; duplicates: SkippedEntry[] } {
  const best = new Map<string, Candidate>()
  for (const candidate of candidates) {
    const current = best.get(candidate.identity)
    if (current === undefined || preferToKeep(candidate, current) < 0) best.set(candidate.identity, candidate)
  }
  const duplicates: SkippedEntry[] = []
  for (const candidate of candidates) {
    const kept = best.get(candidate.identity)
    if (kept !== undefined && kept !== candidate) duplicates.push(skip.duplicate(candidate.file.path, kept.file.path))
  }
  return { kept: [...best.values()], duplicates }
}

function preferToKeep(a: Candidate, b: Candidate): number {
  return Number(a.viaLink) - Number(b.viaLink) || a.dropIndex - b.dropIndex || byRelativePath(a, b)
}

function byRelativePath(a: Candidate, b: Candidate): number {
  return (
    compareNatural(a.file.relativePath, b.file.relativePath, '/') ||
    a.dropIndex - b.dropIndex ||
    compareCodeUnits(a.file.path, b.file.path)
  )
}

/** Sorted by path, and one entry per (path, reason) when overlapping drops met the same item twice. */
function orderSkips(skipped: SkippedEntry[]): SkippedEntry[] {
  const unique = new Map<string, SkippedEntry>()
  for (const entry of skipped) unique.set(`${entry.reason}\0${entry.path}`, entry)
  return [...unique.values()].sort(
    (a, b) =>
      compareNatural(a.path, b.path, path.sep) ||
      compareCodeUnits(a.reason, b.reason) ||
      compareCodeUnits(a.message, b.message)
  )
}

// Segment by segment, so a folder's files stay together and "ep2" comes before "ep10". Equal leading segments
// (most of them, in a sorted list) are stepped over without the collator, which is the slow part.
function compareNatural(a: string, b: string, separator: string): number {
  let fromA = 0
  let fromB = 0
  for (;;) {
    const endA = a.indexOf(separator, fromA)
    const endB = b.indexOf(separator, fromB)
    const segmentA = a.slice(fromA, endA === -1 ? undefined : endA)
    const segmentB = b.slice(fromB, endB === -1 ? undefined : endB)
    if (segmentA !== segmentB) return naturalOrder.compare(segmentA, segmentB) || compareCodeUnits(segmentA, segmentB)
    if (endA === -1 || endB === -1) return endA === endB ? 0 : endA === -1 ? -1 : 1
    fromA = endA + separator.length
    fromB = endB + separator.length
  }
}

function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
