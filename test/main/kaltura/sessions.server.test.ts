// Sessions against the test server: every way to get a KS is accepted, bad ones are refused, expired ones renewed.
import { inspect } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { KalturaTestServer } from '../../kaltura-server/api'
import { KalturaApiError, classifyKalturaError, isSessionError } from '../../../src/main/kaltura/errors'
import { generateKsV1, generateKsV2, readKs } from '../../../src/main/kaltura/ks'
import { SessionType } from '../../../src/main/kaltura/model'
import { clientFor, failureOf, startServer, type RunningServer } from './serverFixture'

let running: RunningServer
let server: KalturaTestServer

beforeAll(async () => {
  running = await startServer()
  server = running.server
})

afterAll(async () => {
  await running.stop()
})

/** Every place an error could leak text: message, stack, JSON, inspect (with its cause). */
function everythingShownOf(error: unknown): string {
  const e = error as Error
  return [e.message, e.stack, JSON.stringify(error), inspect(error, { depth: 10, showHidden: true })].join('\n')
}

function addRequests(): Array<{ errorCode?: string }> {
  return server.inspect.requests().filter((r) => r.service.toLowerCase() === 'uploadtoken' && r.action.toLowerCase() === 'add')
}

describe('getting a session the server accepts', () => {
  it('session.start trades the admin secret for a KS that later calls can use', async () => {
    const ks = await clientFor(server).session.start({ partnerId: server.partnerId, secret: server.adminSecret, expirySeconds: 600 })
    expect(readKs(ks)?.partnerId).toBe(server.partnerId)
    const token = await clientFor(server, { kind: 'ks', ks }).uploadToken.add({ fileName: 'a.mp4', fileSize: 10 })
    expect(token.status).toBe(0)
  })

  it.each([1, 2] as const)('a KS v%i signed locally from the admin secret is accepted', async (ksVersion) => {
    const client = clientFor(server, {
      kind: 'admin-secret',
      partnerId: server.partnerId,
      adminSecret: server.adminSecret,
      issuer: 'local',
      ksVersion,
      privileges: 'disableentitlement'
    })
    await expect(client.uploadToken.add({ fileName: `v${ksVersion}.mp4`, fileSize: 1 })).resolves.toMatchObject({ status: 0 })
    expect(readKs(await client.session.provider.ks())?.version).toBe(ksVersion)
  })

  it('a session issued through session.start by the provider is accepted, and its v1/v2 expiry is tracked', async () => {
    const client = clientFor(server, {
      kind: 'admin-secret',
      partnerId: server.partnerId,
      adminSecret: server.adminSecret,
      issuer: 'server',
      expirySeconds: 3600
    })
    await expect(client.media.add({ name: 'from session.start', mediaType: 1 })).resolves.toMatchObject({ status: 7 })
    expect(client.session.provider.expiresAt).toBeGreaterThan(Date.now() / 1000 + 3000)
  })

  it('a USER session started with the user secret is accepted', async () => {
    const ks = await clientFor(server).session.start({
      partnerId: server.partnerId,
      secret: server.userSecret,
      type: SessionType.USER,
      userId: 'alice'
    })
    const token = await clientFor(server, { kind: 'ks', ks }).uploadToken.add({ fileName: 'alice.mp4', fileSize: 5 })
    expect(token.userId).toBe('alice')
  })
})

describe('refused sessions', () => {
  it('session.start with a wrong secret fails with START_SESSION_ERROR, and the secret shows up nowhere in the error', async () => {
    const wrongSecret = 'definitely-not-the-admin-secret'
    const error = await failureOf(clientFor(server).session.start({ partnerId: server.partnerId, secret: wrongSecret }))
    expect(error).toBeInstanceOf(KalturaApiError)
    expect(error).toMatchObject({ kind: 'api', code: 'START_SESSION_ERROR', args: { PID: String(server.partnerId) } })
    expect(classifyKalturaError(error)).toBe('credentials')
    expect(everythingShownOf(error)).not.toContain(wrongSecret)
  })

  it('a provider whose session.start fails passes START_SESSION_ERROR on to the call, secret redacted', async () => {
    const wrongSecret = 'another-wrong-admin-secret'
    const client = clientFor(server, { kind: 'admin-secret', partnerId: server.partnerId, adminSecret: wrongSecret, issuer: 'server' })
    const error = await failureOf(client.uploadToken.add({ fileName: 'x.mp4', fileSize: 1 }))
    expect(error).toMatchObject({ code: 'START_SESSION_ERROR' })
    expect(everythingShownOf(error)).not.toContain(wrongSecret)
  })

  it('a KS signed locally with a wrong secret is refused with INVALID_KS after one renewal, and no KS shows up in the error', async () => {
    const wrongSecret = 'wrong-secret-signing-locally'
    const client = clientFor(server, { kind: 'admin-secret', partnerId: server.partnerId, adminSecret: wrongSecret, issuer: 'local' })
    const before = addRequests().length
    const firstKs = await client.session.provider.ks()
    const error = await failureOf(client.uploadToken.add({ fileName: 'x.mp4', fileSize: 1 }))
    const renewedKs = await client.session.provider.ks()

    expect(error).toMatchObject({ kind: 'api', code: 'INVALID_KS', args: { KSID: '[redacted]', ERR_CODE: '-1', ERR_DESC: 'INVALID_STR' } })
    expect(isSessionError(error)).toBe(true)
    expect(renewedKs).not.toBe(firstKs)
    const shown = everythingShownOf(error)
    for (const secret of [firstKs, renewedKs, wrongSecret]) expect(shown).not.toContain(secret)
    expect(addRequests().slice(before).map((r) => r.errorCode)).toEqual(['INVALID_KS', 'INVALID_KS'])
  })

  it('a pasted KS the server invalidated is refused with INVALID_KS, its KS redacted, and not renewed', async () => {
    const ks = generateKsV2(server.adminSecret, { partnerId: server.partnerId, type: 2, userId: '', privileges: '', expiresAt: Math.floor(Date.now() / 1000) + 3600 })
    const client = clientFor(server, { kind: 'ks', ks })
    await client.uploadToken.list()
    server.faults.invalidateAllSessions()
    const error = await failureOf(client.uploadToken.list())
    expect(error).toMatchObject({ code: 'INVALID_KS', args: { KSID: '[redacted]' } })
    expect(everythingShownOf(error)).not.toContain(ks)
  })

  it('a pasted KS that has already expired is refused with KSID "EXPIRED" and not renewed', async () => {
    const ks = generateKsV1(server.adminSecret, { partnerId: server.partnerId, type: 2, userId: '', privileges: '', expiresAt: Math.floor(Date.now() / 1000) - 60 })
    const client = clientFor(server, { kind: 'ks', ks })
    expect(client.session.provider.expiresAt).toBeLessThan(Date.now() / 1000)
    const before = addRequests().length
    const error = await failureOf(client.uploadToken.add({ fileName: 'late.mp4', fileSize: 1 }))
    expect(error).toMatchObject({ code: 'INVALID_KS', args: { KSID: 'EXPIRED' }, message: 'Invalid KS "EXPIRED", Error "-1,INVALID_STR"' })
    expect(addRequests().length - before).toBe(1)
  })
})

describe('renewing a session the server let expire', () => {
  it.each(['local', 'server'] as const)('a %s-issued session is renewed after INVALID_KS EXPIRED and the call goes through', async (issuer) => {
    const client = clientFor(server, { kind: 'admin-secret', partnerId: server.partnerId, adminSecret: server.adminSecret, issuer })
    await client.uploadToken.add({ fileName: 'before.mp4', fileSize: 1 })
    const oldKs = await client.session.provider.ks()
    server.faults.expireAllSessions()
    const before = addRequests().length

    const token = await client.uploadToken.add({ fileName: 'after-expiry.mp4', fileSize: 2 })

    expect(token).toMatchObject({ fileName: 'after-expiry.mp4', fileSize: 2 })
    expect(await client.session.provider.ks()).not.toBe(oldKs)
    expect(addRequests().slice(before).map((r) => r.errorCode)).toEqual(['INVALID_KS', undefined])
  })

  it('calls refused together share one renewal', async () => {
    const client = clientFor(server, { kind: 'admin-secret', partnerId: server.partnerId, adminSecret: server.adminSecret, issuer: 'server' })
    await client.uploadToken.list()
    server.faults.expireAllSessions()
    const starts = (): number => server.inspect.requests().filter((r) => r.service.toLowerCase() === 'session').length
    const startsBefore = starts()
    await Promise.all([client.uploadToken.list(), client.uploadToken.list(), client.uploadToken.list()])
    expect(starts() - startsBefore).toBe(1)
  })
})
