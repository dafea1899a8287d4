// JSON calls on the wire without an injected fetch: node:http on the shared keep-alive agent, recorded by a real
// loopback server — exact headers and body, one reused connection, and replies that are cut, trickle or are not JSON.
import { randomBytes } from 'node:crypto'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createKalturaClient, type KalturaClient } from '../../../src/main/kaltura/client'
import { classifyKalturaError, KalturaTransportError } from '../../../src/main/kaltura/errors'
import { failureOf } from './serverFixture'

interface Seen {
  url: string
  headers: IncomingMessage['headers']
  body: Buffer
  remotePort: number | undefined
}

type Reply = (res: ServerResponse) => void

const TOKEN = { id: '0_t', status: 0, objectType: 'KalturaUploadToken' }
const json =
  (value: unknown): Reply =>
  (res) =>
    res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(value))

let server: Server
let client: KalturaClient
let seen: Seen[]
let replies: Reply[]
let dir: string
let filePath: string

beforeAll(async () => {
  server = createServer((req, res) => {
    const pieces: Buffer[] = []
    req.on('data', (d: Buffer) => pieces.push(d))
    req.on('end', () => {
      seen.push({ url: req.url ?? '', headers: req.headers, body: Buffer.concat(pieces), remotePort: req.socket.remotePort })
      ;(replies.shift() ?? json(TOKEN))(res)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  client = createKalturaClient({
    serviceUrl: `http://127.0.0.1:${port}`,
    credentials: { kind: 'ks', ks: 'the-pasted-ks' },
    clientTag: 'tag-under-test',
    apiVersion: '1.2.3'
  })
  dir = await mkdtemp(join(tmpdir(), 'kaltura-json-wire-'))
  filePath = join(dir, 'clip.mp4')
  await writeFile(filePath, randomBytes(2000))
})

beforeEach(() => {
  seen = []
  replies = []
})

afterAll(async () => {
  server.closeAllConnections()
  await new Promise<void>((resolve) => server.close(() => resolve()))
  await rm(dir, { recursive: true, force: true })
})

describe('a JSON call over node:http', () => {
  it('POSTs exactly application/json with an exact Content-Length, the envelope params and the KS', async () => {
    await client.uploadToken.add({ fileName: 'ü.mp4', fileSize: 5_368_709_120 })
    const [request] = seen
    expect(request?.url).toBe('/api_v3/service/uploadtoken/action/add')
    expect(request?.headers['content-type']).toBe('application/json')
    expect(request?.headers['transfer-encoding']).toBeUndefined()
    expect(Number(request?.headers['content-length'])).toBe(request?.body.length)
    expect(request?.headers['user-agent']).toMatch(/^KalturaBatchUploader \(Node\.js v\d+/)
    expect(JSON.parse(request?.body.toString('utf8') ?? '')).toEqual({
      format: 1,
      clientTag: 'tag-under-test',
      apiVersion: '1.2.3',
      ks: 'the-pasted-ks',
      uploadToken: { objectType: 'KalturaUploadToken', fileName: 'ü.mp4', fileSize: 5_368_709_120 }
    })
  })

  it('keeps the service URL\'s own path in front of the API path', async () => {
    const { port } = server.address() as { port: number }
    const behindPath = createKalturaClient({ serviceUrl: `http://127.0.0.1:${port}/kaltura/`, credentials: { kind: 'ks', ks: 'the-pasted-ks' } })
    await behindPath.uploadToken.get('0_t')
    await client.uploadToken.get('0_t')
    expect(seen.map((s) => s.url)).toEqual(['/kaltura/api_v3/service/uploadtoken/action/get', '/api_v3/service/uploadtoken/action/get'])
  })

  it('keeps one connection alive across calls, uploads included', async () => {
    await client.uploadToken.add({ fileName: 'clip.mp4', fileSize: 2000 })
    replies.push(json({ ...TOKEN, status: 2, uploadedFileSize: 2000 }))
    await client.uploadToken.upload({ uploadTokenId: '0_t', filePath, start: 0, end: 2000, resume: false, resumeAt: 0, finalChunk: true })
    await client.uploadToken.get('0_t')
    expect(seen.map((s) => s.url)).toEqual([
      '/api_v3/service/uploadtoken/action/add',
      '/api_v3/service/uploadtoken/action/upload',
      '/api_v3/service/uploadtoken/action/get'
    ])
    expect(new Set(seen.map((s) => s.remotePort)).size).toBe(1)
    // Uploads name the uploader as the JSON calls do.
    expect(seen.map((s) => s.headers['user-agent'])).toEqual(seen.map(() => seen[0]!.headers['user-agent']))
    expect(seen[1]!.headers['user-agent']).toMatch(/^KalturaBatchUploader /)
  })

  it('a reply slower than the idle-socket limit still arrives, and a connection idle past it is not reused', async () => {
    replies.push((res) => setTimeout(() => json(TOKEN)(res), 4_500))
    await client.uploadToken.get('0_t')
    // Idle longer than the 4 s limit: the client closed the socket itself rather than race the server closing it.
    await new Promise((resolve) => setTimeout(resolve, 4_500))
    await client.uploadToken.get('0_t')
    expect(seen).toHaveLength(2)
    expect(seen[0]!.remotePort).not.toBe(seen[1]!.remotePort)
  }, 20_000)

  it('a 200 reply that is not JSON (a captive portal page) is a bad response quoting the page', async () => {
    replies.push((res) => res.writeHead(200, { 'Content-Type': 'text/html' }).end('<html><title>Sign in to the hotel Wi-Fi</title></html>'))
    const error = await failureOf(client.uploadToken.get('0_t'))
    expect(error).toMatchObject({ kind: 'transport', reason: 'bad-response', status: 200, retryable: true })
    expect((error as KalturaTransportError).responseExcerpt).toContain('hotel Wi-Fi')
  })

  it('a reply cut off before its end is a retryable network error, and the next call works on a new connection', async () => {
    replies.push((res) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '500' })
      res.write('{"id":"0_t",', () => res.socket?.destroy())
    })
    const error = await failureOf(client.uploadToken.get('0_t'))
    expect(error).toMatchObject({ kind: 'transport', reason: 'network', retryable: true })
    expect(classifyKalturaError(error)).toBe('transient')
    await expect(client.uploadToken.get('0_t')).resolves.toMatchObject({ id: '0_t' })
    expect(seen).toHaveLength(2)
    expect(seen[1]?.remotePort).not.toBe(seen[0]?.remotePort)
  })

  it('a reply that starts but never ends times out: the limit covers the whole exchange, not only the headers', async () => {
    replies.push((res) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '500' })
      res.write('{"id":"0_t",')
    })
    const started = Date.now()
    const error = await failureOf(client.uploadToken.get('0_t', { timeoutMs: 300 }))
    expect(error).toMatchObject({ kind: 'transport', reason: 'timeout', retryable: true })
    expect((error as Error).message).toBe('uploadtoken.get: no complete reply within 300 ms')
    expect(Date.now() - started).toBeLessThan(5_000)
  })
})
