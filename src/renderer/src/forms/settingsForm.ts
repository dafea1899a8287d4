// The settings form's values, checked against the limits main enforces and turned into a Settings patch.
import type { Settings } from '../../../shared/uploads'

/** Chunk sizes in MB of 1024 × 1024 bytes, as the defaults (1 MB, 100 MB) are written. */
const CHUNK_MB = 1024 * 1024
/** Bandwidth in MB/s of 1,000,000 bytes, the unit the speed display uses. */
const RATE_MB = 1_000_000

export interface SettingsFormValues {
  maxParallelFiles: string
  maxConnections: string
  minChunkMb: string
  maxChunkMb: string
  keepAwake: boolean
  limitBandwidth: boolean
  bandwidthMbps: string
  includeAudio: boolean
  includeImages: boolean
}

export type SettingsFormErrors = Partial<Record<keyof SettingsFormValues, string>>

type SettingsCheck = { ok: true; patch: Partial<Settings> } | { ok: false; errors: SettingsFormErrors }

export function settingsFormFrom(s: Settings): SettingsFormValues {
  return {
    maxParallelFiles: String(s.maxParallelFiles),
    maxConnections: String(s.maxConnections),
    minChunkMb: decimal(s.minChunkBytes / CHUNK_MB),
    maxChunkMb: decimal(s.maxChunkBytes / CHUNK_MB),
    keepAwake: s.keepAwake,
    limitBandwidth: s.bandwidthLimit !== null,
    bandwidthMbps: s.bandwidthLimit === null ? '10' : decimal(s.bandwidthLimit / RATE_MB),
    includeAudio: s.includeAudio,
    includeImages: s.includeImages
  }
}

export function settingsPatchFromForm(v: SettingsFormValues): SettingsCheck {
  const errors: SettingsFormErrors = {}
  const files = wholeNumber(v.maxParallelFiles, 1, 16)
  if (files === null) errors.maxParallelFiles = 'A whole number from 1 to 16.'
  const connections = wholeNumber(v.maxConnections, 1, 32)
  if (connections === null) errors.maxConnections = 'A whole number from 1 to 32.'
  const minChunk = number(v.minChunkMb, 0.25, 2000)
  if (minChunk === null) errors.minChunkMb = 'A number of MB from 0.25 to 2000.'
  const maxChunk = number(v.maxChunkMb, 0.25, 2000)
  if (maxChunk === null) errors.maxChunkMb = 'A number of MB from 0.25 to 2000.'
  if (minChunk !== null && maxChunk !== null && minChunk > maxChunk) errors.maxChunkMb = 'The largest chunk cannot be smaller than the smallest.'
  const rate = v.limitBandwidth ? number(v.bandwidthMbps, 0.02, 100_000) : null
  if (v.limitBandwidth && rate === null) errors.bandwidthMbps = 'A number of MB/s from 0.02 to 100000.'

  if (Object.keys(errors).length > 0 || files === null || connections === null || minChunk === null || maxChunk === null) {
    return { ok: false, errors }
  }
  return {
    ok: true,
    patch: {
      maxParallelFiles: files,
      maxConnections: connections,
      minChunkBytes: Math.round(minChunk * CHUNK_MB),
      maxChunkBytes: Math.round(maxChunk * CHUNK_MB),
      keepAwake: v.keepAwake,
      bandwidthLimit: rate === null ? null : Math.round(rate * RATE_MB),
      includeAudio: v.includeAudio,
      includeImages: v.includeImages
    }
  }
}

function number(text: string, min: number, max: number): number | null {
  const t = text.trim()
  if (!/^\d+(\.\d+)?$|^\.\d+$/.test(t)) return null
  const n = Number(t)
  return n >= min && n <= max ? n : null
}

function wholeNumber(text: string, min: number, max: number): number | null {
  const t = text.trim()
  if (!/^\d+$/.test(t)) return null
  const n = Number(t)
  return n >= min && n <= max ? n : null
}

function decimal(n: number): string {
  return String(Math.round(n * 100) / 100)
}
