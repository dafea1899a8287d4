// Upload settings: parallel files, connections, chunk sizes, bandwidth, keep-awake and which kinds to include.
import { useState, type FormEvent } from 'react'
import type { Settings } from '../../../shared/uploads'
import { saveSettings } from '../actions/accountActions'
import { settingsFormFrom, settingsPatchFromForm, type SettingsFormErrors, type SettingsFormValues } from '../forms/settingsForm'
import { useUploaderStore } from '../store/appStore'
import { Dialog } from './Dialog'
import { Field, Toggle } from './Field'

function SettingsForm({ settings, onClose }: { settings: Settings; onClose(): void }): React.JSX.Element {
  const [values, setValues] = useState<SettingsFormValues>(() => settingsFormFrom(settings))
  const [errors, setErrors] = useState<SettingsFormErrors>({})
  const [failure, setFailure] = useState<string | null>(null)
  const [saving, setSaving] = useState(false)

  const edit = <K extends keyof SettingsFormValues>(key: K, value: SettingsFormValues[K]): void => {
    setValues((v) => ({ ...v, [key]: value }))
    setErrors((e) => ({ ...e, [key]: undefined }))
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
        <Field label="Connections" type="number" min={1} max={32} step={1} value={values.maxConnections} onChange={(e) => edit('maxConnections', e.target.value)} error={errors.maxConnections} hint="1 to 32 requests in flight across all files." />
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
      {failure && (
        <p className="field-error form-failure" role="alert">
          <span aria-hidden="true">! </span>
          {failure}
        </p>
      )}
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

export function SettingsDialog({ onClose }: { onClose(): void }): React.JSX.Element {
  const settings = useUploaderStore((s) => s.settings)
  return (
    <Dialog title="Settings" onClose={onClose}>
      {settings ? <SettingsForm settings={settings} onClose={onClose} /> : <p>The settings could not be loaded from the uploader engine.</p>}
    </Dialog>
  )
}
