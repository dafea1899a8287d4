// An application token instead of the admin secret: the client uploads with the KS the token grants, renews it, and
// says plainly when the token is refused, without the token ever leaving the process.
import { createHash, randomBytes } from 'node:crypto'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { inspect } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AppTokenSpec, KalturaTestServer } from '../../kaltura-server/api'
import { readKsV2 } from '../../kaltura-server/testKs'
import { classifyKalturaError, KalturaApiError } from '../../../src/main/kaltura/errors'
import type { KalturaCredentials } from '../../../src/main/kaltura/session'
import { EntryStatus, MediaType, UploadTokenStatus } from '../../../src/main/kaltura/model'
import { clientFor, failureOf, startServer, waitFor, type RunningServer } from './serverFixture'

let running: RunningServer
let server: KalturaTestServer
let dir: string

beforeAll(async () => {
  running = await startServer({ entryReadyAfter: { getCalls: 1 } })
  server = running.server
  dir = await mkdtemp(join(tmpdir(), 'kaltura-apptoken-source-'))
})

afterAll(async () => {
  await running.stop()
  await rm(dir, { recursive: true, force: true })
})

function newToken(spec: AppTokenSpec = {}): { tokenId: string; token: string } {
  const token = randomBytes(16).toString('hex')
  const tokenId = server.appTokens.add({ token, hashType: 'SHA256', sessionType: 0, sessionUserId: 'uploader', sessionDuration: 3600, ...spec })
  return { tokenId, token }
}

function appTokenCredentials(ids: { tokenId: string; token: string }, extra: Partial<Extract<KalturaCredentials, { kind: 'app-token' }>> = {}): KalturaCredentials {
  return { kind: 'app-token', partnerId: server.partnerId, ...ids, ...extra }
}

function everythingShownOf(error: unknown): string {
  const e = error as Error
  return [e.message, e.stack, JSON.stringify(error), inspect(error, { depth: 10, showHidden: true })].join('\n')
}

function requestsOf(service: string, action: string): ReturnType<KalturaTestServer['inspect']['requests']> {
  return server.inspect.requests().filter((r) => r.service === service && r.action === action.toLowerCase())
}

describe('uploading with an application token', () => {
  it('uploads a file and makes a READY entry with the USER KS the token grants', async () => {
    const ids = newToken()
    const client = clientFor(server, appTokenCredentials(ids))
    const path = join(dir, 'clip.mp4')
    const content = randomBytes(300_000)
    await writeFile(path, content)

    const token = await client.uploadToken.add({ fileName: 'clip.mp4', fileSize: content.length })
    await client.uploadToken.upload({ uploadTokenId: token.id, filePath: path, start: 0, end: 200_000, resume: false, resumeAt: 0, finalChunk: false })
    await client.uploadToken.upload({ uploadTokenId: token.id, filePath: path, start: 200_000, end: content.length, resume: true, resumeAt: 200_000, finalChunk: false })
    await client.uploadToken.upload({ uploadTokenId: token.id, filePath: path, start: content.length, end: content.length, resume: true, resumeAt: content.length, finalChunk: true })
    const entry = await client.media.add({ name: 'clip', mediaType: MediaType.VIDEO })
    await client.media.addContent(entry.id, token.id)
    const ready = await waitFor(() => client.media.get(entry.id), (e) => e.status === EntryStatus.READY)

    expect(ready.userId).toBe('uploader')
    expect(server.inspect.upload(token.id)).toMatchObject({ status: UploadTokenStatus.CLOSED, userId: 'uploader', sha256: createHash('sha256').update(content).digest('hex') })
    const fields = readKsV2(await client.session.provider.ks(), server.adminSecret)
    expect(fields).toMatchObject({ type: 0, userId: 'uploader', privileges: `sessionid:${ids.tokenId},apptoken:${ids.tokenId}` })
    expect(requestsOf('apptoken', 'startSession')).toHaveLength(1)
  })

  it('gets a new KS from the token when the server says the old one expired', async () => {
    const ids = newToken({ sessionDuration: 600 })
    const client = clientFor(server, appTokenCredentials(ids))
    await client.uploadToken.list()
    const before = requestsOf('apptoken', 'startSession').length
    server.clock.advance(601)
    await client.uploadToken.list()
    expect(requestsOf('apptoken', 'startSession').length).toBe(before + 1)
    expect(requestsOf('uploadtoken', 'list').at(-2)?.errorCode).toBe('INVALID_KS')
  })

  it('renews the KS before it expires, without a refused call, when the clock nears the token’s sessionDuration', async () => {
    const ids = newToken({ sessionDuration: 600 })
    let nowMs = server.clock.now() * 1000
    const client = clientFor(server, appTokenCredentials(ids), { now: () => nowMs })
    const first = await client.session.provider.ks()
    expect(client.session.provider.expiresAt).toBe(readKsV2(first, server.adminSecret).expiry)
    nowMs += (600 - 149) * 1000
    const refusedBefore = server.inspect.requests().filter((r) => r.errorCode === 'INVALID_KS').length
    await client.uploadToken.list()
    expect(await client.session.provider.ks()).not.toBe(first)
    expect(server.inspect.requests().filter((r) => r.errorCode === 'INVALID_KS').length).toBe(refusedBefore)
  })
})

describe('a token the server refuses', () => {
  it.each([
    ['a wrong token value', (ids: { tokenId: string; token: string }) => ({ ...ids, token: 'f'.repeat(32) }), 'INVALID_APP_TOKEN_HASH', /token value is wrong, or the token's hash type is not SHA256/],
    ['a disabled token', (ids: { tokenId: string; token: string }) => (server.appTokens.disable(ids.tokenId), ids), 'APP_TOKEN_NOT_ACTIVE', /is disabled on Kaltura/],
    ['a deleted token', (ids: { tokenId: string; token: string }) => (server.appTokens.delete(ids.tokenId), ids), 'APP_TOKEN_ID_NOT_FOUND', /has no application token .*: it was deleted/]
  ])('%s is a credentials failure with a clear message', async (_name, spoil, code, message) => {
    const ids = spoil(newToken())
    const error = await failureOf(clientFor(server, appTokenCredentials(ids)).uploadToken.list())
    expect(error).toBeInstanceOf(KalturaApiError)
    expect(error).toMatchObject({ code })
    expect(classifyKalturaError(error)).toBe('credentials')
    expect((error as Error).message).toMatch(message)
    expect((error as Error).message).toContain(ids.tokenId)
    expect(everythingShownOf(error)).not.toContain(ids.token)
  })

  it('an expired token is a credentials failure too', async () => {
    const ids = newToken({ expiry: server.clock.now() + 60 })
    server.clock.advance(61)
    const error = await failureOf(clientFor(server, appTokenCredentials(ids)).uploadToken.list())
    expect(error).toMatchObject({ code: 'APP_TOKEN_EXPIRED', message: `The application token ${ids.tokenId} has expired: create a new token.` })
    expect(classifyKalturaError(error)).toBe('credentials')
  })

  it('a token hashed with the wrong type says which type was used', async () => {
    const ids = newToken({ hashType: 'SHA1' })
    const error = await failureOf(clientFor(server, appTokenCredentials(ids)).uploadToken.list())
    expect((error as Error).message).toMatch(/hash type is not SHA256/)
    await expect(clientFor(server, appTokenCredentials(ids, { hashType: 'SHA1' })).uploadToken.list()).resolves.toMatchObject({ totalCount: expect.any(Number) })
  })
})

describe('the token stays in the process', () => {
  it('reaches the server only as hash(widget KS + token), and no error text or log redaction lets it through', async () => {
    const ids = newToken()
    const client = clientFor(server, appTokenCredentials(ids))
    const since = server.inspect.requests().length
    await client.uploadToken.list()
    const seen = server.inspect.requests().slice(since)
    expect(JSON.stringify(seen)).not.toContain(ids.token)
    const start = seen.find((r) => r.service === 'apptoken')
    const widgetKs = String(start?.params?.['ks'])
    expect(start?.params?.['tokenHash']).toBe(createHash('sha256').update(widgetKs + ids.token).digest('hex'))
    expect(client.session.provider.redact(`token=${ids.token} ks=${await client.session.provider.ks()}`)).not.toMatch(new RegExp(`${ids.token}`))
    expect(inspect(client.session.provider)).not.toContain(ids.token)
    expect(JSON.stringify(client.session.provider)).not.toContain(ids.token)
  })
})
