// Starts the Kaltura-compatible test server (node:http): routing, lifecycle (down/up/close) and the api.ts object.
// Which protocol §7 lines are covered, and how, is listed in README.md next to this file.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import type { KalturaTestServer, KalturaTestServerOptions } from './api'
import { handleApiRequest } from './apiRequest'
import { deleteAppToken } from './appTokens'
import { captionContentPath } from './captions'
import { handleControlRequest } from './control'
import { entryInfo, uploadInfo } from './inspection'
import { urlParams } from './params'
import { CORS_HEADERS, sendPreflight } from './responses'
import { createServerContext, DEFAULT_PARTNER } from './serverContext'
import { changeModes } from './uploadModes'

export type { KalturaTestServer, KalturaTestServerOptions } from './api'

export async function startKalturaTestServer(options: KalturaTestServerOptions): Promise<KalturaTestServer> {
  const ctx = await createServerContext(options)
  const host = options.host ?? '127.0.0.1'
  const sockets = new Set<Socket>()
  const inFlight = new Set<Promise<void>>()
  let listening = false

  const httpServer = createServer({ requestTimeout: 0 }, (req, res) => {
    const work = route(req, res).catch((error: unknown) => {
      console.error('[kaltura-test-server] request failed:', error)
      if (!res.headersSent) res.writeHead(500).end()
      else res.destroy()
    })
    inFlight.add(work)
    void work.finally(() => inFlight.delete(work))
  })
  httpServer.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  await listen(httpServer, options.port ?? 0, host)
  listening = true
  const port = (httpServer.address() as AddressInfo).port
  const partner = ctx.settings.partners[0] ?? DEFAULT_PARTNER

  const stopListening = async (): Promise<void> => {
    if (!listening) return
    listening = false
    const closed = new Promise<void>((resolve) => httpServer.close(() => resolve()))
    for (const socket of sockets) socket.destroy()
    await closed
  }

  const server: KalturaTestServer = {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    partnerId: partner.id,
    adminSecret: partner.adminSecrets[0] ?? '',
    userSecret: partner.userSecret,
    faults: {
      add: (rule) => ctx.faults.add(rule),
      onRequest: (hook) => ctx.hooks.add(hook),
      clear: () => {
        ctx.faults.clear()
        ctx.hooks.clear()
      },
      setLinkRate: (bytesPerSecond) => ctx.linkRate.set(bytesPerSecond),
      setConnectionRate: (bytesPerSecond) => {
        ctx.connectionRate = bytesPerSecond !== null && bytesPerSecond > 0 ? bytesPerSecond : null
      },
      setLatency: (ms) => {
        ctx.latencyMs = Math.max(0, ms)
      },
      expireAllSessions: () => ctx.sessions.expireAll(),
      invalidateAllSessions: () => ctx.sessions.invalidateAll(),
      setEntryOutcome: (outcome) => {
        ctx.entryOutcome = outcome
      },
      setLimits: (limits) => {
        if (limits.partLimitBytes !== undefined) ctx.limits.partLimitBytes = limits.partLimitBytes
        if (limits.bodyLimitBytes !== undefined) ctx.limits.bodyLimitBytes = limits.bodyLimitBytes
      },
      setEntrySwitches: (switches) => {
        const current = ctx.entryIndex.switches
        if (switches.listLagMs !== undefined) current.listLagMs = Math.max(0, switches.listLagMs)
        if (switches.referenceIdNeedsPermission !== undefined) current.referenceIdNeedsPermission = switches.referenceIdNeedsPermission
        if (switches.moderateContent !== undefined) current.moderateContent = switches.moderateContent
      },
      setModes: (changes) => changeModes(ctx.modes, changes),
      down: stopListening,
      up: async () => {
        if (listening) return
        await listen(httpServer, port, host)
        listening = true
      }
    },
    appTokens: {
      add: (spec) => ctx.appTokens.add(spec, partner.id),
      get: (id) => ctx.appTokens.get(id),
      disable: (id) => {
        ctx.appTokens.setStatus(id, 'disabled')
      },
      delete: (id) => deleteAppToken(ctx, id)
    },
    clock: {
      advance: (seconds) => ctx.clock.advance(seconds),
      now: () => ctx.clock.nowSeconds()
    },
    inspect: {
      uploads: () => [...ctx.store.tokens.values()].map((token) => uploadInfo(ctx, token)),
      upload: (tokenId) => {
        const token = ctx.store.tokens.get(tokenId)
        return token && uploadInfo(ctx, token)
      },
      entries: () => [...ctx.store.entries.values()].map(entryInfo),
      entry: (entryId) => {
        const entry = ctx.store.entries.get(entryId)
        return entry && entryInfo(entry)
      },
      requests: () => ctx.requests.map((record) => ({ ...record })),
      dataPath: (tokenId) => (ctx.store.tokens.has(tokenId) ? ctx.contents.dataPath(tokenId) : undefined),
      captionContentPath: (captionAssetId) => captionContentPath(ctx, captionAssetId)
    },
    close: async () => {
      ctx.shutdown.abort()
      await stopListening()
      while (inFlight.size > 0) await Promise.allSettled([...inFlight])
      await Promise.all([ctx.store.flush(), ctx.catalog.flush()])
    }
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://test-server')
    const control = /^\/__test\/(.+)$/.exec(url.pathname)
    if (control?.[1]) return handleControlRequest(server, req, res, control[1])
    if (req.method === 'OPTIONS') {
      req.resume()
      return sendPreflight(res, req.headers['access-control-request-headers'])
    }
    const fromUrl = urlParams(url)
    if (!fromUrl) return notFound(req, res)
    return handleApiRequest(ctx, req, res, fromUrl)
  }

  return server
}

function notFound(req: IncomingMessage, res: ServerResponse): void {
  req.resume()
  const body = 'Not a Kaltura API path; use /api_v3/service/{service}/action/{action}\n'
  res.writeHead(404, { ...CORS_HEADERS, 'Content-Type': 'text/plain', 'Content-Length': String(Buffer.byteLength(body)) })
  res.end(body)
}

function listen(httpServer: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const fail = (error: Error): void => reject(error)
    httpServer.once('error', fail)
    httpServer.listen(port, host, () => {
      httpServer.off('error', fail)
      resolve()
    })
  })
}
