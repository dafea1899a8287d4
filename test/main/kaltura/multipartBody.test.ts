// The upload body is streamed from disk by offset in ≤ 1 MiB pieces, with an exact length, in multipart shape.
import { createHash, randomBytes } from 'node:crypto'
import { mkdtemp, open, rm, truncate, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SourceFileError } from '../../../src/main/kaltura/errors'
import { MAX_PIECE_BYTES, openMultipartBody, type MultipartSpec } from '../../../src/main/kaltura/multipartBody'

let dir: string
let smallFile: string
const smallContent = randomBytes(3 * MAX_PIECE_BYTES + 12_345)

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kaltura-multipart-'))
  smallFile = join(dir, 'clip.mp4')
  await writeFile(smallFile, smallContent)
})

afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

async function drain(stream: ReadableStream<Uint8Array>): Promise<Uint8Array[]> {
  const pieces: Uint8Array[] = []
  const reader = stream.getReader()
  for (;;) {
    const { done, value } = await reader.read()
    if (done) return pieces
    pieces.push(value)
  }
}

function spec(file: MultipartSpec['file'], extra: Partial<MultipartSpec> = {}): MultipartSpec {
  return {
    fields: [
      ['ks', 'the-ks'],
      ['resume', '1'],
      ['resumeAt', String(file.start)],
      ['finalChunk', '0']
    ],
    fileField: 'fileData',
    file,
    ...extra
  }
}

describe('a multipart upload body', () => {
  it('carries the fields, then the fileData part with the file name, then the closing boundary', async () => {
    const start = 1000
    const end = 2 * MAX_PIECE_BYTES + 500
    const body = await openMultipartBody(spec({ path: smallFile, fileName: 'clip.mp4', start, end }), new AbortController().signal)
    const bytes = Buffer.concat(await drain(body.stream))
    await body.close()

    const boundary = /boundary=(.+)$/.exec(body.contentType)?.[1] ?? ''
    expect(body.contentType.startsWith('multipart/form-data; boundary=')).toBe(true)
    expect(bytes.length).toBe(body.contentLength)

    const text = bytes.toString('latin1')
    const parts = text.split(`--${boundary}`)
    expect(parts[0]).toBe('')
    expect(parts.at(-1)).toBe('--\r\n')
    const fields = parts.slice(1, -2).map((part) => /name="([^"]+)"\r\n\r\n(.*)\r\n$/s.exec(part)?.slice(1, 3))
    expect(fields).toEqual([
      ['ks', 'the-ks'],
      ['resume', '1'],
      ['resumeAt', '1000'],
      ['finalChunk', '0']
    ])
    const filePart = parts.at(-2) ?? ''
    const headerEnd = filePart.indexOf('\r\n\r\n')
    expect(filePart.slice(0, headerEnd)).toBe(
      '\r\nContent-Disposition: form-data; name="fileData"; filename="clip.mp4"\r\nContent-Type: application/octet-stream'
    )
    const payload = Buffer.from(filePart.slice(headerEnd + 4, -2), 'latin1')
    expect(payload.equals(smallContent.subarray(start, end))).toBe(true)
  })

  it('hands file bytes on in pieces of at most 1 MiB, reporting progress and asking the rate limiter before each', async () => {
    const progress: number[] = []
    const limiterAsks: number[] = []
    const body = await openMultipartBody(
      spec(
        { path: smallFile, fileName: 'clip.mp4', start: 0, end: smallContent.length },
        {
          onProgress: (bytes) => progress.push(bytes),
          bodyRateLimiter: async (bytes) => {
            limiterAsks.push(bytes)
          }
        }
      ),
      new AbortController().signal
    )
    const pieces = await drain(body.stream)
    await body.close()
    expect(Math.max(...pieces.map((piece) => piece.length))).toBeLessThanOrEqual(MAX_PIECE_BYTES)
    expect(limiterAsks).toEqual([MAX_PIECE_BYTES, MAX_PIECE_BYTES, MAX_PIECE_BYTES, 12_345])
    expect(progress).toEqual([1, 2, 3].map((n) => n * MAX_PIECE_BYTES).concat(smallContent.length))
  })

  it('can be an empty part, as the final call is', async () => {
    const end = smallContent.length
    const body = await openMultipartBody(spec({ path: smallFile, fileName: 'clip.mp4', start: end, end }), new AbortController().signal)
    const text = Buffer.concat(await drain(body.stream)).toString('latin1')
    await body.close()
    expect(text.length).toBe(body.contentLength)
    expect(text).toMatch(/Content-Type: application\/octet-stream\r\n\r\n\r\n--[^\r]+--\r\n$/)
  })

  it('percent-encodes quotes and line breaks in the file name', async () => {
    const body = await openMultipartBody(
      spec({ path: smallFile, fileName: 'my "best"\r\nclip.mp4', start: 0, end: 0 }),
      new AbortController().signal
    )
    const text = Buffer.concat(await drain(body.stream)).toString('utf8')
    await body.close()
    expect(text).toContain('filename="my %22best%22%0D%0Aclip.mp4"')
  })

  it('reads by offset above 4 GiB from a 5 GiB file without holding it in memory', async () => {
    const big = join(dir, 'five-gib.bin')
    const size = 5 * 1024 ** 3
    await writeFile(big, '')
    await truncate(big, size) // sparse: no 5 GiB written to disk
    const start = size - 2 * MAX_PIECE_BYTES - 7
    const headMark = randomBytes(64)
    const tailMark = randomBytes(64)
    const handle = await open(big, 'r+')
    await handle.write(headMark, 0, 64, start)
    await handle.write(tailMark, 0, 64, size - 64)
    await handle.close()

    const body = await openMultipartBody(spec({ path: big, fileName: 'five-gib.bin', start, end: size }), new AbortController().signal)
    const bytes = Buffer.concat(await drain(body.stream))
    await body.close()
    const expected = Buffer.alloc(size - start)
    headMark.copy(expected, 0)
    tailMark.copy(expected, expected.length - 64)
    const payloadStart = bytes.indexOf('\r\n\r\n', bytes.indexOf('name="fileData"')) + 4
    const payload = bytes.subarray(payloadStart, payloadStart + expected.length)
    expect(createHash('sha256').update(payload).digest('hex')).toBe(createHash('sha256').update(expected).digest('hex'))
    expect(bytes.length).toBe(body.contentLength)
    await rm(big)
  })
})

describe('a multipart body whose file is not what it was', () => {
  it('refuses up front when the file is now shorter than the chunk end', async () => {
    const promise = openMultipartBody(
      spec({ path: smallFile, fileName: 'clip.mp4', start: 0, end: smallContent.length + 1 }),
      new AbortController().signal
    )
    await expect(promise).rejects.toBeInstanceOf(SourceFileError)
    await expect(promise).rejects.toMatchObject({ kind: 'source-file', reason: 'changed' })
  })

  it('refuses a missing file as unreadable', async () => {
    await expect(
      openMultipartBody(spec({ path: join(dir, 'gone.mp4'), fileName: 'gone.mp4', start: 0, end: 1 }), new AbortController().signal)
    ).rejects.toMatchObject({ kind: 'source-file', reason: 'unreadable' })
  })

  it('fails the stream with a source-file error when the file shrinks while it is being sent', async () => {
    const shrinking = join(dir, 'shrinking.bin')
    await writeFile(shrinking, randomBytes(3 * MAX_PIECE_BYTES))
    const body = await openMultipartBody(
      spec({ path: shrinking, fileName: 'shrinking.bin', start: 0, end: 3 * MAX_PIECE_BYTES }),
      new AbortController().signal
    )
    const reader = body.stream.getReader()
    await reader.read() // preamble
    await reader.read() // first MiB
    await truncate(shrinking, MAX_PIECE_BYTES + 10)
    await expect(reader.read()).rejects.toMatchObject({ kind: 'source-file', reason: 'changed' })
    expect(body.failure()).toMatchObject({ reason: 'changed', path: shrinking })
    await body.close()
  })
})
