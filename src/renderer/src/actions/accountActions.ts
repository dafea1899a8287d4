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
