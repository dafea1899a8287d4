// How calls fail against the test server's injected faults: each comes back as an error value of the right kind.
import { randomBytes } from 'node:crypto'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { KalturaTestServer } from '../../kaltura-server/api'
import type { KalturaClient } from '../../../src/main/kaltura/client'
import {
  KalturaAbortedError,
  KalturaTransportError,
  SourceFileError,
  classifyKalturaError
} from '../../../src/main/kaltura/errors'
import { UploadTokenStatus } from '../../../src/main/kaltura/model'
import { clientFor, failureOf, openDescriptorsFor, startServer, waitFor, type RunningServer } from './serverFixture'

const MiB = 1024 * 1024

let running: RunningServer
let server: KalturaTestServer
let client: KalturaClient
let dir: string
let filePath: string

beforeAll(async () => {
  running = await startServer()
  server = running.server
  client = clientFor(server)
  dir = await mkdtemp(join(tmpdir(), 'kaltura-failure-source-'))
  filePath = join(dir, 'source.bin')
  await writeFile(filePath, randomBytes(3 * MiB))
})

afterEach(async () => {
  server.faults.clear()
  // Whatever way the call ended, the chunk's file handle is closed.
  expect(await openDescriptorsFor(filePath)).not.toBeGreaterThan(0)
})

afterAll(async () => {
  await running.stop()
  await rm(dir, { recursive: true, force: true })
})

function firstChunk(tokenId: string, end = 2 * MiB) {
  return { uploadTokenId: tokenId, filePath, start: 0, end, resume: false, resumeAt: 0, finalChunk: false }
}

describe('transport failures', () => {
  it('a connection reset mid-upload is a retryable network error, and re-sending the chunk succeeds', async () => {
    const token = await client.uploadToken.add({ fileName: 'source.bin', fileSize: 3 * MiB })
    server.faults.add({ match: { service: 'uploadtoken', action: 'upload' }, action: { kind: 'reset', afterBytes: 256 * 1024 } })
    const error = await failureOf(client.uploadToken.upload(firstChunk(token.id)))
    expect(error).toBeInstanceOf(KalturaTransportError)
    expect(error).toMatchObject({ kind: 'transport', reason: 'network', retryable: true, service: 'uploadtoken', action: 'upload' })
    expect(classifyKalturaError(error)).toBe('transient')
    await expect(client.uploadToken.upload(firstChunk(token.id))).resolves.toMatchObject({ uploadedFileSize: 2 * MiB })
  })

  it('a reply lost after the chunk was stored is a network error, and the server still has the bytes', async () => {
    const token = await client.uploadToken.add({ fileName: 'source.bin', fileSize: 3 * MiB })
    server.faults.add({ match: { service: 'uploadtoken', action: 'upload' }, action: { kind: 'dropReply' } })
    expect(await failureOf(client.uploadToken.upload(firstChunk(token.id)))).toMatchObject({ kind: 'transport', reason: 'network' })
    expect(await client.uploadToken.get(token.id)).toMatchObject({ status: UploadTokenStatus.PARTIAL_UPLOAD, uploadedFileSize: 2 * MiB })
  })

  it('a proxy 502 with an HTML page is an http-status error with the status, Retry-After and an excerpt', async () => {
    server.faults.add({
      match: { service: 'uploadtoken', action: 'list' },
      action: { kind: 'http', status: 502, body: '<html><body><h1>502 Bad Gateway</h1></body></html>', retryAfterSeconds: 3 }
    })
    const error = await failureOf(client.uploadToken.list())
    expect(error).toMatchObject({ kind: 'transport', reason: 'http-status', status: 502, retryAfterSeconds: 3, retryable: true })
    expect((error as KalturaTransportError).responseExcerpt).toContain('502 Bad Gateway')
    expect(classifyKalturaError(error)).toBe('transient')
  })

  it.each([
    [413, 'payload-too-large'],
    [429, 'server-busy'],
    [503, 'server-busy'],
    [504, 'transient']
  ] as const)('HTTP %i is sorted as %s', async (status, failure) => {
    server.faults.add({ match: { service: 'uploadtoken', action: 'list' }, action: { kind: 'http', status, body: 'plain text, not JSON' } })
    const error = await failureOf(client.uploadToken.list())
    expect(error).toMatchObject({ reason: 'http-status', status })
    expect(classifyKalturaError(error)).toBe(failure)
  })

  it('a proxy refusing a chunk as too large (413) asks for smaller chunks', async () => {
    const token = await client.uploadToken.add({ fileName: 'source.bin', fileSize: 3 * MiB })
    server.faults.add({ match: { service: 'uploadtoken', action: 'upload' }, action: { kind: 'http', status: 413, body: '<html>413 Request Entity Too Large</html>' } })
    const error = await failureOf(client.uploadToken.upload(firstChunk(token.id, 3 * MiB)))
    expect(error).toMatchObject({ kind: 'transport', reason: 'http-status', status: 413 })
    expect(classifyKalturaError(error)).toBe('payload-too-large')
  })

  it('a server that takes the request and never answers times out after timeoutMs', async () => {
    server.faults.add({ match: { service: 'uploadtoken', action: 'list' }, action: { kind: 'stall' } })
    const started = Date.now()
    const error = await failureOf(client.uploadToken.list(undefined, undefined, { timeoutMs: 300 }))
    expect(error).toMatchObject({ kind: 'transport', reason: 'timeout', retryable: true })
    expect(Date.now() - started).toBeLessThan(5_000)
  })

  it('an upload whose reply never comes times out too', async () => {
    const token = await client.uploadToken.add({ fileName: 'source.bin', fileSize: 3 * MiB })
    server.faults.add({ match: { service: 'uploadtoken', action: 'upload' }, action: { kind: 'stall' } })
    const error = await failureOf(client.uploadToken.upload(firstChunk(token.id), { timeoutMs: 400 }))
    expect(error).toMatchObject({ kind: 'transport', reason: 'timeout' })
  })

  it('a 200 reply that is not JSON (a captive portal page) is a bad response', async () => {
    const portal = clientFor(server, undefined, {
      fetch: async (input, init) => {
        await fetch(input, init)
        return new Response('<html><title>Sign in to the hotel Wi-Fi</title></html>', { status: 200, headers: { 'Content-Type': 'text/html' } })
      }
    })
    const error = await failureOf(portal.uploadToken.list())
    expect(error).toMatchObject({ kind: 'transport', reason: 'bad-response', status: 200, retryable: true })
    expect((error as KalturaTransportError).responseExcerpt).toContain('hotel Wi-Fi')
  })

  it('a server that is down refuses the connection: a network error; once it is back the call works', async () => {
    await server.faults.down()
    try {
      // Pooled keep-alive sockets the server just closed may fail first (UND_ERR_SOCKET); then connects are refused.
      const messages: string[] = []
      for (let attempt = 0; attempt < 10 && !messages.some((m) => m.includes('ECONNREFUSED')); attempt++) {
        const error = await failureOf(client.uploadToken.list())
        expect(error).toMatchObject({ kind: 'transport', reason: 'network', retryable: true })
        messages.push((error as Error).message)
      }
      expect(messages.at(-1)).toBe('uploadtoken.list: network failure (ECONNREFUSED)')
    } finally {
      await server.faults.up()
    }
    await expect(client.uploadToken.list()).resolves.toMatchObject({ totalCount: expect.any(Number) })
  })
})

describe('the caller cancelling', () => {
  it('an abort while waiting for the reply ends the call as aborted, not retryable', async () => {
    server.faults.add({ match: { service: 'uploadtoken', action: 'list' }, action: { kind: 'stall' } })
    const before = server.inspect.requests().length
    const controller = new AbortController()
    const call = failureOf(client.uploadToken.list(undefined, undefined, { signal: controller.signal }))
    await waitFor(() => server.inspect.requests().length, (count) => count > before)
    controller.abort()
    const error = await call
    expect(error).toBeInstanceOf(KalturaAbortedError)
    expect(error).toMatchObject({ kind: 'aborted', retryable: false, service: 'uploadtoken', action: 'list' })
  })

  it('an abort mid-body stops the upload', async () => {
    const token = await client.uploadToken.add({ fileName: 'source.bin', fileSize: 3 * MiB })
    const controller = new AbortController()
    const error = await failureOf(
      client.uploadToken.upload(firstChunk(token.id, 3 * MiB), {
        signal: controller.signal,
        onProgress: (bytes) => {
          if (bytes >= MiB) controller.abort()
        }
      })
    )
    expect(error).toMatchObject({ kind: 'aborted' })
    expect((await client.uploadToken.get(token.id)).uploadedFileSize ?? 0).toBeLessThan(3 * MiB)
  })

  it('an already aborted signal sends nothing', async () => {
    const before = server.inspect.requests().length
    const error = await failureOf(client.media.get('0_whatever', { signal: AbortSignal.abort() }))
    expect(error).toMatchObject({ kind: 'aborted' })
    expect(server.inspect.requests().length).toBe(before)
  })
})

describe('a source file that is not what the chunk expects', () => {
  it('fails as a source-file error before anything is sent', async () => {
    const token = await client.uploadToken.add({ fileName: 'source.bin', fileSize: 4 * MiB })
    const before = server.inspect.requests().length
    const error = await failureOf(client.uploadToken.upload({ ...firstChunk(token.id), end: 4 * MiB }))
    expect(error).toBeInstanceOf(SourceFileError)
    expect(error).toMatchObject({ kind: 'source-file', reason: 'changed', retryable: false })
    expect(server.inspect.requests().length).toBe(before)
  })
})
