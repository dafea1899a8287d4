// A real world for engine tests: the Kaltura test server on a temp dir, a journal file, generated media files,
// and an engine wired to them with test-sized chunks and short back-offs.
import { createHash, randomBytes } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { KalturaTestServer, KalturaTestServerOptions } from '../../kaltura-server/api'
import { startKalturaTestServer } from '../../kaltura-server/index'
import { openJournal } from '../../../src/main/journal/openJournal'
import type { Journal } from '../../../src/main/journal/journal'
import { clientForProfile } from '../../../src/main/accounts/accounts'
import { UploadEngine } from '../../../src/main/engine/engine'
import type { EngineOptions } from '../../../src/main/engine/engineOptions'
import { enqueueFiles } from '../../../src/main/intake/enqueue'
import { scanDropped } from '../../../src/main/intake/scanner'
import { silentLogger } from '../../../src/main/logging/logger'
import type { DuplicatePolicy, Settings } from '../../../src/shared/uploads'

export const MiB = 1024 * 1024

export interface World {
  dir: string
  mediaDir: string
  server: KalturaTestServer
  journalPath: string
  journal: Journal
  profileId: string
  /** Writes a file of random bytes (or the given bytes) under the media folder; returns its path. */
  makeFile(relativePath: string, size: number): Promise<string>
  /** A new engine on the world's journal (after a restart, open a new journal first with reopenJournal). */
  engine(options?: Partial<EngineOptions>, settings?: Partial<Settings>): UploadEngine
  /** Scans paths and journals them as one batch; returns the file ids. */
  enqueue(paths: string[], policy?: DuplicatePolicy): Promise<number[]>
  reopenJournal(): Journal
  dispose(): Promise<void>
}

export const TEST_SETTINGS: Partial<Settings> = {
  minChunkBytes: 256 * 1024,
  maxChunkBytes: 1 * MiB,
  maxParallelFiles: 3,
  maxConnections: 4
}

export async function createWorld(serverOptions: Omit<KalturaTestServerOptions, 'dataDir'> = {}): Promise<World> {
  const dir = await mkdtemp(join(tmpdir(), 'kbu-engine-'))
  const mediaDir = join(dir, 'media')
  await mkdir(mediaDir)
  const server = await startKalturaTestServer({ finalChunkWaitMs: 500, entryReadyAfter: { getCalls: 1 }, ...serverOptions, dataDir: join(dir, 'server') })
  const journalPath = join(dir, 'journal.db')
  const profileId = 'test-profile'
  const profile = { id: profileId, name: 'Test', serviceUrl: server.url, partnerId: server.partnerId, userId: 'tester', authKind: 'admin-secret' as const }
  let journal = openJournal(journalPath).journal
  journal.saveProfile(profile)
  const engines: UploadEngine[] = []

  const world: World = {
    dir,
    mediaDir,
    server,
    journalPath,
    get journal() {
      return journal
    },
    profileId,
    async makeFile(relativePath, size) {
      const path = join(mediaDir, relativePath)
      await mkdir(join(path, '..'), { recursive: true })
      await writeFile(path, randomBytes(size))
      return path
    },
    engine(options = {}, settings = {}) {
      journal.saveSettings({ ...journal.settings(), ...TEST_SETTINGS, ...settings })
      const engine = new UploadEngine({
        journal,
        logger: silentLogger,
        apiFor: async () => clientForProfile(profile, server.adminSecret),
        retry: { baseDelayMs: 20, maxDelayMs: 300, maxAttempts: 8 },
        stallMs: 2000,
        finalTimeoutMs: 10_000,
        processingPoll: { initialMs: 20, maxMs: 100 },
        updateIntervalMs: 50,
        ...options
      })
      engines.push(engine)
      return engine
    },
    async enqueue(paths, policy = 'skip') {
      const scan = await scanDropped(paths)
      const result = await enqueueFiles(journal, { files: scan.files, profileId, metadata: { tags: 'test' }, duplicatePolicy: policy })
      return result.fileIds
    },
    reopenJournal() {
      journal.close()
      journal = openJournal(journalPath).journal
      return journal
    },
    async dispose() {
      for (const e of engines) await e.shutdown()
      try {
        journal.close()
      } catch {
        // already closed
      }
      await server.close()
      await rm(dir, { recursive: true, force: true })
    }
  }
  return world
}

/** Resolves when the engine has nothing left to run, queue or follow. */
export function untilIdle(engine: UploadEngine, timeoutMs = 60_000): Promise<void> {
  if (engine.isIdle()) return Promise.resolve()
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`engine not idle after ${timeoutMs} ms: ${JSON.stringify(engine.totals().byState)}`)), timeoutMs)
    engine.once('idle', () => {
      clearTimeout(timer)
      resolve()
    })
  })
}

/** Resolves when a predicate over the engine's files holds, checked on every update. */
export function until(engine: UploadEngine, holds: () => boolean, timeoutMs = 30_000): Promise<void> {
  if (holds()) return Promise.resolve()
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      engine.off('update', check)
      reject(new Error(`condition not met after ${timeoutMs} ms: ${JSON.stringify(engine.totals().byState)}`))
    }, timeoutMs)
    const check = (): void => {
      if (!holds()) return
      clearTimeout(timer)
      engine.off('update', check)
      resolve()
    }
    engine.on('update', check)
  })
}

export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256')
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer)
  return hash.digest('hex')
}

export { peakConcurrency } from '../../kaltura-server/inspection'
