// What an account is, for every process: the ways in, the service-URL rule (https, loopback excepted), and the seal
// that binds a stored secret to the one account it was entered for.

/** How the app signs in: an application token (recommended), an admin secret (signs sessions locally), or a KS. */
export type AuthKind = 'app-token' | 'admin-secret' | 'ks'

export const AUTH_KINDS: readonly AuthKind[] = ['app-token', 'admin-secret', 'ks']

/** The fields a stored secret is sealed to: change any of them and the secret must be entered again. */
export interface AccountSeal {
  serviceUrl: string
  partnerId: number
  authKind: AuthKind
  /** The application token's id, for the app-token kind. */
  appTokenId?: string | null
}

export type ServiceUrlCheck = { ok: true; url: string; origin: string } | { ok: false; message: string }

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]'])

/**
 * A service URL the app will send a session to: https, or plain http only to this computer (the test server).
 * Over plain http to anywhere else the KS would cross the network in clear text. Returns it without a trailing slash.
 */
export function checkServiceUrl(text: string): ServiceUrlCheck {
  let url: URL
  try {
    url = new URL(text.trim())
  } catch {
    return { ok: false, message: 'The service URL is not a web address (for example https://www.kaltura.com).' }
  }
  if (url.username || url.password) return { ok: false, message: 'The service URL must not carry a user name or password.' }
  if (url.protocol === 'http:' && !LOOPBACK.has(url.hostname)) {
    return { ok: false, message: 'The service URL must start with https:// — over http:// the session would travel in clear text.' }
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { ok: false, message: 'The service URL must start with https://.' }
  if (url.search || url.hash) return { ok: false, message: 'The service URL must not carry a query or fragment.' }
  return { ok: true, url: `${url.origin}${url.pathname.replace(/\/+$/, '')}`, origin: url.origin }
}

/** One text for a seal, so two are equal exactly when every sealed field is. The URL counts by its parsed form. */
export function sealKey(seal: AccountSeal): string {
  const checked = checkServiceUrl(seal.serviceUrl)
  const url = checked.ok ? checked.url : seal.serviceUrl
  return JSON.stringify([url, seal.partnerId, seal.authKind, seal.authKind === 'app-token' ? (seal.appTokenId ?? '') : ''])
}

/** What the user types for each way in, in the words the form and every message use. */
export const SECRET_WORD: Readonly<Record<AuthKind, string>> = {
  'app-token': 'application token',
  'admin-secret': 'admin secret',
  ks: 'KS'
}
