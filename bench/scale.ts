// Scale: scanning and queueing 10,000 small files, and restoring a 10,000-file journal at start.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openJournal } from '../src/main/journal/openJournal'
import { UploadEngine } from '../src/main/engine/engine'
import { changeStates } from '../src/main/engine/stateChanges'
import { enqueueFiles } from '../src/main/intake/enqueue'
import { scanDropped } from '../src/main/intake/scanner'
import { silentLogger } from '../src/main/logging/logger'

export interface ScaleResult {
  files: number
  scanSeconds: number
  enqueueSeconds: number
  restoreSeconds: number
}

export async function scaleRun(count: number): Promise<ScaleResult> {
  const dir = await mkdtemp(join(tmpdir(), 'kbu-bench-scale-'))
  try {
    const media = join(dir, 'media')
    for (let folder = 0; folder < 100; folder++) {
      const sub = join(media, `folder-${folder}`)
      await mkdir(sub, { recursive: true })
      await Promise.all(Array.from({ length: count / 100 }, (_, i) => writeFile(join(sub, `clip-${i}.mp4`), `clip ${folder}/${i}`)))
    }
    const journalPath = join(dir, 'journal.db')
    let journal = openJournal(journalPath).journal
    journal.saveProfile({ id: 'p', name: 'p', serviceUrl: 'http://127.0.0.1:9', partnerId: 1, userId: '', authKind: 'admin-secret' })
    let t = performance.now()
    const scan = await scanDropped([media])
    const scanSeconds = (performance.now() - t) / 1000
    t = performance.now()
    const queued = await enqueueFiles(journal, { files: scan.files, profileId: 'p', metadata: {}, duplicatePolicy: 'upload' })
    const enqueueSeconds = (performance.now() - t) / 1000
    if (queued.fileIds.length !== count) throw new Error(`queued ${queued.fileIds.length} of ${count}`)
    // Half of them paused, as after a "pause all", the rest queued: both kinds are restored.
    changeStates(journal, queued.fileIds.filter((_, i) => i % 2 === 0).map((id) => ({ id, to: 'paused' })))
    journal.close()

    t = performance.now()
    journal = openJournal(journalPath).journal
    // The account is unreachable on purpose: restoring must not wait on the network.
    const engine = new UploadEngine({ journal, logger: silentLogger, apiFor: () => new Promise(() => undefined) })
    engine.start()
    const files = engine.files()
    const totals = engine.totals()
    const restoreSeconds = (performance.now() - t) / 1000
    if (files.length !== count || totals.files !== count) throw new Error(`restored ${files.length} of ${count}`)
    await engine.shutdown()
    journal.close()
    return { files: count, scanSeconds, enqueueSeconds, restoreSeconds }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}
