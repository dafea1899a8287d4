// Upload settings: parallel files, connections (exactly so many, or the figure the engine starts from and adds to),
// chunk sizes, bandwidth, keep-awake, which kinds to include, and the folders main watches (added with main's own
// folder picker; the page never names a path).
import { useId, useState, type FormEvent } from 'react'
import type { ProfileView } from '../../../shared/ipc-contract'
import type { Settings } from '../../../shared/uploads'
import { ADAPTIVE_CONNECTIONS_CEILING, WATCH_BOUNDS } from '../../../shared/settingsBounds'
import { saveSettings } from '../actions/accountActions'
import { addWatchFolders, settingsFormFrom, settingsPatchFromForm, type SettingsFormErrors, type SettingsFormValues, type WatchFolderFormValues } from '../forms/settingsForm'
import { useUploaderStore } from '../store/appStore'
import { ask } from '../uploader'
import { Dialog } from './Dialog'
import { Field, Toggle, FormFailure } from './Field'

function SettingsForm({ settings, onClose }: { settings: Settings; onClose(): void }): React.JSX.Element {
  const [values, setValues] = useState<SettingsFormValues>(() => settingsFormFrom(settings))
  const [errors, setErrors] = useState<SettingsFormErrors>({})
  const [failure, setFailure] = useState<string | null>(null)
  const [saving, setSaving] = useState(false)
  const [adding, setAdding] = useState(false)
  const profiles = useUploaderStore((s) => s.profiles)
  const activeProfileId = useUploaderStore((s) => s.activeProfileId)

  const edit = <K extends keyof SettingsFormValues>(key: K, value: SettingsFormValues[K]): void => {
    setValues((v) => ({ ...v, [key]: value }))
    setErrors((e) => ({ ...e, [key]: undefined }))
  }

  const editFolder = (id: string, change: Partial<WatchFolderFormValues>): void =>
    edit(
      'watchFolders',
      values.watchFolders.map((f) => (f.id === id ? { ...f, ...change } : f))
    )

  // Main opens its own picker and watches the chosen folder from now on; the form lists it for editing.
  const addFolder = async (): Promise<void> => {
    const profileId = activeProfileId ?? profiles[0]?.id
    if (!profileId) return
    setAdding(true)
    setFailure(null)
    const result = await ask((u) => u['watch:add']({ profileId }))
    setAdding(false)
    if (!result.ok) return setFailure(result.message)
    if (!result.value) return
    const saved = result.value
    const before = useUploaderStore.getState().settings ?? settings
    useUploaderStore.setState({ settings: saved })
    setValues((v) => addWatchFolders(v, before, saved))
    useUploaderStore.getState().notify('success', 'Folder added: new videos in it are uploaded once they stop changing.')
  }

  const onSubmit = async (e: FormEvent): Promise<void> => {
    e.preventDefault()
    const check = settingsPatchFromForm(values)
    if (!check.ok) {
      setErrors(check.errors)
      return
    }
    setSaving(true)
    setFailure(null)
    const result = await saveSettings(check.patch)
    setSaving(false)
    if (!result.ok) {
      setFailure(result.message)
      return
    }
    useUploaderStore.getState().notify('success', 'Settings saved.')
    onClose()
  }

  return (
    <form onSubmit={(e) => void onSubmit(e)} noValidate>
      <fieldset className="form-grid">
        <legend>Speed</legend>
        <Field label="Files at once" type="number" min={1} max={16} step={1} value={values.maxParallelFiles} onChange={(e) => edit('maxParallelFiles', e.target.value)} error={errors.maxParallelFiles} hint="1 to 16 files upload side by side." />
        <Field
          label="Connections"
          type="number"
          min={1}
          max={32}
          step={1}
          value={values.maxConnections}
          onChange={(e) => edit('maxConnections', e.target.value)}
          error={errors.maxConnections}
          hint={values.adaptiveConnections ? '1 to 32 requests in flight across all files, to start with.' : '1 to 32 requests in flight across all files.'}
        />
        <div className="field field-wide">
          <Toggle
            label="Add connections while they speed up the upload"
            checked={values.adaptiveConnections}
            onChange={(on) => edit('adaptiveConnections', on)}
            hint={`Up to ${ADAPTIVE_CONNECTIONS_CEILING} on a lossy or distant link, where one connection cannot fill the line; fewer again when more do not help. Off: exactly the number of connections above.`}
          />
        </div>
        <Field label="Smallest chunk (MB)" type="number" min={0.25} max={2000} step="any" value={values.minChunkMb} onChange={(e) => edit('minChunkMb', e.target.value)} error={errors.minChunkMb} />
        <Field label="Largest chunk (MB)" type="number" min={0.25} max={2000} step="any" value={values.maxChunkMb} onChange={(e) => edit('maxChunkMb', e.target.value)} error={errors.maxChunkMb} />
        <div className="field field-wide">
          <Toggle label="Limit bandwidth" checked={values.limitBandwidth} onChange={(on) => edit('limitBandwidth', on)} />
        </div>
        {values.limitBandwidth && (
          <Field label="Bandwidth limit (MB/s)" type="number" min={0.02} step="any" value={values.bandwidthMbps} onChange={(e) => edit('bandwidthMbps', e.target.value)} error={errors.bandwidthMbps} />
        )}
      </fieldset>
      <fieldset className="toggles">
        <legend>Behaviour</legend>
        <Toggle label="Keep the computer awake while uploading" checked={values.keepAwake} onChange={(on) => edit('keepAwake', on)} />
        <Toggle label="Include audio files" checked={values.includeAudio} onChange={(on) => edit('includeAudio', on)} />
        <Toggle label="Include images" checked={values.includeImages} onChange={(on) => edit('includeImages', on)} />
        <p className="field-hint">Audio and images are picked up by the next drop or pick.</p>
      </fieldset>
      <fieldset>
        <legend>Watch folders</legend>
        <p className="field-hint">
          New or grown videos in these folders are uploaded by themselves once they have stopped changing for the time set. A file changed after its upload goes up again as a new entry.
        </p>
        {values.watchFolders.length === 0 ? (
          <p>No folder is watched.</p>
        ) : (
          <ul className="profile-list" aria-label="Watched folders">
            {values.watchFolders.map((folder) => (
              <WatchFolderItem key={folder.id} folder={folder} profiles={profiles} onChange={(change) => editFolder(folder.id, change)} onRemove={() => edit('watchFolders', values.watchFolders.filter((f) => f.id !== folder.id))} />
            ))}
          </ul>
        )}
        {errors.watchFolders && (
          <p className="field-error" role="alert">
            <span aria-hidden="true">! </span>
            {errors.watchFolders}
          </p>
        )}
        <div className="form-actions">
          <button type="button" onClick={() => void addFolder()} disabled={adding || profiles.length === 0 || values.watchFolders.length >= WATCH_BOUNDS.folders.max}>
            Watch a folder…
          </button>
        </div>
        {profiles.length === 0 && <p className="field-hint">Add an account first: a watched folder uploads with one.</p>}
      </fieldset>
      <FormFailure message={failure} />
      <div className="form-actions">
        <button type="submit" className="primary" disabled={saving}>
          Save settings
        </button>
        <button type="button" onClick={onClose}>
          Cancel
        </button>
      </div>
    </form>
  )
}

function WatchFolderItem({ folder, profiles, onChange, onRemove }: { folder: WatchFolderFormValues; profiles: readonly ProfileView[]; onChange(change: Partial<WatchFolderFormValues>): void; onRemove(): void }): React.JSX.Element {
  const id = useId()
  const { min, max } = WATCH_BOUNDS.stableSeconds
  return (
    <li className="profile-item">
      <div className="profile-item-text">
        <strong className="scan-path">{folder.path}</strong>
        <div className="form-grid">
          <div className="field">
            <label htmlFor={`${id}-account`}>Account</label>
            <select id={`${id}-account`} value={folder.profileId} onChange={(e) => onChange({ profileId: e.target.value })}>
              {!profiles.some((p) => p.id === folder.profileId) && <option value="">Choose an account</option>}
              {profiles.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          </div>
          <Field label="Unchanged for (seconds)" type="number" min={min} max={max} step={1} value={folder.stableSeconds} onChange={(e) => onChange({ stableSeconds: e.target.value })} />
          <Field label="Tags" value={folder.tags} onChange={(e) => onChange({ tags: e.target.value })} />
          <div className="field">
            <label htmlFor={`${id}-duplicates`}>Files uploaded before</label>
            <select id={`${id}-duplicates`} value={folder.duplicatePolicy} onChange={(e) => onChange({ duplicatePolicy: e.target.value === 'upload' ? 'upload' : 'skip' })}>
              <option value="skip">Skip them</option>
              <option value="upload">Upload again</option>
            </select>
          </div>
        </div>
      </div>
      <div className="profile-item-actions">
        <button type="button" aria-label={`Remove ${folder.path}`} onClick={onRemove}>
          Remove
        </button>
      </div>
    </li>
  )
}

export function SettingsDialog({ onClose }: { onClose(): void }): React.JSX.Element {
  const settings = useUploaderStore((s) => s.settings)
  return (
    <Dialog title="Settings" onClose={onClose}>
      {settings ? <SettingsForm settings={settings} onClose={onClose} /> : <p>The settings could not be loaded from the uploader engine.</p>}
    </Dialog>
  )
}
