// Runs the real engine in this process against a server, for one folder or file, until it is idle.
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openJournal } from '../src/main/journal/openJournal'
import { UploadEngine } from '../src/main/engine/engine'
import { clientForProfile } from '../src/main/accounts/accounts'
import { enqueueFiles } from '../src/main/intake/enqueue'
import { scanDropped } from '../src/main/intake/scanner'
import { silentLogger } from '../src/main/logging/logger'
import type { Settings } from '../src/shared/uploads'
import type { Journal } from '../src/main/journal/journal'

export interface EngineRunResult {
  seconds: number
  /** Rows the journal changed during the run (SQLite total_changes). */
  journalChanges: number
  states: Record<string, number>
}

export async function runEngine(server: { url: string; partnerId: number; adminSecret: string }, paths: string[], settings: Partial<Settings>): Promise<EngineRunResult> {
  const dir = await mkdtemp(join(tmpdir(), 'kbu-bench-journal-'))
  const journal: Journal = openJournal(join(dir, 'journal.db')).journal
  const profile = { id: 'bench', name: 'bench', serviceUrl: server.url, partnerId: server.partnerId, userId: '', authKind: 'admin-secret' as const }
  journal.saveProfile(profile)
  journal.saveSettings({ ...journal.settings(), ...settings })
  const client = clientForProfile(profile, server.adminSecret)
  // BENCH_TRACE=1: the engine's own decisions (adaptive connections) on stderr.
  const logger = process.env['BENCH_TRACE'] ? { ...silentLogger, info: (scope: string, message: string) => process.stderr.write(`[engine ${((Date.now() - t0) / 1000).toFixed(1)} s] ${scope}: ${message}\n`) } : silentLogger
  const t0 = Date.now()
  const engine = new UploadEngine({ journal, logger, apiFor: async () => client, processingPoll: { initialMs: 20, maxMs: 200 } })
  const scan = await scanDropped(paths)
  const { fileIds } = await enqueueFiles(journal, { files: scan.files, profileId: 'bench', metadata: {}, duplicatePolicy: 'upload' })
  const changesBefore = (journal.db.prepare('SELECT total_changes() AS n').get() as { n: number }).n
  const started = process.hrtime.bigint()
  const idle = new Promise<void>((r) => engine.once('idle', () => r()))
  engine.start()
  engine.add(fileIds)
  await idle
  const seconds = Number(process.hrtime.bigint() - started) / 1e9
  const changes = (journal.db.prepare('SELECT total_changes() AS n').get() as { n: number }).n - changesBefore
  const states = engine.totals().byState as Record<string, number>
  await engine.shutdown()
  journal.close()
  return { seconds, journalChanges: changes, states }
}
