// One HTTP exchange with Kaltura over node:http(s): the keep-alive agents every request shares (so API calls and
// chunk uploads reuse the same warm sockets), and reading a reply off a response.
import { Agent as HttpAgent, type IncomingMessage } from 'node:http'
import { Agent as HttpsAgent } from 'node:https'
import type { RawReply } from './envelope'

// An idle socket is closed after 4 s (as fetch's undici does), or sooner when the server's Keep-Alive header says so
// (Node reads that hint only when the agent has a timeout). A request must not race the server closing an idle
// socket: for media.add or uploadToken.add a reset means an unknown outcome and a patient look before repeating.
// The timeout only closes idle sockets: a request waiting longer for its reply (a final call) is not cut.
const IDLE_SOCKET_MS = 4000
const agents = { http: new HttpAgent({ keepAlive: true, timeout: IDLE_SOCKET_MS }), https: new HttpsAgent({ keepAlive: true, timeout: IDLE_SOCKET_MS }) }

/** Every request names the uploader: proxies and firewalls in front of Kaltura may refuse a request without one. */
export const USER_AGENT = `KalturaBatchUploader (Node.js ${process.version})`

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
