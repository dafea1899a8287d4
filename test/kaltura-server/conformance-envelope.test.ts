// Protocol §7 "Transport and envelope", one test per line, against a real test server over raw HTTP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startFreshServer, type FreshServer } from './freshServer'
import { record, send } from './rawApi'

let fresh: FreshServer

beforeAll(async () => {
  fresh = await startFreshServer()
})

afterAll(async () => {
  await fresh.stop()
})

const FORBIDDEN_WITHOUT_KS = { code: 'SERVICE_FORBIDDEN', objectType: 'KalturaAPIException' }

describe('§7 transport and envelope', () => {
  it('serves POST and GET on /api_v3/service/{service}/action/{action}, matching service and action case-insensitively; also /api_v3/?service=…&action=… and /api_v3/index.php', async () => {
    const { url } = fresh.server
    const ks = encodeURIComponent(fresh.api.ks)
    const tokenId = await fresh.api.addToken({ fileName: 'route.mp4' })

    const viaPath = await send(`${url}/api_v3/service/uploadToken/action/GET?format=1&ks=${ks}&uploadTokenId=${tokenId}`, { method: 'GET' })
    expect(record(viaPath.body)).toMatchObject({ id: tokenId, objectType: 'KalturaUploadToken' })

    const viaQuery = await send(`${url}/api_v3/?service=UPLOADTOKEN&action=get&format=1`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: `ks=${ks}&uploadTokenId=${tokenId}`
    })
    expect(record(viaQuery.body)).toMatchObject({ id: tokenId })

    const viaIndexPhp = await send(`${url}/api_v3/index.php?service=uploadtoken&action=Get&format=1&ks=${ks}&uploadTokenId=${tokenId}`, { method: 'GET' })
    expect(record(viaIndexPhp.body)).toMatchObject({ id: tokenId })

    const viaIndexPhpPath = await send(`${url}/api_v3/index.php/service/uploadtoken/action/get?format=1&ks=${ks}&uploadTokenId=${tokenId}`, {
      method: 'GET'
    })
    expect(record(viaIndexPhpPath.body)).toMatchObject({ id: tokenId })
  })

  it('merges parameters from the query string, the path and the body, with URL values winning over body values', async () => {
    const { url } = fresh.server
    const tokenId = await fresh.api.addToken({ fileName: 'merge.mp4' })
    const wrongInBody = JSON.stringify({ format: 1, ks: fresh.api.ks, uploadTokenId: '0_notthisone' })
    const init = { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: wrongInBody }

    const queryWins = await send(`${url}/api_v3/service/uploadtoken/action/get?uploadTokenId=${tokenId}`, init)
    expect(record(queryWins.body)).toMatchObject({ id: tokenId })

    const pathWins = await send(`${url}/api_v3/service/uploadtoken/action/get/uploadTokenId/${tokenId}`, init)
    expect(record(pathWins.body)).toMatchObject({ id: tokenId })

    const bodyOnly = await send(`${url}/api_v3/service/uploadtoken/action/get`, init)
    expect(record(bodyOnly.body)).toMatchObject({ code: 'UPLOAD_TOKEN_NOT_FOUND' })
  })

  it('parses the body as JSON only when Content-Type is exactly application/json; with "; charset=utf-8" the params are lost and the call is SERVICE_FORBIDDEN', async () => {
    const target = `${fresh.server.url}/api_v3/service/uploadtoken/action/add`
    const body = JSON.stringify({ format: 1, ks: fresh.api.ks, uploadToken: { fileName: 'exact.mp4' } })

    const exact = await send(target, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body })
    expect(record(exact.body)).toMatchObject({ fileName: 'exact.mp4', objectType: 'KalturaUploadToken' })

    const withCharset = await send(`${target}?format=1`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json; charset=utf-8' },
      body
    })
    expect(record(withCharset.body)).toMatchObject(FORBIDDEN_WITHOUT_KS)

    const fetchDefault = await send(`${target}?format=1`, { method: 'POST', body })
    expect(record(fetchDefault.body)).toMatchObject(FORBIDDEN_WITHOUT_KS)
  })

  it('accepts application/x-www-form-urlencoded and multipart/form-data; in multipart a `json` field supplies the params and the file still comes from `fileData`', async () => {
    const form = await send(`${fresh.server.url}/api_v3/service/uploadtoken/action/add`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ format: '1', ks: fresh.api.ks, 'uploadToken:fileName': 'form.mp4' }).toString()
    })
    const tokenId = String(record(form.body).id)
    expect(record(form.body)).toMatchObject({ fileName: 'form.mp4' })

    const json = JSON.stringify({ format: 1, ks: fresh.api.ks, uploadTokenId: tokenId, resume: false, finalChunk: true, resumeAt: 0 })
    const upload = await fresh.api.multipart('uploadtoken', 'upload', [
      { name: 'json', value: json },
      // Ignored because a json field exists (S-REQ): otherwise it would make this a non-final chunk.
      { name: 'finalChunk', value: '0' },
      { name: 'fileData', filename: 'chunk', data: new TextEncoder().encode('hello world') }
    ])
    expect(record(upload.body)).toMatchObject({ id: tokenId, status: 2, uploadedFileSize: 11 })
  })

  it('builds nested objects from a:b:c keys and from nested JSON, honours objectType, and refuses the abstract KalturaResource without it (OBJECT_TYPE_ABSTRACT)', async () => {
    const flat = await send(`${fresh.server.url}/api_v3/service/media/action/add`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        format: '1',
        ks: fresh.api.ks,
        'entry:objectType': 'KalturaMediaEntry',
        'entry:mediaType': '1',
        'entry:name': 'flat keys'
      }).toString()
    })
    expect(record(flat.body)).toMatchObject({ name: 'flat keys', mediaType: 1 })

    const entryId = await fresh.api.addEntry({ name: 'nested json' })
    const tokenId = await fresh.api.addToken()
    const withoutType = await fresh.api.call('media', 'addContent', { entryId, resource: { token: tokenId } })
    expect(record(withoutType.body)).toMatchObject({ code: 'OBJECT_TYPE_ABSTRACT', args: { OBJ_TYPE: 'KalturaResource' } })

    const deepFlat = await send(`${fresh.server.url}/api_v3/service/media/action/addContent`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        format: '1',
        ks: fresh.api.ks,
        entryId,
        'resource:objectType': 'KalturaUploadedFileTokenResource',
        'resource:token': tokenId
      }).toString()
    })
    expect(record(deepFlat.body)).toMatchObject({ id: entryId, status: 0 })
  })

  it('parses booleans the PHP way ("false" in any case, "0" and "" are false; other non-empty values and true are true) and resumeAt as a float', async () => {
    const statusAfter = async (finalChunk: string): Promise<unknown> => {
      const tokenId = await fresh.api.addToken()
      const reply = await fresh.api.upload(tokenId, 'abc', { resume: false, finalChunk })
      return record(reply.body).status
    }
    expect(await statusAfter('FALSE')).toBe(1)
    expect(await statusAfter('False')).toBe(1)
    expect(await statusAfter('0')).toBe(1)
    expect(await statusAfter('')).toBe(1)
    expect(await statusAfter('true')).toBe(2)
    expect(await statusAfter('1')).toBe(2)
    expect(await statusAfter('yes')).toBe(2)

    const tokenId = await fresh.api.addToken()
    await fresh.api.upload(tokenId, 'abcd', { resume: false, finalChunk: false })
    const atFloat = await fresh.api.upload(tokenId, 'EF', { resume: true, finalChunk: false, resumeAt: '2.0' })
    expect(record(atFloat.body)).toMatchObject({ uploadedFileSize: 4 })
    const atExponent = await fresh.api.upload(tokenId, 'gh', { resume: true, finalChunk: false, resumeAt: '4e0' })
    expect(record(atExponent.body)).toMatchObject({ uploadedFileSize: 6 })
  })

  it('replies in JSON only when format=1; without format (or format=2) it answers XML, format=9 answers JSONP (documented choice)', async () => {
    const target = `${fresh.server.url}/api_v3/service/uploadtoken/action/list`
    const headers = { 'Content-Type': 'application/x-www-form-urlencoded' }
    const ks = encodeURIComponent(fresh.api.ks)

    const xml = await send(target, { method: 'POST', headers, body: `ks=${ks}` })
    expect(xml.headers.get('content-type')).toBe('text/xml')
    expect(xml.text).toMatch(/^<\?xml version="1.0" encoding="utf-8"\?><xml><result>.*<objectType>KalturaUploadTokenListResponse<\/objectType><\/result>/)

    const xmlError = await send(target, { method: 'POST', headers, body: 'format=2' })
    expect(xmlError.text).toContain('<error><objectType>KalturaAPIException</objectType><code>SERVICE_FORBIDDEN</code>')

    const jsonp = await send(target, { method: 'POST', headers, body: `format=9&callback=cb&ks=${ks}` })
    expect(jsonp.text).toMatch(/^cb\(\{.*"objectType":"KalturaUploadTokenListResponse"\}\);$/)
  })

  it('returns every API error as HTTP 200 application/json {code,message,objectType,args}: args [] without args, an object of strings otherwise, messages from the §1.6 templates', async () => {
    const noArgs = await fresh.api.call('uploadtoken', 'get', { uploadTokenId: '0_missing' })
    expect(noArgs.status).toBe(200)
    expect(noArgs.headers.get('content-type')).toBe('application/json')
    expect(noArgs.text).toBe('{"code":"UPLOAD_TOKEN_NOT_FOUND","message":"Upload token not found","objectType":"KalturaAPIException","args":[]}')

    const withArgs = await fresh.api.call('media', 'get', { entryId: '0_nothere' })
    expect(withArgs.status).toBe(200)
    expect(withArgs.body).toEqual({
      code: 'ENTRY_ID_NOT_FOUND',
      message: 'Entry id "0_nothere" not found',
      objectType: 'KalturaAPIException',
      args: { ENTRY_ID: '0_nothere' }
    })

    const badKs = await fresh.api.call('uploadtoken', 'list', {}, 'garbage')
    expect(badKs.body).toMatchObject({
      message: 'Invalid KS "garbage", Error "-1,INVALID_STR"',
      args: { KSID: 'garbage', ERR_CODE: '-1', ERR_DESC: 'INVALID_STR' }
    })
  })

  it('omits null properties, adds objectType to every object, returns `null` for void actions and a JSON string for session.start', async () => {
    const fresh1 = await fresh.api.call('uploadtoken', 'add', { uploadToken: { objectType: 'KalturaUploadToken', fileName: null } })
    const token = record(fresh1.body)
    expect(token.objectType).toBe('KalturaUploadToken')
    expect(Object.keys(token)).not.toContain('fileName')
    expect(Object.keys(token)).not.toContain('uploadedFileSize')
    expect(fresh1.text).not.toContain('null')

    const list = record((await fresh.api.call('uploadtoken', 'list', { filter: { idEqual: token.id } })).body)
    expect(list.objectType).toBe('KalturaUploadTokenListResponse')
    expect((list.objects as unknown[]).map((item) => record(item).objectType)).toEqual(['KalturaUploadToken'])

    const deleted = await fresh.api.call('uploadtoken', 'delete', { uploadTokenId: token.id })
    expect(deleted.text).toBe('null')

    const session = await fresh.api.call(
      'session',
      'start',
      { partnerId: fresh.server.partnerId, secret: fresh.server.adminSecret, type: 2 },
      null
    )
    expect(session.text).toMatch(/^"[A-Za-z0-9_=-]+"$/)
    expect(typeof session.body).toBe('string')
  })

  it('uses Unix-second integers for timestamps and numbers for enum values', async () => {
    const before = fresh.server.clock.now()
    const token = await fresh.api.ok('uploadtoken', 'add')
    const entry = await fresh.api.ok('media', 'add', { entry: { objectType: 'KalturaMediaEntry', mediaType: '1' } })
    for (const object of [token, entry]) {
      expect(Number.isInteger(object.createdAt)).toBe(true)
      expect(Number.isInteger(object.updatedAt)).toBe(true)
      expect(object.createdAt as number).toBeGreaterThanOrEqual(before)
      expect(object.createdAt as number).toBeLessThan(before + 5)
    }
    expect(token.status).toBe(0)
    expect(entry).toMatchObject({ status: 7, type: 1, mediaType: 1 })
  })

  it('unknown service → SERVICE_DOES_NOT_EXISTS, unknown action → ACTION_DOES_NOT_EXISTS, a missing mandatory param → MISSING_MANDATORY_PARAMETER (fileData, uploadTokenId, entry, entryId)', async () => {
    expect((await fresh.api.call('nosuch', 'list')).body).toMatchObject({ code: 'SERVICE_DOES_NOT_EXISTS', args: { SRV_NAME: 'nosuch' } })
    expect((await fresh.api.call('uploadtoken', 'frobnicate')).body).toMatchObject({
      code: 'ACTION_DOES_NOT_EXISTS',
      args: { ACTION_NAME: 'frobnicate', SERVICE_NAME: 'uploadtoken' }
    })
    const missing = async (service: string, action: string, params: Record<string, unknown>): Promise<unknown> =>
      record((await fresh.api.call(service, action, params)).body).args
    const tokenId = await fresh.api.addToken()
    expect(await missing('uploadtoken', 'upload', { uploadTokenId: tokenId })).toEqual({ PARAM_NAME: 'fileData' })
    expect(await missing('uploadtoken', 'get', {})).toEqual({ PARAM_NAME: 'uploadTokenId' })
    expect(await missing('media', 'add', {})).toEqual({ PARAM_NAME: 'entry' })
    expect(await missing('media', 'addContent', {})).toEqual({ PARAM_NAME: 'entryId' })
    expect(await missing('media', 'get', {})).toEqual({ PARAM_NAME: 'entryId' })
  })

  it('answers an OPTIONS preflight with CORS headers (POST, GET, HEAD, OPTIONS; max-age 86400)', async () => {
    const reply = await fetch(`${fresh.server.url}/api_v3/service/uploadtoken/action/upload`, {
      method: 'OPTIONS',
      headers: { Origin: 'http://app.local', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type' }
    })
    expect(reply.status).toBe(200)
    expect(reply.headers.get('access-control-allow-origin')).toBe('*')
    expect(reply.headers.get('access-control-allow-methods')).toBe('POST, GET, HEAD, OPTIONS')
    expect(reply.headers.get('access-control-allow-headers')).toBe('content-type')
    expect(reply.headers.get('access-control-max-age')).toBe('86400')
  })
})
