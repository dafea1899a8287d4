// Manages Kaltura accounts: lists them with what is stored, picks the active one, adds, edits and deletes.
import { useEffect, useState } from 'react'
import type { ProfileView } from '../../../shared/ipc-contract'
import { deleteProfile, selectProfile } from '../actions/accountActions'
import { useUploaderStore } from '../store/appStore'
import { Dialog } from './Dialog'
import { ProfileForm } from './ProfileForm'
import { secretLabel } from '../forms/profileForm'

type Mode = { kind: 'list' } | { kind: 'edit'; profile: ProfileView | null }

function ProfileItem({ profile, active, onEdit }: { profile: ProfileView; active: boolean; onEdit(): void }): React.JSX.Element {
  const [confirming, setConfirming] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const onDelete = async (): Promise<void> => {
    const result = await deleteProfile(profile.id)
    if (!result.ok) setError(result.message)
  }
  return (
    <li className={active ? 'profile-item profile-item-active' : 'profile-item'}>
      <div className="profile-item-text">
        <strong>{profile.name}</strong> {active && <span className="badge badge-active">Active</span>}
        <p className="muted">
          {profile.serviceUrl} · Partner {profile.partnerId}
          {profile.userId ? ` · ${profile.userId}` : ''}
        </p>
        <p className="muted">
          {secretLabel(profile.authKind)}: {!profile.hasSecret ? 'not kept' : profile.secretSessionOnly ? 'kept for this session only' : 'stored'}
        </p>
        {error && (
          <p className="field-error" role="alert">
            {error}
          </p>
        )}
      </div>
      {confirming ? (
        <div className="profile-item-actions" role="group" aria-label={`Delete ${profile.name}?`}>
          <span>Delete {profile.name}?</span>
          <button type="button" className="danger" aria-label={`Yes, delete ${profile.name}`} onClick={() => void onDelete()}>
            Delete
          </button>
          <button type="button" onClick={() => setConfirming(false)}>
            Keep
          </button>
        </div>
      ) : (
        <div className="profile-item-actions">
          {!active && (
            <button type="button" aria-label={`Use ${profile.name}`} onClick={() => selectProfile(profile.id)}>
              Use
            </button>
          )}
          <button type="button" aria-label={`Edit ${profile.name}`} onClick={onEdit}>
            Edit
          </button>
          <button type="button" aria-label={`Delete ${profile.name}`} onClick={() => setConfirming(true)}>
            Delete
          </button>
        </div>
      )}
    </li>
  )
}

export function AccountsDialog({ onClose }: { onClose(): void }): React.JSX.Element {
  const profiles = useUploaderStore((s) => s.profiles)
  const activeId = useUploaderStore((s) => s.activeProfileId)
  // "Edit account" on a refused account's banner opens the dialog on that account's form.
  const [mode, setMode] = useState<Mode>(() => {
    const asked = profiles.find((p) => p.id === useUploaderStore.getState().accountToEdit)
    return asked ? { kind: 'edit', profile: asked } : profiles.length === 0 ? { kind: 'edit', profile: null } : { kind: 'list' }
  })
  useEffect(() => useUploaderStore.setState({ accountToEdit: null }), [])

  if (mode.kind === 'edit') {
    const title = mode.profile ? `Edit ${mode.profile.name}` : 'New account'
    const back = (): void => (profiles.length === 0 ? onClose() : setMode({ kind: 'list' }))
    return (
      <Dialog title={title} onClose={back}>
        <ProfileForm profile={mode.profile} onSaved={() => setMode({ kind: 'list' })} onCancel={back} />
      </Dialog>
    )
  }
  return (
    <Dialog title="Accounts" onClose={onClose}>
      <ul className="profile-list" aria-label="Accounts">
        {profiles.map((p) => (
          <ProfileItem key={p.id} profile={p} active={p.id === activeId} onEdit={() => setMode({ kind: 'edit', profile: p })} />
        ))}
      </ul>
      <div className="form-actions">
        <button type="button" className="primary" onClick={() => setMode({ kind: 'edit', profile: null })}>
          Add account
        </button>
        <button type="button" onClick={onClose}>
          Done
        </button>
      </div>
    </Dialog>
  )
}
