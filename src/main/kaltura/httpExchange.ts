// One HTTP exchange with Kaltura over node:http(s): the keep-alive agents every request shares (so API calls and
// chunk uploads reuse the same warm sockets), and reading a reply off a response.
import { Agent as HttpAgent, type IncomingMessage } from 'node:http'
import { Agent as HttpsAgent } from 'node:https'
import type { RawReply } from './envelope'

// An idle socket stays pooled until the server closes it; a request that races that close fails as a network error,
// which the engine's retry loop absorbs.
const agents = { http: new HttpAgent({ keepAlive: true }), https: new HttpsAgent({ keepAlive: true }) }

/** Replies are small JSON documents; anything far bigger is not Kaltura and is cut here. */
const MAX_REPLY_BYTES = 4 * 1024 * 1024

export function agentFor(target: URL): HttpAgent {
  return target.protocol === 'https:' ? agents.https : agents.http
}

/** Reads the response to its end, then hands over the status, the headers the envelope reads, and the body. */
export function collectReply(response: IncomingMessage, done: (reply: RawReply) => void, fail: (error: unknown) => void): void {
  const chunks: Buffer[] = []
  let size = 0
  response.on('data', (chunk: Buffer) => {
    size += chunk.length
    if (size <= MAX_REPLY_BYTES) chunks.push(chunk)
  })
  response.on('error', fail)
  response.on('end', () => {
    const header = (name: string): string | null => {
      const value = response.headers[name]
      return Array.isArray(value) ? (value[0] ?? null) : (value ?? null)
    }
    done({
      status: response.statusCode ?? 0,
      statusText: response.statusMessage ?? '',
      contentType: header('content-type'),
      retryAfter: header('retry-after'),
      body: chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks).toString('utf8')
    })
  })
}
