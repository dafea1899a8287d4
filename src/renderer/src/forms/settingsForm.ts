// The settings form's values, checked against the limits main enforces and turned into a Settings patch.
import { chunkSizesInOrder, isWithin, SETTINGS_BOUNDS, WATCH_BOUNDS, type Range } from '../../../shared/settingsBounds'
import type { BatchMetadata, DuplicatePolicy, Settings, WatchFolder } from '../../../shared/uploads'

/** Chunk sizes in MB of 1024 × 1024 bytes, as the defaults (1 MB, 100 MB) are written. */
const CHUNK_MB = 1024 * 1024
/** Bandwidth in MB/s of 1,000,000 bytes, the unit the speed display uses. */
const RATE_MB = 1_000_000

export interface SettingsFormValues {
  maxParallelFiles: string
  maxConnections: string
  adaptiveConnections: boolean
  minChunkMb: string
  maxChunkMb: string
  keepAwake: boolean
  limitBandwidth: boolean
  bandwidthMbps: string
  includeAudio: boolean
  includeImages: boolean
  /** In the order shown; a folder is added by main's picker (watch:add) and joins the list with addWatchFolders. */
  watchFolders: WatchFolderFormValues[]
}

/** One watched folder as the form edits it: its path is shown, never edited. */
export interface WatchFolderFormValues {
  id: string
  path: string
  profileId: string
  stableSeconds: string
  duplicatePolicy: DuplicatePolicy
  tags: string
  /** The details the form does not show, kept as they were. */
  metadata: BatchMetadata
}

export type SettingsFormErrors = Partial<Record<keyof SettingsFormValues, string>>

type SettingsCheck = { ok: true; patch: Partial<Settings> } | { ok: false; errors: SettingsFormErrors }

export function settingsFormFrom(s: Settings): SettingsFormValues {
  return {
    maxParallelFiles: String(s.maxParallelFiles),
    maxConnections: String(s.maxConnections),
    adaptiveConnections: s.adaptiveConnections,
    minChunkMb: decimal(s.minChunkBytes / CHUNK_MB),
    maxChunkMb: decimal(s.maxChunkBytes / CHUNK_MB),
    keepAwake: s.keepAwake,
    limitBandwidth: s.bandwidthLimit !== null,
    bandwidthMbps: s.bandwidthLimit === null ? '10' : decimal(s.bandwidthLimit / RATE_MB),
    includeAudio: s.includeAudio,
    includeImages: s.includeImages,
    watchFolders: s.watchFolders.map(watchFolderForm)
  }
}

function watchFolderForm(f: WatchFolder): WatchFolderFormValues {
  return { id: f.id, path: f.path, profileId: f.profileId, stableSeconds: String(f.stableSeconds), duplicatePolicy: f.duplicatePolicy, tags: f.metadata.tags ?? '', metadata: f.metadata }
}

/**
 * The folders main just added (from its own picker) join the form's list; the rest of the form keeps its edits,
 * and a folder removed in the form but not yet saved stays removed.
 */
export function addWatchFolders(values: SettingsFormValues, before: Settings, saved: Settings): SettingsFormValues {
  const added = saved.watchFolders.filter((f) => !before.watchFolders.some((b) => b.id === f.id) && !values.watchFolders.some((v) => v.id === f.id))
  return { ...values, watchFolders: [...values.watchFolders, ...added.map(watchFolderForm)] }
}

/** The watch folders as Settings keeps them, or the first problem, naming the folder. */
function watchFoldersFromForm(list: readonly WatchFolderFormValues[]): { ok: true; folders: WatchFolder[] } | { ok: false; error: string } {
  const folders: WatchFolder[] = []
  for (const v of list) {
    const stableSeconds = wholeNumber(v.stableSeconds, WATCH_BOUNDS.stableSeconds)
    if (stableSeconds === null) {
      const { min, max } = WATCH_BOUNDS.stableSeconds
      return { ok: false, error: `How long a file in ${v.path} must stay unchanged: a whole number of seconds from ${min} to ${max}.` }
    }
    if (!v.profileId) return { ok: false, error: `${v.path}: choose an account.` }
    const { tags: _oldTags, ...metadata } = v.metadata
    const tags = v.tags.trim()
    folders.push({ id: v.id, path: v.path, profileId: v.profileId, stableSeconds, duplicatePolicy: v.duplicatePolicy, metadata: tags ? { ...metadata, tags } : metadata })
  }
  return { ok: true, folders }
}

export function settingsPatchFromForm(v: SettingsFormValues): SettingsCheck {
  const errors: SettingsFormErrors = {}
  const files = wholeNumber(v.maxParallelFiles, SETTINGS_BOUNDS.maxParallelFiles)
  if (files === null) errors.maxParallelFiles = wholeNumberHint(SETTINGS_BOUNDS.maxParallelFiles)
  const connections = wholeNumber(v.maxConnections, SETTINGS_BOUNDS.maxConnections)
  if (connections === null) errors.maxConnections = wholeNumberHint(SETTINGS_BOUNDS.maxConnections)
  const minChunk = scaled(v.minChunkMb, CHUNK_MB, SETTINGS_BOUNDS.minChunkBytes)
  if (minChunk === null) errors.minChunkMb = scaledHint('MB', CHUNK_MB, SETTINGS_BOUNDS.minChunkBytes)
  const maxChunk = scaled(v.maxChunkMb, CHUNK_MB, SETTINGS_BOUNDS.maxChunkBytes)
  if (maxChunk === null) errors.maxChunkMb = scaledHint('MB', CHUNK_MB, SETTINGS_BOUNDS.maxChunkBytes)
  if (minChunk !== null && maxChunk !== null && !chunkSizesInOrder({ minChunkBytes: minChunk, maxChunkBytes: maxChunk })) {
    errors.maxChunkMb = 'The largest chunk cannot be smaller than the smallest.'
  }
  const rate = v.limitBandwidth ? scaled(v.bandwidthMbps, RATE_MB, SETTINGS_BOUNDS.bandwidthLimit) : null
  if (v.limitBandwidth && rate === null) errors.bandwidthMbps = scaledHint('MB/s', RATE_MB, SETTINGS_BOUNDS.bandwidthLimit)
  const watched = watchFoldersFromForm(v.watchFolders)
  if (!watched.ok) errors.watchFolders = watched.error

  if (Object.keys(errors).length > 0 || files === null || connections === null || minChunk === null || maxChunk === null || !watched.ok) {
    return { ok: false, errors }
  }
  return {
    ok: true,
    patch: {
      maxParallelFiles: files,
      maxConnections: connections,
      adaptiveConnections: v.adaptiveConnections,
      minChunkBytes: minChunk,
      maxChunkBytes: maxChunk,
      keepAwake: v.keepAwake,
      bandwidthLimit: rate,
      includeAudio: v.includeAudio,
      includeImages: v.includeImages,
      watchFolders: watched.folders
    }
  }
}

/** A decimal typed in a display unit, as whole bytes, when they fall within the range. */
function scaled(text: string, unit: number, range: Range): number | null {
  const t = text.trim()
  if (!/^\d+(\.\d+)?$|^\.\d+$/.test(t)) return null
  const bytes = Math.round(Number(t) * unit)
  return isWithin(bytes, range) ? bytes : null
}

function wholeNumber(text: string, range: Range): number | null {
  const t = text.trim()
  if (!/^\d+$/.test(t)) return null
  const n = Number(t)
  return isWithin(n, range) ? n : null
}

function wholeNumberHint(range: Range): string {
  return `A whole number from ${range.min} to ${range.max}.`
}

// Rounded inwards, so that both numbers the hint names are accepted.
function scaledHint(unitName: string, unit: number, range: Range): string {
  const min = Math.ceil((range.min / unit) * 100) / 100
  const max = Math.floor(range.max / unit)
  return `A number of ${unitName} from ${min} to ${max}.`
}

function decimal(n: number): string {
  return String(Math.round(n * 100) / 100)
}
