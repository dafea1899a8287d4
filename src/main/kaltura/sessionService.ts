// The session.start call: trades a partner id and secret for a KS issued by the server.
import { decodeKs } from './decode'
import { redact } from './redact'
import { DEFAULT_CALL_TIMEOUT_MS, type CallOptions } from './callOptions'
import { SessionType } from './model'
import { sendKalturaRequest, type KalturaEndpoint } from './transport'

export interface SessionStartRequest {
  partnerId: number
  /** The admin secret (or the user secret for a USER session). */
  secret: string
  type?: SessionType
  userId?: string
  /** Lifetime in seconds; the server's default is 86400 and a partner may cap it. */
  expirySeconds?: number
  privileges?: string
}

/** Resolves to the KS; a wrong secret rejects with the API error START_SESSION_ERROR. */
export function startSession(endpoint: KalturaEndpoint, request: SessionStartRequest, options: CallOptions = {}): Promise<string> {
  return sendKalturaRequest(endpoint, {
    service: 'session',
    action: 'start',
    body: {
      kind: 'json',
      params: {
        partnerId: request.partnerId,
        secret: request.secret,
        type: request.type ?? SessionType.ADMIN,
        userId: request.userId ?? '',
        expiry: request.expirySeconds ?? 86_400,
        ...(request.privileges === undefined ? {} : { privileges: request.privileges })
      }
    },
    decode: decodeKs,
    // The reply is the KS itself, so both it and the secret must stay out of any error text.
    redact: (text, extra = []) => redact(text, [request.secret, ...extra]),
    signal: options.signal,
    timeoutMs: options.timeoutMs ?? DEFAULT_CALL_TIMEOUT_MS
  })
}
