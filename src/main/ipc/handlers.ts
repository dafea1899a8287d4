// Main's answers to every request in the IPC contract: validate the payload from `unknown`, act on the engine,
// journal and secret store, and answer with a Result. No Electron import: the shell registers these with
// ipcMain, and browser tests reach the very same functions through a WebSocket bridge.
import { randomUUID } from 'node:crypto'
import { stat } from 'node:fs/promises'
import { isAbsolute } from 'node:path'
import type {
  AppInfo,
  ConnectionResult,
  IpcRequestChannel,
  ProfileDraft,
  ProfileView,
  RequestResult,
  Result,
  ScanSummary
} from '../../shared/ipc-contract'
import { AUTH_KINDS, checkServiceUrl, sealKey, SECRET_WORD, type AccountSeal } from '../../shared/accounts'
import type { Settings } from '../../shared/uploads'
import { chunkSizesInOrder, SETTINGS_BOUNDS } from '../../shared/settingsBounds'
import type { Journal, ProfileRow } from '../journal/journal'
import { checkConnection, clientForProfile } from '../accounts/accounts'
import type { UploadEngine } from '../engine/engine'
import { enqueueUnread } from '../intake/enqueue'
import { intakeForStart, startChoicesProblem } from '../intake/startIntake'
import type { Logger } from '../logging/logger'
import type { SecretStore } from '../accounts/secretStore'
import { ScanCache } from '../intake/scanCache'
import { scanDropped } from '../intake/scanner'
import { reportRows, writeReport } from '../report/report'
import { entryUrl } from './entryUrl'
import { categorySearcher } from './categorySearch'
import { editFieldsPayload, editFileFields } from './fileFieldsEdit'
import { fileDetails } from './fileDetails'
import { UserFacingError } from './userFacingError'
import { summarizeScan } from './scanSummary'
import { START_CHOICES } from './startChoices'
import type { EventSink } from './engineEvents'
import { fileActionHandlers } from './fileActionHandlers'
import { checkedWatchFolders, saved, watchFolderHandlers, watchFoldersGuard } from './watchFolderSettings'
import { arrayOf, bool, int, InvalidPayload, nothing, nullable, num, object, oneOf, str, type Guard } from './validate'

/** Native dialogs, reached through a port so tests can answer them. */
export interface Dialogs {
  pickPaths(kind: 'files' | 'folder'): Promise<string[] | null>
  saveReportPath(defaultName: string): Promise<string | null>
  /** Asks where a missing or changed file is now; null when the user cancelled. */
  locateFile(fileName: string): Promise<string | null>
}

export interface HandlerDeps {
  journal: Journal
  engine: UploadEngine
  secrets: SecretStore
  dialogs: Dialogs
  /** Opens a URL this module built; the shell allows only http(s). */
  openExternal(url: string): Promise<void>
  appInfo(): AppInfo
  logger: Logger
  /** Called when a profile's credentials change, so cached clients are dropped. */
  onProfileChanged(profileId: string): void
  /** Shows a file in the system's file manager (Electron's shell.showItemInFolder); absent where there is none. */
  showItemInFolder?(path: string): void
  /** Told the settings after each change, so the watch folders follow them. */
  onSettingsChanged?(settings: Settings): void
  /** Sends events of the handlers' own (the scan summary's duplicate check) to the window; absent: none are sent. */
  sendEvent?: EventSink
}

export type Handler<C extends IpcRequestChannel> = (args: unknown) => Promise<Result<RequestResult<C>>>
/** Wraps a channel's work: checks the payload with the guard, answers failures as values. */
export type Handle = <C extends IpcRequestChannel, A>(channel: C, guard: Guard<A>, run: (args: A) => Promise<RequestResult<C>> | RequestResult<C>) => Handler<C>
export type Handlers = { [C in IpcRequestChannel]: Handler<C> }

export { UserFacingError }

const MAX_PATHS = 10_000

export function createHandlers(deps: HandlerDeps): Handlers {
  const scans = new ScanCache()
  const searchCategories = categorySearcher(deps.journal, deps.secrets)

  const handle: Handle =
    (channel, guard, run) =>
    async (raw) => {
      try {
        const args = guard(raw, channel)
        return { ok: true, value: await run(args) }
      } catch (err) {
        if (err instanceof InvalidPayload) return { ok: false, code: 'invalid-payload', message: err.message }
        if (err instanceof UserFacingError) return { ok: false, code: err.code, message: err.message }
        deps.logger.error('ipc', `${channel} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`)
        return { ok: false, code: 'internal', message: 'Something went wrong; the details are in the log file.' }
      }
    }

  const profileDraft = object(
    {
      name: str({ min: 1, max: 100 }),
      serviceUrl: str({ min: 1, max: 500 }),
      partnerId: int(0, 2_147_483_647),
      userId: str({ max: 200 }),
      authKind: oneOf(...AUTH_KINDS)
    },
    {
      id: str({ min: 1, max: 100 }),
      appTokenId: str({ min: 1, max: 100, pattern: /^[A-Za-z0-9_]+$/ }),
      roleId: str({ min: 1, max: 100, pattern: /^[A-Za-z0-9_]+$/ }),
      secret: str({ min: 1, max: 4096 })
    }
  )

  /** The draft as it would be saved: a service URL the app may send a session to, a token id where one is needed. */
  const accountOf = (draft: ProfileDraft): AccountSeal & { userId: string; roleId: string | null } => {
    const url = checkServiceUrl(draft.serviceUrl)
    if (!url.ok) throw new UserFacingError('invalid-url', url.message)
    if (draft.authKind === 'app-token' && !draft.appTokenId) throw new UserFacingError('invalid-token-id', "Enter the application token's id.")
    return { serviceUrl: url.url, partnerId: draft.partnerId, authKind: draft.authKind, appTokenId: draft.authKind === 'app-token' ? draft.appTokenId! : null, userId: draft.userId.trim(), roleId: draft.authKind === 'admin-secret' ? (draft.roleId ?? null) : null }
  }

  /** Why a kept secret cannot be used for this draft, or null when it can: a secret never follows a changed account. */
  const resealNeeded = (existing: ProfileRow | undefined, account: AccountSeal): string | null => {
    if (!existing || sealKey(existing) === sealKey(account)) return null
    return `Enter the ${SECRET_WORD[account.authKind]} again: the address, partner id or way in changed, and a kept secret is only ever used for the account it was entered for.`
  }

  const toView = async (p: ProfileRow): Promise<ProfileView> => ({
    id: p.id,
    name: p.name,
    serviceUrl: p.serviceUrl,
    partnerId: p.partnerId,
    userId: p.userId,
    authKind: p.authKind,
    appTokenId: p.appTokenId,
    roleId: p.roleId,
    hasSecret: (await deps.secrets.get(p.id, p)) !== null,
    secretSessionOnly: (await deps.secrets.persistence()) === 'session-only'
  })

  // The scans under way, for scan:cancel to end; one at a time from the window, but nothing breaks with more.
  const runningScans = new Set<AbortController>()

  /** Runs a pick or a drop until it answers or scan:cancel ends it; an ended scan keeps nothing. */
  const cancellable = async <T>(run: (signal: AbortSignal) => Promise<T>): Promise<T> => {
    const controller = new AbortController()
    runningScans.add(controller)
    try {
      return await run(controller.signal)
    } catch (err) {
      if (controller.signal.aborted) throw new UserFacingError('canceled', 'The scan was canceled.')
      throw err
    } finally {
      runningScans.delete(controller)
    }
  }

  const scan = async (paths: string[], signal: AbortSignal): Promise<ScanSummary> => {
    const s = deps.engine.settings
    const result = await scanDropped(paths, { kinds: { video: true, audio: s.includeAudio, image: s.includeImages }, signal })
    return summarizeScan(deps.journal, scans, result, (found) => deps.sendEvent?.('scan:duplicates', found), signal)
  }

  return {
    'app:info': handle('app:info', nothing, () => deps.appInfo()),

    'profiles:list': handle('profiles:list', nothing, () => Promise.all(deps.journal.allProfiles().map(toView))),

    'profiles:save': handle('profiles:save', profileDraft, async (draft) => {
      const existing = draft.id ? deps.journal.getProfile(draft.id) : undefined
      if (draft.id && !existing) throw new UserFacingError('not-found', 'That profile no longer exists.')
      const account = accountOf(draft)
      const id = existing?.id ?? randomUUID()
      if (draft.secret === undefined) {
        if (!existing) throw new UserFacingError('secret-required', `Enter the ${SECRET_WORD[account.authKind]}.`)
        const reseal = resealNeeded(existing, account)
        if (reseal) throw new UserFacingError('secret-required', reseal)
      } else {
        try {
          await deps.secrets.set(id, draft.secret.trim(), account)
        } catch (err) {
          throw new UserFacingError('secret-storage', err instanceof Error ? err.message : 'The secret could not be stored safely.')
        }
      }
      deps.journal.saveProfile({ id, name: draft.name.trim(), ...account })
      deps.onProfileChanged(id)
      // Files held because Kaltura refused the account as it was go back to work with the account as it is now.
      deps.engine.accountChanged(id)
      return toView(deps.journal.getProfile(id)!)
    }),

    'profiles:delete': handle('profiles:delete', object({ id: str({ min: 1, max: 100 }) }), async ({ id }) => {
      deps.journal.deleteProfile(id)
      await deps.secrets.delete(id)
      deps.onProfileChanged(id)
    }),

    'profiles:test': handle('profiles:test', profileDraft, async (draft: ProfileDraft): Promise<ConnectionResult> => {
      const existing = draft.id ? deps.journal.getProfile(draft.id) : undefined
      const account = accountOf(draft)
      // A kept secret is tried only for the very account it was entered for; changed fields need it typed again.
      const reseal = draft.secret === undefined ? resealNeeded(existing, account) : null
      if (reseal) return { ok: false, problem: 'no-secret', message: reseal }
      const secret = draft.secret ?? (existing ? await deps.secrets.get(existing.id, account) : null)
      if (!secret) return { ok: false, problem: 'no-secret', message: `Enter the ${SECRET_WORD[account.authKind]} first.` }
      let client
      try {
        client = clientForProfile(account, secret.trim())
      } catch (err) {
        return { ok: false, problem: 'other', message: err instanceof Error ? err.message : String(err) }
      }
      return checkConnection(client, account.serviceUrl)
    }),

    'scan:pick': handle('scan:pick', object({ kind: oneOf('files', 'folder') }), ({ kind }) =>
      cancellable(async (signal) => {
        const paths = await deps.dialogs.pickPaths(kind)
        return paths && paths.length > 0 ? scan(paths, signal) : null
      })
    ),

    'scan:dropped': handle('scan:dropped', object({ paths: arrayOf(str({ min: 1, max: 4096 }), MAX_PATHS) }), ({ paths }) =>
      cancellable(async (signal) => {
        // Only real files and folders, named absolutely, as a drop produces them.
        for (const p of paths) {
          if (!isAbsolute(p)) throw new InvalidPayload('dropped paths must be absolute')
          const s = await stat(p).catch(() => null)
          if (!s || (!s.isFile() && !s.isDirectory())) throw new UserFacingError('not-found', `Not a file or folder: ${p}`)
        }
        return scan(paths, signal)
      })
    ),

    'scan:cancel': handle('scan:cancel', nothing, () => {
      for (const controller of runningScans) controller.abort()
      scans.stopReading()
    }),

    'batch:start': handle(
      'batch:start',
      object({
        scanId: str({ min: 1, max: 100 }),
        profileId: str({ min: 1, max: 100 }),
        metadata: object({}, { description: str({ max: 5000 }), tags: str({ max: 2000 }), categories: str({ max: 2000 }), referenceIdPrefix: str({ max: 40 }) }),
        duplicatePolicy: oneOf('skip', 'upload')
      }, START_CHOICES),
      async (req) => {
        const expired = (): UserFacingError => new UserFacingError('scan-expired', 'That selection is no longer available; drop the files again.')
        if (!scans.get(req.scanId)) throw expired()
        const refused = startChoicesProblem(req)
        if (refused) throw new UserFacingError('invalid-choices', refused)
        const profile = deps.journal.getProfile(req.profileId)
        if (!profile) throw new UserFacingError('not-found', 'Choose an account first.')
        if (!(await deps.secrets.get(profile.id, profile))) throw new UserFacingError('no-secret', `Enter the ${SECRET_WORD[profile.authKind]} for "${profile.name}" first: none is kept on this computer.`)
        // Taken only after the last wait, in one step: two Starts for one scan (a double click) cannot both have it.
        const scan = scans.get(req.scanId)
        if (!scan) throw expired()
        scans.forget(req.scanId)
        // Each file's sheet values, mirrored folder, edits and caption files (intake/startIntake.ts).
        const perFile = await intakeForStart(scan.intake, scan.files, req)
        // Journaled at once, unread: the engine reads each in queue order (reusing the summary's reads) before it runs.
        const result = enqueueUnread(deps.journal, { files: scan.files, foreseen: scan.foreseen, profileId: req.profileId, metadata: req.metadata, duplicatePolicy: req.duplicatePolicy, perFile })
        // Files dropped again resume where they were; the ones that had failed are tried again.
        deps.engine.add(result.known, { files: result.unread, scanReads: scan.identified })
        const retried = await deps.engine.retryDropped(result.known.filter((id) => deps.journal.getFile(id)?.state === 'failed'))
        const inBatch = result.duplicates.filter((d) => d.kind === 'in-batch').length
        const queued = result.fileIds.length - result.foreseenSkips
        return { batchId: result.batchId, queued, duplicates: result.duplicates.length - inBatch, identicalInBatch: inBatch, notRetried: retried.refused, rejected: result.rejected }
      }
    ),

    'files:list': handle('files:list', nothing, () => ({ files: deps.engine.files(), totals: deps.engine.totals() })),
    ...fileActionHandlers(deps, handle),
    ...watchFolderHandlers(deps, handle),
    'files:clearFinished': handle('files:clearFinished', nothing, () => deps.engine.clearFinished()),

    'settings:get': handle('settings:get', nothing, () => deps.engine.settings),
    'settings:update': handle(
      'settings:update',
      object(
        {},
        {
          maxParallelFiles: int(SETTINGS_BOUNDS.maxParallelFiles.min, SETTINGS_BOUNDS.maxParallelFiles.max),
          maxConnections: int(SETTINGS_BOUNDS.maxConnections.min, SETTINGS_BOUNDS.maxConnections.max),
          adaptiveConnections: bool,
          minChunkBytes: int(SETTINGS_BOUNDS.minChunkBytes.min, SETTINGS_BOUNDS.minChunkBytes.max),
          maxChunkBytes: int(SETTINGS_BOUNDS.maxChunkBytes.min, SETTINGS_BOUNDS.maxChunkBytes.max),
          targetChunkSeconds: num(SETTINGS_BOUNDS.targetChunkSeconds.min, SETTINGS_BOUNDS.targetChunkSeconds.max),
          bandwidthLimit: nullable(int(SETTINGS_BOUNDS.bandwidthLimit.min, SETTINGS_BOUNDS.bandwidthLimit.max)),
          keepAwake: bool,
          includeAudio: bool,
          includeImages: bool,
          watchFolders: watchFoldersGuard
        }
      ),
      ({ watchFolders, ...rest }) => {
        const patch: Partial<Settings> = watchFolders ? { ...rest, watchFolders: checkedWatchFolders(deps.journal, deps.engine.settings.watchFolders, watchFolders) } : rest
        if (!chunkSizesInOrder({ ...deps.engine.settings, ...patch })) throw new UserFacingError('invalid-settings', 'The smallest chunk size cannot be larger than the largest.')
        return saved(deps, deps.engine.updateSettings(patch))
      }
    ),

    'report:export': handle('report:export', object({ format: oneOf('csv', 'json') }), async ({ format }) => {
      const path = await deps.dialogs.saveReportPath(`kaltura-upload-report.${format}`)
      if (!path) return null
      const target = path.toLowerCase().endsWith(`.${format}`) ? path : `${path}.${format}`
      writeReport(target, reportRows(deps.journal.allFiles()))
      return { path: target }
    }),

    'entry:open': handle('entry:open', object({ fileId: int(1, Number.MAX_SAFE_INTEGER) }), async ({ fileId }) => {
      const file = deps.journal.getFile(fileId)
      if (!file?.entryId) throw new UserFacingError('not-found', 'That file has no entry yet.')
      const profile = deps.journal.getProfile(deps.journal.getBatch(file.batchId)?.profileId ?? '')
      if (!profile) throw new UserFacingError('not-found', 'The account this file was uploaded with no longer exists.')
      await deps.openExternal(entryUrl(profile.serviceUrl, file.entryId))
    }),

    'files:retryNow': handle('files:retryNow', nothing, () => {
      deps.engine.retryNow()
    }),

    'files:details': handle('files:details', object({ fileId: int(1, Number.MAX_SAFE_INTEGER) }), ({ fileId }) => fileDetails(deps.journal, fileId)),

    'files:showInFolder': handle('files:showInFolder', object({ fileId: int(1, Number.MAX_SAFE_INTEGER) }), async ({ fileId }) => {
      const file = deps.journal.getFile(fileId)
      if (!file) throw new UserFacingError('not-found', 'That file is no longer in the list.')
      if (!deps.showItemInFolder) throw new UserFacingError('unavailable', 'There is no file manager to show it in.')
      // Only a path the journal holds, from a drop or a pick: the page cannot make main reveal anything else.
      if (!(await stat(file.path).catch(() => null))) throw new UserFacingError('not-found', `The file is no longer at ${file.path}.`)
      deps.showItemInFolder(file.path)
    }),

    'categories:search': handle('categories:search', object({ profileId: str({ min: 1, max: 100 }), text: str({ max: 2000 }) }), ({ profileId, text }) => searchCategories(profileId, text)),
    'files:editFields': handle('files:editFields', editFieldsPayload, ({ fileId, fields }) => editFileFields(deps.journal, fileId, fields))
  }
}
