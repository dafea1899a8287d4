// Runs a call with the session's KS; when the server refuses that KS, renews it once and runs the call again.
import { isSessionError } from './errors'
import type { FileRange } from './multipartBody'
import type { SessionProvider } from './session'
import { sendKalturaRequest, type KalturaEndpoint } from './transport'
import { DEFAULT_CALL_TIMEOUT_MS, DEFAULT_UPLOAD_TIMEOUT_MS, type CallOptions, type UploadCallOptions } from './callOptions'

export interface JsonCall<T> {
  service: string
  action: string
  params: Record<string, unknown>
  decode: (data: unknown) => T
}

export interface UploadCall<T> {
  service: string
  action: string
  /** Form fields after ks/format/clientTag/apiVersion, in order. */
  fields: ReadonlyArray<readonly [string, string]>
  fileField: string
  file: FileRange
  decode: (data: unknown) => T
}

export interface AuthenticatedCaller {
  call<T>(call: JsonCall<T>, options: CallOptions): Promise<T>
  upload<T>(call: UploadCall<T>, options: UploadCallOptions): Promise<T>
}

/**
 * A refused KS means the request did nothing on the server, so running it again with a fresh KS is safe for
 * every action, uploads included (the body is rebuilt from the file).
 */
export function createAuthenticatedCaller(endpoint: KalturaEndpoint, session: SessionProvider): AuthenticatedCaller {
  async function withSession<T>(send: (ks: string) => Promise<T>, signal: AbortSignal | undefined): Promise<T> {
    const ks = await session.ks(signal)
    try {
      return await send(ks)
    } catch (error) {
      if (!isSessionError(error)) throw error
      const renewed = await session.renew(ks, signal)
      if (renewed === null) throw error
      return send(renewed)
    }
  }

  return {
    call(call, options) {
      return withSession(
        (ks) =>
          sendKalturaRequest(endpoint, {
            service: call.service,
            action: call.action,
            body: { kind: 'json', params: { ks, ...call.params } },
            decode: call.decode,
            redact: session.redact,
            signal: options.signal,
            timeoutMs: options.timeoutMs ?? DEFAULT_CALL_TIMEOUT_MS
          }),
        options.signal
      )
    },

    upload(call, options) {
      return withSession(
        (ks) =>
          sendKalturaRequest(endpoint, {
            service: call.service,
            action: call.action,
            body: {
              kind: 'multipart',
              fields: [['ks', ks], ...call.fields],
              spec: {
                fileField: call.fileField,
                file: call.file,
                ...(options.onProgress ? { onProgress: options.onProgress } : {}),
                ...(options.bodyRateLimiter ? { bodyRateLimiter: options.bodyRateLimiter } : {}),
                ...(options.pieceBytes ? { pieceBytes: options.pieceBytes } : {})
              }
            },
            decode: call.decode,
            redact: session.redact,
            signal: options.signal,
            timeoutMs: options.timeoutMs ?? DEFAULT_UPLOAD_TIMEOUT_MS
          }),
        options.signal
      )
    }
  }
}
