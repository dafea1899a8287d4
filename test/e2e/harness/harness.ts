// The desktop app without Electron, for browser tests: the built renderer served over HTTP, the real preload
// API bridged to the real main-process handlers and engine, on a real journal, against the Kaltura test server.
// Native dialogs are answered by the test.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import { randomBytes } from 'node:crypto'
import { tmpdir } from 'node:os'
import { extname, join, normalize, resolve, sep } from 'node:path'
import { buildSync } from 'esbuild'
import { startKalturaTestServer } from '../../kaltura-server/index'
import type { KalturaTestServer, KalturaTestServerOptions } from '../../kaltura-server/api'
import { openJournal } from '../../../src/main/journal/openJournal'
import type { Journal } from '../../../src/main/journal/journal'
import { UploadEngine } from '../../../src/main/engine/engine'
import { clientForProfile } from '../../../src/main/accounts/accounts'
import { silentLogger } from '../../../src/main/logging/logger'
import { MemorySecretStore } from '../../main/accounts/memorySecretStore'
import { createHandlers, type Handlers } from '../../../src/main/ipc/handlers'
import { forwardEngineEvents, type EventSink } from '../../../src/main/ipc/engineEvents'
import { isRequestChannel } from '../../../src/shared/ipc-contract'
import { CANCEL_GRACE_MS } from '../../../src/shared/fileStates'
import type { KalturaClient } from '../../../src/main/kaltura'

const root = resolve(__dirname, '../../..')
const rendererDir = join(root, 'out', 'renderer')

export interface Harness {
  /** Open this in the browser. */
  url: string
  kaltura: KalturaTestServer
  dir: string
  mediaDir: string
  journal: Journal
  engine: UploadEngine
  secrets: MemorySecretStore
  /** Answers the next native open dialog (null = the user cancelled). */
  answerNextPick(paths: string[] | null): void
  /** Answers the next native save dialog. */
  answerNextSave(path: string | null): void
  /** Answers the next "Where is this file now?" dialog (Locate…); null = the user cancelled. */
  answerNextLocate(path: string | null): void
  /** URLs the app asked the OS to open. */
  opened: string[]
  makeFile(relativePath: string, size: number): Promise<string>
  /** Closes the engine and journal, then opens both again (as quitting and restarting the app does). */
  restart(): Promise<void>
  close(): Promise<void>
}

export interface HarnessOptions {
  kaltura?: Omit<KalturaTestServerOptions, 'dataDir'>
  /** Serve the page without the bridge (as a plain browser would see it). */
  withoutBridge?: boolean
  /** How long a cancel can be undone; the app's CANCEL_GRACE_MS unless a story needs another. */
  cancelGraceMs?: number
}

let bridgeBundle: string | null = null
function bridgeScript(): string {
  bridgeBundle ??= buildSync({
    entryPoints: [join(__dirname, 'bridgeClient.ts')],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
    write: false
  }).outputFiles[0]!.text
  return bridgeBundle
}

const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.png': 'image/png' }

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const dir = await mkdtemp(join(tmpdir(), 'kbu-e2e-'))
  const mediaDir = join(dir, 'media')
  await mkdir(mediaDir)
  const kaltura = await startKalturaTestServer({ finalChunkWaitMs: 500, entryReadyAfter: { getCalls: 1 }, ...options.kaltura, dataDir: join(dir, 'kaltura') })
  const journalPath = join(dir, 'journal.db')
  const secrets = new MemorySecretStore()
  const picks: Array<string[] | null> = []
  const saves: Array<string | null> = []
  const locates: Array<string | null> = []
  const opened: string[] = []
  const sinks = new Set<ServerResponse>()
  const clients = new Map<string, KalturaClient>()

  let journal!: Journal
  let engine!: UploadEngine
  let handlers!: Handlers
  let stopForwarding: () => void = () => undefined
  const send: EventSink = (channel, payload) => {
    const frame = `event: ${channel}\ndata: ${JSON.stringify(payload)}\n\n`
    for (const res of sinks) res.write(frame)
  }

  const boot = (): void => {
    const openedJournal = openJournal(journalPath)
    journal = openedJournal.journal
    engine = new UploadEngine({
      journal,
      logger: silentLogger,
      processingPoll: { initialMs: 50, maxMs: 250 },
      retry: { baseDelayMs: 50, maxDelayMs: 500, maxAttempts: 6 },
      stallMs: 3000,
      finalTimeoutMs: 15_000,
      updateIntervalMs: 100,
      cancelGraceMs: options.cancelGraceMs ?? CANCEL_GRACE_MS,
      async apiFor(profileId) {
        const cached = clients.get(profileId)
        if (cached) return cached
        const profile = journal.getProfile(profileId)
        const secret = profile ? await secrets.get(profileId, profile) : null
        if (!profile || !secret) throw new Error('The account has no admin secret or KS stored.')
        const client = clientForProfile(profile, secret)
        clients.set(profileId, client)
        return client
      }
    })
    handlers = createHandlers({
      journal,
      engine,
      secrets,
      logger: silentLogger,
      dialogs: {
        pickPaths: async () => (picks.length > 0 ? picks.shift()! : null),
        saveReportPath: async () => (saves.length > 0 ? saves.shift()! : null),
        locateFile: async () => (locates.length > 0 ? locates.shift()! : null)
      },
      openExternal: async (url) => {
        opened.push(url)
      },
      appInfo: () => ({ name: 'Kaltura Batch Uploader', version: 'test', dataDir: dir, journalNotice: openedJournal.recovered ? `The journal was damaged (${openedJournal.recovered.reason}) and moved to ${openedJournal.recovered.movedTo}.` : null }),
      onProfileChanged: (id) => clients.delete(id),
      sendEvent: (channel, payload) => send(channel, payload)
    })
    stopForwarding = forwardEngineEvents(engine, send)
    engine.start()
  }
  boot()

  const http: Server = createServer((req, res) => {
    void route(req, res).catch((err: unknown) => {
      res.writeHead(500, { 'Content-Type': 'text/plain' }).end(String(err))
    })
  })

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://harness')
    if (url.pathname === '/ipc/events') {
      res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', Connection: 'keep-alive' })
      res.write(': connected\n\n')
      sinks.add(res)
      req.on('close', () => sinks.delete(res))
      return
    }
    if (url.pathname.startsWith('/ipc/') && req.method === 'POST') {
      const channel = decodeURIComponent(url.pathname.slice('/ipc/'.length))
      if (!isRequestChannel(channel)) {
        res.writeHead(404).end()
        return
      }
      const chunks: Buffer[] = []
      for await (const c of req) chunks.push(c as Buffer)
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as { args?: unknown }
      const result = await handlers[channel](body.args ?? undefined)
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(result))
      return
    }
    if (url.pathname === '/harness-bridge.js') {
      res.writeHead(200, { 'Content-Type': 'text/javascript' }).end(bridgeScript())
      return
    }
    const file = url.pathname === '/' ? 'index.html' : url.pathname.slice(1)
    const path = normalize(join(rendererDir, file))
    if (!path.startsWith(rendererDir + sep)) {
      res.writeHead(404).end()
      return
    }
    let content: Buffer
    try {
      content = await readFile(path)
    } catch {
      res.writeHead(404).end()
      return
    }
    if (file === 'index.html' && !options.withoutBridge) {
      // The bridge runs before the app's module script, as a preload does.
      content = Buffer.from(content.toString('utf8').replace('<script', '<script src="./harness-bridge.js"></script>\n    <script'))
    }
    res.writeHead(200, { 'Content-Type': TYPES[extname(path)] ?? 'application/octet-stream' }).end(content)
  }

  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r))
  const port = (http.address() as AddressInfo).port

  const shutdownEngine = async (): Promise<void> => {
    stopForwarding()
    await engine.shutdown()
    journal.close()
    clients.clear()
  }

  return {
    url: `http://127.0.0.1:${port}/`,
    kaltura,
    dir,
    mediaDir,
    get journal() {
      return journal
    },
    get engine() {
      return engine
    },
    secrets,
    answerNextPick: (paths) => picks.push(paths),
    answerNextSave: (path) => saves.push(path),
    answerNextLocate: (path) => locates.push(path),
    opened,
    async makeFile(relativePath, size) {
      const path = join(mediaDir, relativePath)
      await mkdir(join(path, '..'), { recursive: true })
      await writeFile(path, randomBytes(size))
      return path
    },
    async restart() {
      await shutdownEngine()
      boot()
    },
    async close() {
      for (const res of sinks) res.end()
      await shutdownEngine()
      const closed = new Promise<void>((r) => http.close(() => r()))
      http.closeAllConnections()
      await closed
      await kaltura.close()
      await rm(dir, { recursive: true, force: true })
    }
  }
}
