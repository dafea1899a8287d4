// The app's watch folders as settings: adding one opens main's own folder picker (the page never names a path), and
// a settings change may edit a folder's account, stable time, duplicate policy and batch details, or remove it,
// naming it by id, but never add one or change where it points.
import { randomUUID } from 'node:crypto'
import { DEFAULT_STABLE_SECONDS, WATCH_BOUNDS } from '../../shared/settingsBounds'
import type { Settings, WatchFolder } from '../../shared/uploads'
import type { Journal } from '../journal/journal'
import type { Handle, HandlerDeps, Handlers } from './handlers'
import { UserFacingError } from './userFacingError'
import { arrayOf, int, object, oneOf, str } from './validate'

const profileId = str({ min: 1, max: 100 })

/** The shape settings:update takes for watchFolders: each folder by id, its path only as the page was told it. */
export const watchFoldersGuard = arrayOf(
  object(
    {
      id: str({ min: 1, max: 100 }),
      profileId,
      stableSeconds: int(WATCH_BOUNDS.stableSeconds.min, WATCH_BOUNDS.stableSeconds.max),
      duplicatePolicy: oneOf('skip', 'upload'),
      metadata: object({}, { description: str({ max: 5000 }), tags: str({ max: 2000 }), categories: str({ max: 2000 }), referenceIdPrefix: str({ max: 40 }) })
    },
    { path: str({ min: 1, max: 4096 }) }
  ),
  WATCH_BOUNDS.folders.max
)

type WatchFolderEdit = Omit<WatchFolder, 'path'> & { path?: string }

/** The list as it will be saved: every folder one main added, at the path main picked, with an account that exists. */
export function checkedWatchFolders(journal: Journal, current: readonly WatchFolder[], edits: readonly WatchFolderEdit[]): WatchFolder[] {
  const byId = new Map(current.map((f) => [f.id, f]))
  const seen = new Set<string>()
  return edits.map((edit) => {
    const existing = byId.get(edit.id)
    if (!existing || seen.has(edit.id) || (edit.path !== undefined && edit.path !== existing.path)) {
      throw new UserFacingError('invalid-settings', 'A watch folder can only be added with "Watch a folder…", which asks for it.')
    }
    seen.add(edit.id)
    if (!journal.getProfile(edit.profileId)) throw new UserFacingError('invalid-settings', `Choose an account for the watched folder ${existing.path}.`)
    return { id: edit.id, path: existing.path, profileId: edit.profileId, stableSeconds: edit.stableSeconds, duplicatePolicy: edit.duplicatePolicy, metadata: edit.metadata }
  })
}

export function watchFolderHandlers(deps: HandlerDeps, handle: Handle): Pick<Handlers, 'watch:add'> {
  return {
    'watch:add': handle('watch:add', object({ profileId }), async (req) => {
      if (!deps.journal.getProfile(req.profileId)) throw new UserFacingError('not-found', 'Choose an account first.')
      const paths = await deps.dialogs.pickPaths('folder')
      if (!paths || paths.length === 0) return null
      const current = deps.engine.settings.watchFolders
      const added = paths
        .filter((path, i) => !current.some((f) => f.path === path) && paths.indexOf(path) === i)
        .map((path): WatchFolder => ({ id: randomUUID(), path, profileId: req.profileId, stableSeconds: DEFAULT_STABLE_SECONDS, duplicatePolicy: 'skip', metadata: {} }))
      if (current.length + added.length > WATCH_BOUNDS.folders.max) throw new UserFacingError('invalid-settings', `At most ${WATCH_BOUNDS.folders.max} folders can be watched.`)
      return saved(deps, deps.engine.updateSettings({ watchFolders: [...current, ...added] }))
    })
  }
}

/** Settings just saved: the watchers follow them. */
export function saved(deps: HandlerDeps, settings: Settings): Settings {
  deps.onSettingsChanged?.(settings)
  return settings
}
