// unlockedWrites (unlockedWrites.ts, README "Harsher modes"): chunk writes without the per-token lock, as
// kUploadTokenMgr::handleResume runs them. Replies report the end of file of the moment, parked chunks are claimed
// once, and the saved token keeps what each call changed, last writer winning.
import { setImmediate as nextTurn } from 'node:timers/promises'
import { afterEach, describe, expect, it } from 'vitest'
import { startFreshServer, sha256Hex, waitUntil, type FreshServer } from './freshServer'
import { record, sampleBytes, send } from './rawApi'
import { TOKEN_STATUS } from './uploadTokens'
import { saveAsPropelWould } from './unlockedWrites'
import type { TokenRecord } from './store'

const MiB = 1024 * 1024
let fresh: FreshServer
afterEach(async () => fresh.stop())

describe('unlockedWrites', () => {
  it('a chunk parked while another request still writes reports the end of file of that moment, inside the other one\'s range (kUploadTokenMgr.php:545-548, :453-460); the writer reports where its own write ended (:529-543)', async () => {
    fresh = await startFreshServer({ unlockedWrites: true, finalChunkWaitMs: 5000 })
    const big = 8 * MiB
    const bytes = sampleBytes(1000 + big + 1000)
    const tokenId = await fresh.api.addToken({ fileName: 'race.mp4', fileSize: bytes.length })
    await fresh.api.upload(tokenId, bytes.subarray(0, 1000), { resume: false, finalChunk: false, resumeAt: 0 })
    // The small call is held until the big write is under way: its bytes land 100 KB at a time, each piece a turn of
    // the event loop, so checking at every turn sees it part way through.
    const midWrite = (): boolean => {
      const written = fresh.server.inspect.upload(tokenId)?.uploadedFileSize ?? 0
      return written > 1000 + MiB && written < 1000 + big
    }
    const held = fresh.server.faults.onRequest({
      match: { service: 'uploadtoken', action: 'upload' },
      run: async (request) => {
        if (request.partBytes === 1000) while (!midWrite()) await nextTurn()
      },
      times: 2
    })
    const aheadCall = fresh.api.upload(tokenId, bytes.subarray(1000 + big), { resume: true, finalChunk: false, resumeAt: 1000 + big })
    const writing = fresh.api.upload(tokenId, bytes.subarray(1000, 1000 + big), { resume: true, finalChunk: false, resumeAt: 1000 })
    const ahead = record((await aheadCall).body)
    await held.finished
    expect(ahead.status).toBe(1)
    expect(ahead.uploadedFileSize).toBeGreaterThan(1000)
    expect(ahead.uploadedFileSize).toBeLessThan(1000 + big)
    expect(record((await writing).body)).toMatchObject({ status: 1, uploadedFileSize: 1000 + big })
    const final = await fresh.api.upload(tokenId, new Uint8Array(0), { resume: true, finalChunk: true, resumeAt: bytes.length })
    expect(record(final.body)).toMatchObject({ status: 2, uploadedFileSize: bytes.length })
    expect(fresh.server.inspect.upload(tokenId)?.sha256).toBe(sha256Hex(bytes))
  })

  it('two calls that find the same parked chunk at the end of file append it once: the claim is per chunk (kUploadTokenMgr.php:564-570, :832-841)', async () => {
    fresh = await startFreshServer({ unlockedWrites: true })
    const bytes = sampleBytes(3 * MiB)
    const tokenId = await fresh.api.addToken({ fileName: 'claim.mp4' })
    await fresh.api.upload(tokenId, bytes.subarray(0, MiB), { resume: false, finalChunk: false, resumeAt: 0 })
    // Parked: it starts past the end of file.
    await fresh.api.upload(tokenId, bytes.subarray(2 * MiB), { resume: true, finalChunk: false, resumeAt: 2 * MiB })
    await fresh.api.upload(tokenId, bytes.subarray(MiB, 2 * MiB), { resume: true, finalChunk: false, resumeAt: MiB })
    expect(fresh.server.inspect.upload(tokenId)).toMatchObject({ uploadedFileSize: 2 * MiB, parkedChunks: 1 })
    // Two re-sends of the first chunk at once: each first merges what is parked at the end of file.
    const replies = await Promise.all([0, 1].map(() => fresh.api.upload(tokenId, bytes.subarray(0, MiB), { resume: true, finalChunk: false, resumeAt: 0 })))
    expect(replies.map((r) => record(r.body).status)).toEqual([1, 1])
    expect(fresh.server.inspect.upload(tokenId)).toMatchObject({ uploadedFileSize: 3 * MiB, parkedChunks: 0 })
    const final = await fresh.api.upload(tokenId, new Uint8Array(0), { resume: true, finalChunk: true, resumeAt: 3 * MiB })
    expect(record(final.body)).toMatchObject({ status: 2, uploadedFileSize: 3 * MiB })
    expect(fresh.server.inspect.upload(tokenId)?.sha256).toBe(sha256Hex(bytes))
  })

  it('the save writes only what the call changed (BaseUploadToken.php:496-510, :565-579): a call that loaded the token PARTIAL leaves FULL alone but writes its own, smaller, size; the same size as loaded is not written', () => {
    const token = { status: TOKEN_STATUS.full, uploadedFileSize: 3000 } as TokenRecord
    saveAsPropelWould(token, { status: TOKEN_STATUS.partial, uploadedFileSize: 1000 }, TOKEN_STATUS.partial, 2000)
    expect(token).toMatchObject({ status: TOKEN_STATUS.full, uploadedFileSize: 2000 })
    saveAsPropelWould(token, { status: TOKEN_STATUS.partial, uploadedFileSize: 1500 }, TOKEN_STATUS.partial, 1500)
    expect(token).toMatchObject({ status: TOKEN_STATUS.full, uploadedFileSize: 2000 })
  })

  it('is off by default (each token\'s calls run one at a time) and a switch over /__test/faults.setModes', async () => {
    fresh = await startFreshServer()
    const control = (body: unknown): Promise<number> => send(`${fresh.server.url}/__test/faults.setModes`, { method: 'POST', body: JSON.stringify(body) }).then((r) => r.status)
    const big = 16 * MiB
    const bytes = sampleBytes(1000 + big + 1000)
    const tokenId = await fresh.api.addToken()
    await fresh.api.upload(tokenId, bytes.subarray(0, 1000), { resume: false, finalChunk: false, resumeAt: 0 })
    // Locked: the call behind the big write waits for it and reports its end.
    const writing = fresh.api.upload(tokenId, bytes.subarray(1000, 1000 + big), { resume: true, finalChunk: false, resumeAt: 1000 })
    await waitUntil(() => fresh.server.inspect.requests().filter((r) => r.partBytes === big).length === 1)
    const behind = record((await fresh.api.upload(tokenId, bytes.subarray(1000 + big), { resume: true, finalChunk: false, resumeAt: 1000 + big })).body)
    await writing
    expect(behind.uploadedFileSize).toBe(bytes.length)
    expect(await control({ unlockedWrites: true })).toBe(200)
    expect(await control({ unlockedWrites: 'yes' })).toBe(400)
    expect(await control({ unlockedWrites: false })).toBe(200)
  })
})
