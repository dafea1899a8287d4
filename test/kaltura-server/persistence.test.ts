// Restarting the server on the same data directory mid-upload keeps tokens, entries, parked chunks, assembled bytes
// and counters; the upload then continues and the assembled file matches byte for byte.
import { afterAll, beforeAll, expect, it } from 'vitest'
import { sha256Hex, startFreshServer, type FreshServer } from './freshServer'
import { record, sampleBytes } from './rawApi'

let fresh: FreshServer

beforeAll(async () => {
  fresh = await startFreshServer({ finalChunkWaitMs: 2000 })
})

afterAll(async () => {
  await fresh.stop()
})

it('resumes after a restart on the same directory: same tokens, entries, parked chunks and byte counters, and the finished file’s SHA-256 matches', async () => {
  const chunk = 100_000
  const bytes = sampleBytes(chunk * 3 + 777, 21)
  const api = fresh.api
  const tokenId = await api.addToken({ fileName: 'restart.mp4', fileSize: bytes.length })
  const entryId = await api.addEntry({ name: 'survives restarts', referenceId: 'ref-restart' })
  await api.call('media', 'addContent', { entryId, resource: { objectType: 'KalturaUploadedFileTokenResource', token: tokenId } })
  await api.upload(tokenId, bytes.subarray(0, chunk), { resume: false, finalChunk: false, resumeAt: 0 })
  // Chunk 2 arrives before chunk 1 and is parked; one attempt at chunk 1 is cut off by a reset.
  await api.upload(tokenId, bytes.subarray(2 * chunk, 3 * chunk), { resume: true, finalChunk: false, resumeAt: 2 * chunk })
  fresh.server.faults.add({ match: { uploadTokenId: tokenId }, action: { kind: 'reset', afterBytes: 30_000 } })
  await api.upload(tokenId, bytes.subarray(chunk, 2 * chunk), { resume: true, finalChunk: false, resumeAt: chunk }).catch(() => undefined)

  const before = fresh.server.inspect.upload(tokenId)
  expect(before).toMatchObject({ status: 1, uploadedFileSize: chunk, parkedChunks: 1, uploadRequests: 3, attachedEntryId: entryId })
  expect(before?.bytesReceived).toBeGreaterThan(2 * chunk)
  expect(before?.bytesReceived).toBeLessThan(3 * chunk)

  await fresh.restart()
  const server = fresh.server
  expect(server.inspect.upload(tokenId)).toEqual(before)
  expect(server.inspect.entry(entryId)).toMatchObject({ status: 0, name: 'survives restarts', referenceId: 'ref-restart', tokenId })
  expect(record((await api.call('uploadtoken', 'get', { uploadTokenId: tokenId })).body)).toMatchObject({
    status: 1,
    uploadedFileSize: String(chunk),
    fileName: 'restart.mp4'
  })

  expect(record((await api.upload(tokenId, bytes.subarray(chunk, 2 * chunk), { resume: true, finalChunk: false, resumeAt: chunk })).body)).toMatchObject({
    uploadedFileSize: 2 * chunk
  })
  const final = await api.upload(tokenId, bytes.subarray(3 * chunk), { resume: true, finalChunk: true, resumeAt: 3 * chunk })
  expect(record(final.body)).toMatchObject({ status: 3, uploadedFileSize: bytes.length })
  expect(server.inspect.upload(tokenId)).toMatchObject({ sha256: sha256Hex(bytes), parkedChunks: 0, uploadRequests: 5 })
  expect(server.inspect.entry(entryId)).toMatchObject({ status: 1, size: bytes.length, sha256: sha256Hex(bytes) })

  // And once more: the finished state survives too.
  await fresh.restart()
  expect(fresh.server.inspect.upload(tokenId)).toMatchObject({ status: 3, uploadedFileSize: bytes.length, sha256: sha256Hex(bytes) })
  expect(fresh.server.inspect.entries().map((entry) => entry.id)).toEqual([entryId])
  expect(record((await api.call('uploadtoken', 'list')).body).totalCount).toBe(1)
})
