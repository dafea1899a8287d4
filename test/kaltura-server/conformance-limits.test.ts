// PHP's limits as Kaltura surfaces them (phpLimits.ts, read from kaltura/server HEAD c447fdb3eb): what a client sees
// when a part is over upload_max_filesize or a body over post_max_size, and that nothing is stored either way.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startFreshServer, type FreshServer } from './freshServer'
import { record, sampleBytes, send } from './rawApi'

let fresh: FreshServer

beforeAll(async () => {
  fresh = await startFreshServer({ partLimitBytes: 64 * 1024 })
})

afterAll(async () => {
  await fresh.stop()
})

describe('PHP request limits', () => {
  it('a part over upload_max_filesize → UPLOAD_ERROR "Upload failed" with HTTP 200 (KalturaRequestDeserializer.php:292-298, KalturaErrors.php:458); nothing stored, the token untouched', async () => {
    const tokenId = await fresh.api.addToken({ fileName: 'big.mp4' })
    const refused = await fresh.api.upload(tokenId, sampleBytes(64 * 1024 + 1), { resume: false, finalChunk: false, resumeAt: 0 })
    expect(refused.status).toBe(200)
    expect(refused.body).toMatchObject({ objectType: 'KalturaAPIException', code: 'UPLOAD_ERROR', message: 'Upload failed', args: [] })
    // Refused before uploadAction runs: no file name taken from the part, status still PENDING.
    expect(fresh.server.inspect.upload(tokenId)).toMatchObject({ status: 0, uploadedFileSize: 0, parkedChunks: 0 })
    const fits = await fresh.api.upload(tokenId, sampleBytes(64 * 1024), { resume: false, finalChunk: false, resumeAt: 0 })
    expect(record(fits.body)).toMatchObject({ status: 1, uploadedFileSize: 64 * 1024 })
  })

  it('a part over the limit with an invalid KS → INVALID_KS: the KS is read before the arguments (KalturaDispatcher.php:88 before :96)', async () => {
    const tokenId = await fresh.api.addToken()
    const reply = await fresh.api.upload(tokenId, sampleBytes(64 * 1024 + 1), { ks: 'not-a-ks' })
    expect(reply.body).toMatchObject({ code: 'INVALID_KS' })
  })

  it('a body over post_max_size loses every field: MISSING_MANDATORY_PARAMETER uploadTokenId, in XML since format went too (KalturaDispatcher.php:96 before :132, KalturaRequestDeserializer.php:195); nothing stored', async () => {
    const limited = await startFreshServer()
    try {
      const tokenId = await limited.api.addToken()
      limited.server.faults.setLimits({ bodyLimitBytes: 32 * 1024 })
      const lost = await limited.api.upload(tokenId, sampleBytes(40 * 1024), { resume: false, finalChunk: false, resumeAt: 0 })
      expect(lost.status).toBe(200)
      expect(lost.body).toBeUndefined()
      expect(lost.text).toContain('<code>MISSING_MANDATORY_PARAMETER</code>')
      expect(lost.text).toContain('uploadTokenId')
      const seen = limited.server.inspect.requests().at(-1)
      expect(seen).toMatchObject({ service: 'uploadtoken', action: 'upload', errorCode: 'MISSING_MANDATORY_PARAMETER' })
      expect(seen?.droppedBodyBytes).toBeGreaterThan(40 * 1024)
      expect(limited.server.inspect.upload(tokenId)).toMatchObject({ status: 0, uploadedFileSize: 0, parkedChunks: 0 })
      // A small call with the same session still works: the KS was never the problem.
      expect(record((await limited.api.call('uploadtoken', 'get', { uploadTokenId: tokenId })).body)).toMatchObject({ id: tokenId })
    } finally {
      await limited.stop()
    }
  })

  it('the limits are switches over /__test/faults.setLimits too; null lifts one', async () => {
    const control = (body: unknown): Promise<unknown> =>
      send(`${fresh.server.url}/__test/faults.setLimits`, { method: 'POST', body: JSON.stringify(body) }).then((r) => r.status)
    const tokenId = await fresh.api.addToken()
    expect(await control({ partLimitBytes: null })).toBe(200)
    const lifted = await fresh.api.upload(tokenId, sampleBytes(100 * 1024), { resume: false, finalChunk: false, resumeAt: 0 })
    expect(record(lifted.body)).toMatchObject({ uploadedFileSize: 100 * 1024 })
    expect(await control({ partLimitBytes: 1024 })).toBe(200)
    const refused = await fresh.api.upload(tokenId, sampleBytes(2048), { resume: true, finalChunk: false, resumeAt: 100 * 1024 })
    expect(refused.body).toMatchObject({ code: 'UPLOAD_ERROR' })
    expect(await control({ partLimitBytes: 'big' })).toBe(400)
  })
})
