// Starts the Kaltura test server on a fresh temporary data directory for one test file, and builds clients for it.
import { mkdtemp, readdir, readlink, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { KalturaTestServer, KalturaTestServerOptions } from '../../kaltura-server/api'
import { startKalturaTestServer } from '../../kaltura-server/index'
import { createKalturaClient, type KalturaClient, type KalturaClientOptions } from '../../../src/main/kaltura/client'
import type { KalturaCredentials } from '../../../src/main/kaltura/session'

export interface RunningServer {
  server: KalturaTestServer
  stop(): Promise<void>
}

export async function startServer(options: Omit<KalturaTestServerOptions, 'dataDir'> = {}): Promise<RunningServer> {
  const dataDir = await mkdtemp(join(tmpdir(), 'kaltura-client-test-'))
  const server = await startKalturaTestServer({ finalChunkWaitMs: 300, ...options, dataDir })
  return {
    server,
    async stop() {
      await server.close()
      await rm(dataDir, { recursive: true, force: true })
    }
  }
}

/** A client with a locally signed v2 admin KS unless other credentials are given. */
export function clientFor(
  server: KalturaTestServer,
  credentials?: KalturaCredentials,
  options: Partial<Omit<KalturaClientOptions, 'credentials'>> = {}
): KalturaClient {
  return createKalturaClient({
    serviceUrl: server.url,
    credentials: credentials ?? {
      kind: 'admin-secret',
      partnerId: server.partnerId,
      adminSecret: server.adminSecret,
      issuer: 'local'
    },
    ...options
  })
}

/** Polls a condition until it holds (or fails the test after timeoutMs); for server state that changes on its own. */
export async function waitFor<T>(read: () => Promise<T> | T, holds: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await read()
    if (holds(value)) return value
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms; last value ${JSON.stringify(value)}`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

/** Resolves to the thrown value; fails when the promise resolves. */
export async function failureOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise
  } catch (error) {
    return error
  }
  throw new Error('expected the call to fail')
}

/** How many of this process's file descriptors point at path (Linux /proc; null elsewhere). */
export async function openDescriptorsFor(path: string): Promise<number | null> {
  if (process.platform !== 'linux') return null
  let count = 0
  for (const fd of await readdir('/proc/self/fd')) {
    const target = await readlink(`/proc/self/fd/${fd}`).catch(() => '')
    if (target === path) count++
  }
  return count
}
