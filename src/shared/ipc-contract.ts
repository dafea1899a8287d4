// The one IPC contract: every request the renderer can make and every event main sends, with payload types.
// Main registers handlers from it, the preload exposes exactly it, the renderer calls it. Adding a channel is
// one edit here; the compiler points at the rest. No secret ever travels to the renderer.
import type { AuthKind } from './accounts'
import type { EntryFields, ResolvedEntryFields } from './entryFields'
import type { ActionReport } from './fileStates'
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
  authKind: AuthKind
  /** The application token's id (app-token accounts); the token itself never leaves main. */
  appTokenId: string | null
  /** A role an admin-secret session is pinned to (setrole), or null. */
  roleId: string | null
  /** Whether a secret is kept for it (never the secret itself). */
  hasSecret: boolean
  /** True when this computer has no keychain, so the secret is kept only until the app quits. */
  secretSessionOnly: boolean
}

export interface ProfileDraft {
  /** Absent for a new profile. */
  id?: string
  name: string
  serviceUrl: string
  partnerId: number
  userId: string
  authKind: AuthKind
  /** Required for the app-token kind. */
  appTokenId?: string
  /** Admin-secret kind only: pin each session to this role (setrole). */
  roleId?: string
  /** The app token, admin secret or KS; absent to keep the stored one, which main allows only while the service
   * URL, partner id, way in and token id are unchanged. Goes to main only, never comes back. */
  secret?: string
}

export type ConnectionProblem = 'unreachable' | 'not-kaltura' | 'credentials' | 'no-secret' | 'secret-storage' | 'other'

export type ConnectionResult = { ok: true } | { ok: false; problem: ConnectionProblem; message: string }

/** Why a scan left an item out; the renderer groups and labels skipped items by it. */
export type SkipReason =
  | 'hidden'
  | 'system'
  | 'not-media'
  | 'kind-not-selected'
  | 'empty'
  | 'unreadable'
  | 'symlink-loop'
  | 'broken-link'
  | 'link-outside'
  | 'not-regular'
  | 'duplicate'
  | 'missing'

export interface SkippedItem {
  path: string
  reason: SkipReason
  message: string
}

/** Every item left out for one reason: counted, with the first few by path as examples. */
export interface SkippedGroup {
  reason: SkipReason
  count: number
  examples: SkippedItem[]
}

/** One duplicate the scan found: the file, and what it duplicates (an entry id, or the other file's path). */
export interface DuplicateExample {
  relativePath: string
  of: string
}

/** Duplicates of one kind: counted, with the first ones listed. */
export interface DuplicateGroup {
  count: number
  examples: DuplicateExample[]
}

/** Duplicates found before Start; the batch's policy (skip or upload) applies to all three kinds. */
export interface ScanDuplicates {
  /** Uploaded before from this computer (the same file, or the same content). */
  uploaded: DuplicateGroup
  /** Still in the queue (the same file resumes where it is; the same content under another name is a copy). */
  queued: DuplicateGroup
  /** Identical to another file of this same selection; nothing says it was uploaded. */
  inBatch: DuplicateGroup
}

/** How far the scan summary's duplicate check has got: files read, of those that need reading. */
export interface DuplicateCheck {
  checked: number
  total: number
}

/** The scan summary's duplicates as its background reads find them; `done` once every file was read. */
export interface ScanDuplicatesFound extends DuplicateCheck {
  scanId: string
  duplicates: ScanDuplicates
  done: boolean
}

/** What a drop or a pick found, before anything is queued. */
export interface ScanSummary {
  scanId: string
  files: number
  totalBytes: number
  byKind: Partial<Record<MediaKind, number>>
  /** Up to the first 200 media files, for a preview and per-file edits: what the metadata sheet gives each, and the
   * languages of its caption files. */
  sample: Array<{ relativePath: string; size: number; fields: EntryFields; captions: string[] }>
  /** Counts and examples, never every path: a drop of a whole disk would skip hundreds of thousands of items. */
  skipped: SkippedGroup[]
  /** Why the scan ended before it reached the bottom of the folders; the files are the ones found until then. */
  stoppedEarly: string | null
  duplicates: ScanDuplicates
  /** Present when the files' content is to be read for duplicates: the summary answers right after the walk with the
   * duplicates the "already known" rule finds (checked 0), and 'scan:duplicates' events bring the rest as reads arrive. */
  duplicateCheck?: DuplicateCheck
  /** Metadata sheets (kaltura-metadata.csv) found with the files: what each gives and every line it refused. */
  sheets: SheetSummary[]
  /** Caption files matched to a video (sent with it), and the ones left out with the reason. */
  captions: { matched: number; skipped: Array<{ relativePath: string; reason: string }> }
  /** The folders the files are in, relative to what was dropped ("" for the top), for "Mirror folders as categories";
   * at most MAX_SUMMARY_FOLDERS. */
  folders: string[]
}

export const MAX_SUMMARY_FOLDERS = 1000

/** One metadata sheet as the scan read it; a refused line gives nothing to any file. */
export interface SheetSummary {
  /** Relative to what was dropped. */
  relativePath: string
  /** Files of this scan that the sheet gives details. */
  applied: number
  problems: Array<{ line: number; message: string }>
}

export interface StartBatchRequest {
  scanId: string
  profileId: string
  metadata: BatchMetadata
  duplicatePolicy: DuplicatePolicy
  /** Mirrors each file's folder as a category under this parent full name ("" mirrors at the root); absent: no mirroring. */
  mirrorFoldersUnder?: string
  /** Details edited per file in the summary, by relative path; they win over the sheet, which wins over the batch. */
  edits?: Array<{ relativePath: string; fields: EntryFields }>
}

/** Categories for the picker: the account's categories whose full name holds the text, and whether it may make one. */
export interface CategorySearch {
  matches: Array<{ id: number; fullName: string }>
  /** Whether this account's session may create a category (CONTENT_MANAGE_EDIT_CATEGORIES); null when not known. */
  canCreate: boolean | null
}

export interface StartBatchResult {
  batchId: number
  queued: number
  /** Files uploaded before or still in the queue (skipped or uploaded again, as the batch asked). Duplicates by
   * content are the ones the summary had found by Start; files read after Start are judged as they are read, and
   * their rows say so. */
  duplicates: number
  /** Files identical to another of the same batch. */
  identicalInBatch: number
  /** Files of this selection that had failed and were not tried again, by reason (see refusalOf). */
  notRetried: ActionReport['refused']
  rejected: Array<{ path: string; message: string }>
}

export interface BatchFinished {
  batchId: number
  summary: Partial<Record<FileState, number>>
}

/** What a row's detail panel shows beyond the row's own view: read from main when the panel opens. */
export interface FileDetails {
  /** The file's full path on this computer. */
  path: string
  /** The entry in the Kaltura Management Console, when the file has one. */
  entryUrl: string | null
  /** What its entry gets (its own values over the batch's), and which of them are its own. */
  fields: ResolvedEntryFields
  own: EntryFields | null
  /** Whether the details can still change: only before media.add was sent. */
  editable: boolean
  /** Its caption files and where each stands. */
  captions: Array<{ relativePath: string; language: string; state: 'pending' | 'done' | 'failed'; message: string | null }>
}

/** Expected failures come back as values; the message is for the user and carries no secret or stack. */
export type Result<T> = { ok: true; value: T } | { ok: false; code: string; message: string }

/**
 * A request channel: what the renderer sends and what main answers. The types live only in the signature's type;
 * at run time the descriptor is an empty object whose key names the channel.
 */
interface RequestChannel<Args, Answer> {
  readonly signature?: (args: Args) => Answer
}

/** An event channel: what main sends to the renderer. */
interface EventChannel<Payload> {
  readonly signature?: (payload: Payload) => void
}

const request = <Args, Answer>(): RequestChannel<Args, Answer> => ({})
const event = <Payload>(): EventChannel<Payload> => ({})

// Every channel's name is written here and nowhere else: the payload types, the channel list and guards, and so
// the preload's API and main's handlers, follow from these two objects.
const REQUESTS = {
  'app:info': request<void, AppInfo>(),
  'profiles:list': request<void, ProfileView[]>(),
  'profiles:save': request<ProfileDraft, ProfileView>(),
  'profiles:delete': request<{ id: string }, void>(),
  'profiles:test': request<ProfileDraft, ConnectionResult>(),
  /** Opens the native picker in main; null when the user cancelled. */
  'scan:pick': request<{ kind: 'files' | 'folder' }, ScanSummary | null>(),
  /** Paths of files dropped on the window. Only the preload sends it, with paths it got from the dropped File objects
   * themselves: the page can name no path (see UploaderApi.scanDroppedFiles). */
  'scan:dropped': request<{ paths: string[] }, ScanSummary>(),
  /** Ends the scan in progress, if any; that scan answers a failure with code 'canceled'. */
  'scan:cancel': request<void, void>(),
  'batch:start': request<StartBatchRequest, StartBatchResult>(),
  'files:list': request<void, { files: FileView[]; totals: Totals }>(),
  // The row actions: each answers what it did and why it left the other files (shared/fileStates.ts refusalOf).
  'files:pause': request<{ ids?: number[] }, ActionReport>(),
  'files:resume': request<{ ids?: number[] }, ActionReport>(),
  /** Every cancelable file when no ids are given; each can be undone for CANCEL_GRACE_MS. */
  'files:cancel': request<{ ids?: number[] }, ActionReport>(),
  'files:undoCancel': request<{ ids: number[] }, ActionReport>(),
  'files:retry': request<{ ids?: number[] }, ActionReport>(),
  /** Failed in Kaltura's processing: the same file again, to a new entry. */
  'files:reupload': request<{ ids: number[] }, ActionReport>(),
  /** Opens the native picker in main for where a missing or changed file is now; done 0 and nothing refused when
   * the user cancelled the picker. */
  'files:locate': request<{ id: number }, ActionReport>(),
  /** Takes failed files out of the queue; the journal keeps them as history. */
  'files:remove': request<{ ids: number[] }, ActionReport>(),
  /** Canceled files start again. Only named ones: cleared and removed files are canceled too, out of the list. */
  'files:requeue': request<{ ids: number[] }, ActionReport>(),
  /** Forgets finished files (done, canceled, skipped) from the list; the journal keeps nothing else. */
  'files:clearFinished': request<void, void>(),
  'settings:get': request<void, Settings>(),
  'settings:update': request<Partial<Settings>, Settings>(),
  /** Opens main's folder picker and watches the chosen folders with this account; null when the user cancelled. */
  'watch:add': request<{ profileId: string }, Settings | null>(),
  /** Opens a native save dialog and writes the results report; null when cancelled. */
  'report:export': request<{ format: 'csv' | 'json' }, { path: string } | null>(),
  /** Opens the entry in the Kaltura Management Console, with a URL main builds itself. */
  'entry:open': request<{ fileId: number }, void>(),
  /** "Retry now": every retry waiting out an outage or a busy server goes at once. */
  'files:retryNow': request<void, void>(),
  /** The full path and entry link of one file, for its detail panel. */
  'files:details': request<{ fileId: number }, FileDetails>(),
  /** Shows the file in the system's file manager; main looks the path up itself (the page names no path). */
  'files:showInFolder': request<{ fileId: number }, void>(),
  /** The account's categories matching what the user typed, for the category picker; main asks the account's server. */
  'categories:search': request<{ profileId: string; text: string }, CategorySearch>(),
  /** A file's own entry details, before its entry is made (FileDetails.editable); answers the details as they are now. */
  'files:editFields': request<{ fileId: number; fields: EntryFields }, FileDetails>()
}

const EVENTS = {
  'files:update': event<{ files: FileView[]; totals: Totals }>(),
  'batch:finished': event<BatchFinished>(),
  /** Files that left the list (removed, or replaced by a later copy that finished). */
  'files:removed': event<{ ids: number[] }>(),
  /** The scan summary's duplicate check, filling in after the summary answered (throttled; the last has done). */
  'scan:duplicates': event<ScanDuplicatesFound>()
}

export type IpcRequestChannel = keyof typeof REQUESTS
export type IpcEventChannel = keyof typeof EVENTS

type DerivedRequests = {
  [C in IpcRequestChannel]: (typeof REQUESTS)[C] extends RequestChannel<infer Args, infer Answer> ? { args: Args; result: Answer } : never
}
type DerivedEvents = { [E in IpcEventChannel]: (typeof EVENTS)[E] extends EventChannel<infer Payload> ? Payload : never }
// Interfaces, not the mapped types themselves: members resolved once per channel keep the compiler strict when it
// compares, say, a handler for one channel with a handler for another.
interface IpcRequests extends DerivedRequests {}
export interface IpcEvents extends DerivedEvents {}
export type RequestArgs<C extends IpcRequestChannel> = IpcRequests[C]['args']
export type RequestResult<C extends IpcRequestChannel> = IpcRequests[C]['result']

export const isRequestChannel = (name: string): name is IpcRequestChannel => Object.hasOwn(REQUESTS, name)
export const isEventChannel = (name: string): name is IpcEventChannel => Object.hasOwn(EVENTS, name)

export const REQUEST_CHANNELS: readonly IpcRequestChannel[] = Object.keys(REQUESTS).filter(isRequestChannel)

/**
 * How the preload talks to main; Electron's ipcRenderer in the app, an HTTP bridge in browser tests. Typed by the
 * contract: main's handlers answer each channel with its Result, so the process boundary is the one place the
 * compiler takes the contract's word for what arrives.
 */
export interface IpcTransport {
  invoke<C extends IpcRequestChannel>(channel: C, args: RequestArgs<C>): Promise<Result<RequestResult<C>>>
  on<E extends IpcEventChannel>(channel: E, listener: (payload: IpcEvents[E]) => void): () => void
}

/** One request as the page calls it; a channel without arguments is called with none. */
export type RequestMethod<C extends IpcRequestChannel> = (args: RequestArgs<C>) => Promise<Result<RequestResult<C>>>

/** Requests the page may make by name; a drop's paths are the preload's to send, never the page's. */
export type PageRequestChannel = Exclude<IpcRequestChannel, 'scan:dropped'>

/** The API the preload exposes on `window.uploader`: one method per request, one subscription per event. */
export type UploaderApi = {
  readonly [C in PageRequestChannel]: RequestMethod<C>
} & {
  onEvent<E extends IpcEventChannel>(channel: E, listener: (payload: IpcEvents[E]) => void): () => void
  /** Scans files dropped on the window: the preload looks up their paths (Electron's webUtils.getPathForFile), so
   * only files the user really dropped are scanned; a File the page made up has no path and is refused. */
  scanDroppedFiles(files: readonly File[]): Promise<Result<ScanSummary>>
}
