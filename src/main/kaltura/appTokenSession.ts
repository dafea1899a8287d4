// Gets a KS from an application token: a short widget session, then appToken.startSession with the hash of that
// widget KS followed by the token, so the token itself never leaves the process.
import { createHash } from 'node:crypto'
import { DEFAULT_CALL_TIMEOUT_MS, type CallOptions } from './callOptions'
import { decodeSessionInfo, decodeWidgetSession } from './decode'
import { KalturaApiError } from './errors'
import type { SessionType } from './model'
import { redact } from './redact'
import { sendKalturaRequest, type KalturaEndpoint } from './transport'

/** AppTokenHashType (kaltura/server alpha/lib/enums/AppTokenHashType.php). */
export type AppTokenHashType = 'SHA1' | 'MD5' | 'SHA256' | 'SHA512'

export interface AppTokenSessionRequest {
  partnerId: number
  tokenId: string
  token: string
  hashType: AppTokenHashType
  /** Ignored by the server when the token names its own user (AppTokenService.php:199-200). */
  userId?: string
  /** Ignored when the token names its own session type (AppTokenService.php:194-197); unset → USER. */
  type?: SessionType
  /** Shortens the KS; it never outlives the token's sessionDuration or expiry (AppTokenService.php:181-192). */
  expirySeconds?: number
}

export interface AppTokenSession {
  ks: string
  /** Unix seconds, as the server granted it (KalturaSessionInfo.expiry). */
  expiresAt: number
}

/**
 * The hash travels with the widget KS it was made from, so together they could open a session until that KS
 * expires: asking for a two-minute widget KS keeps that window short (SessionService.php:280, $expiry).
 */
const WIDGET_KS_SECONDS = 120

/** Messages for the refusals that mean the token itself is wrong: the user must fix the profile, not wait. */
const TOKEN_REFUSALS: Readonly<Record<string, (request: AppTokenSessionRequest) => string>> = {
  APP_TOKEN_ID_NOT_FOUND: (r) => `Kaltura partner ${r.partnerId} has no application token ${r.tokenId}: it was deleted, or the token id or partner id is wrong.`,
  APP_TOKEN_NOT_ACTIVE: (r) => `The application token ${r.tokenId} is disabled on Kaltura: enable it or use another token.`,
  APP_TOKEN_EXPIRED: (r) => `The application token ${r.tokenId} has expired: create a new token.`,
  INVALID_APP_TOKEN_HASH: (r) =>
    `Kaltura refused the application token ${r.tokenId}: the token value is wrong, or the token's hash type is not ${r.hashType}.`,
  INVALID_WIDGET_ID: (r) => `Kaltura knows no partner ${r.partnerId} (no default widget _${r.partnerId}): check the partner id.`
}

/** Rejects with a 'credentials' KalturaApiError (clear message, token redacted) when the token is refused. */
export async function startAppTokenSession(endpoint: KalturaEndpoint, request: AppTokenSessionRequest, options: CallOptions = {}): Promise<AppTokenSession> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_CALL_TIMEOUT_MS
  try {
    const widgetKs = await sendKalturaRequest(endpoint, {
      service: 'session',
      action: 'startWidgetSession',
      body: { kind: 'json', params: { widgetId: `_${request.partnerId}`, expiry: WIDGET_KS_SECONDS } },
      decode: decodeWidgetSession,
      redact: (text, extra = []) => redact(text, [request.token, ...extra]),
      signal: options.signal,
      timeoutMs
    })
    // AppToken::calcHash: hash(hashType, current KS . token) as lowercase hex (alpha/lib/model/AppToken.php:70-74).
    const tokenHash = createHash(request.hashType.toLowerCase()).update(widgetKs + request.token).digest('hex')
    const secrets = [request.token, widgetKs, tokenHash]
    return await sendKalturaRequest(endpoint, {
      service: 'apptoken',
      action: 'startSession',
      body: {
        kind: 'json',
        params: {
          ks: widgetKs,
          id: request.tokenId,
          tokenHash,
          ...(request.userId === undefined || request.userId === '' ? {} : { userId: request.userId }),
          ...(request.type === undefined ? {} : { type: request.type }),
          ...(request.expirySeconds === undefined ? {} : { expiry: request.expirySeconds })
        }
      },
      decode: decodeSessionInfo,
      redact: (text, extra = []) => redact(text, [...secrets, ...extra]),
      signal: options.signal,
      timeoutMs
    })
  } catch (error) {
    const explain = error instanceof KalturaApiError ? TOKEN_REFUSALS[error.code] : undefined
    if (!explain || !(error instanceof KalturaApiError)) throw error
    throw new KalturaApiError({ service: error.service, action: error.action }, error.code, explain(request), error.args)
  }
}
