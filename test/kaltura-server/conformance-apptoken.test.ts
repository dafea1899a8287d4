// Application tokens and what a KS may call, each behaviour with the kaltura/server lines it copies (HEAD c447fdb3eb).
import { createHash } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startFreshServer, type FreshServer } from './freshServer'
import { RawApi, record } from './rawApi'
import { makeKsV2, readKsV2 } from './testKs'

const PARTNER = { id: 4400, adminSecrets: ['apptoken-admin-secret'], userSecret: 'apptoken-user-secret' }
const ROLES = [{ id: 77, systemName: 'READ_ONLY_ROLE', permissions: ['CONTENT_MANAGE_BASE'] }]

let fresh: FreshServer

beforeAll(async () => {
  fresh = await startFreshServer({ partners: [PARTNER], roles: ROLES })
})

afterAll(async () => {
  await fresh.stop()
})

async function widgetKs(): Promise<string> {
  const reply = record((await fresh.api.call('session', 'startWidgetSession', { widgetId: `_${PARTNER.id}` }, null)).body)
  return String(reply.ks)
}

function hash(algorithm: string, text: string): string {
  return createHash(algorithm).update(text).digest('hex')
}

async function startSession(id: string, token: string, params: Record<string, unknown> = {}, algorithm = 'sha256'): Promise<Record<string, unknown>> {
  const ks = await widgetKs()
  return record((await fresh.api.call('apptoken', 'startSession', { id, tokenHash: hash(algorithm, ks + token), ...params }, ks)).body)
}

function fieldsOf(ks: string): ReturnType<typeof readKsV2> {
  return readKsV2(ks, PARTNER.adminSecrets[0] ?? '')
}

describe('session.startWidgetSession', () => {
  it('gives a USER KS for user 0 with "view:*,widget:1" for the partner default widget "_<partnerId>" (SessionService.php:280-375, Partner.php:248-251)', async () => {
    const reply = record((await fresh.api.call('session', 'startWidgetSession', { widgetId: `_${PARTNER.id}`, expiry: 120 }, null)).body)
    expect(reply).toMatchObject({ objectType: 'KalturaStartWidgetSessionResponse', partnerId: PARTNER.id, userId: 0 })
    const fields = fieldsOf(String(reply.ks))
    expect(fields).toMatchObject({ partnerId: PARTNER.id, type: 0, userId: '0', privileges: 'view:*,widget:1' })
    expect(fields.expiry - fresh.server.clock.now()).toBeLessThanOrEqual(120)
    expect((await fresh.api.call('session', 'startWidgetSession', { widgetId: '_999' }, null)).body).toMatchObject({
      code: 'INVALID_WIDGET_ID',
      message: 'Unknown widget [_999]',
      args: { WIDGET_ID: '_999' }
    })
  })

  it('a widget KS may read but not upload: uploadToken.add and media.add → SERVICE_FORBIDDEN (service.uploadtoken.ini:9, service.media.ini:9)', async () => {
    const widget = new RawApi(fresh.server.url, await widgetKs())
    expect((await widget.call('uploadtoken', 'list')).body).toMatchObject({ objectType: 'KalturaUploadTokenListResponse' })
    const refused = await widget.call('uploadtoken', 'add', { uploadToken: { objectType: 'KalturaUploadToken' } })
    expect(refused.body).toMatchObject({ code: 'SERVICE_FORBIDDEN', args: { SERVICE: 'uploadtoken->add' } })
    expect(refused.headers.get('x-kaltura')).toBe('error-SERVICE_FORBIDDEN')
    expect((await widget.call('media', 'add', { entry: { objectType: 'KalturaMediaEntry', mediaType: 1 } })).body).toMatchObject({
      code: 'SERVICE_FORBIDDEN',
      args: { SERVICE: 'media->add' }
    })
  })
})

describe('appToken.startSession (AppTokenService.php:166-236)', () => {
  it('trades the widget KS and hash(widget KS + token) for a KS carrying sessionid, apptoken and the token’s privileges, user and type', async () => {
    const token = 'a'.repeat(32)
    const id = fresh.server.appTokens.add({ token, hashType: 'SHA256', sessionType: 0, sessionUserId: 'uploader', sessionPrivileges: 'setrole:77', sessionDuration: 900 })
    const now = fresh.server.clock.now()
    const info = await startSession(id, token, { userId: 'someone-else', type: 2 })
    expect(info).toMatchObject({ objectType: 'KalturaSessionInfo', partnerId: PARTNER.id, userId: 'uploader', sessionType: 0 })
    expect(info.privileges).toBe(`sessionid:${id},apptoken:${id},setrole:77`)
    const fields = fieldsOf(String(info.ks))
    expect(fields).toMatchObject({ type: 0, userId: 'uploader', privileges: `sessionid:${id},apptoken:${id},setrole:77` })
    expect(fields.expiry).toBe(info.expiry)
    expect(fields.expiry - now).toBeGreaterThanOrEqual(900)
    expect(fields.expiry - now).toBeLessThanOrEqual(901)

    // Without a sessionType on the token the caller's type stands, ADMIN included; with neither, USER.
    const open = fresh.server.appTokens.add({ token, hashType: 'SHA256' })
    expect(await startSession(open, token, { type: 2 })).toMatchObject({ sessionType: 2 })
    expect(await startSession(open, token)).toMatchObject({ sessionType: 0 })
  })

  it('checks in order: unknown id → APP_TOKEN_ID_NOT_FOUND, disabled → APP_TOKEN_NOT_ACTIVE, wrong hash → INVALID_APP_TOKEN_HASH (KalturaErrors.php:278-284)', async () => {
    const token = 'b'.repeat(32)
    const id = fresh.server.appTokens.add({ token, hashType: 'SHA256' })
    expect(await startSession('0_nosuch00', token)).toMatchObject({
      code: 'APP_TOKEN_ID_NOT_FOUND',
      message: 'Application token id "0_nosuch00" not found',
      args: { ID: '0_nosuch00' }
    })
    expect(await startSession(id, 'not-the-token')).toEqual({
      code: 'INVALID_APP_TOKEN_HASH',
      message: 'Invalid application token hash',
      objectType: 'KalturaAPIException',
      args: []
    })
    // The hash must be of the KS this request carries, as lowercase hex (AppToken.php:70-74, `!==` at :176).
    const ks = await widgetKs()
    const otherKs = await widgetKs()
    expect(record((await fresh.api.call('apptoken', 'startSession', { id, tokenHash: hash('sha256', otherKs + token) }, ks)).body)).toMatchObject({ code: 'INVALID_APP_TOKEN_HASH' })
    expect(record((await fresh.api.call('apptoken', 'startSession', { id, tokenHash: hash('sha256', ks + token).toUpperCase() }, ks)).body)).toMatchObject({ code: 'INVALID_APP_TOKEN_HASH' })
    expect(await startSession(id, token)).toMatchObject({ objectType: 'KalturaSessionInfo' })

    fresh.server.appTokens.disable(id)
    expect(await startSession(id, 'not-the-token')).toMatchObject({ code: 'APP_TOKEN_NOT_ACTIVE', message: `Application token id "${id}" not active` })
  })

  it('hashes with the token’s hashType, SHA1 when none was set (AppToken.php:64-67)', async () => {
    const token = 'c'.repeat(32)
    const sha1 = fresh.server.appTokens.add({ token })
    expect(await startSession(sha1, token, {}, 'sha256')).toMatchObject({ code: 'INVALID_APP_TOKEN_HASH' })
    expect(await startSession(sha1, token, {}, 'sha1')).toMatchObject({ objectType: 'KalturaSessionInfo' })
    for (const [hashType, algorithm] of [['MD5', 'md5'], ['SHA512', 'sha512']] as const) {
      const id = fresh.server.appTokens.add({ token, hashType })
      expect(await startSession(id, token, {}, algorithm)).toMatchObject({ objectType: 'KalturaSessionInfo' })
    }
  })

  it('a token past its expiry → APP_TOKEN_EXPIRED; before it, the KS ends no later than the token (AppTokenService.php:181-192)', async () => {
    const token = 'd'.repeat(32)
    const now = fresh.server.clock.now()
    const id = fresh.server.appTokens.add({ token, hashType: 'SHA256', expiry: now + 300, sessionDuration: 86400 })
    const info = await startSession(id, token, { expiry: 3600 })
    expect(Number(info.expiry)).toBeLessThanOrEqual(now + 301)
    fresh.server.clock.advance(301)
    expect(await startSession(id, token)).toMatchObject({ code: 'APP_TOKEN_EXPIRED', message: `Application token id "${id}" expired`, args: { ID: id } })
  })

  it('asks for a shorter KS but never a longer one than sessionDuration', async () => {
    const token = 'e'.repeat(32)
    const id = fresh.server.appTokens.add({ token, hashType: 'SHA256', sessionDuration: 600 })
    const now = fresh.server.clock.now()
    expect(Number((await startSession(id, token, { expiry: 60 })).expiry) - now).toBeLessThanOrEqual(61)
    expect(Number((await startSession(id, token, { expiry: 86400 })).expiry) - now).toBeLessThanOrEqual(601)
  })

  it('a KS from the token expires after sessionDuration like any KS: INVALID_KS "EXPIRED"', async () => {
    const token = 'f'.repeat(32)
    const id = fresh.server.appTokens.add({ token, hashType: 'SHA256', sessionUserId: 'uploader', sessionDuration: 120 })
    const api = new RawApi(fresh.server.url, String((await startSession(id, token)).ks))
    expect(record((await api.call('uploadtoken', 'list')).body).objectType).toBe('KalturaUploadTokenListResponse')
    fresh.server.clock.advance(121)
    expect((await api.call('uploadtoken', 'list')).body).toMatchObject({ code: 'INVALID_KS', args: { KSID: 'EXPIRED' } })
  })

  it('caller privileges are added only when the server does not reserve the name and the token did not set it (kSessionUtils.class.php:878-895)', async () => {
    const token = '1'.repeat(32)
    const id = fresh.server.appTokens.add({ token, hashType: 'SHA256', sessionPrivileges: 'privacycontext:*,custom:a' })
    const info = await startSession(id, token, { sessionPrivileges: 'setrole:PARTNER_ADMIN,disableentitlement,custom:b,privacycontext:x,extra:1' })
    expect(info.privileges).toBe(`sessionid:${id},apptoken:${id},privacycontext:x,custom:a,extra:1`)
  })

  it('deleting the token hides it (APP_TOKEN_ID_NOT_FOUND) and logs out the KSs it issued: INVALID_KS "LOGOUT" (AppTokenService.php:85-95, kSessionUtils.class.php:386-401)', async () => {
    const token = '2'.repeat(32)
    const id = fresh.server.appTokens.add({ token, hashType: 'SHA256', sessionUserId: 'uploader' })
    const api = new RawApi(fresh.server.url, String((await startSession(id, token)).ks))
    fresh.server.appTokens.delete(id)
    expect((await api.call('uploadtoken', 'list')).body).toMatchObject({ code: 'INVALID_KS', args: { KSID: 'LOGOUT', ERR_CODE: '-1', ERR_DESC: 'INVALID_STR' } })
    expect(await startSession(id, token)).toMatchObject({ code: 'APP_TOKEN_ID_NOT_FOUND' })
  })

  it('needs a KS: without one → SERVICE_FORBIDDEN "apptoken->startSession" (service.appToken.ini:27-30)', async () => {
    expect((await fresh.api.call('apptoken', 'startSession', { id: 'x', tokenHash: 'y' }, null)).body).toMatchObject({
      code: 'SERVICE_FORBIDDEN',
      args: { SERVICE: 'apptoken->startSession' }
    })
  })
})

describe('what a KS may call (kPermissionManager.php:596-699, KalturaBaseService.php:156-165)', () => {
  const secret = PARTNER.adminSecrets[0] ?? ''
  const ks = (type: number, privileges = '', userId = 'uploader'): RawApi =>
    new RawApi(fresh.server.url, makeKsV2({ partnerId: PARTNER.id, secret, expiry: fresh.server.clock.now() + 600, type, userId, privileges }))

  it('a USER KS (BASE_USER_SESSION_PERMISSION) may upload, add and attach entries, and list its own', async () => {
    const user = ks(0)
    const tokenId = await user.addToken({ fileName: 'u.mp4' })
    expect(record((await user.upload(tokenId, 'bytes', { resume: false })).body)).toMatchObject({ status: 2 })
    const entryId = await user.addEntry()
    const attached = { resource: { objectType: 'KalturaUploadedFileTokenResource', token: tokenId } }
    expect(record((await user.call('media', 'addContent', { entryId, ...attached })).body)).toMatchObject({ id: entryId })
    expect(record((await user.call('media', 'get', { entryId })).body)).toMatchObject({ id: entryId })
    expect(record((await user.call('media', 'list', { filter: { idEqual: entryId } })).body)).toMatchObject({ totalCount: 1 })
  })

  it('setrole replaces the session’s role: a read-only role may get entries but not add tokens; an unknown role → INVALID_OBJECT_ID', async () => {
    const readOnly = ks(0, 'setrole:77')
    expect(record((await readOnly.call('media', 'list', { filter: {} })).body)).toMatchObject({ objectType: 'KalturaMediaListResponse' })
    expect((await readOnly.call('uploadtoken', 'add')).body).toMatchObject({ code: 'SERVICE_FORBIDDEN', args: { SERVICE: 'uploadtoken->add' } })
    // Even an ADMIN KS is held to the role it names.
    expect((await ks(2, 'setrole:READ_ONLY_ROLE').call('uploadtoken', 'upload', { uploadTokenId: 'x' })).body).toMatchObject({
      code: 'SERVICE_FORBIDDEN'
    })
    expect((await ks(0, 'setrole:12345').call('uploadtoken', 'list')).body).toMatchObject({
      code: 'INVALID_OBJECT_ID',
      message: 'Invalid object id [N/A]'
    })
  })

  it('session.start refuses a setrole naming no role → UNKNOWN_ROLE_ID (kSessionUtils.class.php:771-796)', async () => {
    const reply = await fresh.api.call('session', 'start', { partnerId: PARTNER.id, secret, type: 0, userId: 'u', privileges: 'setrole:999' }, null)
    expect(reply.body).toMatchObject({ code: 'UNKNOWN_ROLE_ID', message: 'Unknown role id' })
  })
})
