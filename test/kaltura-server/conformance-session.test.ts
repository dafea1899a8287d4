// Protocol §7 "Sessions", one test per line: session.start, KS v1/v2 validation, no-KS answers, forced expiry, USER KS scope.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startFreshServer, userKs, type FreshServer } from './freshServer'
import { RawApi, record } from './rawApi'
import { makeKsV1, makeKsV2, readKsV2 } from './testKs'

const PARTNER = { id: 4321, adminSecrets: ['first-admin-secret', 'rotated-admin-secret'], userSecret: 'partner-user-secret' }

let fresh: FreshServer

beforeAll(async () => {
  fresh = await startFreshServer({ partners: [PARTNER] })
})

afterAll(async () => {
  await fresh.stop()
})

function startSession(params: Record<string, unknown>): Promise<{ body: unknown }> {
  return fresh.api.call('session', 'start', { partnerId: PARTNER.id, ...params }, null)
}

function invalidKs(ksId: string): Record<string, unknown> {
  return { code: 'INVALID_KS', objectType: 'KalturaAPIException', args: { KSID: ksId, ERR_CODE: '-1', ERR_DESC: 'INVALID_STR' } }
}

describe('§7 sessions', () => {
  it('session.start: a wrong secret → START_SESSION_ERROR (PID); otherwise a KS valid for `expiry` seconds (default 86400) of the given type (0 or 2)', async () => {
    expect((await startSession({ secret: 'wrong', type: 2 })).body).toMatchObject({
      code: 'START_SESSION_ERROR',
      args: { PID: String(PARTNER.id) }
    })
    // The user secret opens USER sessions only.
    expect((await startSession({ secret: PARTNER.userSecret, type: 2 })).body).toMatchObject({ code: 'START_SESSION_ERROR' })

    const now = fresh.server.clock.now()
    const admin = String((await startSession({ secret: PARTNER.adminSecrets[1], type: 2, userId: 'ops' })).body)
    const adminFields = readKsV2(admin, PARTNER.adminSecrets[0] ?? '')
    expect(adminFields).toMatchObject({ partnerId: PARTNER.id, type: 2, userId: 'ops' })
    expect(adminFields.expiry - now).toBeGreaterThanOrEqual(86400)
    expect(adminFields.expiry - now).toBeLessThanOrEqual(86402)

    const user = String((await startSession({ secret: PARTNER.userSecret, type: 0, userId: 'viewer', expiry: 60 })).body)
    const userFields = readKsV2(user, PARTNER.adminSecrets[0] ?? '')
    expect(userFields).toMatchObject({ type: 0, userId: 'viewer' })
    expect(userFields.expiry - now).toBeGreaterThanOrEqual(60)
    expect(userFields.expiry - now).toBeLessThanOrEqual(62)

    const session = new RawApi(fresh.server.url, user)
    expect(record((await session.call('uploadtoken', 'add')).body)).toMatchObject({ objectType: 'KalturaUploadToken', userId: 'viewer' })
  })

  it('accepts KS v1 and v2 signed with any of the configured admin secrets', async () => {
    const expiry = fresh.server.clock.now() + 600
    for (const secret of PARTNER.adminSecrets) {
      for (const make of [makeKsV1, makeKsV2]) {
        const ks = make({ partnerId: PARTNER.id, secret, expiry, type: 2, userId: 'rotator', privileges: 'disableentitlement' })
        const reply = await fresh.api.call('uploadtoken', 'add', {}, ks)
        expect(record(reply.body)).toMatchObject({ objectType: 'KalturaUploadToken', partnerId: PARTNER.id, userId: 'rotator' })
      }
    }
  })

  it('no `ks` on uploadToken or media actions → SERVICE_FORBIDDEN with SERVICE "uploadtoken->add" (or MISSING_KS when the request names a partnerId that does not exist)', async () => {
    const forbidden = await fresh.api.call('uploadtoken', 'add', {}, null)
    expect(forbidden.body).toMatchObject({ code: 'SERVICE_FORBIDDEN', args: { SERVICE: 'uploadtoken->add' } })
    expect(forbidden.headers.get('x-kaltura')).toBe('error-SERVICE_FORBIDDEN')

    expect((await fresh.api.call('media', 'get', { entryId: '0_x' }, null)).body).toMatchObject({
      code: 'SERVICE_FORBIDDEN',
      args: { SERVICE: 'media->get' }
    })
    expect((await fresh.api.call('uploadtoken', 'add', { partnerId: PARTNER.id }, null)).body).toMatchObject({ code: 'SERVICE_FORBIDDEN' })
    expect((await fresh.api.call('uploadtoken', 'add', { partnerId: 999999 }, null)).body).toEqual({
      code: 'MISSING_KS',
      message: 'Missing KS, session not established',
      objectType: 'KalturaAPIException',
      args: []
    })
  })

  it('an undecodable KS or a bad signature → INVALID_KS with KSID=<ks>, ERR_CODE "-1", ERR_DESC "INVALID_STR"', async () => {
    const expiry = fresh.server.clock.now() + 600
    const candidates = [
      'not base64 at all!',
      Buffer.from('no separator here').toString('base64'),
      makeKsV1({ partnerId: PARTNER.id, secret: 'some-other-secret', expiry }),
      makeKsV2({ partnerId: PARTNER.id, secret: 'some-other-secret', expiry }),
      makeKsV2({ partnerId: 777, secret: PARTNER.adminSecrets[0] ?? '', expiry })
    ]
    for (const ks of candidates) {
      expect((await fresh.api.call('uploadtoken', 'list', {}, ks)).body).toMatchObject(invalidKs(ks))
    }
  })

  it('an expired KS (expiry ≤ now) → INVALID_KS with KSID "EXPIRED", ERR_CODE "-1", ERR_DESC "INVALID_STR"', async () => {
    const now = fresh.server.clock.now()
    const atNow = makeKsV2({ partnerId: PARTNER.id, secret: PARTNER.adminSecrets[0] ?? '', expiry: now })
    expect((await fresh.api.call('uploadtoken', 'list', {}, atNow)).body).toMatchObject({
      ...invalidKs('EXPIRED'),
      message: 'Invalid KS "EXPIRED", Error "-1,INVALID_STR"'
    })

    const shortLived = makeKsV1({ partnerId: PARTNER.id, secret: PARTNER.adminSecrets[0] ?? '', expiry: now + 30 })
    expect(record((await fresh.api.call('uploadtoken', 'list', {}, shortLived)).body).objectType).toBe('KalturaUploadTokenListResponse')
    fresh.server.clock.advance(31)
    expect((await fresh.api.call('uploadtoken', 'list', {}, shortLived)).body).toMatchObject(invalidKs('EXPIRED'))
  })

  it('a switch expires or invalidates the current KS on demand, while new sessions keep working', async () => {
    const secret = PARTNER.adminSecrets[0] ?? ''
    const first = makeKsV2({ partnerId: PARTNER.id, secret, expiry: fresh.server.clock.now() + 3600 })
    expect(record((await fresh.api.call('uploadtoken', 'list', {}, first)).body).objectType).toBe('KalturaUploadTokenListResponse')
    fresh.server.faults.expireAllSessions()
    expect((await fresh.api.call('uploadtoken', 'list', {}, first)).body).toMatchObject(invalidKs('EXPIRED'))

    const second = makeKsV2({ partnerId: PARTNER.id, secret, expiry: fresh.server.clock.now() + 3600 })
    expect(record((await fresh.api.call('uploadtoken', 'list', {}, second)).body).objectType).toBe('KalturaUploadTokenListResponse')
    fresh.server.faults.invalidateAllSessions()
    expect((await fresh.api.call('uploadtoken', 'list', {}, second)).body).toMatchObject(invalidKs(second))

    const third = makeKsV1({ partnerId: PARTNER.id, secret, expiry: fresh.server.clock.now() + 3600 })
    expect(record((await fresh.api.call('uploadtoken', 'list', {}, third)).body).objectType).toBe('KalturaUploadTokenListResponse')
  })

  it('a USER KS (type 0) sees and may use only tokens created by that KS user; other users’ tokens → UPLOAD_TOKEN_NOT_FOUND', async () => {
    const alice = new RawApi(fresh.server.url, userKs(fresh.server, 'alice'))
    const bob = new RawApi(fresh.server.url, userKs(fresh.server, 'bob'))
    const admin = new RawApi(fresh.server.url, makeKsV2({ partnerId: PARTNER.id, secret: PARTNER.adminSecrets[0] ?? '', expiry: fresh.server.clock.now() + 600, type: 2 }))
    const aliceToken = await alice.addToken({ fileName: 'alice.mp4' })
    const bobToken = await bob.addToken({ fileName: 'bob.mp4' })

    const aliceList = record((await alice.call('uploadtoken', 'list')).body)
    expect((aliceList.objects as unknown[]).map((item) => record(item).id)).toEqual([aliceToken])
    expect(aliceList.totalCount).toBe(1)

    const notFound = { code: 'UPLOAD_TOKEN_NOT_FOUND' }
    expect((await alice.call('uploadtoken', 'get', { uploadTokenId: bobToken })).body).toMatchObject(notFound)
    expect((await alice.upload(bobToken, 'data', { resume: false })).body).toMatchObject(notFound)
    expect((await alice.call('uploadtoken', 'delete', { uploadTokenId: bobToken })).body).toMatchObject(notFound)
    expect(record((await alice.upload(aliceToken, 'data', { resume: false })).body)).toMatchObject({ status: 2 })

    // Entry actions check ownership the same way (S-DISP validateUser → INVALID_KS -4).
    const aliceEntry = await alice.addEntry()
    expect((await bob.call('media', 'addContent', { entryId: aliceEntry })).body).toMatchObject({
      code: 'INVALID_KS',
      args: { KSID: '', ERR_CODE: '-4', ERR_DESC: 'INVALID_TYPE' }
    })

    const adminIds = (record((await admin.call('uploadtoken', 'list', { filter: { idIn: `${aliceToken},${bobToken}` } })).body).objects as unknown[]).map(
      (item) => record(item).id
    )
    expect(adminIds).toEqual([aliceToken, bobToken])
  })
})

