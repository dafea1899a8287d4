// Application tokens: the admin-side store (add/disable/delete) and appToken.startSession, which trades a widget KS
// plus a hash of it with the token for a KS bounded by what the token allows (api_v3/services/AppTokenService.php).
import { createHash, randomBytes } from 'node:crypto'
import type { AppTokenInfo, AppTokenSpec } from './api'
import type { Session } from './authentication'
import { randomEntryLikeId } from './entryContent'
import { KalturaApiError } from './errors'
import { issueKsV2 } from './ks'
import { readEnumInt, readInt, readString, type ParamTree } from './params'
import { parsePrivileges } from './permissions'
import type { JsonObject } from './responses'
import type { ServerContext } from './serverContext'
import { requireParam } from './uploadTokens'

const STATUS = { disabled: 1, active: 2, deleted: 3 } as const
/** The partner's KS max expiry, which a token created without sessionDuration takes (KalturaAppToken.php:147-150). */
const DEFAULT_SESSION_DURATION = 86400

/**
 * Every PRIVILEGE_* constant of kSessionBase (kSessionBase.class.php:28-62, collected by getServerPrivileges at
 * :680-693): a caller may not add these to a token's session (kSessionUtils.class.php:878-895).
 */
const SERVER_PRIVILEGES = new Set([
  'edit', 'sview', 'list', 'download', 'downloadasset', 'editplaylist', 'sviewplaylist', 'actionslimit', 'setrole',
  'restrictingrole', 'limitentry', 'iprestrict', 'urirestrict', 'enableentitlement', 'disableentitlement',
  'disableentitlementforentry', 'disableentitlementforplaylist', 'privacycontext', 'enablecategorymoderation', 'reftime',
  'sessionkey', 'preview', 'sessionid', 'jobtype', 'apptoken', 'enablechangeaccount', 'edituser', 'enablecaptionmoderation',
  'editadmintags', 'restrictexplicitliveview', 'virtualeventid', 'searchcontext', 'disablesessiontypecheck'
])

export class AppTokenStore {
  private readonly tokens = new Map<string, AppTokenInfo>()

  add(spec: AppTokenSpec, partnerId: number): string {
    let id = `0_${randomEntryLikeId()}`
    while (this.tokens.has(id)) id = `0_${randomEntryLikeId()}`
    this.tokens.set(id, {
      id,
      token: spec.token ?? randomBytes(16).toString('hex'),
      partnerId: spec.partnerId ?? partnerId,
      status: spec.status === 'disabled' ? STATUS.disabled : STATUS.active,
      hashType: spec.hashType ?? 'SHA1',
      sessionDuration: spec.sessionDuration ?? DEFAULT_SESSION_DURATION,
      ...(spec.expiry === undefined ? {} : { expiry: spec.expiry }),
      ...(spec.sessionType === undefined ? {} : { sessionType: spec.sessionType }),
      ...(spec.sessionUserId === undefined ? {} : { sessionUserId: spec.sessionUserId }),
      ...(spec.sessionPrivileges === undefined ? {} : { sessionPrivileges: spec.sessionPrivileges })
    })
    return id
  }

  get(id: string): AppTokenInfo | undefined {
    const token = this.tokens.get(id)
    return token && { ...token }
  }

  /** What AppTokenPeer::retrieveByPK finds: deleted rows are filtered out (AppTokenPeer.php:18-26). */
  find(id: string): AppTokenInfo | undefined {
    const token = this.tokens.get(id)
    return token && token.status !== STATUS.deleted ? token : undefined
  }

  setStatus(id: string, status: 'disabled' | 'deleted'): AppTokenInfo {
    const token = this.find(id)
    if (!token) throw new Error(`no app token ${id}`)
    token.status = STATUS[status]
    return token
  }
}

/** appToken.delete: status DELETED and the token's session id invalidated (AppTokenService.php:85-95). */
export function deleteAppToken(ctx: ServerContext, id: string): void {
  const token = ctx.appTokens.setStatus(id, 'deleted')
  ctx.sessions.logOutSessionId(token.partnerId, id)
}

/** AppTokenService.php:166-236, check for check and in the same order. */
export async function startAppTokenSession(ctx: ServerContext, session: Session, params: ParamTree): Promise<JsonObject> {
  const id = requireParam(params, 'id')
  const tokenHash = readString(params, 'tokenHash')
  if (tokenHash === undefined) throw new KalturaApiError('MISSING_MANDATORY_PARAMETER', { PARAM_NAME: 'tokenHash' })
  const requestedType = readEnumInt(params, 'type')
  if (requestedType.present && (requestedType.value === undefined || ![0, 2].includes(requestedType.value))) {
    throw new KalturaApiError('INVALID_ENUM_VALUE', { ENUM_VAL: requestedType.raw, PARAM_NAME: 'type', ENUM_TYPE: 'KalturaSessionType' })
  }

  // The service's partner filter (AppTokenService.php:13) hides other partners' tokens.
  const token = ctx.appTokens.find(id)
  if (!token || token.partnerId !== session.partnerId) throw new KalturaApiError('APP_TOKEN_ID_NOT_FOUND', { ID: id })
  if (token.status !== STATUS.active) throw new KalturaApiError('APP_TOKEN_NOT_ACTIVE', { ID: id })
  // The hash is over the KS this very request carries (AppToken.php:70-74), compared as lowercase hex with !==.
  const expected = createHash(token.hashType.toLowerCase()).update(session.ks + token.token).digest('hex')
  if (expected !== tokenHash) throw new KalturaApiError('INVALID_APP_TOKEN_HASH')

  const now = ctx.clock.nowSeconds()
  let tokenExpiry = token.sessionDuration
  if (token.expiry !== undefined) {
    tokenExpiry = Math.min(tokenExpiry, token.expiry - now)
    if (tokenExpiry < 0) throw new KalturaApiError('APP_TOKEN_EXPIRED', { ID: id })
  }
  // PHP `if(!$expiry)`: absent and 0 both mean "as long as the token allows"; never longer.
  const expiry = Math.min(readInt(params, 'expiry') || tokenExpiry, tokenExpiry)
  const type = token.sessionType ?? (requestedType.present ? requestedType.value : undefined) ?? 0
  const userId = token.sessionUserId ?? readString(params, 'userId')

  const privileges = new Map<string, string[]>([['sessionid', [id]], ['apptoken', [id]]])
  if (token.sessionPrivileges) mergeInto(privileges, parsePrivileges(token.sessionPrivileges))
  const asked = readString(params, 'sessionPrivileges')
  if (asked) addAllowed(privileges, parsePrivileges(asked))
  const privilegeText = buildPrivileges(privileges)

  const partner = ctx.sessions.partner(session.partnerId)
  const ks = issueKsV2({
    partnerId: session.partnerId,
    adminSecret: partner?.adminSecrets[0] ?? '',
    type,
    userId: userId ?? '',
    expiry: now + expiry,
    privileges: privilegeText
  })
  return {
    ks,
    sessionType: type,
    partnerId: session.partnerId,
    userId,
    expiry: now + expiry,
    privileges: privilegeText,
    objectType: 'KalturaSessionInfo'
  }
}

/** array_merge_recursive of two parsed privilege arrays (AppTokenService.php:210-213). */
function mergeInto(target: Map<string, string[]>, extra: Map<string, string[]>): void {
  for (const [name, values] of extra) target.set(name, [...(target.get(name) ?? []), ...values])
}

/**
 * The caller's extra privileges survive only when neither the server reserves the name nor the token already set
 * it, unless the token set it to "*" (kSessionUtils.class.php:878-895).
 */
function addAllowed(privileges: Map<string, string[]>, asked: Map<string, string[]>): void {
  const tokenNames = new Set([...privileges.keys()].map((name) => name.trim()))
  for (const [name, values] of asked) {
    const reserved = SERVER_PRIVILEGES.has(name.trim()) || tokenNames.has(name.trim())
    if (!reserved || (privileges.get(name)?.includes('*') ?? false)) privileges.set(name, values)
  }
}

/** name:v1/v2, or the bare name when it has no value (kSessionBase.class.php:182-198). */
function buildPrivileges(privileges: Map<string, string[]>): string {
  return [...privileges].map(([name, values]) => (values.length > 0 ? `${name}:${values.join('/')}` : name)).join(',')
}
