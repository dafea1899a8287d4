// Turns a saved profile plus its secret into a Kaltura client, and checks that an account works, saying plainly
// what is wrong when it does not (unreachable server, not a Kaltura server, refused credentials).
import { createKalturaClient, classifyKalturaError, KalturaApiError, KalturaTransportError, systemErrorCodes, type KalturaClient } from '../kaltura'
import type { ProfileRow } from '../journal/journal'

export type AccountProfile = Pick<ProfileRow, 'serviceUrl' | 'partnerId' | 'userId' | 'authKind'>

export function clientForProfile(profile: AccountProfile, secret: string): KalturaClient {
  return createKalturaClient({
    serviceUrl: profile.serviceUrl,
    credentials:
      profile.authKind === 'ks'
        ? { kind: 'ks', ks: secret }
        : {
            kind: 'admin-secret',
            partnerId: profile.partnerId,
            adminSecret: secret,
            issuer: 'local',
            ksVersion: 2,
            userId: profile.userId,
            privileges: 'disableentitlement',
            expirySeconds: 24 * 3600
          }
  })
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
    return { ok: false, problem: 'credentials', message: `Kaltura refused the credentials (${code}): check the partner id and the admin secret or KS.` }
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
