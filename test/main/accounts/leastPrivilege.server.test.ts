// A profile becomes the narrowest session that still uploads: a two-hour USER KS for the profile's user (pinned to a
// role when one is given), or a KS from an application token; checked on the KS the server receives.
import { randomBytes } from 'node:crypto'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { KalturaTestServer } from '../../kaltura-server/api'
import { readKsV2 } from '../../kaltura-server/testKs'
import { checkConnection, clientForProfile, type AccountProfile } from '../../../src/main/accounts/accounts'
import type { KalturaClient } from '../../../src/main/kaltura/client'
import { EntryStatus, MediaType } from '../../../src/main/kaltura/model'
import { failureOf, startServer, waitFor, type RunningServer } from '../kaltura/serverFixture'

let running: RunningServer
let server: KalturaTestServer
let dir: string

beforeAll(async () => {
  running = await startServer({
    entryReadyAfter: { getCalls: 1 },
    roles: [
      { id: 1001, systemName: 'UPLOADER_ROLE', permissions: ['CONTENT_INGEST_UPLOAD', 'CONTENT_MANAGE_BASE'] },
      { id: 1002, systemName: 'VIEWER_ROLE', permissions: ['CONTENT_MANAGE_BASE'] }
    ]
  })
  server = running.server
  dir = await mkdtemp(join(tmpdir(), 'kaltura-accounts-source-'))
})

afterAll(async () => {
  await running.stop()
  await rm(dir, { recursive: true, force: true })
})

function profile(extra: Partial<AccountProfile> = {}): AccountProfile {
  return { serviceUrl: server.url, partnerId: server.partnerId, userId: 'uploader', authKind: 'admin-secret', ...extra }
}

/** The KS of the last request the server saw, decoded with the partner's secret. */
function lastKsSent(): ReturnType<typeof readKsV2> {
  const ks = server.inspect.requests().at(-1)?.params?.['ks']
  return readKsV2(String(ks), server.adminSecret)
}

async function uploadOneFile(client: KalturaClient): Promise<void> {
  const path = join(dir, `${randomBytes(4).toString('hex')}.mp4`)
  const content = randomBytes(50_000)
  await writeFile(path, content)
  const token = await client.uploadToken.add({ fileName: 'take.mp4', fileSize: content.length })
  await client.uploadToken.upload({ uploadTokenId: token.id, filePath: path, start: 0, end: content.length, resume: false, resumeAt: 0, finalChunk: true })
  expect((await client.uploadToken.get(token.id)).uploadedFileSize).toBe(content.length)
  const entry = await client.media.add({ name: 'take', mediaType: MediaType.VIDEO, referenceId: `ref-${token.id}` })
  await client.media.addContent(entry.id, token.id)
  await waitFor(() => client.media.get(entry.id), (e) => e.status === EntryStatus.READY)
  const found = await client.media.list({ referenceIdEqual: `ref-${token.id}`, statusIn: [EntryStatus.READY] })
  expect(found.objects.map((e) => e.id)).toEqual([entry.id])
}

describe('the KS an admin-secret profile sends', () => {
  it('is a USER KS for the profile’s user, with no privileges and two hours to live', async () => {
    await clientForProfile(profile(), server.adminSecret).uploadToken.list()
    const ks = lastKsSent()
    expect(ks).toMatchObject({ partnerId: server.partnerId, type: 0, userId: 'uploader', privileges: '' })
    const lifetime = ks.expiry - Math.floor(Date.now() / 1000)
    expect(lifetime).toBeGreaterThan(7200 - 60)
    expect(lifetime).toBeLessThanOrEqual(7200)
  })

  it('still uploads a file end to end into a READY entry the server honours as the user’s own', async () => {
    await uploadOneFile(clientForProfile(profile(), server.adminSecret))
    expect(server.inspect.requests().filter((r) => r.errorCode !== undefined)).toEqual([])
  })

  it('is pinned to a role with setrole when the profile names one, and an upload-only role is enough', async () => {
    const client = clientForProfile(profile({ roleId: '1001' }), server.adminSecret)
    await uploadOneFile(client)
    expect(lastKsSent()).toMatchObject({ type: 0, privileges: 'setrole:1001' })
  })

  it('a role that may not upload is refused by the server, as the real one refuses it', async () => {
    const error = await failureOf(clientForProfile(profile({ roleId: 'VIEWER_ROLE' }), server.adminSecret).uploadToken.add({ fileName: 'x.mp4', fileSize: 1 }))
    expect(error).toMatchObject({ code: 'SERVICE_FORBIDDEN', args: { SERVICE: 'uploadtoken->add' } })
  })

  it('without a user id stays an ADMIN KS with disableentitlement, also two hours', async () => {
    await clientForProfile(profile({ userId: '' }), server.adminSecret).uploadToken.list()
    const ks = lastKsSent()
    expect(ks).toMatchObject({ type: 2, userId: '', privileges: 'disableentitlement' })
    expect(ks.expiry - Math.floor(Date.now() / 1000)).toBeLessThanOrEqual(7200)
  })
})

describe('an app-token profile', () => {
  it('uploads with the token as the secret and the token id from the profile', async () => {
    const token = randomBytes(16).toString('hex')
    const appTokenId = server.appTokens.add({ token, hashType: 'SHA256', sessionType: 0, sessionUserId: 'uploader', sessionPrivileges: 'setrole:1001' })
    await uploadOneFile(clientForProfile(profile({ authKind: 'app-token', appTokenId }), token))
    expect(lastKsSent()).toMatchObject({ type: 0, userId: 'uploader', privileges: `sessionid:${appTokenId},apptoken:${appTokenId},setrole:1001` })
  })

  it('a disabled token fails the connection check as credentials, saying so, without the token in the message', async () => {
    const token = randomBytes(16).toString('hex')
    const appTokenId = server.appTokens.add({ token, hashType: 'SHA256' })
    server.appTokens.disable(appTokenId)
    const check = await checkConnection(clientForProfile(profile({ authKind: 'app-token', appTokenId }), token), server.url)
    expect(check).toMatchObject({ ok: false, problem: 'credentials' })
    expect(check.ok ? '' : check.message).toMatch(new RegExp(`APP_TOKEN_NOT_ACTIVE.*${appTokenId} is disabled`))
    expect(JSON.stringify(check)).not.toContain(token)
  })
})
