// A body read from a handle the caller opened and checked: no second look at the file's size up front, yet a file
// cut short under that handle still ends the body as a 'changed' source file, never as a short upload.
import { randomBytes } from 'node:crypto'
import { mkdtemp, open, rm, truncate, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MAX_PIECE_BYTES, openMultipartBody } from '../../../src/main/kaltura/multipartBody'

let dir: string

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kaltura-multipart-handle-'))
})

afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

async function readAll(stream: ReadableStream<Uint8Array>): Promise<Buffer> {
  const pieces: Uint8Array[] = []
  for await (const piece of stream) pieces.push(piece)
  return Buffer.concat(pieces)
}

describe('a multipart body on a caller\'s handle', () => {
  it('reads the range from that handle and leaves it open for the caller', async () => {
    const path = join(dir, 'whole.mp4')
    const content = randomBytes(MAX_PIECE_BYTES + 100)
    await writeFile(path, content)
    const handle = await open(path, 'r')
    try {
      const body = await openMultipartBody({ fields: [], fileField: 'fileData', file: { path, handle, fileName: 'whole.mp4', start: 50, end: MAX_PIECE_BYTES + 100 } }, new AbortController().signal)
      const bytes = await readAll(body.stream)
      await body.close()
      expect(bytes.length).toBe(body.contentLength)
      expect(bytes.includes(content.subarray(50))).toBe(true)
      expect((await handle.stat()).size).toBe(content.length)
    } finally {
      await handle.close()
    }
  })

  it('a file cut short after the caller checked it fails the body as changed', async () => {
    const path = join(dir, 'cut.mp4')
    await writeFile(path, randomBytes(3 * MAX_PIECE_BYTES))
    const handle = await open(path, 'r')
    try {
      await truncate(path, MAX_PIECE_BYTES + 10)
      const body = await openMultipartBody({ fields: [], fileField: 'fileData', file: { path, handle, fileName: 'cut.mp4', start: 0, end: 3 * MAX_PIECE_BYTES } }, new AbortController().signal)
      await expect(readAll(body.stream)).rejects.toMatchObject({ kind: 'source-file', reason: 'changed' })
      expect(body.failure()).toMatchObject({ reason: 'changed' })
      await body.close()
    } finally {
      await handle.close()
    }
  })
})
