// Writing API replies the way Kaltura's serializers do: JSON (format=1), JSONP (9), XML (anything else), CORS headers.
import type { ServerResponse } from 'node:http'
import { errorBody, KalturaApiError } from './errors'

export type JsonValue = string | number | boolean | null | JsonValue[] | JsonObject
/** Undefined properties are simply absent, which is how Kaltura omits nulls. */
export interface JsonObject {
  [key: string]: JsonValue | undefined
}

export const CORS_HEADERS: Readonly<Record<string, string>> = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Expose-Headers': 'X-Me, X-Kaltura-Session',
  'X-Me': 'kaltura-test-server'
}

export function sendPreflight(res: ServerResponse, requestedHeaders: string | undefined): void {
  res.writeHead(200, {
    ...CORS_HEADERS,
    'Access-Control-Allow-Methods': 'POST, GET, HEAD, OPTIONS',
    'Access-Control-Allow-Headers': requestedHeaders ?? 'Content-Type, Range, Cache-Control',
    'Access-Control-Max-Age': '86400',
    'Content-Length': '0'
  })
  res.end()
}

/** Sends a result or an API error (always HTTP 200) in the requested format. */
export function sendApiReply(res: ServerResponse, outcome: JsonValue | KalturaApiError, format: string | undefined, callback: string | undefined): void {
  const headers: Record<string, string> = { ...CORS_HEADERS }
  if (outcome instanceof KalturaApiError) Object.assign(headers, outcome.headers)
  const payload: JsonValue = outcome instanceof KalturaApiError ? { ...errorBody(outcome) } : outcome
  let body: string
  if (format === '1') {
    headers['Content-Type'] = 'application/json'
    body = toJson(payload)
  } else if (format === '9') {
    headers['Content-Type'] = 'application/javascript'
    body = `${safeCallbackName(callback)}(${toJson(payload)});`
  } else {
    headers['Content-Type'] = 'text/xml'
    body = toXml(outcome instanceof KalturaApiError ? outcome : payload)
  }
  headers['Content-Length'] = String(Buffer.byteLength(body))
  res.writeHead(200, headers)
  res.end(body)
}

/** A proxy-style failure: a non-200 status with an HTML body. */
export function sendProxyError(res: ServerResponse, status: number, body: string | undefined, retryAfterSeconds: number | undefined): void {
  const html = body ?? `<html><head><title>${status}</title></head><body><h1>${status}</h1><p>injected by the test server</p></body></html>`
  const headers: Record<string, string> = {
    'Content-Type': 'text/html',
    'Content-Length': String(Buffer.byteLength(html))
  }
  if (retryAfterSeconds !== undefined) headers['Retry-After'] = String(retryAfterSeconds)
  res.writeHead(status, headers)
  res.end(html)
}

export function toJson(value: JsonValue): string {
  // Null properties are dropped like S-SER unsetNull; a top-level null (void action) stays `null`.
  return JSON.stringify(value, (key, inner: unknown) => (key !== '' && inner === null ? undefined : inner))
}

function toXml(outcome: JsonValue | KalturaApiError): string {
  const result =
    outcome instanceof KalturaApiError
      ? `<error><objectType>KalturaAPIException</objectType><code>${escapeXml(outcome.code)}</code><message>${escapeXml(outcome.message)}</message><args>${Object.entries(
          outcome.args
        )
          .map(([name, value]) => `<item><objectType>KalturaApiExceptionArg</objectType><name>${escapeXml(name)}</name><value>${escapeXml(value)}</value></item>`)
          .join('')}</args></error>`
      : xmlValue(outcome)
  return `<?xml version="1.0" encoding="utf-8"?><xml><result>${result}</result><executionTime>0</executionTime></xml>`
}

function xmlValue(value: JsonValue | undefined): string {
  if (value === null || value === undefined) return ''
  if (Array.isArray(value)) return value.map((item) => `<item>${xmlValue(item)}</item>`).join('')
  if (typeof value === 'object') {
    return Object.entries(value)
      .filter(([, inner]) => inner !== null && inner !== undefined)
      .map(([key, inner]) => `<${key}>${xmlValue(inner)}</${key}>`)
      .join('')
  }
  if (typeof value === 'boolean') return value ? '1' : '0'
  return escapeXml(String(value))
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
}

function safeCallbackName(callback: string | undefined): string {
  return callback !== undefined && /^[A-Za-z_$][\w$.]*$/.test(callback) ? callback : 'callback'
}
