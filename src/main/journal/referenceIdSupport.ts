// Per account: whether Kaltura kept the referenceId of the last entry it created, and whether the session could take
// a mark tag off again. A session without the permission to set referenceId gets it dropped with no error, and then
// only a mark tag lets a crashed run find the entry it made; one that may not change tags would leave the mark.
import type Database from 'better-sqlite3'

/** 'kept' or 'dropped' as the last media.add reply showed; 'unknown' before the account's first entry. */
export type ReferenceIdHandling = 'kept' | 'dropped' | 'unknown'

export class ReferenceIdSupport {
  private readonly get: Database.Statement
  private readonly putKept: Database.Statement
  private readonly putRemovable: Database.Statement

  constructor(db: Database.Database, private readonly now: () => number) {
    this.get = db.prepare('SELECT kept, marks_removable AS removable FROM reference_id_support WHERE profile_id = ?')
    this.putKept = db.prepare(`INSERT INTO reference_id_support (profile_id, kept, updated_at) VALUES (?, ?, ?)
      ON CONFLICT (profile_id) DO UPDATE SET kept = excluded.kept, updated_at = excluded.updated_at`)
    this.putRemovable = db.prepare(`INSERT INTO reference_id_support (profile_id, marks_removable, updated_at) VALUES (?, ?, ?)
      ON CONFLICT (profile_id) DO UPDATE SET marks_removable = excluded.marks_removable, updated_at = excluded.updated_at`)
  }

  of(profileId: string): ReferenceIdHandling {
    const kept = this.row(profileId)?.kept
    if (kept === undefined || kept === null) return 'unknown'
    return kept === 1 ? 'kept' : 'dropped'
  }

  /** Records what a media.add reply showed; returns true when that is news (first time, or a change). */
  record(profileId: string, kept: boolean): boolean {
    const before = this.of(profileId)
    this.putKept.run(profileId, kept ? 1 : 0, this.now())
    return before !== (kept ? 'kept' : 'dropped')
  }

  /** False once the account's session failed to take a mark off (media.update refused, or tags left unchanged). */
  marksRemovable(profileId: string): boolean {
    return this.row(profileId)?.removable !== 0
  }

  /** Records whether taking a mark off worked; returns true when that is news. */
  recordMarkRemoval(profileId: string, removed: boolean): boolean {
    const before = this.row(profileId)?.removable ?? null
    this.putRemovable.run(profileId, removed ? 1 : 0, this.now())
    return before !== (removed ? 1 : 0)
  }

  private row(profileId: string): { kept: number | null; removable: number | null } | undefined {
    return this.get.get(profileId) as { kept: number | null; removable: number | null } | undefined
  }
}
