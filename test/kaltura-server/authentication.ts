// Who is calling: KS validation (expiry, forced expiry/invalidation) and the no-KS answers of §2.5.
import type { TestPartner } from './api'
import { KalturaApiError } from './errors'
import { verifyKs } from './ks'
import { readInt, readString, type ParamTree } from './params'

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
    return { ks, partnerId: fields.partnerId, type: fields.type, userId: fields.userId, privileges: fields.privileges }
  }

  private noSession(params: ParamTree, serviceAction: string): KalturaApiError {
    const partnerId = readInt(params, 'partnerId')
    // With no KS the effective partner is 0 ("global"), which exists on a real install; a named unknown one does not.
    if (partnerId !== undefined && partnerId !== 0 && !this.partner(partnerId)) return new KalturaApiError('MISSING_KS')
    const forbidden = new KalturaApiError('SERVICE_FORBIDDEN', { SERVICE: serviceAction })
    return new KalturaApiError('SERVICE_FORBIDDEN', { SERVICE: serviceAction }, {
      'X-Kaltura': 'error-SERVICE_FORBIDDEN',
      'X-Kaltura-App': `exiting on error SERVICE_FORBIDDEN - ${forbidden.message}`
    })
  }
}

function invalidKs(ksId: string): KalturaApiError {
  return new KalturaApiError('INVALID_KS', { KSID: ksId, ERR_CODE: '-1', ERR_DESC: 'INVALID_STR' })
}
