// Sends one Kaltura API request (JSON over fetch, streamed multipart over node:http) and maps every failure to an
// error value.
import { KalturaAbortedError, KalturaTransportError, SourceFileError, systemErrorCodes, type CallSite } from './errors'
import { readReply, type RawReply } from './envelope'
import { openMultipartBody, type MultipartBody, type MultipartSpec } from './multipartBody'
import { postStreaming } from './streamingPost'
import type { Redactor } from './redact'

export interface KalturaEndpoint {
  /** e.g. https://www.kaltura.com, without a trailing slash. */
  serviceUrl: string
  clientTag: string
  apiVersion: string
  fetch: typeof fetch
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

export async function sendKalturaRequest<T>(endpoint: KalturaEndpoint, request: KalturaRequest<T>): Promise<T> {
  const call: CallSite = { service: request.service, action: request.action }
  if (request.signal?.aborted) throw new KalturaAbortedError(call, request.signal.reason)
  const timeout = AbortSignal.timeout(request.timeoutMs)
  const signal = request.signal ? AbortSignal.any([request.signal, timeout]) : timeout
  const url = `${endpoint.serviceUrl}/api_v3/service/${request.service}/action/${request.action}`

  let multipart: MultipartBody | null = null
  let reply: RawReply
  try {
    if (request.body.kind === 'json') {
      const params = {
        format: 1,
        clientTag: endpoint.clientTag,
        apiVersion: endpoint.apiVersion,
        ...request.body.params
      }
      // Exactly this header: Kaltura ignores a JSON body whose Content-Type carries a charset.
      const response = await endpoint.fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(params),
        signal
      })
      reply = {
        status: response.status,
        statusText: response.statusText,
        contentType: response.headers.get('content-type'),
        retryAfter: response.headers.get('retry-after'),
        body: await response.text()
      }
    } else {
      const fields: Array<readonly [string, string]> = [
        ['format', '1'],
        ['clientTag', endpoint.clientTag],
        ['apiVersion', endpoint.apiVersion],
        ...request.body.fields
      ]
      multipart = await openMultipartBody({ ...request.body.spec, fields }, signal)
      reply = await postStreaming(url, multipart, signal)
    }
  } catch (error) {
    throw failureOf(call, error, multipart, request, timeout)
  } finally {
    await multipart?.close()
  }
  return readReply(call, reply, request.decode, request.redact)
}

/** Decides what went wrong, in order: the file, the caller's abort, our timeout, else the network. */
function failureOf(
  call: CallSite,
  error: unknown,
  multipart: MultipartBody | null,
  request: KalturaRequest<unknown>,
  timeout: AbortSignal
): Error {
  if (error instanceof SourceFileError || error instanceof RangeError) return error
  const fileFailure = multipart?.failure()
  if (fileFailure) return fileFailure
  if (request.signal?.aborted) return new KalturaAbortedError(call, request.signal.reason)
  const name = `${call.service}.${call.action}`
  if (timeout.aborted) {
    return new KalturaTransportError(call, 'timeout', `${name}: no complete reply within ${request.timeoutMs} ms`)
  }
  return new KalturaTransportError(call, 'network', request.redact(`${name}: network failure${networkDetail(error)}`), {
    cause: error
  })
}

/** undici reports "fetch failed" with the useful part (ECONNRESET, ECONNREFUSED, ENOTFOUND, …) in the cause. */
function networkDetail(error: unknown): string {
  const [code] = systemErrorCodes(error)
  if (code) return ` (${code})`
  const cause = error instanceof Error ? error.cause : undefined
  const message = cause instanceof Error ? cause.message : error instanceof Error ? error.message : String(error)
  return ` (${message})`
}
