// Turns a saved profile plus its secret into a Kaltura client, and checks that an account works, saying plainly
// what is wrong when it does not (unreachable server, not a Kaltura server, refused credentials).
import {
  createKalturaClient,
  classifyKalturaError,
  KalturaApiError,
  KalturaTransportError,
  SessionType,
  systemErrorCodes,
  type AppTokenHashType,
  type KalturaClient,
  type KalturaCredentials
} from '../kaltura'
import type { ProfileRow } from '../journal/journal'

export interface AccountProfile extends Pick<ProfileRow, 'serviceUrl' | 'partnerId' | 'userId'> {
  /** 'app-token': the secret is the token's value and appTokenId names it. */
  authKind: ProfileRow['authKind']
  appTokenId?: string | null
  /** The token's hashType on the server; default SHA256. */
  appTokenHashType?: AppTokenHashType
  /** A partner role (id or system name) the admin-secret KS is pinned to with `setrole`. */
  roleId?: string | null
}

/**
 * Two hours: far longer than the longest request (a 300 s upload timeout) plus the 300 s renewal margin, so no
 * chunk outlives its KS, and tolerant of a desktop clock up to about two hours off (the KS is signed with the local
 * clock and checked with the server's). Signing locally is free, so the only cost of a shorter life than the old
 * 24 h is that a leaked KS is useful for less time.
 */
const ADMIN_SECRET_KS_SECONDS = 2 * 3600

export function clientForProfile(profile: AccountProfile, secret: string): KalturaClient {
  return createKalturaClient({ serviceUrl: profile.serviceUrl, credentials: credentialsFor(profile, secret) })
}

function credentialsFor(profile: AccountProfile, secret: string): KalturaCredentials {
  switch (profile.authKind) {
    case 'ks':
      return { kind: 'ks', ks: secret }
    case 'app-token':
      if (!profile.appTokenId) throw new TypeError('an app-token profile needs appTokenId')
      return {
        kind: 'app-token',
        partnerId: profile.partnerId,
        tokenId: profile.appTokenId,
        token: secret,
        ...(profile.appTokenHashType ? { hashType: profile.appTokenHashType } : {}),
        ...(profile.userId ? { userId: profile.userId } : {})
      }
    case 'admin-secret':
      return { kind: 'admin-secret', partnerId: profile.partnerId, adminSecret: secret, issuer: 'local', ksVersion: 2, expirySeconds: ADMIN_SECRET_KS_SECONDS, ...leastPrivilege(profile) }
  }
}

/**
 * The narrowest KS that still does the uploader's work, read from kaltura/server (HEAD c447fdb3eb):
 * - type USER (0), not ADMIN: a user session gets BASE_USER_SESSION_PERMISSION (kPermissionManager.php:687-690),
 *   which deployment/permissions/service.uploadtoken.ini:9-45 and service.media.ini:9, :18, :158, :176 list for
 *   uploadToken add/upload/get/list/delete and media add/addContent/get/list. uploadToken calls then see only this
 *   user's tokens (UploadTokenService.php:220-226), media.addContent accepts entries this user owns
 *   (MediaService.php:102 @validateUser, KalturaDispatcher.php:231-241), and media.list lists them.
 * - no `disableentitlement`: the uploader only reads entries it created, and an owner is entitled to its entries.
 * - `setrole:<id>` when a role is given: it replaces the session's role (kPermissionManager.php:620-652), so an
 *   admin can pin the KS to an upload-only role. Without it, a USER KS for a user who holds KMC roles gets those
 *   roles (kPermissionManager.php:655-657), which may be wider than the user-session role.
 * - with no user id a USER KS would belong to an anonymous shared user, whose "own" tokens and entries are anyone's
 *   with the same blank id; the old ADMIN KS with `disableentitlement` stays for that case, pinned by the role if given.
 */
function leastPrivilege(profile: AccountProfile): Pick<Extract<KalturaCredentials, { kind: 'admin-secret' }>, 'type' | 'userId' | 'privileges'> {
  const setRole = profile.roleId ? `setrole:${profile.roleId}` : ''
  if (profile.userId === '') {
    return { type: SessionType.ADMIN, userId: '', privileges: ['disableentitlement', setRole].filter(Boolean).join(',') }
  }
  return { type: SessionType.USER, userId: profile.userId, privileges: setRole }
}

export type ConnectionCheck =
  | { ok: true }
  | { ok: false; problem: 'unreachable' | 'not-kaltura' | 'credentials' | 'other'; message: string }

/** One cheap authenticated call (uploadToken.list, one item) that proves the URL, partner and secret. */
export async function checkConnection(client: KalturaClient, serviceUrl: string, timeoutMs = 15_000): Promise<ConnectionCheck> {
  try {
    await client.uploadToken.list(undefined, { pageSize: 1 }, { timeoutMs })
    return { ok: true }
  } catch (err) {
    return describeConnectionFailure(err, serviceUrl)
  }
}

export function describeConnectionFailure(err: unknown, serviceUrl: string): Extract<ConnectionCheck, { ok: false }> {
  const failure = classifyKalturaError(err)
  if (failure === 'session' || failure === 'credentials') {
    const code = err instanceof KalturaApiError ? err.code : 'refused'
    // An app-token refusal already says what to fix (appTokenSession.ts); the token itself is not in it.
    const advice = err instanceof KalturaApiError && /APP_TOKEN|WIDGET/.test(err.code) ? err.message : 'check the partner id and the admin secret or KS.'
    return { ok: false, problem: 'credentials', message: `Kaltura refused the credentials (${code}): ${advice}` }
  }
  if (err instanceof KalturaTransportError) {
    const [code] = systemErrorCodes(err)
    switch (err.reason) {
      case 'network':
        if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return { ok: false, problem: 'unreachable', message: `The server ${hostOf(serviceUrl)} could not be found: check the service URL and the network.` }
        if (code === 'ECONNREFUSED') return { ok: false, problem: 'unreachable', message: `Nothing answers at ${serviceUrl} (connection refused): check the service URL.` }
        return { ok: false, problem: 'unreachable', message: `Could not reach ${serviceUrl}${code ? ` (${code})` : ''}.` }
      case 'timeout':
        return { ok: false, problem: 'unreachable', message: `${serviceUrl} did not answer in time.` }
      case 'http-status':
        return { ok: false, problem: 'not-kaltura', message: `${serviceUrl} answered HTTP ${err.status ?? '?'}: is this a Kaltura service URL?` }
      case 'bad-response':
        return { ok: false, problem: 'not-kaltura', message: `${serviceUrl} did not answer like a Kaltura server: check the service URL.` }
    }
  }
  if (err instanceof KalturaApiError) return { ok: false, problem: 'other', message: `Kaltura answered ${err.code}: ${err.message}` }
  if (err instanceof TypeError) return { ok: false, problem: 'other', message: `The service URL is not valid: ${serviceUrl}` }
  return { ok: false, problem: 'other', message: err instanceof Error ? err.message : String(err) }
}

function hostOf(url: string): string {
  try {
    return new URL(url).host
  } catch {
    return url
  }
}
