// What the last few scans found, kept in main by id between the summary the user reads and the Start that queues
// it: the window only ever names a scan by its id, never the paths in it. With the files, what the summary read of
// them so far (identity and fingerprint, for its duplicates, read in the background), so Start does not read them
// again; and a way to stop those reads when the scan is canceled, taken by Start or forgotten.
import { randomUUID } from 'node:crypto'
import type { BatchIntake } from './batchIntake'
import type { DuplicateFound, Identified } from './enqueue'
import type { ScannedFile } from './scanner'

export interface KeptScan {
  files: ScannedFile[]
  identified: ReadonlyMap<string, Identified>
  /** What the scan's metadata sheets and caption files give its files (batchIntake.ts), applied at Start. */
  intake?: BatchIntake
  /** The duplicates the summary's reads have found so far, for Start's answer. */
  foreseen: readonly DuplicateFound[]
  stopReading(): void
}

const MAX_SCANS = 20

export class ScanCache {
  private readonly scans = new Map<string, KeptScan>()

  /** Keeps a scan's files; returns its id. The oldest scans are forgotten past a small number. */
  keep(scan: KeptScan): string {
    const id = randomUUID()
    this.scans.set(id, scan)
    while (this.scans.size > MAX_SCANS) this.forget(this.scans.keys().next().value!)
    return id
  }

  /** Cancel: the summaries' background reads stop; the scans stay for a Start, which reads the rest itself. */
  stopReading(): void {
    for (const scan of this.scans.values()) scan.stopReading()
  }

  get(id: string): KeptScan | undefined {
    return this.scans.get(id)
  }

  /** A scan is queued at most one time. */
  forget(id: string): void {
    this.scans.get(id)?.stopReading()
    this.scans.delete(id)
  }
}
