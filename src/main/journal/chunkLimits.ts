// Per account: the largest chunk its server took and the smallest it refused as too large, so that every file and
// every later start sizes its chunks under the server's limit from the first one.
import type Database from 'better-sqlite3'

export interface ChunkLimits {
  largestAccepted: number | null
  smallestRefused: number | null
}

export class ChunkLimitStore {
  private readonly get: Database.Statement
  private readonly accepted: Database.Statement
  private readonly refused: Database.Statement

  constructor(db: Database.Database, private readonly now: () => number) {
    this.get = db.prepare('SELECT largest_accepted AS largestAccepted, smallest_refused AS smallestRefused FROM chunk_limits WHERE profile_id = ?')
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
  }

  of(profileId: string): ChunkLimits {
    const row = this.get.get(profileId) as ChunkLimits | undefined
    return row ?? { largestAccepted: null, smallestRefused: null }
  }

  recordAccepted(profileId: string, bytes: number): void {
    this.accepted.run(profileId, bytes, this.now())
  }

  recordRefused(profileId: string, bytes: number): void {
    this.refused.run(profileId, bytes, this.now())
  }
}
