// Protocol §7 "uploadToken", one test per line: add/get/list/delete, the upload checks and every assembly path.
import { readFile } from 'node:fs/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { adminKs, sha256Hex, startFreshServer, waitUntil, type FreshServer } from './freshServer'
import { RawApi, record, sampleBytes, type RawReply } from './rawApi'

/** Short final-chunk wait and a 1-hour resume window, to see CANNOT_MATCH and the resume limit quickly. */
let fresh: FreshServer
/** Real-like defaults (7-day window) and a long final-chunk wait, for finals that must wait for chunks in flight. */
let patient: FreshServer

beforeAll(async () => {
  ;[fresh, patient] = await Promise.all([
    startFreshServer({ finalChunkWaitMs: 150, maxResumeSeconds: 3600 }),
    startFreshServer({ finalChunkWaitMs: 10_000 })
  ])
})

afterAll(async () => {
  await Promise.all([fresh.stop(), patient.stop()])
})

function objectOf(reply: RawReply): Record<string, unknown> {
  return record(reply.body)
}

async function tokenOf(api: RawApi, tokenId: string): Promise<Record<string, unknown>> {
  return objectOf(await api.call('uploadtoken', 'get', { uploadTokenId: tokenId }))
}

async function listIds(api: RawApi, filter: Record<string, unknown>, pager?: Record<string, unknown>): Promise<unknown[]> {
  const reply = objectOf(await api.call('uploadtoken', 'list', { filter: { objectType: 'KalturaUploadTokenFilter', ...filter }, pager }))
  return (reply.objects as unknown[]).map((item) => record(item).id)
}

const text = (value: string): Uint8Array => new TextEncoder().encode(value)

describe('§7 uploadToken.add / get / delete / list', () => {
  it('add: id `0_` + 32 lowercase hex, status 0, fileName echoed, fileSize as a numeric string, no uploadedFileSize, partnerId, userId, createdAt, updatedAt, objectType', async () => {
    const token = objectOf(await fresh.api.call('uploadtoken', 'add', { uploadToken: { objectType: 'KalturaUploadToken', fileName: 'movie.mp4', fileSize: 1048576 } }))
    expect(token.id).toMatch(/^0_[0-9a-f]{32}$/)
    expect(token).toMatchObject({
      status: 0,
      fileName: 'movie.mp4',
      fileSize: '1048576',
      partnerId: fresh.server.partnerId,
      userId: 'admin-user',
      objectType: 'KalturaUploadToken'
    })
    expect(token).not.toHaveProperty('uploadedFileSize')
    expect(Number.isInteger(token.createdAt) && Number.isInteger(token.updatedAt)).toBe(true)
  })

  it('add: a readonly field in the input → PROPERTY_VALIDATION_NOT_UPDATABLE with KalturaUploadToken::<name>', async () => {
    const readonly = ['id', 'status', 'uploadedFileSize', 'partnerId', 'userId', 'createdAt', 'updatedAt', 'uploadUrl', 'attachedObjectType', 'attachedObjectId']
    for (const field of readonly) {
      const reply = await fresh.api.call('uploadtoken', 'add', { uploadToken: { objectType: 'KalturaUploadToken', fileName: 'x', [field]: '1' } })
      expect(reply.body).toMatchObject({
        code: 'PROPERTY_VALIDATION_NOT_UPDATABLE',
        message: `The property "KalturaUploadToken::${field}" cannot be updated`,
        args: { PROP_NAME: `KalturaUploadToken::${field}` }
      })
    }
  })

  it('add: autoFinalize=true without fileSize → UPLOAD_TOKEN_MISSING_FILE_SIZE', async () => {
    expect((await fresh.api.call('uploadtoken', 'add', { uploadToken: { autoFinalize: true } })).body).toMatchObject({
      code: 'UPLOAD_TOKEN_MISSING_FILE_SIZE',
      args: []
    })
    expect(objectOf(await fresh.api.call('uploadtoken', 'add', { uploadToken: { autoFinalize: 1, fileSize: 10 } }))).toMatchObject({ status: 0 })
  })

  it('get: returns the token with fileSize and uploadedFileSize as numeric strings; a missing or deleted token → UPLOAD_TOKEN_NOT_FOUND', async () => {
    const tokenId = await fresh.api.addToken({ fileName: 'g.bin', fileSize: 5 })
    await fresh.api.upload(tokenId, 'abcde', { resume: false, finalChunk: false })
    expect(await tokenOf(fresh.api, tokenId)).toMatchObject({ id: tokenId, status: 1, fileSize: '5', uploadedFileSize: '5' })

    expect(await tokenOf(fresh.api, '0_00000000000000000000000000000000')).toMatchObject({ code: 'UPLOAD_TOKEN_NOT_FOUND' })
    await fresh.api.call('uploadtoken', 'delete', { uploadTokenId: tokenId })
    expect(await tokenOf(fresh.api, tokenId)).toMatchObject({ code: 'UPLOAD_TOKEN_NOT_FOUND' })
  })

  it('delete: sets status 5 and returns `null`; from then on get, upload, delete and addContent → UPLOAD_TOKEN_NOT_FOUND', async () => {
    const tokenId = await fresh.api.addToken()
    const deleted = await fresh.api.call('uploadtoken', 'delete', { uploadTokenId: tokenId })
    expect(deleted.text).toBe('null')
    expect(fresh.server.inspect.upload(tokenId)?.status).toBe(5)

    const notFound = { code: 'UPLOAD_TOKEN_NOT_FOUND' }
    expect(await tokenOf(fresh.api, tokenId)).toMatchObject(notFound)
    expect((await fresh.api.upload(tokenId, 'x')).body).toMatchObject(notFound)
    expect((await fresh.api.call('uploadtoken', 'delete', { uploadTokenId: tokenId })).body).toMatchObject(notFound)
    const entryId = await fresh.api.addEntry()
    const resource = { objectType: 'KalturaUploadedFileTokenResource', token: tokenId }
    expect((await fresh.api.call('media', 'addContent', { entryId, resource })).body).toMatchObject(notFound)
  })

  it('list: filters idEqual, idIn, userIdEqual, statusEqual, statusIn, fileNameEqual, fileSizeEqual; never status 5; fileNameEqual alone means statusIn 0,1,2; pageSize 30 by default; {objects,totalCount,objectType}', async () => {
    const api = new RawApi(patient.server.url, adminKs(patient.server, 'lister'))
    const other = new RawApi(patient.server.url, adminKs(patient.server, 'someone-else'))
    const name = 'list-me.mov'
    const pending = await api.addToken({ fileName: name, fileSize: 3 })
    const partial = await api.addToken({ fileName: name, fileSize: 3 })
    await api.upload(partial, 'ab', { resume: false, finalChunk: false })
    const full = await api.addToken({ fileName: name, fileSize: 3 })
    await api.upload(full, 'abc', { resume: false, finalChunk: true })
    const closed = await api.addToken({ fileName: name, fileSize: 3 })
    await api.upload(closed, 'abc', { resume: false })
    await api.call('media', 'addContent', {
      entryId: await api.addEntry(),
      resource: { objectType: 'KalturaUploadedFileTokenResource', token: closed }
    })
    const deleted = await api.addToken({ fileName: name, fileSize: 3 })
    await api.call('uploadtoken', 'delete', { uploadTokenId: deleted })
    const foreign = await other.addToken({ fileName: name, fileSize: 4 })

    expect(await listIds(api, { idEqual: partial })).toEqual([partial])
    expect(await listIds(api, { idIn: `${pending},${full},${deleted}` })).toEqual([pending, full])
    expect(await listIds(api, { userIdEqual: 'someone-else' })).toEqual([foreign])
    expect(await listIds(api, { statusEqual: 1, fileNameEqual: name })).toEqual([partial])
    expect(await listIds(api, { statusIn: '2,3,5', fileNameEqual: name })).toEqual([full, closed])
    expect(await listIds(api, { fileNameEqual: name })).toEqual([pending, partial, full, foreign])
    expect(await listIds(api, { fileNameEqual: name, fileSizeEqual: 4 })).toEqual([foreign])
    expect(await listIds(api, { statusEqual: 5 })).toEqual([])

    for (let i = 0; i < 31; i++) await api.addToken({ fileName: 'page-filler' })
    const firstPage = objectOf(await api.call('uploadtoken', 'list', { filter: { fileNameEqual: 'page-filler' } }))
    expect(firstPage).toMatchObject({ totalCount: 31, objectType: 'KalturaUploadTokenListResponse' })
    expect(firstPage.objects as unknown[]).toHaveLength(30)
    const secondPage = await listIds(api, { fileNameEqual: 'page-filler' }, { objectType: 'KalturaFilterPager', pageSize: 30, pageIndex: 2 })
    expect(secondPage).toHaveLength(1)
  })
})

describe('§7 uploadToken.upload', () => {
  it('checks in order: missing token → NOT_FOUND; PARTIAL past the resume window → UPLOAD_PASSED_MAX_RESUME_TIME_ALLOWED; status not 0/1 → INVALID_STATUS_FOR_UPLOAD; no fileData → MISSING_MANDATORY_PARAMETER; fileData not a file → UPLOAD_ERROR', async () => {
    const noFile = (api: RawApi, tokenId: string): Promise<RawReply> => api.call('uploadtoken', 'upload', { uploadTokenId: tokenId })
    const asField = (api: RawApi, tokenId: string): Promise<RawReply> =>
      api.multipart('uploadtoken', 'upload', [
        { name: 'format', value: '1' },
        { name: 'ks', value: api.ks },
        { name: 'uploadTokenId', value: tokenId },
        { name: 'fileData', value: 'just text' }
      ])

    // 1. missing token wins over a missing file.
    expect((await noFile(fresh.api, '0_ffffffffffffffffffffffffffffffff')).body).toMatchObject({ code: 'UPLOAD_TOKEN_NOT_FOUND' })

    // 2. resume window (configured to 3600 s on this server) wins over a missing file.
    const stale = await fresh.api.addToken()
    await fresh.api.upload(stale, 'abc', { resume: false, finalChunk: false })
    fresh.server.clock.advance(3601)
    const afterWindow = new RawApi(fresh.server.url, adminKs(fresh.server))
    expect((await noFile(afterWindow, stale)).body).toMatchObject({
      code: 'UPLOAD_PASSED_MAX_RESUME_TIME_ALLOWED',
      message: 'Max resume time of 3600 seconds reached, cannot resume upload',
      args: { MAX_RESUME_TIME: '3600' }
    })

    // 3. a FULL token wins over a missing file.
    const full = await afterWindow.addToken()
    await afterWindow.upload(full, 'abc')
    expect((await noFile(afterWindow, full)).body).toMatchObject({ code: 'UPLOAD_TOKEN_INVALID_STATUS_FOR_UPLOAD' })

    // 4. and 5.
    const fresh0 = await afterWindow.addToken()
    expect((await noFile(afterWindow, fresh0)).body).toMatchObject({ code: 'MISSING_MANDATORY_PARAMETER', args: { PARAM_NAME: 'fileData' } })
    expect((await asField(afterWindow, fresh0)).body).toMatchObject({ code: 'UPLOAD_ERROR', message: 'Upload failed' })
    fresh.api.ks = afterWindow.ks

    // The real default window is 7 days (604800 s).
    const api = new RawApi(patient.server.url, adminKs(patient.server))
    const week = await api.addToken()
    await api.upload(week, 'abc', { resume: false, finalChunk: false })
    patient.server.clock.advance(604801)
    const later = new RawApi(patient.server.url, adminKs(patient.server))
    patient.api.ks = later.ks
    expect((await later.upload(week, 'def', { resume: true, resumeAt: 3, finalChunk: false })).body).toMatchObject({
      code: 'UPLOAD_PASSED_MAX_RESUME_TIME_ALLOWED',
      args: { MAX_RESUME_TIME: '604800' }
    })
  })

  it('if the token has no fileName, it is set from the part’s filename before the other steps and kept even if the call then fails', async () => {
    const tokenId = await fresh.api.addToken()
    const failed = await fresh.api.upload(tokenId, 'abc', { resume: true, resumeAt: 0, filename: 'from-part.mkv' })
    expect(failed.body).toMatchObject({ code: 'UPLOAD_TOKEN_CANNOT_RESUME' })
    expect(await tokenOf(fresh.api, tokenId)).toMatchObject({ fileName: 'from-part.mkv', status: 0 })

    const named = await fresh.api.addToken({ fileName: 'chosen.mp4' })
    await fresh.api.upload(named, 'abc', { filename: 'chunk' })
    expect(await tokenOf(fresh.api, named)).toMatchObject({ fileName: 'chosen.mp4' })
  })

  it('defaults resume=false, finalChunk=true, resumeAt=-1 when the params are absent', async () => {
    const tokenId = await fresh.api.addToken()
    await fresh.api.upload(tokenId, 'first version', { resume: false, finalChunk: false })
    const reply = objectOf(await fresh.api.upload(tokenId, 'second'))
    // resume=false replaced the content; finalChunk=true made it FULL.
    expect(reply).toMatchObject({ status: 2, uploadedFileSize: 6 })
    expect(fresh.server.inspect.upload(tokenId)?.sha256).toBe(sha256Hex(text('second')))
    const recorded = fresh.server.inspect.requests().filter((r) => r.uploadTokenId === tokenId).at(-1)
    expect(recorded).toMatchObject({ resume: false, finalChunk: true, resumeAt: -1, partBytes: 6 })
  })

  it('accepts zero-length file parts that carry a filename: an empty first chunk (resume=false, finalChunk=false) gives status 1 with uploadedFileSize 0, and the final call may be empty', async () => {
    const tokenId = await fresh.api.addToken({ fileName: 'zero.bin' })
    expect(objectOf(await fresh.api.upload(tokenId, new Uint8Array(0), { resume: false, finalChunk: false, resumeAt: 0 }))).toMatchObject({
      status: 1,
      uploadedFileSize: 0
    })
    await fresh.api.upload(tokenId, 'abcdef', { resume: true, finalChunk: false, resumeAt: 0 })
    expect(objectOf(await fresh.api.upload(tokenId, new Uint8Array(0), { resume: true, finalChunk: true, resumeAt: 6 }))).toMatchObject({
      status: 2,
      uploadedFileSize: 6
    })

  })

  it('(§3.2/§3.4) a file part without a filename → UPLOAD_ERROR; on a non-resume final upload that failure also deletes the token', async () => {
    const withoutFilename = (tokenId: string, finalChunk: string): Promise<RawReply> =>
      fresh.api.multipart('uploadtoken', 'upload', [
        { name: 'format', value: '1' },
        { name: 'ks', value: fresh.api.ks },
        { name: 'uploadTokenId', value: tokenId },
        { name: 'resume', value: '0' },
        { name: 'finalChunk', value: finalChunk },
        { name: 'fileData', data: text('abc') }
      ])
    const survives = await fresh.api.addToken()
    expect((await withoutFilename(survives, '0')).body).toMatchObject({ code: 'UPLOAD_ERROR' })
    expect(await tokenOf(fresh.api, survives)).toMatchObject({ status: 0 })

    const fails = await fresh.api.addToken()
    expect((await withoutFilename(fails, '1')).body).toMatchObject({ code: 'UPLOAD_ERROR' })
    expect(await tokenOf(fresh.api, fails)).toMatchObject({ code: 'UPLOAD_TOKEN_NOT_FOUND' })
    expect(fresh.server.inspect.upload(fails)?.status).toBe(5)
  })

  it('resume=false replaces the stored content with the part, sets uploadedFileSize to the part length, and status 2 if finalChunk else 1', async () => {
    const tokenId = await fresh.api.addToken()
    expect(objectOf(await fresh.api.upload(tokenId, 'a long first attempt', { resume: false, finalChunk: false }))).toMatchObject({
      status: 1,
      uploadedFileSize: 20
    })
    await fresh.api.upload(tokenId, 'parked', { resume: true, finalChunk: false, resumeAt: 100 })
    expect(fresh.server.inspect.upload(tokenId)?.parkedChunks).toBe(1)
    expect(objectOf(await fresh.api.upload(tokenId, 'restart', { resume: false, finalChunk: true }))).toMatchObject({
      status: 2,
      uploadedFileSize: 7
    })
    expect(fresh.server.inspect.upload(tokenId)).toMatchObject({ sha256: sha256Hex(text('restart')), parkedChunks: 0, uploadedFileSize: 7 })
  })

  it('resume=true on a token with no stored content (status 0) → UPLOAD_TOKEN_CANNOT_RESUME', async () => {
    const tokenId = await fresh.api.addToken()
    for (const resumeAt of [-1, 0, 5]) {
      expect((await fresh.api.upload(tokenId, 'abc', { resume: true, finalChunk: false, resumeAt })).body).toMatchObject({
        code: 'UPLOAD_TOKEN_CANNOT_RESUME',
        message: 'Cannot resume the upload, original file was not found'
      })
    }
  })

  it('resume=true with resumeAt=-1 appends the part at the end with no offset check (a retried part is appended twice)', async () => {
    const tokenId = await fresh.api.addToken()
    await fresh.api.upload(tokenId, 'head-', { resume: false, finalChunk: false })
    expect(objectOf(await fresh.api.upload(tokenId, 'tail', { resume: true, finalChunk: false, resumeAt: -1 }))).toMatchObject({ uploadedFileSize: 9 })
    expect(objectOf(await fresh.api.upload(tokenId, 'tail', { resume: true, finalChunk: true }))).toMatchObject({ uploadedFileSize: 13, status: 2 })
    expect(fresh.server.inspect.upload(tokenId)?.sha256).toBe(sha256Hex(text('head-tailtail')))
  })

  it('resume=true, resumeAt≥0, non-final: merges up to 10 adjacent parked chunks first, writes at resumeAt when it touches the end (overwriting the overlap), else parks; uploadedFileSize is the contiguous length as a JSON number; status 1, or 2 for final with resumeAt=0', async () => {
    const tokenId = await fresh.api.addToken()
    await fresh.api.upload(tokenId, 'A', { resume: false, finalChunk: false, resumeAt: 0 })
    // Park 12 one-byte chunks at offsets 13..2, none adjacent when it arrives.
    for (let offset = 13; offset >= 2; offset--) {
      const reply = objectOf(await fresh.api.upload(tokenId, String.fromCharCode(65 + offset), { resume: true, finalChunk: false, resumeAt: offset }))
      expect(reply.uploadedFileSize).toBe(1)
    }
    expect(fresh.server.inspect.upload(tokenId)?.parkedChunks).toBe(12)
    // Overlapping write at 0 covering 0..1: extends to 2 without merging what is now adjacent.
    expect(objectOf(await fresh.api.upload(tokenId, 'AB', { resume: true, finalChunk: false, resumeAt: 0 }))).toMatchObject({ uploadedFileSize: 2, status: 1 })
    // The next request merges 10 adjacent chunks (2..11) before handling its own part (a re-send of offset 0, fully inside).
    expect(objectOf(await fresh.api.upload(tokenId, 'A', { resume: true, finalChunk: false, resumeAt: 0 }))).toMatchObject({ uploadedFileSize: 12 })
    expect(fresh.server.inspect.upload(tokenId)?.parkedChunks).toBe(2)
    const final = objectOf(await fresh.api.upload(tokenId, 'AB', { resume: true, finalChunk: true, resumeAt: 0 }))
    expect(final).toMatchObject({ status: 2, uploadedFileSize: 14 })
    expect(typeof final.uploadedFileSize).toBe('number')
    expect(fresh.server.inspect.upload(tokenId)?.sha256).toBe(sha256Hex(text('ABCDEFGHIJKLMN')))
  })

  it('a 0-byte part with finalChunk=false and resumeAt>0 changes nothing and returns the token as it is', async () => {
    const tokenId = await fresh.api.addToken()
    await fresh.api.upload(tokenId, 'abc', { resume: false, finalChunk: false })
    const before = await tokenOf(fresh.api, tokenId)
    const reply = objectOf(await fresh.api.upload(tokenId, new Uint8Array(0), { resume: true, finalChunk: false, resumeAt: 3 }))
    expect(reply).toEqual(before)
    expect(fresh.server.inspect.upload(tokenId)).toMatchObject({ uploadedFileSize: 3, parkedChunks: 0 })
  })

  it('verified final (resume, finalChunk, resumeAt>0): expected = resumeAt+partLen; parked chunks are merged while waiting; success → status 2 and uploadedFileSize = expected', async () => {
    const api = patient.api
    const bytes = sampleBytes(30)
    const tokenId = await api.addToken({ fileName: 'final.bin', fileSize: 30 })
    await api.upload(tokenId, bytes.subarray(0, 10), { resume: false, finalChunk: false, resumeAt: 0 })
    // The final chunk arrives while the middle one is still missing: it must wait for it.
    const final = api.upload(tokenId, bytes.subarray(20, 30), { resume: true, finalChunk: true, resumeAt: 20 })
    await waitUntil(() => patient.server.inspect.upload(tokenId)?.parkedChunks === 1)
    const middle = objectOf(await api.upload(tokenId, bytes.subarray(10, 20), { resume: true, finalChunk: false, resumeAt: 10 }))
    expect(middle).toMatchObject({ status: 1, uploadedFileSize: 20 })
    expect(objectOf(await final)).toMatchObject({ status: 2, uploadedFileSize: 30 })
    expect(patient.server.inspect.upload(tokenId)?.sha256).toBe(sha256Hex(bytes))
  })

  it('verified final that cannot reach the expected size within the wait → UPLOAD_TOKEN_CANNOT_MATCH_EXPECTED_SIZE, leaving status 1 and uploadedFileSize unchanged, and a retry can succeed', async () => {
    const tokenId = await fresh.api.addToken()
    await fresh.api.upload(tokenId, '0123', { resume: false, finalChunk: false })
    await fresh.api.upload(tokenId, '67', { resume: true, finalChunk: false, resumeAt: 6 })
    expect(objectOf(await fresh.api.upload(tokenId, '45', { resume: true, finalChunk: false, resumeAt: 4 }))).toMatchObject({ uploadedFileSize: 6 })
    // The final's merge loop appends the parked '67' but byte 8 never comes.
    const failed = await fresh.api.upload(tokenId, '9', { resume: true, finalChunk: true, resumeAt: 9 })
    expect(failed.body).toEqual({
      code: 'UPLOAD_TOKEN_CANNOT_MATCH_EXPECTED_SIZE',
      message: 'Failed to match expected file size',
      objectType: 'KalturaAPIException',
      args: []
    })
    expect(await tokenOf(fresh.api, tokenId)).toMatchObject({ status: 1, uploadedFileSize: '6' })
    expect(fresh.server.inspect.upload(tokenId)).toMatchObject({ status: 1, uploadedFileSize: 8 })
    await fresh.api.upload(tokenId, '8', { resume: true, finalChunk: false, resumeAt: 8 })
    expect(objectOf(await fresh.api.upload(tokenId, '9', { resume: true, finalChunk: true, resumeAt: 9 }))).toMatchObject({ status: 2, uploadedFileSize: 10 })
    expect(fresh.server.inspect.upload(tokenId)?.sha256).toBe(sha256Hex(text('0123456789')))
  })

  it('an upload that makes the token FULL while it is attached to an entry finishes the attachment at once and returns status 3', async () => {
    const tokenId = await fresh.api.addToken({ fileName: 'attached.mp4' })
    const entryId = await fresh.api.addEntry()
    await fresh.api.call('media', 'addContent', { entryId, resource: { objectType: 'KalturaUploadedFileTokenResource', token: tokenId } })
    await fresh.api.upload(tokenId, 'part one ', { resume: false, finalChunk: false })
    expect(objectOf(await fresh.api.upload(tokenId, 'part two', { resume: true, finalChunk: true, resumeAt: 9 }))).toMatchObject({
      status: 3,
      uploadedFileSize: 17
    })
    expect(fresh.server.inspect.entry(entryId)).toMatchObject({ status: 1, tokenId, size: 17, sha256: sha256Hex(text('part one part two')) })
  })

  it('a second final upload after the token is at 2 or 3 → UPLOAD_TOKEN_INVALID_STATUS_FOR_UPLOAD, including two finals racing each other', async () => {
    const done = await fresh.api.addToken()
    await fresh.api.upload(done, 'abc')
    expect((await fresh.api.upload(done, 'abc', { resume: true, finalChunk: true, resumeAt: 0 })).body).toMatchObject({
      code: 'UPLOAD_TOKEN_INVALID_STATUS_FOR_UPLOAD'
    })

    const api = patient.api
    const raced = await api.addToken()
    await api.upload(raced, '0123', { resume: false, finalChunk: false })
    const first = api.upload(raced, '89', { resume: true, finalChunk: true, resumeAt: 8 })
    const second = api.upload(raced, '89', { resume: true, finalChunk: true, resumeAt: 8 })
    await waitUntil(() => patient.server.inspect.requests().filter((r) => r.uploadTokenId === raced && r.finalChunk === true).length === 2)
    await api.upload(raced, '4567', { resume: true, finalChunk: false, resumeAt: 4 })
    const outcomes = [objectOf(await first), objectOf(await second)]
    expect(outcomes.filter((o) => o.status === 2)).toHaveLength(1)
    expect(outcomes.filter((o) => o.code === 'UPLOAD_TOKEN_INVALID_STATUS_FOR_UPLOAD')).toHaveLength(1)
    expect(patient.server.inspect.upload(raced)?.sha256).toBe(sha256Hex(text('0123456789')))
  })

  it('parallel non-final uploads to the same token are safe: no lost bytes, no duplicates, and a re-sent offset is idempotent', async () => {
    const api = patient.api
    const chunk = 64 * 1024
    const bytes = sampleBytes(chunk * 12 + 1234, 7)
    const tokenId = await api.addToken({ fileName: 'parallel.bin', fileSize: bytes.length })
    await api.upload(tokenId, bytes.subarray(0, chunk), { resume: false, finalChunk: false, resumeAt: 0 })
    const offsets = Array.from({ length: 12 }, (_, i) => (i + 1) * chunk).filter((offset) => offset < bytes.length)
    // Out of order, all at once, with some chunks sent twice concurrently.
    const order = [...offsets].reverse().concat([offsets[3] ?? 0, offsets[7] ?? 0, chunk])
    const replies = await Promise.all(
      order.map((offset) => api.upload(tokenId, bytes.subarray(offset, offset + chunk), { resume: true, finalChunk: false, resumeAt: offset }))
    )
    for (const reply of replies) expect(objectOf(reply).status).toBe(1)
    const resent = objectOf(await api.upload(tokenId, bytes.subarray(chunk * 2, chunk * 3), { resume: true, finalChunk: false, resumeAt: chunk * 2 }))
    expect(resent.status).toBe(1)
    const final = objectOf(await api.upload(tokenId, new Uint8Array(0), { resume: true, finalChunk: true, resumeAt: bytes.length }))
    expect(final).toMatchObject({ status: 2, uploadedFileSize: bytes.length })
    expect(patient.server.inspect.upload(tokenId)).toMatchObject({ uploadedFileSize: bytes.length, sha256: sha256Hex(bytes) })
  })

  it('exposes the stored bytes and their SHA-256 so tests can check the assembled file byte for byte', async () => {
    const bytes = sampleBytes(5000, 3)
    const tokenId = await fresh.api.addToken()
    await fresh.api.upload(tokenId, bytes.subarray(0, 2000), { resume: false, finalChunk: false })
    await fresh.api.upload(tokenId, bytes.subarray(2000), { resume: true, finalChunk: true, resumeAt: 2000 })
    const info = fresh.server.inspect.upload(tokenId)
    expect(info).toMatchObject({ uploadedFileSize: 5000, sha256: sha256Hex(bytes), bytesReceived: 5000, uploadRequests: 2 })
    const stored = await readFile(fresh.server.inspect.dataPath(tokenId) ?? '')
    expect(Buffer.compare(stored, Buffer.from(bytes))).toBe(0)
  })
})
