// Types for files, batches and settings that main and the renderer both use. No secrets live in any of them.

/**
 * Where a file is in its journey. The phase facts (token, upload complete, entry, content attached) live beside
 * the state in the journal, so a file that was paused or interrupted resumes at the right step. The journal's
 * files table refuses any other state (migration 3), so a new state here needs a migration there.
 */
export type FileState =
  | 'queued' // waiting for a slot
  | 'uploading' // creating the upload token and sending chunks
  | 'finalizing' // all chunks acknowledged; the final chunk is being verified by the server
  | 'creating-entry' // media.add + media.addContent
  | 'processing' // Kaltura is preparing the entry
  | 'done' // the entry is ready
  | 'paused'
  | 'failed'
  | 'canceled'
  | 'skipped' // a duplicate the batch chose not to upload again

export const ACTIVE_STATES: readonly FileState[] = ['uploading', 'finalizing', 'creating-entry', 'processing']
export const FINISHED_STATES: readonly FileState[] = ['done', 'canceled', 'skipped']

/** Why a file is not moving although it is active: shown instead of a failure. */
export type WaitingReason = 'network' | 'retry' | 'server-busy' | 'session' | null

export type MediaKind = 'video' | 'audio' | 'image'

export type DuplicatePolicy = 'skip' | 'upload'

export interface BatchMetadata {
  description?: string
  tags?: string
  /** Comma-separated full category names, as Kaltura's `categories` field takes them. */
  categories?: string
  /** Prefix for each entry's referenceId; the engine appends a per-file id so every entry stays findable. */
  referenceIdPrefix?: string
}

/** The user-facing kinds of error; the message says the specifics. */
export type FileErrorKind =
  | 'file-changed' // modified, replaced or deleted since it was queued
  | 'file-unreadable'
  | 'api' // Kaltura refused with a code
  | 'processing' // Kaltura could not process the entry
  | 'auth' // wrong secret, expired credentials
  | 'token-expired' // the server no longer has the partial upload
  | 'retries-exhausted'

export interface FileError {
  kind: FileErrorKind
  message: string
  code?: string
}

export interface Settings {
  /** Files uploading at once. */
  maxParallelFiles: number
  /** Requests in flight at once across all files: exactly this many, or the figure to start from when adaptive. */
  maxConnections: number
  /**
   * Adds connections while they make the upload measurably faster (a lossy or distant link, where one TCP connection
   * cannot fill the line), up to ADAPTIVE_CONNECTIONS_CEILING, and goes back when they do not (engine/connectionTuner.ts).
   */
  adaptiveConnections: boolean
  minChunkBytes: number
  maxChunkBytes: number
  /** Adaptive chunk sizing aims at this many seconds per chunk. */
  targetChunkSeconds: number
  /** Bytes per second across all uploads; null = unlimited. */
  bandwidthLimit: number | null
  keepAwake: boolean
  includeAudio: boolean
  includeImages: boolean
  /** Folders main watches and uploads from by itself (README "Watch folders"); added only through main's picker. */
  watchFolders: WatchFolder[]
}

/**
 * A folder whose new and grown media files are uploaded once they stop changing. Its path comes from main's own
 * folder picker: the page edits a folder by id and never names a path.
 */
export interface WatchFolder {
  id: string
  path: string
  /** The account its files go to. */
  profileId: string
  /** How long a file's size and modification time must stay the same before it is sent. */
  stableSeconds: number
  duplicatePolicy: DuplicatePolicy
  /** The batch details each of its files gets. */
  metadata: BatchMetadata
}

export const DEFAULT_SETTINGS: Settings = {
  maxParallelFiles: 4,
  maxConnections: 6,
  adaptiveConnections: true,
  minChunkBytes: 1 * 1024 * 1024,
  maxChunkBytes: 100 * 1024 * 1024,
  targetChunkSeconds: 8,
  bandwidthLimit: null,
  keepAwake: true,
  includeAudio: false,
  includeImages: false,
  watchFolders: []
}

/** One file as the UI shows it. */
export interface FileView {
  id: number
  batchId: number
  name: string
  relativePath: string
  size: number
  state: FileState
  waiting: WaitingReason
  /** What the last transient failure was, while waiting. */
  waitingDetail: string | null
  error: FileError | null
  /** Something the user should know that is not an error (started again, duplicate of…). */
  notice: string | null
  entryId: string | null
  duplicateOf: number | null
  /** Bytes the server acknowledged: what the row's number says; kept through a pause. */
  confirmedBytes: number
  /** Bytes of chunks on the wire, not yet acknowledged: only the lighter part of the bar. */
  inFlightBytes: number
  /** Bytes per second, smoothed. */
  speed: number
  /** Seconds until the server has confirmed the rest at that speed. */
  etaSeconds: number | null
  /** While a cancel can still be undone: when it becomes final (epoch ms). Absent or null otherwise. */
  cancelingUntil?: number | null
  /** Its caption files (languages) and where each stands; absent when it has none. */
  captions?: Array<{ language: string; state: 'pending' | 'done' | 'failed' }>
}

/** Whether bytes reach the server: 'waiting' when files run but none were confirmed for a while (an outage). */
export type TransferFlow = 'moving' | 'waiting' | 'idle'

export interface Totals {
  files: number
  byState: Partial<Record<FileState, number>>
  /** Bytes of every listed file except canceled and skipped ones. */
  bytes: number
  /** Of those, bytes the server confirmed: never goes down through a pause or an outage. */
  confirmedBytes: number
  inFlightBytes: number
  /** Files still to upload (queued, uploading, finalizing) and their bytes the server has not confirmed. */
  filesLeft: number
  bytesLeft: number
  /** Confirmed bytes per second over the last half minute, gaps between files included; null until measured. */
  speed: number | null
  /** Time left at that speed; null unless bytes are moving. */
  etaSeconds: number | null
  flow: TransferFlow
  /** The network or the server is out for every file: one banner, not a message per row. Absent or null when all is well. */
  outage?: Outage | null
  /** Accounts whose sign-in Kaltura refused: their files wait, paused, until the account is saved again. */
  heldAccounts?: HeldAccount[]
}

/** Files wait because the server cannot be reached, or says it is busy; from the engine's own back-off waits. */
export interface Outage {
  kind: 'network' | 'server-busy'
  /** When the first file began to wait (ms since the epoch, main's clock). */
  since: number
  /** When the next waiting retry goes out; null while an attempt is under way. */
  nextAttemptAt: number | null
  /** The last technical reason, for the banner's Details; never a secret (the one logger's wording). */
  detail: string
}

export interface HeldAccount {
  profileId: string
  name: string
  /** Why Kaltura refused it, in the user's words. */
  message: string
}
