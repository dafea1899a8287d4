// What real Kaltura does around an entry's fields that a plain database would not: media.list reads a search index
// (sphinx) that lags the database, entries of a moderated partner wait for moderation, and referenceId is set only
// by a session holding its permission. Each is a switch (api.ts), settable at start and over the control API.
import type { EntrySwitchSettings, TestRole } from './api'
import type { Session } from './authentication'
import { holdsPermission } from './permissions'

/** alpha/lib/enums/entryModerationStatus.php */
export const MODERATION_STATUS = { pending: 1, approved: 2, rejected: 3, deleted: 4, flagged: 5, autoApproved: 6 } as const

/** deployment/permissions/object.KalturaBaseEntry.ini:128-144 (referenceId, insert and update). */
const REFERENCE_ID_PERMISSIONS = ['CONTENT_INGEST_REFERENCE_MODIFY']
/** deployment/permissions/object.KalturaBaseEntry.ini:164-171 (tags, update; insert needs nothing). */
const TAGS_UPDATE_PERMISSIONS = ['CONTENT_MANAGE_METADATA', 'CONTENT_MODERATE_METADATA', 'BASE_USER_SESSION_PERMISSION']

export class EntryIndex {
  readonly switches: Required<EntrySwitchSettings>
  private readonly createdAtMs = new Map<string, number>()

  constructor(switches: EntrySwitchSettings, private readonly roles: readonly TestRole[]) {
    this.switches = {
      listLagMs: switches.listLagMs ?? 0,
      referenceIdNeedsPermission: switches.referenceIdNeedsPermission ?? false,
      moderateContent: switches.moderateContent ?? false
    }
  }

  created(entryId: string): void {
    this.createdAtMs.set(entryId, Date.now())
  }

  /** Entries loaded from disk at start were indexed long ago. */
  isListed(entryId: string): boolean {
    const at = this.createdAtMs.get(entryId)
    return at === undefined || Date.now() - at >= this.switches.listLagMs
  }

  newModerationStatus(): number {
    // entry.php:516-544 setDefaultModerationStatus, myPartnerUtils.class.php:326-341 shouldModerate.
    return this.switches.moderateContent ? MODERATION_STATUS.pending : MODERATION_STATUS.autoApproved
  }

  /**
   * A property the session may not set is nulled with only a log line and a response header, no error
   * (api_v3/lib/types/KalturaObject.php:736-746 validateForInsert, :791-801 validateForUpdate).
   */
  mayWriteReferenceId(session: Session): boolean {
    return !this.switches.referenceIdNeedsPermission || holdsPermission(this.roles, session, REFERENCE_ID_PERMISSIONS)
  }

  mayUpdateTags(session: Session): boolean {
    return holdsPermission(this.roles, session, TAGS_UPDATE_PERMISSIONS)
  }
}
