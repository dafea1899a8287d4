// Accounts and settings as main keeps them: save, delete, test a connection, choose the active account.
import type { ConnectionResult, ProfileDraft, ProfileView, Result } from '../../../shared/ipc-contract'
import type { Settings } from '../../../shared/uploads'
import { useUploaderStore } from '../store/appStore'
import { ask } from '../uploader'
import { rememberProfileId } from './remembered'

export function selectProfile(id: string): void {
  useUploaderStore.setState({ activeProfileId: id })
  rememberProfileId(id)
}

export async function saveProfile(draft: ProfileDraft): Promise<Result<ProfileView>> {
  const result = await ask((u) => u['profiles:save'](draft))
  if (result.ok) {
    useUploaderStore.getState().profileSaved(result.value)
    rememberProfileId(useUploaderStore.getState().activeProfileId)
  }
  return result
}

/** How saving went: saved, or not saved because the connection test failed (the user may save anyway). */
export type TestedSave = { saved: true; profile: ProfileView } | { saved: false; problem: Extract<ConnectionResult, { ok: false }> | null; message: string }

/**
 * Saves an account only once Kaltura accepted it: a wrong account saved unchecked would fail every file of the
 * next batch one by one. The connection test's own words come back when it fails.
 */
export async function saveTestedProfile(draft: ProfileDraft): Promise<TestedSave> {
  const tested = await testConnection(draft)
  if (!tested.ok) return { saved: false, problem: null, message: tested.message }
  if (!tested.value.ok) return { saved: false, problem: tested.value, message: tested.value.message }
  const result = await saveProfile(draft)
  return result.ok ? { saved: true, profile: result.value } : { saved: false, problem: null, message: result.message }
}

export async function deleteProfile(id: string): Promise<Result<void>> {
  const result = await ask((u) => u['profiles:delete']({ id }))
  if (result.ok) {
    useUploaderStore.getState().profileDeleted(id)
    rememberProfileId(useUploaderStore.getState().activeProfileId)
  }
  return result
}

export function testConnection(draft: ProfileDraft): Promise<Result<ConnectionResult>> {
  return ask((u) => u['profiles:test'](draft))
}

export async function saveSettings(patch: Partial<Settings>): Promise<Result<Settings>> {
  const result = await ask((u) => u['settings:update'](patch))
  if (result.ok) useUploaderStore.setState({ settings: result.value })
  return result
}
