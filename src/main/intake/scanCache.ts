// What the last few scans found, kept in main by id between the summary the user reads and the Start that queues
// it: the window only ever names a scan by its id, never the paths in it.
import { randomUUID } from 'node:crypto'
import type { ScannedFile } from './scanner'

const MAX_SCANS = 20

export class ScanCache {
  private readonly scans = new Map<string, ScannedFile[]>()

  /** Keeps a scan's files; returns its id. The oldest scans are forgotten past a small number. */
  keep(files: ScannedFile[]): string {
    const id = randomUUID()
    this.scans.set(id, files)
    while (this.scans.size > MAX_SCANS) this.scans.delete(this.scans.keys().next().value!)
    return id
  }

  get(id: string): ScannedFile[] | undefined {
    return this.scans.get(id)
  }

  /** A scan is queued at most one time. */
  forget(id: string): void {
    this.scans.delete(id)
  }
}
