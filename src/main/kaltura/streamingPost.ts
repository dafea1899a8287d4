// POSTs a streamed multipart body with node:http(s), writing each piece only after the socket took the previous
// one. Not fetch: undici's fetch keeps every chunk of a streamed request body alive until the request ends
// (nodejs/undici#4058), which for 100 MB chunks on six connections is most of a gigabyte.
import { request as httpRequest, type IncomingMessage, type ClientRequest } from 'node:http'
import { request as httpsRequest } from 'node:https'
import type { RawReply } from './envelope'
import { agentFor, collectReply, USER_AGENT } from './httpExchange'
import type { MultipartBody } from './multipartBody'

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
      agent: agentFor(target),
      headers: { 'Content-Type': body.contentType, 'Content-Length': String(body.contentLength), 'User-Agent': USER_AGENT },
      signal
    })
    req.on('error', fail)
    req.on('response', (response: IncomingMessage) => {
      collectReply(
        response,
        (reply) => {
          if (settled) return
          settled = true
          resolve(reply)
        },
        fail
      )
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
      // Once written out, the piece's memory can carry the next one.
      const written = req.write(value, (error) => {
        if (!error) body.reuse(value)
      })
      if (!written) await drained(req)
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
