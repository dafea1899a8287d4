// Runs the app's watch folders (Settings.watchFolders): one watcher per folder, started at launch and again whenever
// the settings change, each handing the files it takes to the engine. A watched file's row says where it came from
// (watchIntake.ts). No Electron here: the app's entry only calls apply and stopAll.
import type { UploadEngine } from '../engine/engine'
import type { Journal } from '../journal/journal'
import type { Logger } from '../logging/logger'
import type { Settings, WatchFolder } from '../../shared/uploads'
import type { FolderWatcher } from '../intake/watchFolder'
import { watchFolderIntoJournal } from '../intake/watchIntake'

export interface WatchFoldersDeps {
  journal: Journal
  engine: UploadEngine
  logger: Logger
}

export class WatchFolders {
  private readonly running = new Map<string, { key: string; watcher: FolderWatcher }>()
  /** Changes one after another, so a quick second change never races the first's stops. */
  private chain: Promise<void> = Promise.resolve()

  constructor(private readonly deps: WatchFoldersDeps) {}

  /** Starts the folders the settings name, restarts the changed ones and stops the rest. */
  apply(settings: Settings): Promise<void> {
    this.chain = this.chain.then(() => this.follow(settings))
    return this.chain
  }

  stopAll(): Promise<void> {
    this.chain = this.chain.then(async () => {
      await Promise.all([...this.running.values()].map((r) => r.watcher.stop()))
      this.running.clear()
    })
    return this.chain
  }

  private async follow(settings: Settings): Promise<void> {
    const wanted = new Map(settings.watchFolders.map((f) => [f.id, { folder: f, key: JSON.stringify([f, settings.includeAudio, settings.includeImages]) }]))
    for (const [id, run] of this.running) {
      if (wanted.get(id)?.key === run.key) continue
      await run.watcher.stop()
      this.running.delete(id)
    }
    for (const [id, { folder, key }] of wanted) {
      if (this.running.has(id)) continue
      this.running.set(id, { key, watcher: this.watch(folder, settings) })
    }
  }

  private watch(folder: WatchFolder, settings: Settings): FolderWatcher {
    const { journal, engine, logger } = this.deps
    let lastProblem: string | null = null
    return watchFolderIntoJournal({
      journal,
      target: { folder: folder.path, profileId: folder.profileId, metadata: folder.metadata, duplicatePolicy: folder.duplicatePolicy },
      stableMs: folder.stableSeconds * 1000,
      kinds: { video: true, audio: settings.includeAudio, image: settings.includeImages },
      onTaken: (intake) => {
        engine.add([...intake.fileIds, ...intake.known])
        if (intake.fileIds.length > 0) logger.info('watch', `queued ${intake.fileIds.length} file(s) from a watched folder`)
      },
      onPoll: (poll) => {
        if (poll.problem !== lastProblem && poll.problem !== null) logger.warn('watch', poll.problem)
        lastProblem = poll.problem
      },
      onError: (err) => logger.warn('watch', err instanceof Error ? err.message : String(err))
    })
  }
}
