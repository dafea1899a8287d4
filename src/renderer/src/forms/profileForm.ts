// The account form's values, checked and turned into a ProfileDraft for main; the secret is never read back.
import type { ConnectionResult, ProfileDraft, ProfileView } from '../../../shared/ipc-contract'

const DEFAULT_SERVICE_URL = 'https://www.kaltura.com'

export interface ProfileFormValues {
  name: string
  serviceUrl: string
  partnerId: string
  userId: string
  authKind: ProfileDraft['authKind']
  /** Empty while editing means "keep the stored one". */
  secret: string
}

export type ProfileFormErrors = Partial<Record<keyof ProfileFormValues, string>>

type DraftCheck = { ok: true; draft: ProfileDraft } | { ok: false; errors: ProfileFormErrors }

export function profileFormFrom(profile: ProfileView | null): ProfileFormValues {
  if (!profile) return { name: '', serviceUrl: DEFAULT_SERVICE_URL, partnerId: '', userId: '', authKind: 'admin-secret', secret: '' }
  return {
    name: profile.name,
    serviceUrl: profile.serviceUrl,
    partnerId: String(profile.partnerId),
    userId: profile.userId,
    authKind: profile.authKind,
    secret: ''
  }
}

/** The label of the secret field for the chosen way of signing in. */
export function secretLabel(authKind: ProfileDraft['authKind']): string {
  return authKind === 'ks' ? 'KS (Kaltura session)' : 'Admin secret'
}

/** Whether the stored secret can stand in for an empty field: it exists and is of the same kind. */
export function canKeepSecret(existing: ProfileView | null, authKind: ProfileDraft['authKind']): boolean {
  return !!existing && existing.hasSecret && existing.authKind === authKind
}

/** Checks the form; on success the draft carries the secret only when one was typed. */
export function draftFromForm(values: ProfileFormValues, existing: ProfileView | null): DraftCheck {
  const errors: ProfileFormErrors = {}
  const name = values.name.trim()
  if (!name) errors.name = 'Give the account a name.'
  else if (name.length > 100) errors.name = 'Use at most 100 characters.'

  const serviceUrl = values.serviceUrl.trim()
  if (!isHttpUrl(serviceUrl)) errors.serviceUrl = 'Enter an address starting with https:// (for example https://www.kaltura.com).'

  const partnerText = values.partnerId.trim()
  const partnerId = Number(partnerText)
  if (!/^\d+$/.test(partnerText) || !Number.isSafeInteger(partnerId) || partnerId > 2_147_483_647) {
    errors.partnerId = 'The partner ID is a whole number, for example 1234567.'
  }

  const secret = values.secret.trim()
  if (!secret && !canKeepSecret(existing, values.authKind)) {
    errors.secret = values.authKind === 'ks' ? 'Paste the KS.' : 'Enter the admin secret.'
  }

  if (Object.keys(errors).length > 0) return { ok: false, errors }
  const draft: ProfileDraft = { name, serviceUrl, partnerId, userId: values.userId.trim(), authKind: values.authKind }
  if (existing) draft.id = existing.id
  if (secret) draft.secret = secret
  return { ok: true, draft }
}

function isHttpUrl(text: string): boolean {
  if (!/^https?:\/\//i.test(text) || /\s/.test(text)) return false
  try {
    return new URL(text).host.length > 0
  } catch {
    return false
  }
}

const PROBLEM_HEADLINE: Readonly<Record<Extract<ConnectionResult, { ok: false }>['problem'], string>> = {
  unreachable: 'The server could not be reached.',
  'not-kaltura': 'That address is not a Kaltura server.',
  credentials: 'Wrong secret or partner ID.',
  'no-secret': 'No secret to test with.',
  'secret-storage': 'The secret could not be stored safely on this computer.',
  other: 'The connection test failed.'
}

/** A headline and the main process's own words for a connection test. */
export function connectionText(result: ConnectionResult): { headline: string; detail: string | null } {
  if (result.ok) return { headline: 'Connected: Kaltura accepted these details.', detail: null }
  return { headline: PROBLEM_HEADLINE[result.problem], detail: result.message }
}
