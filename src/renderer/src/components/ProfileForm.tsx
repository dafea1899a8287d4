// Adds or edits a Kaltura account: where it lives, who it is, and how the app signs in (an application token,
// offered first; an admin secret; or a KS), whose secret goes to main and is never shown again. "Test connection"
// asks main to try the details as typed; Save tests them first and saves only what Kaltura accepted, unless the
// user chooses "Save anyway" after reading why the test failed.
import { useEffect, useId, useRef, useState, type FormEvent } from 'react'
import { AUTH_KINDS, type AuthKind } from '../../../shared/accounts'
import type { ProfileDraft, ProfileView } from '../../../shared/ipc-contract'
import { saveProfile, saveTestedProfile, testConnection } from '../actions/accountActions'
import { canKeepSecret, connectionText, draftFromForm, profileFormFrom, secretLabel, type ProfileFormErrors, type ProfileFormValues } from '../forms/profileForm'
import { Field } from './Field'

interface ProfileFormProps {
  /** null for a new account. */
  profile: ProfileView | null
  onSaved(profile: ProfileView): void
  onCancel?: () => void
}

const AUTH_WHY: Readonly<Record<AuthKind, string>> = {
  'app-token': 'Best: the token carries only the rights your administrator gave it, and can be revoked on its own.',
  'admin-secret': 'Full access to the whole account: use it only on a computer you trust.',
  ks: 'A session someone made for you; it stops working when it expires.'
}

const SECRET_HINT: Readonly<Record<AuthKind, string>> = {
  'app-token': 'The token string from your administrator. It is kept in the system keychain and never shown again.',
  'admin-secret': 'From the Management Console, Settings → Integration Settings. It is kept in the system keychain and never shown again.',
  ks: 'Paste the KS. It stays in the uploader engine and is never shown again.'
}

function authKindOf(value: string): AuthKind {
  return AUTH_KINDS.find((k) => k === value) ?? 'app-token'
}

type Outcome = { tone: 'good' | 'bad'; headline: string; detail: string | null } | null

export function ProfileForm({ profile, onSaved, onCancel }: ProfileFormProps): React.JSX.Element {
  const [values, setValues] = useState<ProfileFormValues>(() => profileFormFrom(profile))
  const [errors, setErrors] = useState<ProfileFormErrors>({})
  const [busy, setBusy] = useState<'saving' | 'testing' | 'checking' | null>(null)
  const [outcome, setOutcome] = useState<Outcome>(null)
  /** The draft whose connection test failed: offered to save anyway, until the form changes. */
  const [unverified, setUnverified] = useState<ProfileDraft | null>(null)
  const outcomeRef = useRef<HTMLDivElement>(null)
  // A failed test's reason sits below the fields: bring it into view in a dialog too short to show it all.
  useEffect(() => {
    outcomeRef.current?.scrollIntoView?.({ block: 'center' })
  }, [outcome])
  const authId = useId()
  const keepsSecret = canKeepSecret(profile, values)
  const sessionOnly = profile?.secretSessionOnly ?? false

  const edit = <K extends keyof ProfileFormValues>(key: K, value: ProfileFormValues[K]): void => {
    setValues((v) => ({ ...v, [key]: value }))
    setErrors((e) => ({ ...e, [key]: undefined }))
    setUnverified(null)
  }

  const checked = (): ReturnType<typeof draftFromForm> => {
    const check = draftFromForm(values, profile)
    setErrors(check.ok ? {} : check.errors)
    return check
  }

  const onTest = async (): Promise<void> => {
    const check = checked()
    if (!check.ok) return
    setBusy('testing')
    setOutcome(null)
    const result = await testConnection(check.draft)
    setBusy(null)
    if (!result.ok) setOutcome({ tone: 'bad', headline: 'The connection could not be tested.', detail: result.message })
    else setOutcome({ tone: result.value.ok ? 'good' : 'bad', ...connectionText(result.value) })
  }

  const saved = (profile: ProfileView): void => {
    setValues((v) => ({ ...v, secret: '' }))
    onSaved(profile)
  }

  const onSubmit = async (e: FormEvent): Promise<void> => {
    e.preventDefault()
    const check = checked()
    if (!check.ok) return
    setBusy('checking')
    setOutcome(null)
    setUnverified(null)
    const result = await saveTestedProfile(check.draft)
    setBusy(null)
    if (result.saved) return saved(result.profile)
    if (result.problem) {
      const text = connectionText(result.problem)
      setOutcome({ tone: 'bad', headline: `Not saved. ${text.headline}`, detail: text.detail })
      setUnverified(check.draft)
    } else setOutcome({ tone: 'bad', headline: 'The account was not saved.', detail: result.message })
  }

  const onSaveAnyway = async (): Promise<void> => {
    if (!unverified) return
    setBusy('saving')
    const result = await saveProfile(unverified)
    setBusy(null)
    setUnverified(null)
    if (result.ok) saved(result.value)
    else setOutcome({ tone: 'bad', headline: 'The account was not saved.', detail: result.message })
  }

  return (
    <form className="profile-form" onSubmit={(e) => void onSubmit(e)} noValidate>
      <div className="form-grid">
        <Field label="Account name" value={values.name} onChange={(e) => edit('name', e.target.value)} error={errors.name} autoComplete="off" />
        <Field
          label="Service URL"
          type="url"
          value={values.serviceUrl}
          onChange={(e) => edit('serviceUrl', e.target.value)}
          error={errors.serviceUrl}
          hint="https://www.kaltura.com, or your own deployment's address."
          spellCheck={false}
        />
        <Field label="Partner ID" inputMode="numeric" value={values.partnerId} onChange={(e) => edit('partnerId', e.target.value)} error={errors.partnerId} />
        <Field
          label="User ID (optional)"
          value={values.userId}
          onChange={(e) => edit('userId', e.target.value)}
          hint="The Kaltura user the new entries belong to."
          spellCheck={false}
        />
        <div className="field">
          <label htmlFor={authId}>Sign in with</label>
          <select id={authId} value={values.authKind} onChange={(e) => edit('authKind', authKindOf(e.target.value))} aria-describedby={`${authId}-why`}>
            <option value="app-token">App token (recommended)</option>
            <option value="admin-secret">Admin secret</option>
            <option value="ks">KS (a session you were given)</option>
          </select>
          <p className="field-hint" id={`${authId}-why`}>
            {AUTH_WHY[values.authKind]}
          </p>
        </div>
        {values.authKind === 'app-token' && (
          <Field
            label="Token ID"
            value={values.appTokenId}
            onChange={(e) => edit('appTokenId', e.target.value)}
            error={errors.appTokenId}
            hint="The id your Kaltura administrator gave you with the token, for example 0_a1b2c3d4."
            spellCheck={false}
            autoComplete="off"
          />
        )}
        {values.authKind === 'admin-secret' && (
          <Field
            label="Role ID (optional)"
            value={values.roleId}
            onChange={(e) => edit('roleId', e.target.value)}
            error={errors.roleId}
            hint="Pins every session to this role, for example an upload-only one your administrator made."
            spellCheck={false}
            autoComplete="off"
          />
        )}
        <Field
          label={secretLabel(values.authKind)}
          type="password"
          value={values.secret}
          onChange={(e) => edit('secret', e.target.value)}
          error={errors.secret}
          autoComplete="off"
          spellCheck={false}
          placeholder={keepsSecret ? 'Kept — leave empty to keep it' : ''}
          hint={
            keepsSecret ? (
              <>
                <span className="badge">{sessionOnly ? 'this session only' : 'stored'}</span> Leave empty to keep it.
                {sessionOnly && ' This computer has no keychain, so it is forgotten when the app quits.'}
              </>
            ) : (
              SECRET_HINT[values.authKind]
            )
          }
        />
      </div>
      {busy === 'testing' && <p className="form-busy">Testing the connection…</p>}
      {busy === 'checking' && <p className="form-busy">Testing the connection before saving…</p>}
      {outcome && (
        <div ref={outcomeRef} className={`test-result test-result-${outcome.tone}`} role={outcome.tone === 'bad' ? 'alert' : 'status'}>
          <span aria-hidden="true">{outcome.tone === 'good' ? '✓ ' : '✕ '}</span>
          <strong>{outcome.headline}</strong>
          {outcome.detail && <p>{outcome.detail}</p>}
        </div>
      )}
      <div className="form-actions">
        <button type="submit" className="primary" disabled={busy !== null}>
          Save account
        </button>
        {unverified && (
          <button type="button" onClick={() => void onSaveAnyway()} disabled={busy !== null}>
            Save anyway
          </button>
        )}
        <button type="button" onClick={() => void onTest()} disabled={busy !== null}>
          Test connection
        </button>
        {onCancel && (
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  )
}
