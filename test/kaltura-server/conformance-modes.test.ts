// The harsher upload modes (uploadModes.ts, README "Harsher modes"): a proxy that cuts slow requests while the server
// goes on, and SaaS's minimum chunk size. Each is a start option and a /__test/faults.setModes switch.
import { afterEach, describe, expect, it } from 'vitest'
import { startFreshServer, sha256Hex, waitUntil, type FreshServer } from './freshServer'
import { record, sampleBytes, send } from './rawApi'

let fresh: FreshServer
afterEach(async () => fresh.stop())

describe('proxyCutMs', () => {
  it('a verified final still waiting for a chunk gets a 504 from the proxy at proxyCutMs; the server goes on and completes it when the chunk lands (kUploadTokenMgr.php:465-475)', async () => {
    fresh = await startFreshServer({ proxyCutMs: 150, finalChunkWaitMs: 5000 })
    const bytes = sampleBytes(300)
    const tokenId = await fresh.api.addToken({ fileName: 'cut.mp4', fileSize: 300 })
    await fresh.api.upload(tokenId, bytes.subarray(0, 100), { resume: false, finalChunk: false, resumeAt: 0 })
    const started = Date.now()
    const final = await fresh.api.upload(tokenId, bytes.subarray(200, 300), { resume: true, finalChunk: true, resumeAt: 200 })
    expect(final.status).toBe(504)
    expect(final.text).toContain('504 Gateway Time-out')
    expect(Date.now() - started).toBeLessThan(2000)
    // The cut request is still waiting on the server: the token is partial until the missing chunk arrives.
    expect(record((await fresh.api.call('uploadtoken', 'get', { uploadTokenId: tokenId })).body)).toMatchObject({ status: 1 })
    await fresh.api.upload(tokenId, bytes.subarray(100, 200), { resume: true, finalChunk: false, resumeAt: 100 })
    // The cut request is still in flight on the server and finishes on its own.
    await waitUntil(() => fresh.server.inspect.upload(tokenId)?.status === 2)
    expect(fresh.server.inspect.upload(tokenId)).toMatchObject({ status: 2, uploadedFileSize: 300, sha256: sha256Hex(bytes) })
    // A retry of the final now meets the finished token (kUploadTokenMgr.php:216-224).
    const retried = await fresh.api.upload(tokenId, new Uint8Array(0), { resume: true, finalChunk: true, resumeAt: 300 })
    expect(retried.body).toMatchObject({ code: 'UPLOAD_TOKEN_INVALID_STATUS_FOR_UPLOAD' })
    const cut = fresh.server.inspect.requests().filter((r) => r.proxyCut)
    expect(cut).toHaveLength(1)
    expect(cut[0]).toMatchObject({ action: 'upload', finalChunk: true, resumeAt: 200 })
  })

  it('quick requests pass untouched, and the switch is /__test/faults.setModes (null lifts it)', async () => {
    fresh = await startFreshServer()
    const control = (body: unknown): Promise<number> => send(`${fresh.server.url}/__test/faults.setModes`, { method: 'POST', body: JSON.stringify(body) }).then((r) => r.status)
    const tokenId = await fresh.api.addToken()
    await fresh.api.upload(tokenId, sampleBytes(10), { resume: false, finalChunk: false, resumeAt: 0 })
    fresh.server.faults.add({ match: { service: 'uploadtoken', action: 'get' }, action: { kind: 'delay', ms: 400 }, times: 2 })
    expect(await control({ proxyCutMs: 100 })).toBe(200)
    expect((await fresh.api.call('uploadtoken', 'list')).status).toBe(200)
    expect((await fresh.api.call('uploadtoken', 'get', { uploadTokenId: tokenId })).status).toBe(504)
    expect(await control({ proxyCutMs: null })).toBe(200)
    expect((await fresh.api.call('uploadtoken', 'get', { uploadTokenId: tokenId })).status).toBe(200)
    expect(await control({ proxyCutMs: 'soon' })).toBe(400)
  })
})

describe('minimumChunkBytes', () => {
  it('a non-final part under the minimum is refused with UPLOAD_TOKEN_CHUNK_TOO_SMALL (MIN_CHUNK_SIZE) and nothing stored; the final part may be any size, the empty non-final part is still dismissed (kUploadTokenMgr.php:322-328)', async () => {
    fresh = await startFreshServer({ minimumChunkBytes: 1000 })
    const bytes = sampleBytes(2500)
    const tokenId = await fresh.api.addToken({ fileName: 'min.mp4' })
    const opening = await fresh.api.upload(tokenId, bytes.subarray(0, 999), { resume: false, finalChunk: false, resumeAt: 0 })
    expect(opening.status).toBe(200)
    expect(opening.body).toMatchObject({ objectType: 'KalturaAPIException', code: 'UPLOAD_TOKEN_CHUNK_TOO_SMALL', args: { MIN_CHUNK_SIZE: '1000' } })
    expect(fresh.server.inspect.upload(tokenId)).toMatchObject({ status: 0, uploadedFileSize: 0, parkedChunks: 0 })
    expect(record((await fresh.api.upload(tokenId, bytes.subarray(0, 1000), { resume: false, finalChunk: false, resumeAt: 0 })).body)).toMatchObject({ status: 1, uploadedFileSize: 1000 })
    expect(record((await fresh.api.upload(tokenId, new Uint8Array(0), { resume: true, finalChunk: false, resumeAt: 1000 })).body)).toMatchObject({ status: 1 })
    expect((await fresh.api.upload(tokenId, bytes.subarray(1000, 1500), { resume: true, finalChunk: false, resumeAt: 1000 })).body).toMatchObject({ code: 'UPLOAD_TOKEN_CHUNK_TOO_SMALL' })
    expect(record((await fresh.api.upload(tokenId, bytes.subarray(1000, 2000), { resume: true, finalChunk: false, resumeAt: 1000 })).body)).toMatchObject({ uploadedFileSize: 2000 })
    const final = await fresh.api.upload(tokenId, bytes.subarray(2000), { resume: true, finalChunk: true, resumeAt: 2000 })
    expect(record(final.body)).toMatchObject({ status: 2, uploadedFileSize: 2500 })
    expect(fresh.server.inspect.upload(tokenId)?.sha256).toBe(sha256Hex(bytes))
  })

  it('a whole small file in one final call is never refused, and /__test/faults.setModes sets and lifts the minimum', async () => {
    fresh = await startFreshServer()
    const control = (body: unknown): Promise<number> => send(`${fresh.server.url}/__test/faults.setModes`, { method: 'POST', body: JSON.stringify(body) }).then((r) => r.status)
    expect(await control({ minimumChunkBytes: 4096 })).toBe(200)
    const small = await fresh.api.addToken()
    expect(record((await fresh.api.upload(small, sampleBytes(10), { resume: false, finalChunk: true, resumeAt: 0 })).body)).toMatchObject({ status: 2 })
    const chunked = await fresh.api.addToken()
    expect((await fresh.api.upload(chunked, sampleBytes(10), { resume: false, finalChunk: false, resumeAt: 0 })).body).toMatchObject({ code: 'UPLOAD_TOKEN_CHUNK_TOO_SMALL' })
    expect(await control({ minimumChunkBytes: null })).toBe(200)
    expect(record((await fresh.api.upload(chunked, sampleBytes(10), { resume: false, finalChunk: false, resumeAt: 0 })).body)).toMatchObject({ status: 1 })
  })
})
