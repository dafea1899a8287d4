// An upload body reads each piece of file bytes into memory the connection has handed back (its own, or an earlier
// chunk's), instead of a new megabyte per piece, and never into memory still on its way out: the bytes on the wire
// stay the file's.
import { randomBytes } from 'node:crypto'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { createServer } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createKalturaClient } from '../../../src/main/kaltura/client'
import { MAX_PIECE_BYTES, openMultipartBody, type MultipartBody } from '../../../src/main/kaltura/multipartBody'

let dir: string
let filePath: string
const content = randomBytes(4 * MAX_PIECE_BYTES + 777)
const start = 1000
const end = 3 * MAX_PIECE_BYTES + 500

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kaltura-piece-reuse-'))
  filePath = join(dir, 'clip.mp4')
  await writeFile(filePath, content)
})

afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

function openBody(): Promise<MultipartBody> {
  return openMultipartBody({ fields: [['ks', 'k']], fileField: 'fileData', file: { path: filePath, fileName: 'clip.mp4', start, end } }, new AbortController().signal)
}

/** The file part's bytes inside a whole multipart body. */
function filePart(body: Buffer): Buffer {
  const from = body.indexOf('\r\n\r\n', body.indexOf('name="fileData"')) + 4
  return body.subarray(from, from + (end - start))
}

describe('upload pieces handed back', () => {
  it('are read into again, piece after piece, and the body still carries exactly the range', async () => {
    const body = await openBody()
    const reader = body.stream.getReader()
    const copies: Buffer[] = []
    const memory = new Set<ArrayBufferLike>()
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      copies.push(Buffer.from(value))
      if (value.length > 1000 && value.length <= MAX_PIECE_BYTES && copies.length > 1) memory.add(value.buffer)
      body.reuse(value)
    }
    await body.close()
    expect(filePart(Buffer.concat(copies)).equals(content.subarray(start, end))).toBe(true)
    expect(memory.size).toBe(1)
  })

  it('a piece handed back twice is reused once: the next two pieces never share memory', async () => {
    const body = await openBody()
    const reader = body.stream.getReader()
    await reader.read() // the fields
    const first = (await reader.read()).value!
    body.reuse(first)
    body.reuse(first)
    const second = (await reader.read()).value!
    const secondBytes = Buffer.from(second)
    const third = (await reader.read()).value!
    expect(second.buffer).toBe(first.buffer)
    expect(third.buffer).not.toBe(second.buffer)
    expect(Buffer.from(second).equals(secondBytes)).toBe(true)
    expect(Buffer.from(second).equals(content.subarray(start + MAX_PIECE_BYTES, start + 2 * MAX_PIECE_BYTES))).toBe(true)
    await reader.cancel()
    await body.close()
  })

  it('the next chunk reads into the memory an earlier chunk handed back, so a long upload allocates no new pieces', async () => {
    const earlier = await openBody()
    const earlierReader = earlier.stream.getReader()
    await earlierReader.read() // the fields
    const piece = (await earlierReader.read()).value!
    earlier.reuse(piece)
    await earlierReader.cancel()
    await earlier.close()
    const next = await openBody()
    const reader = next.stream.getReader()
    await reader.read() // the fields
    const first = (await reader.read()).value!
    expect(first.buffer).toBe(piece.buffer)
    expect(Buffer.from(first).equals(content.subarray(start, start + MAX_PIECE_BYTES))).toBe(true)
    await reader.cancel()
    await next.close()
  })

  it('a slow connection\'s smaller pieces: none over the size asked, each reported as it goes, the range exact', async () => {
    const small = 64 * 1024
    const reported: number[] = []
    const body = await openMultipartBody({ fields: [['ks', 'k']], fileField: 'fileData', file: { path: filePath, fileName: 'clip.mp4', start, end }, pieceBytes: small, onProgress: (sent) => reported.push(sent) }, new AbortController().signal)
    const reader = body.stream.getReader()
    const copies: Buffer[] = []
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      copies.push(Buffer.from(value))
      body.reuse(value)
    }
    await body.close()
    expect(filePart(Buffer.concat(copies)).equals(content.subarray(start, end))).toBe(true)
    expect(reported).toHaveLength(Math.ceil((end - start) / small))
    expect(reported.every((sent, i) => sent - (reported[i - 1] ?? 0) <= small)).toBe(true)
    expect(reported.at(-1)).toBe(end - start)
  })

  it('over a real connection, a multi-piece chunk arrives byte for byte', async () => {
    let received: Buffer | null = null
    const server = createServer((req, res) => {
      const pieces: Buffer[] = []
      req.on('data', (d: Buffer) => pieces.push(d))
      req.on('end', () => {
        received = Buffer.concat(pieces)
        res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ id: '0_t', status: 1, uploadedFileSize: end, objectType: 'KalturaUploadToken' }))
      })
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    try {
      const { port } = server.address() as { port: number }
      const client = createKalturaClient({ serviceUrl: `http://127.0.0.1:${port}`, credentials: { kind: 'ks', ks: 'k' } })
      await client.uploadToken.upload({ uploadTokenId: '0_t', filePath, start, end, resume: true, resumeAt: start, finalChunk: false })
      expect(received).not.toBeNull()
      expect(filePart(received!).equals(content.subarray(start, end))).toBe(true)
    } finally {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    }
  })
})
