// session.start (§2.1) and session.startWidgetSession: the two ways to get a KS without one; both issue v2 KSs signed
// with the partner's first admin secret.
import { KalturaApiError } from './errors'
import { issueKsV2 } from './ks'
import { readEnumInt, readInt, readString, type ParamTree } from './params'
import { requireKnownRoles } from './permissions'
import type { JsonObject } from './responses'
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
  const privileges = readString(params, 'privileges') ?? ''
  requireKnownRoles(ctx.settings.roles, privileges)
  return issueKsV2({
    partnerId: partner.id,
    adminSecret: partner.adminSecrets[0] ?? '',
    type: sessionType,
    userId: readString(params, 'userId') ?? '',
    expiry: ctx.clock.nowSeconds() + (expiry > 0 ? expiry : DEFAULT_EXPIRY_SECONDS),
    privileges
  })
}

/**
 * api_v3/services/SessionService.php:280-375 for a partner's default widget `_<partnerId>` (Partner.php:248-251):
 * a USER KS for user 0 with privileges "view:*,widget:1" (:298, :325, :360), which is what makes it a widget
 * session. Widgets with their own privileges, roles or entries are not emulated.
 */
export async function startWidgetSession(ctx: ServerContext, params: ParamTree): Promise<JsonObject> {
  const widgetId = readString(params, 'widgetId')
  if (widgetId === undefined) throw new KalturaApiError('MISSING_MANDATORY_PARAMETER', { PARAM_NAME: 'widgetId' })
  const partner = ctx.settings.partners.find((candidate) => `_${candidate.id}` === widgetId)
  if (!partner) throw new KalturaApiError('INVALID_WIDGET_ID', { WIDGET_ID: widgetId })
  const expiry = readInt(params, 'expiry') ?? DEFAULT_EXPIRY_SECONDS
  const ks = issueKsV2({
    partnerId: partner.id,
    adminSecret: partner.adminSecrets[0] ?? '',
    type: 0,
    userId: '0',
    expiry: ctx.clock.nowSeconds() + expiry,
    privileges: 'view:*,widget:1'
  })
  // $userId is the PHP integer 0, serialized as is (derived: KalturaJsonSerializer does not cast it to the declared string).
  return { partnerId: partner.id, ks, userId: 0, objectType: 'KalturaStartWidgetSessionResponse' }
}
