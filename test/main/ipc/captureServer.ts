// A plain HTTP server standing for an origin the user never confirmed: it records every connection and request it gets.
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

interface Captured {
  method: string
  url: string
  headers: Record<string, unknown>
  body: string
}

export interface CaptureServer {
  url: string
  requests: Captured[]
  connections(): number
  close(): Promise<void>
}

export async function captureServer(): Promise<CaptureServer> {
  const requests: Captured[] = []
  let connections = 0
  const server: Server = createServer((req, res) => {
    let body = ''
    req.on('data', (c: Buffer) => (body += c.toString('latin1')))
    req.on('end', () => {
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: { ...req.headers }, body })
      res.end('{}')
    })
  })
  // Counted apart from requests: a TLS hello or a half-sent request is a leak too, and never becomes a request.
  server.on('connection', () => (connections += 1))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    connections: () => connections,
    close: () => new Promise<void>((resolve) => server.close(() => resolve()))
  }
}

