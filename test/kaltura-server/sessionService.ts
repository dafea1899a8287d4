// session.start (§2.1): checks the partner secret and issues a v2 KS signed with the partner's first admin secret.
import { KalturaApiError } from './errors'
import { issueKsV2 } from './ks'
import { readEnumInt, readInt, readString, type ParamTree } from './params'
import type { ServerContext } from './serverContext'

const SESSION_TYPES = [0, 2]
const DEFAULT_EXPIRY_SECONDS = 86400

export async function startSession(ctx: ServerContext, params: ParamTree): Promise<string> {
  const secret = readString(params, 'secret')
  if (secret === undefined) throw new KalturaApiError('MISSING_MANDATORY_PARAMETER', { PARAM_NAME: 'secret' })
  const type = readEnumInt(params, 'type')
  if (type.present && (type.value === undefined || !SESSION_TYPES.includes(type.value))) {
    throw new KalturaApiError('INVALID_ENUM_VALUE', { ENUM_VAL: type.raw, PARAM_NAME: 'type', ENUM_TYPE: 'KalturaSessionType' })
  }
  const sessionType = type.present ? (type.value ?? 0) : 0
  const partnerId = readInt(params, 'partnerId')
  const partner = partnerId === undefined ? undefined : ctx.sessions.partner(partnerId)
  const secretMatches =
    partner !== undefined &&
    (partner.adminSecrets.includes(secret) || (sessionType === 0 && partner.userSecret === secret))
  if (!partner || !secretMatches) throw new KalturaApiError('START_SESSION_ERROR', { PID: partnerId === undefined ? '' : String(partnerId) })
  const expiry = readInt(params, 'expiry') ?? DEFAULT_EXPIRY_SECONDS
  return issueKsV2({
    partnerId: partner.id,
    adminSecret: partner.adminSecrets[0] ?? '',
    type: sessionType,
    userId: readString(params, 'userId') ?? '',
    expiry: ctx.clock.nowSeconds() + (expiry > 0 ? expiry : DEFAULT_EXPIRY_SECONDS),
    privileges: readString(params, 'privileges') ?? ''
  })
}
