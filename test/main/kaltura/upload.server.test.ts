// A file goes up in chunks, out of order with one re-sent, closed by an empty verified final call, and becomes an entry.
import { createHash, randomBytes } from 'node:crypto'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { KalturaTestServer } from '../../kaltura-server/api'
import type { KalturaClient } from '../../../src/main/kaltura/client'
import { EntryStatus, MediaType, UploadTokenStatus } from '../../../src/main/kaltura/model'
import { clientFor, startServer, waitFor, type RunningServer } from './serverFixture'

const MiB = 1024 * 1024
const CHUNK = MiB + 4096
const FILE_SIZE = 4 * CHUNK + 777_777

let running: RunningServer
let server: KalturaTestServer
let client: KalturaClient
let dir: string
let filePath: string
let fileSha256: string

beforeAll(async () => {
  running = await startServer({ finalChunkWaitMs: 300, entryReadyAfter: { getCalls: 2 } })
  server = running.server
  client = clientFor(server)
  dir = await mkdtemp(join(tmpdir(), 'kaltura-upload-source-'))
  filePath = join(dir, 'Interview take 3.mp4')
  const content = randomBytes(FILE_SIZE)
  fileSha256 = createHash('sha256').update(content).digest('hex')
  await writeFile(filePath, content)
})

afterAll(async () => {
  await running.stop()
  await rm(dir, { recursive: true, force: true })
})

function chunk(index: number): { start: number; end: number } {
  return { start: index * CHUNK, end: Math.min(FILE_SIZE, (index + 1) * CHUNK) }
}

function uploadRequestsFor(tokenId: string): Array<{ resume?: boolean; resumeAt?: number; finalChunk?: boolean; partBytes?: number }> {
  return server.inspect
    .requests()
    .filter((r) => r.action.toLowerCase() === 'upload' && r.uploadTokenId === tokenId)
    .map(({ resume, resumeAt, finalChunk, partBytes }) => ({ resume, resumeAt, finalChunk, partBytes }))
}

describe('uploading a file in chunks', () => {
  it('assembles the exact bytes from out-of-order and re-sent chunks, and the entry made from it becomes READY', async () => {
    const token = await client.uploadToken.add({ fileName: 'Interview take 3.mp4', fileSize: FILE_SIZE })
    const send = (index: number, options: { resume?: boolean } = {}) =>
      client.uploadToken.upload({
        uploadTokenId: token.id,
        filePath,
        ...chunk(index),
        resume: options.resume ?? true,
        resumeAt: chunk(index).start,
        finalChunk: false
      })

    const first = await send(0, { resume: false })
    expect(first).toMatchObject({ status: UploadTokenStatus.PARTIAL_UPLOAD, uploadedFileSize: CHUNK })

    // Chunk 3 arrives before 1 and 2; chunk 1 is sent twice.
    const afterGap = await send(3)
    expect(afterGap.uploadedFileSize).toBe(CHUNK)
    await send(1)
    await send(1)
    await Promise.all([send(4), send(2)])

    const final = await client.uploadToken.upload({
      uploadTokenId: token.id,
      filePath,
      start: FILE_SIZE,
      end: FILE_SIZE,
      resume: true,
      resumeAt: FILE_SIZE,
      finalChunk: true
    })
    expect(final).toMatchObject({ status: UploadTokenStatus.FULL_UPLOAD, uploadedFileSize: FILE_SIZE })
    expect(server.inspect.upload(token.id)).toMatchObject({ uploadedFileSize: FILE_SIZE, sha256: fileSha256, fileName: 'Interview take 3.mp4' })

    // Every call carried resume, resumeAt and finalChunk explicitly (the server's defaults would be false, -1, true).
    const recorded = uploadRequestsFor(token.id)
    expect(recorded).toHaveLength(7)
    expect(recorded.slice(0, 4)).toEqual([
      { resume: false, resumeAt: 0, finalChunk: false, partBytes: CHUNK },
      { resume: true, resumeAt: 3 * CHUNK, finalChunk: false, partBytes: CHUNK },
      { resume: true, resumeAt: CHUNK, finalChunk: false, partBytes: CHUNK },
      { resume: true, resumeAt: CHUNK, finalChunk: false, partBytes: CHUNK }
    ])
    expect(recorded.slice(4, 6).sort((a, b) => (a.resumeAt ?? 0) - (b.resumeAt ?? 0))).toEqual([
      { resume: true, resumeAt: 2 * CHUNK, finalChunk: false, partBytes: CHUNK },
      { resume: true, resumeAt: 4 * CHUNK, finalChunk: false, partBytes: 777_777 }
    ])
    expect(recorded[6]).toEqual({ resume: true, resumeAt: FILE_SIZE, finalChunk: true, partBytes: 0 })

    const entry = await client.media.add({ name: 'Interview take 3', mediaType: MediaType.VIDEO })
    await client.media.addContent(entry.id, token.id)
    expect(await client.uploadToken.get(token.id)).toMatchObject({ status: UploadTokenStatus.CLOSED })
    const ready = await waitFor(() => client.media.get(entry.id), (e) => e.status === EntryStatus.READY || e.status === EntryStatus.ERROR_CONVERTING)
    expect(ready.status).toBe(EntryStatus.READY)
    expect(server.inspect.entry(entry.id)).toMatchObject({ size: FILE_SIZE, sha256: fileSha256, tokenId: token.id })
  })

  it('finishes an entry that was attached before the upload: the final call closes the token', async () => {
    const entry = await client.media.add({ name: 'attached first', mediaType: MediaType.VIDEO })
    const token = await client.uploadToken.add({ fileName: 'Interview take 3.mp4', fileSize: FILE_SIZE })
    expect(await client.media.addContent(entry.id, token.id)).toMatchObject({ status: EntryStatus.IMPORT })

    for (let index = 0; index < 5; index++) {
      await client.uploadToken.upload({ uploadTokenId: token.id, filePath, ...chunk(index), resume: index > 0, resumeAt: chunk(index).start, finalChunk: false })
    }
    const final = await client.uploadToken.upload({
      uploadTokenId: token.id,
      filePath,
      start: FILE_SIZE,
      end: FILE_SIZE,
      resume: true,
      resumeAt: FILE_SIZE,
      finalChunk: true
    })
    expect(final.status).toBe(UploadTokenStatus.CLOSED)
    await waitFor(() => client.media.get(entry.id), (e) => e.status === EntryStatus.READY)
    expect(server.inspect.entry(entry.id)?.sha256).toBe(fileSha256)
  })

  it('reports the bytes of the chunk handed on and waits for the rate limiter before each piece', async () => {
    const token = await client.uploadToken.add({ fileName: 'progress.mp4', fileSize: FILE_SIZE })
    const progress: number[] = []
    const asked: number[] = []
    await client.uploadToken.upload(
      { uploadTokenId: token.id, filePath, fileName: 'progress.mp4', start: 0, end: 2 * MiB + 5, resume: false, resumeAt: 0, finalChunk: false },
      {
        onProgress: (bytes) => progress.push(bytes),
        bodyRateLimiter: async (bytes) => {
          asked.push(bytes)
          await new Promise((resolve) => setImmediate(resolve))
        }
      }
    )
    expect(asked).toEqual([MiB, MiB, 5])
    expect(progress).toEqual([MiB, 2 * MiB, 2 * MiB + 5])
    expect(server.inspect.upload(token.id)?.uploadedFileSize).toBe(2 * MiB + 5)
  })

  it('the final call finds a chunk still missing and fails with a retryable size mismatch, then succeeds once it arrives', async () => {
    const token = await client.uploadToken.add({ fileName: 'gap.mp4', fileSize: 2 * CHUNK })
    const base = { uploadTokenId: token.id, filePath, fileName: 'gap.mp4' }
    await client.uploadToken.upload({ ...base, ...chunk(0), resume: false, resumeAt: 0, finalChunk: false })
    const finalCall = { ...base, start: 2 * CHUNK, end: 2 * CHUNK, resume: true, resumeAt: 2 * CHUNK, finalChunk: true }
    await expect(client.uploadToken.upload(finalCall)).rejects.toMatchObject({ code: 'UPLOAD_TOKEN_CANNOT_MATCH_EXPECTED_SIZE' })
    await client.uploadToken.upload({ ...base, ...chunk(1), resume: true, resumeAt: CHUNK, finalChunk: false })
    await expect(client.uploadToken.upload(finalCall)).resolves.toMatchObject({ status: UploadTokenStatus.FULL_UPLOAD, uploadedFileSize: 2 * CHUNK })
  })
})
