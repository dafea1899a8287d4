// The account form's values, checked and turned into a ProfileDraft for main; the secret is never read back.
import { checkServiceUrl, sealKey, SECRET_WORD, type AuthKind } from '../../../shared/accounts'
import type { ConnectionResult, ProfileDraft, ProfileView } from '../../../shared/ipc-contract'

const DEFAULT_SERVICE_URL = 'https://www.kaltura.com'

export interface ProfileFormValues {
  name: string
  serviceUrl: string
  partnerId: string
  userId: string
  authKind: AuthKind
  /** The application token's id; used only with the app-token kind. */
  appTokenId: string
  /** Admin secret only: a role to pin each session to; empty for the user's own role. */
  roleId: string
  /** Empty while editing means "keep the stored one". */
  secret: string
}

export type ProfileFormErrors = Partial<Record<keyof ProfileFormValues, string>>

type DraftCheck = { ok: true; draft: ProfileDraft } | { ok: false; errors: ProfileFormErrors }

export function profileFormFrom(profile: ProfileView | null): ProfileFormValues {
  // An application token is offered first: it carries only the rights an administrator gave it.
  if (!profile) return { name: '', serviceUrl: DEFAULT_SERVICE_URL, partnerId: '', userId: '', authKind: 'app-token', appTokenId: '', roleId: '', secret: '' }
  return {
    name: profile.name,
    serviceUrl: profile.serviceUrl,
    partnerId: String(profile.partnerId),
    userId: profile.userId,
    authKind: profile.authKind,
    appTokenId: profile.appTokenId ?? '',
    roleId: profile.roleId ?? '',
    secret: ''
  }
}

/** The label of the secret field for the chosen way of signing in. */
export function secretLabel(authKind: AuthKind): string {
  return SECRET_LABEL[authKind]
}

const SECRET_LABEL: Readonly<Record<AuthKind, string>> = {
  'app-token': 'Application token',
  'admin-secret': 'Admin secret',
  ks: 'KS (Kaltura session)'
}

/**
 * Whether the kept secret can stand in for an empty field: main keeps it sealed to the service URL, partner id,
 * way in and token id, so it can only while none of them changed.
 */
export function canKeepSecret(existing: ProfileView | null, values: Pick<ProfileFormValues, 'serviceUrl' | 'partnerId' | 'authKind' | 'appTokenId'>): boolean {
  if (!existing?.hasSecret) return false
  const typed = { serviceUrl: values.serviceUrl, partnerId: Number(values.partnerId.trim()), authKind: values.authKind, appTokenId: values.appTokenId.trim() }
  return sealKey(typed) === sealKey(existing)
}

/** Checks the form; on success the draft carries the secret only when one was typed. */
export function draftFromForm(values: ProfileFormValues, existing: ProfileView | null): DraftCheck {
  const errors: ProfileFormErrors = {}
  const name = values.name.trim()
  if (!name) errors.name = 'Give the account a name.'
  else if (name.length > 100) errors.name = 'Use at most 100 characters.'

  const url = checkServiceUrl(values.serviceUrl)
  if (!url.ok) errors.serviceUrl = url.message

  const partnerText = values.partnerId.trim()
  const partnerId = Number(partnerText)
  if (!/^\d+$/.test(partnerText) || !Number.isSafeInteger(partnerId) || partnerId > 2_147_483_647) {
    errors.partnerId = 'The partner ID is a whole number, for example 1234567.'
  }

  const appTokenId = values.appTokenId.trim()
  if (values.authKind === 'app-token' && !/^[A-Za-z0-9_]{1,100}$/.test(appTokenId)) {
    errors.appTokenId = appTokenId ? 'A token id has letters, digits and underscores only, for example 0_a1b2c3d4.' : "Enter the token's id, for example 0_a1b2c3d4."
  }

  const roleId = values.roleId.trim()
  if (values.authKind === 'admin-secret' && roleId && !/^[A-Za-z0-9_]{1,100}$/.test(roleId)) {
    errors.roleId = 'A role id is a number or a system name (letters, digits and underscores).'
  }

  const secret = values.secret.trim()
  if (!secret && !canKeepSecret(existing, values)) {
    errors.secret = existing?.hasSecret ? `Enter the ${SECRET_WORD[values.authKind]} again: the kept one belongs to the account as it was.` : `Enter the ${SECRET_WORD[values.authKind]}.`
  }

  if (Object.keys(errors).length > 0 || !url.ok) return { ok: false, errors }
  const draft: ProfileDraft = { name, serviceUrl: url.url, partnerId, userId: values.userId.trim(), authKind: values.authKind }
  if (values.authKind === 'app-token') draft.appTokenId = appTokenId
  if (values.authKind === 'admin-secret' && roleId) draft.roleId = roleId
  if (existing) draft.id = existing.id
  if (secret) draft.secret = secret
  return { ok: true, draft }
}


const PROBLEM_HEADLINE: Readonly<Record<Extract<ConnectionResult, { ok: false }>['problem'], string>> = {
  unreachable: 'The server could not be reached.',
  'not-kaltura': 'That address is not a Kaltura server.',
  credentials: 'Kaltura refused these details.',
  'no-secret': 'No secret to test with.',
  'secret-storage': 'The secret could not be stored safely on this computer.',
  other: 'The connection test failed.'
}

/** A headline and the main process's own words for a connection test. */
export function connectionText(result: ConnectionResult): { headline: string; detail: string | null } {
  if (result.ok) return { headline: 'Connected: Kaltura accepted these details.', detail: null }
  return { headline: PROBLEM_HEADLINE[result.problem], detail: result.message }
}
