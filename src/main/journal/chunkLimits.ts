// Per account: the largest chunk its server took, the smallest it refused as too large, and the smallest it needs
// (a minimum chunk size it has shown), so that every file and every later start sizes its chunks between the
// server's limits from the first one.
import type Database from 'better-sqlite3'

export interface ChunkLimits {
  largestAccepted: number | null
  smallestRefused: number | null
}

export class ChunkLimitStore {
  private readonly get: Database.Statement
  private readonly accepted: Database.Statement
  private readonly refused: Database.Statement
  private readonly needed: Database.Statement
  private readonly getNeeded: Database.Statement

  constructor(db: Database.Database, private readonly now: () => number) {
    this.get = db.prepare('SELECT largest_accepted AS largestAccepted, smallest_refused AS smallestRefused FROM chunk_limits WHERE profile_id = ?')
    this.getNeeded = db.prepare('SELECT smallest_needed AS smallestNeeded FROM chunk_limits WHERE profile_id = ?')
    // A size taken at or above the remembered refusal means the limit went up: the refusal is forgotten.
    this.accepted = db.prepare(`INSERT INTO chunk_limits (profile_id, largest_accepted, smallest_refused, updated_at) VALUES (?, ?, NULL, ?)
      ON CONFLICT (profile_id) DO UPDATE SET
        largest_accepted = max(coalesce(largest_accepted, 0), excluded.largest_accepted),
        smallest_refused = CASE WHEN smallest_refused <= excluded.largest_accepted THEN NULL ELSE smallest_refused END,
        updated_at = excluded.updated_at`)
    // And a refusal at or below a size once taken means it went down: that success no longer counts.
    this.refused = db.prepare(`INSERT INTO chunk_limits (profile_id, largest_accepted, smallest_refused, updated_at) VALUES (?, NULL, ?, ?)
      ON CONFLICT (profile_id) DO UPDATE SET
        smallest_refused = min(coalesce(smallest_refused, excluded.smallest_refused), excluded.smallest_refused),
        largest_accepted = CASE WHEN largest_accepted >= excluded.smallest_refused THEN NULL ELSE largest_accepted END,
        updated_at = excluded.updated_at`)
    // A minimum only ever rises here: a larger chunk than needed is always taken.
    this.needed = db.prepare(`INSERT INTO chunk_limits (profile_id, largest_accepted, smallest_refused, smallest_needed, updated_at) VALUES (?, NULL, NULL, ?, ?)
      ON CONFLICT (profile_id) DO UPDATE SET
        smallest_needed = max(coalesce(smallest_needed, 0), excluded.smallest_needed),
        updated_at = excluded.updated_at`)
  }

  of(profileId: string): ChunkLimits {
    const row = this.get.get(profileId) as ChunkLimits | undefined
    return row ?? { largestAccepted: null, smallestRefused: null }
  }

  /** No non-final chunk under this many bytes is taken (null: no minimum shown). */
  smallestNeeded(profileId: string): number | null {
    const row = this.getNeeded.get(profileId) as { smallestNeeded: number | null } | undefined
    return row?.smallestNeeded ?? null
  }

  recordNeeded(profileId: string, bytes: number): void {
    this.needed.run(profileId, bytes, this.now())
  }

  recordAccepted(profileId: string, bytes: number): void {
    this.accepted.run(profileId, bytes, this.now())
  }

  recordRefused(profileId: string, bytes: number): void {
    this.refused.run(profileId, bytes, this.now())
  }
}
