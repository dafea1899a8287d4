// The settings form's watch folders: shown as saved, checked against the same bounds main enforces, saved by id with
// their path as main gave it, and a folder main just added joins the list without undoing the form's other edits.
import { describe, expect, it } from 'vitest'
import { addWatchFolders, settingsFormFrom, settingsPatchFromForm } from '../../src/renderer/src/forms/settingsForm'
import { DEFAULT_SETTINGS, type Settings, type WatchFolder } from '../../src/shared/uploads'

const camera: WatchFolder = { id: 'w1', path: '/media/camera', profileId: 'p1', stableSeconds: 10, duplicatePolicy: 'skip', metadata: { tags: 'cam', categories: 'Events' } }
const withCamera: Settings = { ...DEFAULT_SETTINGS, watchFolders: [camera] }

describe('settings form: watch folders', () => {
  it('round-trips a folder, keeping the details it does not show', () => {
    const check = settingsPatchFromForm(settingsFormFrom(withCamera))
    expect(check.ok && check.patch.watchFolders).toEqual([camera])
  })

  it('saves edits to the account, the time, the policy and the tags (blank tags are none)', () => {
    const form = settingsFormFrom(withCamera)
    const [folder] = form.watchFolders
    const check = settingsPatchFromForm({ ...form, watchFolders: [{ ...folder!, profileId: 'p2', stableSeconds: '30', duplicatePolicy: 'upload', tags: '  ' }] })
    expect(check.ok && check.patch.watchFolders).toEqual([{ ...camera, profileId: 'p2', stableSeconds: 30, duplicatePolicy: 'upload', metadata: { categories: 'Events' } }])
  })

  it('refuses a time outside the bounds main enforces, naming the folder and the bounds', () => {
    const form = settingsFormFrom(withCamera)
    for (const stableSeconds of ['0', '3601', '2.5', 'soon']) {
      const check = settingsPatchFromForm({ ...form, watchFolders: [{ ...form.watchFolders[0]!, stableSeconds }] })
      expect(check).toEqual({ ok: false, errors: { watchFolders: 'How long a file in /media/camera must stay unchanged: a whole number of seconds from 1 to 3600.' } })
    }
  })

  it('adds what main added, keeping the form edits and a removal not yet saved', () => {
    const studio: WatchFolder = { ...camera, id: 'w2', path: '/media/studio' }
    const form = { ...settingsFormFrom(withCamera), maxConnections: '9', watchFolders: [] }
    const merged = addWatchFolders(form, withCamera, { ...withCamera, watchFolders: [camera, studio] })
    expect(merged.maxConnections).toBe('9')
    expect(merged.watchFolders.map((f) => f.path)).toEqual(['/media/studio'])
  })
})
