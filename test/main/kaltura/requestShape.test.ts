// What the client puts on the wire: URLs, exact headers and envelope params through a recording fetch; upload
// requests, which go over node:http, through a real loopback server.
import { randomBytes } from 'node:crypto'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createKalturaClient, type KalturaClient } from '../../../src/main/kaltura/client'

interface Recorded {
  url: string
  method: string
  headers: Headers
  body: Buffer
}

let dir: string
let filePath: string

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kaltura-request-shape-'))
  filePath = join(dir, 'Clip ü.mov')
  await writeFile(filePath, randomBytes(3000))
})

afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

async function bytesOf(stream: ReadableStream<Uint8Array>): Promise<Buffer> {
  const pieces: Uint8Array[] = []
  for await (const piece of stream) pieces.push(piece)
  return Buffer.concat(pieces)
}

function recordingClient(reply: unknown, serviceUrl = 'https://kaltura.example.com/'): { client: KalturaClient; requests: Recorded[] } {
  const requests: Recorded[] = []
  const client = createKalturaClient({
    serviceUrl,
    credentials: { kind: 'ks', ks: 'the-pasted-ks' },
    clientTag: 'tag-under-test',
    apiVersion: '1.2.3',
    fetch: async (input, init) => {
      const body = init?.body instanceof ReadableStream ? await bytesOf(init.body) : Buffer.from(String(init?.body))
      requests.push({
        url: String(input),
        method: init?.method ?? 'GET',
        headers: new Headers(init?.headers),
        body
      })
      return new Response(JSON.stringify(reply), { status: 200, headers: { 'Content-Type': 'application/json' } })
    }
  })
  return { client, requests }
}

describe('a JSON call on the wire', () => {
  it('POSTs to /api_v3/service/{service}/action/{action} with exactly application/json and the envelope params', async () => {
    const { client, requests } = recordingClient({ id: '0_t', status: 0, objectType: 'KalturaUploadToken' })
    await client.uploadToken.add({ fileName: 'a.mp4', fileSize: 5_368_709_120 })
    const [request] = requests
    expect(request?.url).toBe('https://kaltura.example.com/api_v3/service/uploadtoken/action/add')
    expect(request?.method).toBe('POST')
    expect(request?.headers.get('content-type')).toBe('application/json')
    expect(JSON.parse(request?.body.toString() ?? '')).toEqual({
      format: 1,
      clientTag: 'tag-under-test',
      apiVersion: '1.2.3',
      ks: 'the-pasted-ks',
      uploadToken: { objectType: 'KalturaUploadToken', fileName: 'a.mp4', fileSize: 5_368_709_120 }
    })
  })

  it('sends list filters as typed objects with comma lists, and decodes the list', async () => {
    const { client, requests } = recordingClient({
      objects: [{ id: '0_abcdefgh', name: 'n', status: 2 }],
      totalCount: 1,
      objectType: 'KalturaMediaListResponse'
    })
    const list = await client.media.list({ referenceIdIn: ['r1', 'r2'], statusIn: [0, 2] }, { pageSize: 10 })
    expect(list).toEqual({ objects: [{ id: '0_abcdefgh', name: 'n', status: 2 }], totalCount: 1 })
    expect(JSON.parse(requests[0]?.body.toString() ?? '')).toMatchObject({
      filter: { objectType: 'KalturaMediaEntryFilter', referenceIdIn: 'r1,r2', statusIn: '0,2' },
      pager: { objectType: 'KalturaFilterPager', pageSize: 10 }
    })
  })

  it('sends the uploaded-file-token resource with its objectType in addContent', async () => {
    const { client, requests } = recordingClient({ id: '0_abcdefgh', name: 'n', status: 0 })
    await client.media.addContent('0_abcdefgh', '0_token')
    expect(JSON.parse(requests[0]?.body.toString() ?? '')).toMatchObject({
      entryId: '0_abcdefgh',
      resource: { objectType: 'KalturaUploadedFileTokenResource', token: '0_token' }
    })
  })
})

describe('an upload call on the wire', () => {
  it('streams multipart with an exact Content-Length, explicit resume/resumeAt/finalChunk, the real file name and the range\'s bytes', async () => {
    // Uploads go over node:http, not fetch: capture them with a real server on loopback.
    const { createServer } = await import('node:http')
    const { readFile } = await import('node:fs/promises')
    let captured: { url: string; headers: Record<string, string | string[] | undefined>; body: Buffer } | null = null
    const server = createServer((req, res) => {
      const pieces: Buffer[] = []
      req.on('data', (d: Buffer) => pieces.push(d))
      req.on('end', () => {
        captured = { url: req.url ?? '', headers: req.headers, body: Buffer.concat(pieces) }
        res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ id: '0_t', status: 1, uploadedFileSize: 2500, objectType: 'KalturaUploadToken' }))
      })
    })
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    try {
      const { port } = server.address() as { port: number }
      const client = createKalturaClient({ serviceUrl: `http://127.0.0.1:${port}`, credentials: { kind: 'ks', ks: 'the-pasted-ks' } })
      await client.uploadToken.upload({ uploadTokenId: '0_t', filePath, start: 1000, end: 2500, resume: true, resumeAt: 1000, finalChunk: false })
      const request = captured!
      expect(request.url).toBe('/api_v3/service/uploadtoken/action/upload')
      expect(request.headers['content-type']).toMatch(/^multipart\/form-data; boundary=\S+$/)
      expect(request.headers['transfer-encoding']).toBeUndefined()
      expect(Number(request.headers['content-length'])).toBe(request.body.length)
      const text = request.body.toString('latin1')
      const field = (name: string): string | undefined => new RegExp(`name="${name}"\\r\\n\\r\\n([^\\r]*)\\r\\n`).exec(text)?.[1]
      expect([field('ks'), field('format'), field('uploadTokenId'), field('resume'), field('resumeAt'), field('finalChunk')]).toEqual([
        'the-pasted-ks',
        '1',
        '0_t',
        '1',
        '1000',
        '0'
      ])
      expect(request.body.toString('utf8')).toContain('name="fileData"; filename="Clip ü.mov"\r\nContent-Type: application/octet-stream\r\n\r\n')
      const partStart = request.body.indexOf('\r\n\r\n', request.body.indexOf('name="fileData"')) + 4
      expect(request.body.subarray(partStart, partStart + 1500).equals((await readFile(filePath)).subarray(1000, 2500))).toBe(true)
    } finally {
      await new Promise<void>((r) => server.close(() => r()))
    }
  })

  it('refuses resumeAt -1 and impossible ranges before sending anything', async () => {
    const { client, requests } = recordingClient(null)
    const base = { uploadTokenId: '0_t', filePath, resume: true, finalChunk: false }
    await expect(client.uploadToken.upload({ ...base, start: 0, end: 10, resumeAt: -1 })).rejects.toBeInstanceOf(RangeError)
    await expect(client.uploadToken.upload({ ...base, start: 10, end: 5, resumeAt: 10 })).rejects.toBeInstanceOf(RangeError)
    expect(requests).toHaveLength(0)
  })
})

describe('creating a client', () => {
  it('refuses a service URL that is not http(s)', () => {
    expect(() => createKalturaClient({ serviceUrl: 'ftp://kaltura.example.com', credentials: { kind: 'ks', ks: 'k' } })).toThrow(TypeError)
  })
})
