// Starts a test server on a fresh temporary directory for one test file, with an admin KS ready, and cleans up after.
import { createHash } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { KalturaTestServer, KalturaTestServerOptions } from './api'
import { startKalturaTestServer } from './index'
import { RawApi } from './rawApi'
import { makeKsV2 } from './testKs'

export interface FreshServer {
  server: KalturaTestServer
  dataDir: string
  /** Raw calls signed with an ADMIN v2 KS for user "admin-user". */
  api: RawApi
  /** Closes the server and starts a new one on the same directory and port. */
  restart(): Promise<void>
  stop(): Promise<void>
}

export async function startFreshServer(options: Omit<KalturaTestServerOptions, 'dataDir'> = {}): Promise<FreshServer> {
  const dataDir = await mkdtemp(join(tmpdir(), 'kaltura-test-server-'))
  let server = await startKalturaTestServer({ finalChunkWaitMs: 200, ...options, dataDir })
  const fresh: FreshServer = {
    server,
    dataDir,
    api: new RawApi(server.url, adminKs(server)),
    async restart() {
      await server.close()
      server = await startKalturaTestServer({ finalChunkWaitMs: 200, ...options, dataDir, port: server.port })
      fresh.server = server
    },
    async stop() {
      await server.close()
      await rm(dataDir, { recursive: true, force: true })
    }
  }
  return fresh
}

export function adminKs(server: KalturaTestServer, userId = 'admin-user'): string {
  return makeKsV2({ partnerId: server.partnerId, secret: server.adminSecret, expiry: server.clock.now() + 3600, type: 2, userId })
}

export function userKs(server: KalturaTestServer, userId: string): string {
  return makeKsV2({ partnerId: server.partnerId, secret: server.adminSecret, expiry: server.clock.now() + 3600, type: 0, userId })
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex')
}

/** Polls server state that changes on its own (requests in flight) until it holds; fails after timeoutMs. */
export async function waitUntil(holds: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!holds()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`)
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
}
