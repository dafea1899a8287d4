// The one IPC contract: every request the renderer can make and every event main sends, with payload types.
// Main registers handlers from it, the preload exposes exactly it, the renderer calls it. Adding a channel is
// one edit here; the compiler points at the rest. No secret ever travels to the renderer.
import type { BatchMetadata, DuplicatePolicy, FileState, FileView, MediaKind, Settings, Totals } from './uploads'

export interface AppInfo {
  name: string
  version: string
  /** Where the journal and logs live, for the user to find them. */
  dataDir: string
  /** Set once when the journal was damaged and moved aside at start. */
  journalNotice: string | null
}

export interface ProfileView {
  id: string
  name: string
  serviceUrl: string
  partnerId: number
  userId: string
  authKind: 'admin-secret' | 'ks'
  /** Whether a secret is stored for it (never the secret itself). */
  hasSecret: boolean
}

export interface ProfileDraft {
  /** Absent for a new profile. */
  id?: string
  name: string
  serviceUrl: string
  partnerId: number
  userId: string
  authKind: 'admin-secret' | 'ks'
  /** The admin secret or KS; absent to keep the stored one. Goes to main only, never comes back. */
  secret?: string
}

export type ConnectionProblem = 'unreachable' | 'not-kaltura' | 'credentials' | 'no-secret' | 'secret-storage' | 'other'

export type ConnectionResult = { ok: true } | { ok: false; problem: ConnectionProblem; message: string }

export interface SkippedItem {
  path: string
  reason: string
  message: string
}

/** What a drop or a pick found, before anything is queued. */
export interface ScanSummary {
  scanId: string
  files: number
  totalBytes: number
  byKind: Partial<Record<MediaKind, number>>
  /** Up to the first 200 media files, for a preview. */
  sample: Array<{ relativePath: string; size: number }>
  skipped: SkippedItem[]
}

export interface StartBatchRequest {
  scanId: string
  profileId: string
  metadata: BatchMetadata
  duplicatePolicy: DuplicatePolicy
}

export interface StartBatchResult {
  batchId: number
  queued: number
  duplicates: number
  rejected: Array<{ path: string; message: string }>
}

export interface BatchFinished {
  batchId: number
  summary: Partial<Record<FileState, number>>
}

/** Expected failures come back as values; the message is for the user and carries no secret or stack. */
export type Result<T> = { ok: true; value: T } | { ok: false; code: string; message: string }

export interface IpcRequests {
  'app:info': { args: void; result: AppInfo }
  'profiles:list': { args: void; result: ProfileView[] }
  'profiles:save': { args: ProfileDraft; result: ProfileView }
  'profiles:delete': { args: { id: string }; result: void }
  'profiles:test': { args: ProfileDraft; result: ConnectionResult }
  /** Opens the native picker in main; null when the user cancelled. */
  'scan:pick': { args: { kind: 'files' | 'folder' }; result: ScanSummary | null }
  /** Paths from a drop on the window (the preload turns File objects into paths). */
  'scan:dropped': { args: { paths: string[] }; result: ScanSummary }
  'batch:start': { args: StartBatchRequest; result: StartBatchResult }
  'files:list': { args: void; result: { files: FileView[]; totals: Totals } }
  'files:pause': { args: { ids?: number[] }; result: void }
  'files:resume': { args: { ids?: number[] }; result: void }
  'files:cancel': { args: { ids: number[] }; result: void }
  'files:retry': { args: { ids?: number[] }; result: void }
  /** Forgets finished files (done, canceled, skipped) from the list; the journal keeps nothing else. */
  'files:clearFinished': { args: void; result: void }
  'settings:get': { args: void; result: Settings }
  'settings:update': { args: Partial<Settings>; result: Settings }
  /** Opens a native save dialog and writes the results report; null when cancelled. */
  'report:export': { args: { format: 'csv' | 'json' }; result: { path: string } | null }
  /** Opens the entry in the Kaltura Management Console, with a URL main builds itself. */
  'entry:open': { args: { fileId: number }; result: void }
}

export interface IpcEvents {
  'files:update': { files: FileView[]; totals: Totals }
  'batch:finished': BatchFinished
}

export type IpcRequestChannel = keyof IpcRequests
export type IpcEventChannel = keyof IpcEvents
export type RequestArgs<C extends IpcRequestChannel> = IpcRequests[C]['args']
export type RequestResult<C extends IpcRequestChannel> = IpcRequests[C]['result']

export const REQUEST_CHANNELS = [
  'app:info',
  'profiles:list',
  'profiles:save',
  'profiles:delete',
  'profiles:test',
  'scan:pick',
  'scan:dropped',
  'batch:start',
  'files:list',
  'files:pause',
  'files:resume',
  'files:cancel',
  'files:retry',
  'files:clearFinished',
  'settings:get',
  'settings:update',
  'report:export',
  'entry:open'
] as const satisfies readonly IpcRequestChannel[]

export const EVENT_CHANNELS = ['files:update', 'batch:finished'] as const satisfies readonly IpcEventChannel[]

/** How the preload talks to main; Electron's ipcRenderer in the app, a WebSocket bridge in browser tests. */
export interface IpcTransport {
  invoke(channel: IpcRequestChannel, args: unknown): Promise<unknown>
  on(channel: IpcEventChannel, listener: (payload: unknown) => void): () => void
}

/** The API the preload exposes on `window.uploader`: one method per request, one subscription per event. */
export type UploaderApi = {
  [C in IpcRequestChannel]: RequestArgs<C> extends void ? () => Promise<Result<RequestResult<C>>> : (args: RequestArgs<C>) => Promise<Result<RequestResult<C>>>
} & {
  onEvent<E extends IpcEventChannel>(channel: E, listener: (payload: IpcEvents[E]) => void): () => void
  /** Paths of files dropped on the window (Electron's webUtils.getPathForFile); empty outside Electron. */
  pathsForDroppedFiles(files: readonly File[]): string[]
}
