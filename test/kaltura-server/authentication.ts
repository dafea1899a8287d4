// Who is calling: KS validation (expiry, forced expiry/invalidation) and the no-KS answers of §2.5.
import type { TestPartner } from './api'
import { KalturaApiError, serviceForbidden } from './errors'
import { verifyKs } from './ks'
import { readInt, readString, type ParamTree } from './params'
import { isWidgetSession, parsePrivileges } from './permissions'

export interface Session {
  ks: string
  partnerId: number
  /** 0 USER, 2 ADMIN. */
  type: number
  userId: string
  privileges: string
}

export class SessionRegistry {
  private readonly seen = new Set<string>()
  private readonly expired = new Set<string>()
  private readonly invalidated = new Set<string>()
  /** `${partnerId}_${sessionId}` keys, as invalidSessionPeer stores them for appToken.delete (AppTokenService.php:91-92). */
  private readonly loggedOutSessionIds = new Set<string>()

  constructor(private readonly partners: readonly TestPartner[]) {}

  partner(partnerId: number): TestPartner | undefined {
    return this.partners.find((partner) => partner.id === partnerId)
  }

  expireAll(): void {
    for (const ks of this.seen) this.expired.add(ks)
  }

  invalidateAll(): void {
    for (const ks of this.seen) this.invalidated.add(ks)
  }

  /** Every KS carrying `sessionid:<sessionId>` is logged out from now on. */
  logOutSessionId(partnerId: number, sessionId: string): void {
    this.loggedOutSessionIds.add(`${partnerId}_${sessionId}`)
  }

  /**
   * The session for an action that needs a KS.
   * `serviceAction` is what SERVICE_FORBIDDEN names, e.g. `uploadtoken->add`.
   */
  require(params: ParamTree, nowSeconds: number, serviceAction: string): Session {
    const ks = readString(params, 'ks') ?? ''
    if (ks === '') throw this.noSession(params, serviceAction)
    this.seen.add(ks)
    const fields = verifyKs(ks, (partnerId) => this.partner(partnerId)?.adminSecrets)
    if (!fields || this.invalidated.has(ks)) throw invalidKs(ks)
    if (fields.expiry <= nowSeconds || this.expired.has(ks)) throw invalidKs('EXPIRED')
    const session = { ks, partnerId: fields.partnerId, type: fields.type, userId: fields.userId, privileges: fields.privileges }
    // Widget sessions are never looked up for invalidation (kSessionBase.class.php:467-469); others are, by
    // their sessionid privilege too (kSessionUtils.class.php:386-399 → LOGOUT, mapped to KSID "LOGOUT").
    const sessionId = parsePrivileges(session.privileges).get('sessionid')?.[0]
    if (!isWidgetSession(session) && sessionId !== undefined && this.loggedOutSessionIds.has(`${session.partnerId}_${sessionId}`)) {
      throw invalidKs('LOGOUT')
    }
    return session
  }

  private noSession(params: ParamTree, serviceAction: string): KalturaApiError {
    const partnerId = readInt(params, 'partnerId')
    // With no KS the effective partner is 0 ("global"), which exists on a real install; a named unknown one does not.
    if (partnerId !== undefined && partnerId !== 0 && !this.partner(partnerId)) return new KalturaApiError('MISSING_KS')
    return serviceForbidden(serviceAction)
  }
}

function invalidKs(ksId: string): KalturaApiError {
  return new KalturaApiError('INVALID_KS', { KSID: ksId, ERR_CODE: '-1', ERR_DESC: 'INVALID_STR' })
}
