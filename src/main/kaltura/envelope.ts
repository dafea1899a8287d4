// Reads a Kaltura reply into a typed result or an error value: HTTP status, JSON body, KalturaAPIException, result shape.
import { KalturaApiError, KalturaTransportError, type CallSite } from './errors'
import { ResponseShapeError } from './decode'
import { redactApiErrorText, type Redactor } from './redact'

export interface RawReply {
  status: number
  statusText: string
  contentType: string | null
  retryAfter: string | null
  body: string
}

const EXCERPT_CHARS = 200

/** Returns the decoded result, or throws KalturaApiError / KalturaTransportError with every secret redacted. */
export function readReply<T>(
  call: CallSite,
  reply: RawReply,
  decode: (data: unknown) => T,
  redact: Redactor
): T {
  const name = `${call.service}.${call.action}`
  if (reply.status !== 200) {
    const retryAfterSeconds = parseRetryAfter(reply.retryAfter)
    throw new KalturaTransportError(call, 'http-status', redact(`${name}: HTTP ${reply.status} ${reply.statusText}`.trim()), {
      status: reply.status,
      ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
      ...excerpt(reply.body, redact)
    })
  }
  let data: unknown
  try {
    data = JSON.parse(reply.body)
  } catch {
    // The SyntaxError quotes the body, so it is not kept as the cause.
    const kind = reply.contentType ?? 'no content type'
    throw new KalturaTransportError(call, 'bad-response', `${name}: reply is not JSON (${kind}, ${reply.body.length} chars)`, {
      status: reply.status,
      ...excerpt(reply.body, redact)
    })
  }
  if (isApiException(data)) throw apiError(call, data, redact)
  try {
    return decode(data)
  } catch (error) {
    if (!(error instanceof ResponseShapeError)) throw error
    throw new KalturaTransportError(call, 'bad-response', redact(`${name}: unexpected result: ${error.message}`), {
      status: reply.status,
      ...excerpt(reply.body, redact)
    })
  }
}

function isApiException(data: unknown): data is Record<string, unknown> {
  return typeof data === 'object' && data !== null && (data as Record<string, unknown>)['objectType'] === 'KalturaAPIException'
}

function apiError(call: CallSite, data: Record<string, unknown>, redact: Redactor): KalturaApiError {
  const code = typeof data['code'] === 'string' && data['code'] !== '' ? data['code'] : 'UNKNOWN_API_ERROR'
  const rawMessage = typeof data['message'] === 'string' ? data['message'] : code
  const { message, args } = redactApiErrorText(rawMessage, stringArgs(data['args']), redact)
  return new KalturaApiError(call, code, message, args)
}

/** args is [] when empty (a PHP empty array) and a name → value object otherwise. */
function stringArgs(args: unknown): Record<string, string> {
  const result: Record<string, string> = {}
  if (typeof args !== 'object' || args === null || Array.isArray(args)) return result
  for (const [name, value] of Object.entries(args)) {
    result[name] = typeof value === 'string' ? value : JSON.stringify(value) ?? ''
  }
  return result
}

function excerpt(body: string, redact: Redactor): { responseExcerpt?: string } {
  const text = redact(body).replace(/\s+/g, ' ').trim()
  return text === '' ? {} : { responseExcerpt: text.slice(0, EXCERPT_CHARS) }
}

/** Retry-After as delta-seconds or an HTTP date. */
function parseRetryAfter(value: string | null): number | undefined {
  if (value === null || value.trim() === '') return undefined
  if (/^\s*\d+\s*$/.test(value)) return Number(value)
  const at = Date.parse(value)
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - Date.now()) / 1000))
}
