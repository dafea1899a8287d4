// Per account: whether Kaltura kept the referenceId of the last entry it created. A session without the permission
// to set it gets it dropped with no error, and then only a mark tag lets a crashed run find the entry it made.
import type Database from 'better-sqlite3'

/** 'kept' or 'dropped' as the last media.add reply showed; 'unknown' before the account's first entry. */
export type ReferenceIdHandling = 'kept' | 'dropped' | 'unknown'

export class ReferenceIdSupport {
  private readonly get: Database.Statement
  private readonly put: Database.Statement

  constructor(db: Database.Database, private readonly now: () => number) {
    this.get = db.prepare('SELECT kept FROM reference_id_support WHERE profile_id = ?')
    this.put = db.prepare(`INSERT INTO reference_id_support (profile_id, kept, updated_at) VALUES (?, ?, ?)
      ON CONFLICT (profile_id) DO UPDATE SET kept = excluded.kept, updated_at = excluded.updated_at`)
  }

  of(profileId: string): ReferenceIdHandling {
    const row = this.get.get(profileId) as { kept: number } | undefined
    if (!row) return 'unknown'
    return row.kept === 1 ? 'kept' : 'dropped'
  }

  /** Records what a media.add reply showed; returns true when that is news (first time, or a change). */
  record(profileId: string, kept: boolean): boolean {
    const before = this.of(profileId)
    this.put.run(profileId, kept ? 1 : 0, this.now())
    return before !== (kept ? 'kept' : 'dropped')
  }
}
