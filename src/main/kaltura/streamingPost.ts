// POSTs a streamed multipart body with node:http(s), writing each piece only after the socket took the previous
// one. Not fetch: undici's fetch keeps every chunk of a streamed request body alive until the request ends
// (nodejs/undici#4058), which for 100 MB chunks on six connections is most of a gigabyte.
import { request as httpRequest, Agent as HttpAgent, type IncomingMessage, type ClientRequest } from 'node:http'
import { request as httpsRequest, Agent as HttpsAgent } from 'node:https'
import type { RawReply } from './envelope'
import type { MultipartBody } from './multipartBody'

const agents = { http: new HttpAgent({ keepAlive: true }), https: new HttpsAgent({ keepAlive: true }) }

/** Replies are small JSON documents; anything far bigger is not Kaltura and is cut here. */
const MAX_REPLY_BYTES = 4 * 1024 * 1024

export function postStreaming(url: string, body: MultipartBody, signal: AbortSignal): Promise<RawReply> {
  const target = new URL(url)
  const secure = target.protocol === 'https:'
  const send = secure ? httpsRequest : httpRequest
  return new Promise<RawReply>((resolve, reject) => {
    let settled = false
    const fail = (error: unknown): void => {
      if (settled) return
      settled = true
      req.destroy()
      reject(error)
    }
    const req: ClientRequest = send(target, {
      method: 'POST',
      agent: secure ? agents.https : agents.http,
      headers: { 'Content-Type': body.contentType, 'Content-Length': String(body.contentLength) },
      signal
    })
    req.on('error', fail)
    req.on('response', (response: IncomingMessage) => {
      const chunks: Buffer[] = []
      let size = 0
      response.on('data', (chunk: Buffer) => {
        size += chunk.length
        if (size <= MAX_REPLY_BYTES) chunks.push(chunk)
      })
      response.on('error', fail)
      response.on('end', () => {
        if (settled) return
        settled = true
        const header = (name: string): string | null => {
          const value = response.headers[name]
          return Array.isArray(value) ? (value[0] ?? null) : (value ?? null)
        }
        resolve({
          status: response.statusCode ?? 0,
          statusText: response.statusMessage ?? '',
          contentType: header('content-type'),
          retryAfter: header('retry-after'),
          body: Buffer.concat(chunks).toString('utf8')
        })
      })
    })
    void writeBody(req, body).catch(fail)
  })
}

async function writeBody(req: ClientRequest, body: MultipartBody): Promise<void> {
  const reader = body.stream.getReader()
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      if (req.destroyed) return
      if (!req.write(value)) await drained(req)
    }
    req.end()
  } finally {
    reader.releaseLock()
  }
}

function drained(req: ClientRequest): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = (): void => {
      req.off('drain', done)
      req.off('close', closed)
      resolve()
    }
    const closed = (): void => {
      req.off('drain', done)
      reject(new Error('the connection closed while the body was being sent'))
    }
    req.once('drain', done)
    req.once('close', closed)
  })
}
