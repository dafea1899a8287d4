// A Kaltura reply becomes a result, an API error (HTTP 200 with KalturaAPIException) or a transport error, redacted.
import { describe, expect, it } from 'vitest'
import { decodeUploadToken } from '../../../src/main/kaltura/decode'
import { readReply, type RawReply } from '../../../src/main/kaltura/envelope'
import {
  KalturaAbortedError,
  KalturaApiError,
  KalturaTransportError,
  SourceFileError,
  classifyKalturaError,
  isSessionError,
  isTokenGone
} from '../../../src/main/kaltura/errors'
import { redact } from '../../../src/main/kaltura/redact'

const call = { service: 'uploadtoken', action: 'get' }
const ks = 'djJ8MTAwfHNlY3JldGtzc3RyaW5n'
const redactor = (text: string, extra: readonly string[] = []): string => redact(text, [ks, ...extra])

function reply(body: string, extra: Partial<RawReply> = {}): RawReply {
  return { status: 200, statusText: 'OK', contentType: 'application/json', retryAfter: null, body, ...extra }
}

function failureOf(raw: RawReply): unknown {
  try {
    readReply(call, raw, decodeUploadToken, redactor)
  } catch (error) {
    return error
  }
  throw new Error('expected the reply to be refused')
}

describe('reading a Kaltura reply', () => {
  it('decodes a result', () => {
    expect(readReply(call, reply('{"id":"0_a","status":"1","uploadedFileSize":"10"}'), decodeUploadToken, redactor)).toEqual({
      id: '0_a',
      status: 1,
      uploadedFileSize: 10
    })
  })

  it('turns a KalturaAPIException with empty args ([]) into an API error with no args', () => {
    const error = failureOf(
      reply('{"code":"UPLOAD_TOKEN_NOT_FOUND","message":"Upload token not found","objectType":"KalturaAPIException","args":[]}')
    )
    expect(error).toBeInstanceOf(KalturaApiError)
    expect(error).toMatchObject({ kind: 'api', code: 'UPLOAD_TOKEN_NOT_FOUND', args: {}, service: 'uploadtoken', action: 'get', retryable: false })
    expect(isTokenGone(error)).toBe(true)
  })

  it('redacts the KS from an INVALID_KS error everywhere it could be seen', () => {
    const body = JSON.stringify({
      code: 'INVALID_KS',
      message: `Invalid KS "${ks}", Error "-1,INVALID_STR"`,
      objectType: 'KalturaAPIException',
      args: { KSID: ks, ERR_CODE: '-1', ERR_DESC: 'INVALID_STR' }
    })
    const error = failureOf(reply(body))
    expect(isSessionError(error)).toBe(true)
    for (const text of [String((error as Error).message), String((error as Error).stack), JSON.stringify(error)]) {
      expect(text).not.toContain(ks)
    }
    expect(error).toMatchObject({ args: { KSID: '[redacted]', ERR_CODE: '-1' } })
  })

  it('treats a non-200 as a transport error with the status, Retry-After and a redacted excerpt', () => {
    const error = failureOf(
      reply(`<html><body>Bad gateway for ${ks}</body></html>`, { status: 503, statusText: 'Service Unavailable', contentType: 'text/html', retryAfter: '7' })
    )
    expect(error).toBeInstanceOf(KalturaTransportError)
    expect(error).toMatchObject({ reason: 'http-status', status: 503, retryAfterSeconds: 7, retryable: true })
    expect((error as KalturaTransportError).responseExcerpt).toBe('<html><body>Bad gateway for [redacted]</body></html>')
    expect(classifyKalturaError(error)).toBe('server-busy')
  })

  it('treats a 200 whose body is not JSON as a bad response', () => {
    const error = failureOf(reply('<html>maintenance</html>', { contentType: 'text/html' }))
    expect(error).toMatchObject({ kind: 'transport', reason: 'bad-response', status: 200 })
    expect((error as Error).cause).toBeUndefined()
  })

  it('treats JSON of the wrong shape as a bad response', () => {
    expect(failureOf(reply('{"objects":[]}'))).toMatchObject({ kind: 'transport', reason: 'bad-response' })
  })
})

describe('sorting failures', () => {
  const api = (code: string): KalturaApiError => new KalturaApiError(call, code, code, {})
  const http = (status: number): KalturaTransportError => new KalturaTransportError(call, 'http-status', 'x', { status })

  it.each([
    [api('INVALID_KS'), 'session'],
    [api('MISSING_KS'), 'session'],
    [api('SERVICE_FORBIDDEN'), 'session'],
    [api('START_SESSION_ERROR'), 'credentials'],
    [api('UPLOAD_TOKEN_NOT_FOUND'), 'token-gone'],
    [api('UPLOAD_PASSED_MAX_RESUME_TIME_ALLOWED'), 'token-gone'],
    [api('UPLOAD_TOKEN_CANNOT_RESUME'), 'token-gone'],
    [api('UPLOAD_TOKEN_CANNOT_MATCH_EXPECTED_SIZE'), 'final-size-mismatch'],
    [api('UPLOAD_TOKEN_INVALID_STATUS_FOR_UPLOAD'), 'token-not-uploadable'],
    [api('ENTRY_ID_NOT_FOUND'), 'entry-gone'],
    [api('PROPERTY_VALIDATION_MIN_LENGTH'), 'rejected'],
    [http(413), 'payload-too-large'],
    [http(429), 'server-busy'],
    [http(502), 'transient'],
    [new KalturaTransportError(call, 'timeout', 'x'), 'transient'],
    [new KalturaAbortedError(call, undefined), 'aborted'],
    [new SourceFileError('changed', '/f', 'x'), 'source-file'],
    [new Error('a bug'), null]
  ])('%s → %s', (error, failure) => {
    expect(classifyKalturaError(error)).toBe(failure)
  })
})
