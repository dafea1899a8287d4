// The renderer's single zustand store: normalised files and totals, accounts, settings, the scan under review
// and UI state. Setters here are synchronous and pure over the state; talking to main lives in actions/.
import { create } from 'zustand'
import type { AppInfo, BatchFinished, ProfileView, ScanDuplicatesFound, ScanSummary, StartBatchResult } from '../../../shared/ipc-contract'
import type { FileView, Settings, Totals } from '../../../shared/uploads'
import { applyFilesUpdate, EMPTY_FILES, removeFromFiles, replaceFiles, type FilesState } from './files'
import { addNotice, removeNotice, type Notice } from './notices'
import { createVisibleIdsSelector, DEFAULT_VIEW, type QueueView } from './queueView'
import { chooseActiveProfile, upsertProfile } from './profiles'

/** 'absent': no `window.uploader` (a plain browser); 'checking' until app:info answers. */
type Connection = 'checking' | 'connected' | 'absent'

/** The scan the user is looking at before anything is queued. */
type ScanStage = { stage: 'idle' } | { stage: 'scanning' } | { stage: 'review'; summary: ScanSummary }

type OpenDialog = 'none' | 'accounts' | 'settings'

interface UploaderState extends FilesState {
  connection: Connection
  info: AppInfo | null
  profiles: ProfileView[]
  /** False until profiles:list answered, so first-run setup does not flash. */
  profilesLoaded: boolean
  activeProfileId: string | null
  settings: Settings | null
  scan: ScanStage
  /** The duplicate checks of the latest scans, by scan id, as their events arrive (one may come before its summary). */
  duplicateChecks: Readonly<Record<string, ScanDuplicatesFound>>
  lastStart: StartBatchResult | null
  batchFinished: BatchFinished | null
  notices: Notice[]
  dialog: OpenDialog
  /** True while a file is dragged over the window. */
  dragging: boolean
  /** How the queue is filtered and sorted; never sent to main. */
  view: QueueView
  /** The file whose detail panel is open, or null. */
  detailsFileId: number | null
  /** The account the Accounts dialog opens on, for editing (an account Kaltura refused); null opens the list. */
  accountToEdit: string | null
}

interface UploaderSetters {
  applyUpdate(files: readonly FileView[], totals: Totals): void
  replaceAll(files: readonly FileView[], totals: Totals): void
  removeFiles(ids: readonly number[]): void
  setProfiles(profiles: readonly ProfileView[], preferred: string | null): void
  profileSaved(profile: ProfileView): void
  profileDeleted(id: string): void
  notify(tone: Notice['tone'], text: string, details?: string[]): void
  dismissNotice(id: number): void
  setView(patch: Partial<QueueView>): void
  duplicatesFound(found: ScanDuplicatesFound): void
}

export const INITIAL_STATE: UploaderState = {
  ...EMPTY_FILES,
  connection: 'checking',
  info: null,
  profiles: [],
  profilesLoaded: false,
  activeProfileId: null,
  settings: null,
  scan: { stage: 'idle' },
  duplicateChecks: {},
  lastStart: null,
  batchFinished: null,
  notices: [],
  dialog: 'none',
  dragging: false,
  view: DEFAULT_VIEW,
  detailsFileId: null,
  accountToEdit: null
}

let nextNoticeId = 1

export const useUploaderStore = create<UploaderState & UploaderSetters>()((set) => ({
  ...INITIAL_STATE,
  applyUpdate: (files, totals) => set((s) => applyFilesUpdate(s, files, totals)),
  replaceAll: (files, totals) => set((s) => replaceFiles(s, files, totals)),
  removeFiles: (ids) => set((s) => removeFromFiles(s, ids)),
  setProfiles: (profiles, preferred) =>
    set({ profiles: [...profiles], profilesLoaded: true, activeProfileId: chooseActiveProfile(profiles, preferred) }),
  profileSaved: (profile) =>
    set((s) => ({ profiles: upsertProfile(s.profiles, profile), activeProfileId: s.activeProfileId ?? profile.id })),
  profileDeleted: (id) =>
    set((s) => {
      const profiles = s.profiles.filter((p) => p.id !== id)
      return { profiles, activeProfileId: chooseActiveProfile(profiles, s.activeProfileId) }
    }),
  notify: (tone, text, details) =>
    set((s) => ({ notices: addNotice(s.notices, { id: nextNoticeId++, tone, text, ...(details ? { details } : {}) }) })),
  dismissNotice: (id) => set((s) => ({ notices: removeNotice(s.notices, id) })),
  setView: (patch) => set((s) => ({ view: { ...s.view, ...patch } })),
  duplicatesFound: (found) => set((s) => ({ duplicateChecks: keepLatestChecks(s.duplicateChecks, found) }))
}))

// One scan is reviewed at a time; a few more cover events of scans the user has just left.
const KEPT_CHECKS = 4

function keepLatestChecks(checks: Readonly<Record<string, ScanDuplicatesFound>>, found: ScanDuplicatesFound): Record<string, ScanDuplicatesFound> {
  const others = Object.entries(checks).filter(([id]) => id !== found.scanId).slice(-(KEPT_CHECKS - 1))
  return { ...Object.fromEntries(others), [found.scanId]: found }
}

/** The ids the queue shows, in order; one shared memo so every subscriber reads the same array. */
const visible = createVisibleIdsSelector()
export const selectVisibleIds = (s: UploaderState): readonly number[] => visible.select(s)
