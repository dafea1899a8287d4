// Sends one Kaltura API request (JSON, or a streamed multipart upload, both over node:http(s) on the shared keep-alive
// agents) and maps every failure to an error value.
import { request as httpRequest, type RequestOptions } from 'node:http'
import { request as httpsRequest } from 'node:https'
import { urlToHttpOptions } from 'node:url'
import { KalturaAbortedError, KalturaTransportError, SourceFileError, systemErrorCodes, type CallSite } from './errors'
import { readReply, type RawReply } from './envelope'
import { agentFor, collectReply, USER_AGENT } from './httpExchange'
import { openMultipartBody, type MultipartBody, type MultipartSpec } from './multipartBody'
import { postStreaming } from './streamingPost'
import type { Redactor } from './redact'

export interface KalturaEndpoint {
  /** e.g. https://www.kaltura.com, without a trailing slash. */
  serviceUrl: string
  clientTag: string
  apiVersion: string
  /** When given, JSON calls go through it instead of node:http (tests record requests or rewrite replies). */
  fetch?: typeof fetch
}

export interface KalturaRequest<T> extends CallSite {
  body:
    | { kind: 'json'; params: Record<string, unknown> }
    | { kind: 'multipart'; spec: Omit<MultipartSpec, 'fields'>; fields: ReadonlyArray<readonly [string, string]> }
  decode: (data: unknown) => T
  redact: Redactor
  signal: AbortSignal | undefined
  timeoutMs: number
}

type JsonBody = Extract<KalturaRequest<unknown>['body'], { kind: 'json' }>
type MultipartRequestBody = Extract<KalturaRequest<unknown>['body'], { kind: 'multipart' }>

export async function sendKalturaRequest<T>(endpoint: KalturaEndpoint, request: KalturaRequest<T>): Promise<T> {
  const call: CallSite = { service: request.service, action: request.action }
  if (request.signal?.aborted) throw new KalturaAbortedError(call, request.signal.reason)
  const url = `${endpoint.serviceUrl}/api_v3/service/${request.service}/action/${request.action}`
  const reply =
    request.body.kind === 'json'
      ? await sendJson(endpoint, url, call, request, request.body)
      : await sendMultipart(endpoint, url, call, request, request.body)
  return readReply(call, reply, request.decode, request.redact)
}

async function sendJson(endpoint: KalturaEndpoint, url: string, call: CallSite, request: KalturaRequest<unknown>, body: JsonBody): Promise<RawReply> {
  const json = JSON.stringify({ format: 1, clientTag: endpoint.clientTag, apiVersion: endpoint.apiVersion, ...body.params })
  if (endpoint.fetch) return fetchJson(endpoint.fetch, url, call, request, json)
  try {
    return await postJson(endpoint, `/api_v3/service/${call.service}/action/${call.action}`, json, request.signal, request.timeoutMs)
  } catch (error) {
    throw failureOf(call, error, null, request, error instanceof ReplyTimeout)
  }
}

/** Marks the request's own deadline passing, told apart from the caller's abort and from the network. */
class ReplyTimeout extends Error {}

/**
 * One JSON POST: the headers and the body leave in a single write, and a single timer bounds the whole exchange.
 * Cheaper per call than fetch, whose request and response streams and combined abort signals cost more CPU than the
 * small call itself.
 */
function postJson(endpoint: KalturaEndpoint, apiPath: string, json: string, signal: AbortSignal | undefined, timeoutMs: number): Promise<RawReply> {
  const origin = originOf(endpoint)
  return new Promise<RawReply>((resolve, reject) => {
    // Exactly this header: Kaltura ignores a JSON body whose Content-Type carries a charset.
    const req = origin.send({
      ...origin.options,
      path: `${origin.basePath}${apiPath}`,
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(json), 'User-Agent': USER_AGENT }
    })
    let settled = false
    const settle = (error: unknown, reply?: RawReply): void => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      signal?.removeEventListener('abort', aborted)
      if (reply) {
        resolve(reply)
      } else {
        req.destroy()
        reject(error)
      }
    }
    const timer = setTimeout(() => settle(new ReplyTimeout()), timeoutMs)
    const aborted = (): void => settle(signal?.reason)
    signal?.addEventListener('abort', aborted, { once: true })
    req.on('error', settle)
    req.on('response', (response) => {
      collectReply(response, (reply) => settle(undefined, reply), settle)
      response.on('close', () => {
        // Built only when it is the outcome: 'close' also follows every complete reply, and an Error costs a stack.
        if (!settled) settle(new Error('the connection closed before the reply ended'))
      })
    })
    req.end(json)
  })
}

interface ServiceOrigin {
  send: typeof httpRequest
  /** Scheme, host, port (and credentials, if the URL has any) with the shared agent. */
  options: RequestOptions
  /** The service URL's own path ('' for most), which API paths follow. */
  basePath: string
}

/** Each endpoint's URL parsed once, not on every call. */
const origins = new WeakMap<KalturaEndpoint, ServiceOrigin>()

function originOf(endpoint: KalturaEndpoint): ServiceOrigin {
  let origin = origins.get(endpoint)
  if (!origin) {
    const url = new URL(endpoint.serviceUrl)
    const { protocol, hostname, port, auth } = urlToHttpOptions(url)
    origin = {
      send: url.protocol === 'https:' ? httpsRequest : httpRequest,
      options: { protocol, hostname, ...(port !== undefined ? { port } : {}), ...(auth !== undefined ? { auth } : {}), agent: agentFor(url) },
      basePath: url.pathname.replace(/\/+$/, '')
    }
    origins.set(endpoint, origin)
  }
  return origin
}

/** The same call through an injected fetch. */
async function fetchJson(fetchFn: typeof fetch, url: string, call: CallSite, request: KalturaRequest<unknown>, json: string): Promise<RawReply> {
  const timeout = AbortSignal.timeout(request.timeoutMs)
  try {
    const response = await fetchFn(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: json,
      signal: request.signal ? AbortSignal.any([request.signal, timeout]) : timeout
    })
    return {
      status: response.status,
      statusText: response.statusText,
      contentType: response.headers.get('content-type'),
      retryAfter: response.headers.get('retry-after'),
      body: await response.text()
    }
  } catch (error) {
    throw failureOf(call, error, null, request, timeout.aborted)
  }
}

async function sendMultipart(
  endpoint: KalturaEndpoint,
  url: string,
  call: CallSite,
  request: KalturaRequest<unknown>,
  body: MultipartRequestBody
): Promise<RawReply> {
  // One controller fed by the caller's signal and one timer: cheaper than AbortSignal.timeout and AbortSignal.any,
  // whose weak references and finalizers cost every upload a share of garbage collection.
  const ended = new AbortController()
  let timedOut = false
  const timer = setTimeout(() => {
    timedOut = true
    ended.abort(new ReplyTimeout())
  }, request.timeoutMs)
  const callerAborted = (): void => ended.abort(request.signal?.reason)
  request.signal?.addEventListener('abort', callerAborted, { once: true })
  const fields: Array<readonly [string, string]> = [['format', '1'], ['clientTag', endpoint.clientTag], ['apiVersion', endpoint.apiVersion], ...body.fields]
  let multipart: MultipartBody | null = null
  try {
    multipart = await openMultipartBody({ ...body.spec, fields }, ended.signal)
    return await postStreaming(url, multipart, ended.signal)
  } catch (error) {
    throw failureOf(call, error, multipart, request, timedOut)
  } finally {
    clearTimeout(timer)
    request.signal?.removeEventListener('abort', callerAborted)
    await multipart?.close()
  }
}

/** Decides what went wrong, in order: the file, the caller's abort, our timeout, else the network. */
function failureOf(call: CallSite, error: unknown, multipart: MultipartBody | null, request: KalturaRequest<unknown>, timedOut: boolean): Error {
  if (error instanceof SourceFileError || error instanceof RangeError) return error
  const fileFailure = multipart?.failure()
  if (fileFailure) return fileFailure
  if (request.signal?.aborted) return new KalturaAbortedError(call, request.signal.reason)
  const name = `${call.service}.${call.action}`
  if (timedOut) {
    return new KalturaTransportError(call, 'timeout', `${name}: no complete reply within ${request.timeoutMs} ms`)
  }
  return new KalturaTransportError(call, 'network', request.redact(`${name}: network failure${networkDetail(error)}`), {
    cause: error
  })
}

/** Node reports the useful part (ECONNRESET, ECONNREFUSED, ENOTFOUND, …) as the error's code, undici in its cause. */
function networkDetail(error: unknown): string {
  const [code] = systemErrorCodes(error)
  if (code) return ` (${code})`
  const cause = error instanceof Error ? error.cause : undefined
  const message = cause instanceof Error ? cause.message : error instanceof Error ? error.message : String(error)
  return ` (${message})`
}
