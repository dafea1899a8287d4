// Caption assets as kaltura/server c447fdb3eb has them (plugins/content/caption/base/services/CaptionAssetService.php):
// add, setContent from an upload token (content kept byte for byte), get, list by entry, errors and permissions.
import { readFile } from 'node:fs/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_ROLES } from './permissions'
import { sha256Hex, startFreshServer, userKs, type FreshServer } from './freshServer'
import { record, type RawReply } from './rawApi'
import { makeKsV2 } from './testKs'

let fresh: FreshServer

const roles = [...DEFAULT_ROLES, { id: 1003, systemName: 'CAPTIONER', permissions: ['CAPTION_MODIFY', 'CONTENT_INGEST_UPLOAD', 'CONTENT_MANAGE_BASE'] }]
const SERVICE = 'caption_captionasset'
const SRT = '1\r\n00:00:01,000 --> 00:00:02,500\r\nHello, “world”\r\n\r\n2\r\n00:00:03,000 --> 00:00:04,000\r\nÉcoute\r\n'
const VTT = 'WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nHi\n'

beforeAll(async () => {
  fresh = await startFreshServer({ roles })
})

afterAll(async () => {
  await fresh.stop()
})

const objectOf = (reply: RawReply): Record<string, unknown> => record(reply.body)

async function addCaption(entryId: string, captionAsset: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
  return fresh.api.ok(SERVICE, 'add', { entryId, captionAsset: { objectType: 'KalturaCaptionAsset', ...captionAsset } })
}

async function fullToken(fileName: string, content: string | Uint8Array): Promise<string> {
  const tokenId = await fresh.api.addToken({ fileName })
  await fresh.api.upload(tokenId, content, { resume: false, finalChunk: true })
  return tokenId
}

const tokenResource = (token: string): Record<string, unknown> => ({ objectType: 'KalturaUploadedFileTokenResource', token })

describe('captionAsset.add', () => {
  it('creates a QUEUED asset with language, label, isDefault and format (SRT when none is given)', async () => {
    const entryId = await fresh.api.addEntry({ name: 'talk' })
    const caption = await addCaption(entryId, { language: 'English', label: 'English (CC)', isDefault: true })
    expect(caption.id).toMatch(/^0_[0-9a-z]{8}$/)
    expect(caption).toMatchObject({ entryId, status: 0, language: 'English', languageCode: 'en', label: 'English (CC)', isDefault: 1, format: '1', objectType: 'KalturaCaptionAsset' })
    expect(await addCaption(entryId, { language: 'French', format: 3 })).toMatchObject({ format: '3', isDefault: 0, languageCode: 'fr' })
  })

  it('refuses a language that is not exactly a KalturaLanguage value, an unknown format, readonly fields, and non-video entries', async () => {
    const entryId = await fresh.api.addEntry({ name: 'strict' })
    const add = (params: Record<string, unknown>): Promise<RawReply> => fresh.api.call(SERVICE, 'add', params)
    expect((await add({ entryId, captionAsset: { objectType: 'KalturaCaptionAsset', language: 'english' } })).body).toMatchObject({
      code: 'INVALID_ENUM_VALUE',
      args: { ENUM_VAL: 'english', PARAM_NAME: 'language', ENUM_TYPE: 'KalturaLanguage' }
    })
    expect((await add({ entryId, captionAsset: { objectType: 'KalturaCaptionAsset', format: 9 } })).body).toMatchObject({ code: 'INVALID_ENUM_VALUE', args: { ENUM_TYPE: 'KalturaCaptionType' } })
    expect((await add({ entryId, captionAsset: { objectType: 'KalturaCaptionAsset', status: 2 } })).body).toMatchObject({ code: 'PROPERTY_VALIDATION_NOT_UPDATABLE', args: { PROP_NAME: 'KalturaCaptionAsset::status' } })
    expect((await add({ entryId })).body).toMatchObject({ code: 'MISSING_MANDATORY_PARAMETER', args: { PARAM_NAME: 'captionAsset' } })
    const imageId = await fresh.api.addEntry({ name: 'picture', mediaType: 2 })
    expect((await add({ entryId: imageId, captionAsset: { objectType: 'KalturaCaptionAsset' } })).body).toMatchObject({ code: 'ENTRY_ID_NOT_FOUND', args: { ENTRY_ID: imageId } })
    expect((await add({ entryId: '0_missing0', captionAsset: { objectType: 'KalturaCaptionAsset' } })).body).toMatchObject({ code: 'ENTRY_ID_NOT_FOUND' })
  })

  it('needs CAPTION_MODIFY: a USER KS gets SERVICE_FORBIDDEN (service.caption.captionasset.ini:9), a role holding it may add', async () => {
    const entryId = await fresh.api.addEntry({ name: 'permissions' })
    const params = { entryId, captionAsset: { objectType: 'KalturaCaptionAsset', language: 'German' } }
    const asUser = await fresh.api.call(SERVICE, 'add', params, userKs(fresh.server, 'admin-user'))
    expect(asUser.body).toMatchObject({ code: 'SERVICE_FORBIDDEN', args: { SERVICE: 'caption_captionasset->add' } })
    const server = fresh.server
    const captioner = makeKsV2({ partnerId: server.partnerId, secret: server.adminSecret, expiry: server.clock.now() + 3600, type: 0, userId: 'c', privileges: 'setrole:CAPTIONER' })
    expect(objectOf(await fresh.api.call(SERVICE, 'add', params, captioner))).toMatchObject({ language: 'German', status: 0 })
    expect((await fresh.api.call('captionAsset', 'add', params)).body).toMatchObject({ code: 'SERVICE_DOES_NOT_EXISTS' })
  })
})

describe('captionAsset.setContent', () => {
  it('takes a FULL token’s file byte for byte: asset READY with size and extension, the token CLOSED (CaptionAssetService.php:234-289)', async () => {
    const entryId = await fresh.api.addEntry({ name: 'with captions' })
    const caption = await addCaption(entryId, { language: 'English' })
    const bytes = new TextEncoder().encode(SRT)
    const tokenId = await fullToken('talk.en.srt', bytes)
    const set = await fresh.api.ok(SERVICE, 'setContent', { id: caption.id, contentResource: tokenResource(tokenId) })
    expect(set).toMatchObject({ id: caption.id, status: 2, fileExt: 'srt', sizeInBytes: bytes.length, version: '1' })
    expect(fresh.server.inspect.upload(tokenId)?.status).toBe(3)
    const stored = await readFile(fresh.server.inspect.captionContentPath(String(caption.id)) ?? '')
    expect(sha256Hex(stored)).toBe(sha256Hex(bytes))
    expect(objectOf(await fresh.api.call(SERVICE, 'get', { captionAssetId: caption.id }))).toMatchObject({ status: 2 })
  })

  it('marks content that does not parse as ERROR (-1): a .vtt without its WEBVTT header (CaptionAsset.php:114-124)', async () => {
    const entryId = await fresh.api.addEntry({ name: 'bad captions' })
    const good = await addCaption(entryId, { language: 'English', format: 3 })
    const bad = await addCaption(entryId, { language: 'Spanish', format: 3 })
    const goodSet = await fresh.api.ok(SERVICE, 'setContent', { id: good.id, contentResource: tokenResource(await fullToken('a.vtt', VTT)) })
    const badSet = await fresh.api.ok(SERVICE, 'setContent', { id: bad.id, contentResource: tokenResource(await fullToken('b.vtt', VTT.replace('WEBVTT', 'NOTVTT'))) })
    expect([goodSet.status, goodSet.fileExt, badSet.status]).toEqual([2, 'vtt', -1])
  })

  it('attaches a token that is not full yet: IMPORTING (7) until the upload completes, then READY on the next read', async () => {
    const entryId = await fresh.api.addEntry({ name: 'slow caption' })
    const caption = await addCaption(entryId, { language: 'English' })
    const tokenId = await fresh.api.addToken({ fileName: 'slow.srt' })
    const set = await fresh.api.ok(SERVICE, 'setContent', { id: caption.id, contentResource: tokenResource(tokenId) })
    expect(set.status).toBe(7)
    expect(objectOf(await fresh.api.call('uploadtoken', 'get', { uploadTokenId: tokenId }))).toMatchObject({ attachedObjectType: 'CaptionAsset', attachedObjectId: caption.id })
    await fresh.api.upload(tokenId, SRT, { resume: false, finalChunk: true })
    expect(objectOf(await fresh.api.call(SERVICE, 'get', { captionAssetId: caption.id }))).toMatchObject({ status: 2, sizeInBytes: Buffer.byteLength(SRT) })
    expect(fresh.server.inspect.upload(tokenId)?.status).toBe(3)
  })

  it('refuses an unknown asset, an abstract or missing resource, and an unknown token with the real codes', async () => {
    const entryId = await fresh.api.addEntry({ name: 'errors' })
    const caption = await addCaption(entryId)
    const set = (params: Record<string, unknown>): Promise<RawReply> => fresh.api.call(SERVICE, 'setContent', params)
    expect((await set({ id: '0_nocapt1', contentResource: tokenResource('0_x') })).body).toMatchObject({ code: 'CAPTION_ASSET_ID_NOT_FOUND', message: 'Caption asset id "0_nocapt1" not found' })
    expect((await set({ id: caption.id, contentResource: { token: '0_x' } })).body).toMatchObject({ code: 'OBJECT_TYPE_ABSTRACT', args: { OBJ_TYPE: 'KalturaContentResource' } })
    expect((await set({ id: caption.id })).body).toMatchObject({ code: 'MISSING_MANDATORY_PARAMETER', args: { PARAM_NAME: 'contentResource' } })
    expect((await set({ id: caption.id, contentResource: tokenResource('0_00000000000000000000000000000000') })).body).toMatchObject({ code: 'UPLOAD_TOKEN_NOT_FOUND' })
  })
})

describe('captionAsset.list and persistence', () => {
  it('lists an entry’s assets; without entryIdEqual/entryIdIn → PROPERTY_VALIDATION_CANNOT_BE_NULL (KalturaAssetFilter.php:28-34)', async () => {
    const entryId = await fresh.api.addEntry({ name: 'listed' })
    const first = await addCaption(entryId, { language: 'English' })
    const second = await addCaption(entryId, { language: 'Hebrew' })
    const listed = await fresh.api.ok(SERVICE, 'list', { filter: { objectType: 'KalturaAssetFilter', entryIdEqual: entryId } })
    expect(listed).toMatchObject({ totalCount: 2, objectType: 'KalturaCaptionAssetListResponse' })
    expect((listed.objects as Array<Record<string, unknown>>).map((c) => c.id)).toEqual([first.id, second.id])
    expect((await fresh.api.call(SERVICE, 'list', {})).body).toMatchObject({
      code: 'PROPERTY_VALIDATION_CANNOT_BE_NULL',
      args: { PROP_NAME: 'KalturaCaptionAssetFilter::entryIdEqual/KalturaCaptionAssetFilter::entryIdIn' }
    })
  })

  it('keeps assets and their content across a restart on the same directory', async () => {
    const entryId = await fresh.api.addEntry({ name: 'kept captions' })
    const caption = await addCaption(entryId, { language: 'English' })
    await fresh.api.ok(SERVICE, 'setContent', { id: caption.id, contentResource: tokenResource(await fullToken('kept.srt', SRT)) })
    await fresh.restart()
    const after = await fresh.api.ok(SERVICE, 'get', { captionAssetId: caption.id })
    expect(after).toMatchObject({ status: 2, language: 'English', sizeInBytes: Buffer.byteLength(SRT) })
    expect((await readFile(fresh.server.inspect.captionContentPath(String(caption.id)) ?? '')).toString('utf8')).toBe(SRT)
  })
})
