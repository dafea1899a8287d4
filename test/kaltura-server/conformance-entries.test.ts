// The entry switches real Kaltura has and a plain database would not, one test per behaviour: referenceId dropped
// for a session without its permission, media.list lagging media.add, tagsMultiLikeOr, media.update, moderation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startFreshServer, userKs, type FreshServer } from './freshServer'
import { RawApi, record } from './rawApi'
import { makeKsV2 } from './testKs'

let fresh: FreshServer

const ROLES = [
  { id: 2001, systemName: 'UPLOAD_ONLY', permissions: ['CONTENT_INGEST_UPLOAD', 'CONTENT_MANAGE_BASE'] },
  { id: 2002, systemName: 'UPLOAD_AND_TAG', permissions: ['CONTENT_INGEST_UPLOAD', 'CONTENT_MANAGE_BASE', 'CONTENT_MANAGE_METADATA'] },
  { id: 2003, systemName: 'UPLOAD_WITH_REFERENCE', permissions: ['CONTENT_INGEST_UPLOAD', 'CONTENT_MANAGE_BASE', 'CONTENT_INGEST_REFERENCE_MODIFY'] }
]
const ANY_STATUS = '-2,-1,0,1,2,4,5,6,7'

beforeAll(async () => {
  fresh = await startFreshServer({ roles: ROLES, referenceIdNeedsPermission: true })
})
afterAll(async () => fresh.stop())

function roleApi(role: string): RawApi {
  const ks = makeKsV2({ partnerId: fresh.server.partnerId, secret: fresh.server.adminSecret, expiry: fresh.server.clock.now() + 3600, type: 2, userId: 'uploader', privileges: `setrole:${role}` })
  return new RawApi(fresh.server.url, ks)
}

async function listed(api: RawApi, filter: Record<string, unknown>): Promise<string[]> {
  const reply = await api.ok('media', 'list', { filter: { objectType: 'KalturaMediaEntryFilter', statusIn: ANY_STATUS, ...filter } })
  return (reply.objects as Array<{ id: string }>).map((e) => e.id)
}

describe('referenceId needs CONTENT_INGEST_REFERENCE_MODIFY (KalturaObject.php:736-746, object.KalturaBaseEntry.ini:128-144)', () => {
  it('is dropped silently for a USER KS and a role without the permission, kept for an ADMIN KS and a role with it', async () => {
    const add = async (api: RawApi, referenceId: string): Promise<Record<string, unknown>> =>
      api.ok('media', 'add', { entry: { objectType: 'KalturaMediaEntry', mediaType: 1, name: 'r', referenceId } })

    const byUser = await add(new RawApi(fresh.server.url, userKs(fresh.server, 'someone')), 'ref-user')
    expect(byUser.id).toMatch(/^0_/)
    expect(byUser.referenceId).toBeUndefined()
    expect(fresh.server.inspect.entry(String(byUser.id))?.referenceId).toBeUndefined()
    expect((await add(roleApi('UPLOAD_ONLY'), 'ref-role')).referenceId).toBeUndefined()
    expect((await add(roleApi('UPLOAD_WITH_REFERENCE'), 'ref-granted')).referenceId).toBe('ref-granted')
    expect((await add(fresh.api, 'ref-admin')).referenceId).toBe('ref-admin')
  })

  it('checks the length first: a one-character referenceId is still PROPERTY_VALIDATION_MIN_LENGTH without the permission (KalturaBaseEntry.php:596)', async () => {
    const user = new RawApi(fresh.server.url, userKs(fresh.server, 'someone'))
    const reply = await user.call('media', 'add', { entry: { objectType: 'KalturaMediaEntry', mediaType: 1, referenceId: 'x' } })
    expect(reply.body).toMatchObject({ code: 'PROPERTY_VALIDATION_MIN_LENGTH', args: { PROP_NAME: 'KalturaMediaEntry::referenceId', MIN_LEN: '2' } })
  })

  it('is kept for everyone with the switch off, and the switch flips over the control API', async () => {
    const user = new RawApi(fresh.server.url, userKs(fresh.server, 'someone'))
    const add = async (): Promise<unknown> => (await user.ok('media', 'add', { entry: { objectType: 'KalturaMediaEntry', mediaType: 1, referenceId: 'kept' } })).referenceId
    const control = (body: unknown): Promise<Response> => fetch(`${fresh.server.url}/__test/faults.setEntrySwitches`, { method: 'POST', body: JSON.stringify(body) })
    expect((await control({ referenceIdNeedsPermission: false })).status).toBe(200)
    expect(await add()).toBe('kept')
    expect((await control({ referenceIdNeedsPermission: 'maybe' })).status).toBe(400)
    await control({ referenceIdNeedsPermission: true })
    expect(await add()).toBeUndefined()
  })
})

describe('media.list lags media.add (listLagMs; the search index is fed after the database)', () => {
  it('does not list a new entry until the lag has passed, while media.get sees it at once', async () => {
    fresh.server.faults.setEntrySwitches({ listLagMs: 60_000 })
    const id = await fresh.api.addEntry({ referenceId: 'lagging' })
    expect(record((await fresh.api.call('media', 'get', { entryId: id })).body).id).toBe(id)
    expect(await listed(fresh.api, { referenceIdEqual: 'lagging' })).toEqual([])
    expect(await listed(fresh.api, { idEqual: id })).toEqual([])
    fresh.server.faults.setEntrySwitches({ listLagMs: 0 })
    expect(await listed(fresh.api, { referenceIdEqual: 'lagging' })).toEqual([id])
  })

  it('lists the entry once the lag has passed, not before', async () => {
    fresh.server.faults.setEntrySwitches({ listLagMs: 300 })
    const added = Date.now()
    const id = await fresh.api.addEntry({ referenceId: 'lag-300' })
    // The lag is the server's own clock running: polling is the only way to watch it pass.
    let firstSeen = 0
    while (firstSeen === 0 && Date.now() - added < 5000) {
      if ((await listed(fresh.api, { referenceIdEqual: 'lag-300' })).includes(id)) firstSeen = Date.now()
      else await new Promise((resolve) => setTimeout(resolve, 20))
    }
    expect(firstSeen).toBeGreaterThan(0)
    expect(firstSeen - added).toBeGreaterThanOrEqual(300)
    fresh.server.faults.setEntrySwitches({ listLagMs: 0 })
  })
})

describe('tagsMultiLikeOr (KalturaBaseEntryBaseFilter.php:26, SphinxCriteria.php:835-854)', () => {
  it('matches any of the comma-separated items as whole words, case-insensitive, a spaced item as a phrase', async () => {
    const a = await fresh.api.addEntry({ tags: 'holiday,kbumark0123456789abcdef01234567' })
    const b = await fresh.api.addEntry({ tags: 'beach' })
    const c = await fresh.api.addEntry({ tags: 'Summer Trip, family' })
    const ours = (ids: string[]): string[] => ids.filter((id) => [a, b, c].includes(id)).sort()
    expect(ours(await listed(fresh.api, { tagsMultiLikeOr: 'kbumark0123456789abcdef01234567' }))).toEqual([a])
    expect(ours(await listed(fresh.api, { tagsMultiLikeOr: 'nothing,beach' }))).toEqual([b])
    expect(ours(await listed(fresh.api, { tagsMultiLikeOr: 'TRIP' }))).toEqual([c])
    expect(ours(await listed(fresh.api, { tagsMultiLikeOr: 'summer trip' }))).toEqual([c])
    expect(ours(await listed(fresh.api, { tagsMultiLikeOr: 'trip summer' }))).toEqual([])
    expect(ours(await listed(fresh.api, { tagsMultiLikeOr: 'kbumark' }))).toEqual([])
    expect(ours(await listed(fresh.api, { tagsMultiLikeOr: ',,' }))).toEqual([a, b, c].sort())
  })
})

describe('createdAtGreaterThanOrEqual / LessThanOrEqual (KalturaBaseEntryBaseFilter.php:48-49)', () => {
  it('bounds the creation time in Unix seconds on the server clock, both ends inclusive', async () => {
    const early = await fresh.api.addEntry({ tags: 'timed' })
    const earlyAt = fresh.server.clock.now()
    fresh.server.clock.advance(100)
    const late = await fresh.api.addEntry({ tags: 'timed' })
    const lateAt = fresh.server.clock.now()
    const ours = (ids: string[]): string[] => ids.filter((id) => id === early || id === late)
    expect(ours(await listed(fresh.api, { tagsMultiLikeOr: 'timed', createdAtGreaterThanOrEqual: lateAt - 50 }))).toEqual([late])
    expect(ours(await listed(fresh.api, { tagsMultiLikeOr: 'timed', createdAtLessThanOrEqual: earlyAt + 50 }))).toEqual([early])
    expect(ours(await listed(fresh.api, { tagsMultiLikeOr: 'timed', createdAtGreaterThanOrEqual: lateAt + 1 }))).toEqual([])
    expect(ours(await listed(fresh.api, { tagsMultiLikeOr: 'timed', createdAtGreaterThanOrEqual: earlyAt - 1 })).sort()).toEqual([early, late].sort())
  })
})

describe('media.update (MediaService.php:758-771, KalturaObject.php:772-801)', () => {
  it('changes tags and answers the entry; unknown or deleted entry → ENTRY_ID_NOT_FOUND; no mediaEntry → MISSING_MANDATORY_PARAMETER; readonly field → NOT_UPDATABLE', async () => {
    const id = await fresh.api.addEntry({ tags: 'holiday,kbumarkaaaaaaaaaaaaaaaaaaaaaaaa' })
    const updated = await fresh.api.ok('media', 'update', { entryId: id, mediaEntry: { objectType: 'KalturaMediaEntry', tags: 'holiday' } })
    expect(updated).toMatchObject({ id, tags: 'holiday', objectType: 'KalturaMediaEntry' })
    expect(fresh.server.inspect.entry(id)?.tags).toBe('holiday')
    const cleared = await fresh.api.ok('media', 'update', { entryId: id, mediaEntry: { objectType: 'KalturaMediaEntry', tags: '' } })
    expect(cleared.tags).toBeUndefined()

    const missing = await fresh.api.call('media', 'update', { entryId: '0_nothere1', mediaEntry: { objectType: 'KalturaMediaEntry', tags: 'x' } })
    expect(missing.body).toMatchObject({ code: 'ENTRY_ID_NOT_FOUND', args: { ENTRY_ID: '0_nothere1' } })
    await fresh.api.call('media', 'delete', { entryId: id })
    const deleted = await fresh.api.call('media', 'update', { entryId: id, mediaEntry: { objectType: 'KalturaMediaEntry', tags: 'x' } })
    expect(deleted.body).toMatchObject({ code: 'ENTRY_ID_NOT_FOUND', args: { ENTRY_ID: id } })
    const other = await fresh.api.addEntry()
    expect((await fresh.api.call('media', 'update', { entryId: other })).body).toMatchObject({ code: 'MISSING_MANDATORY_PARAMETER', args: { PARAM_NAME: 'mediaEntry' } })
    const readonly = await fresh.api.call('media', 'update', { entryId: other, mediaEntry: { objectType: 'KalturaMediaEntry', status: 2 } })
    expect(readonly.body).toMatchObject({ code: 'PROPERTY_VALIDATION_NOT_UPDATABLE', args: { PROP_NAME: 'KalturaMediaEntry::status' } })
  })

  it('drops a tags change silently for a role without CONTENT_MANAGE_METADATA (object.KalturaBaseEntry.ini:164-171); a user session may change its own entry only', async () => {
    const uploadOnly = roleApi('UPLOAD_ONLY')
    const id = await uploadOnly.addEntry({ tags: 'holiday,kbumarkbbbbbbbbbbbbbbbbbbbbbbbb' })
    const kept = await uploadOnly.ok('media', 'update', { entryId: id, mediaEntry: { objectType: 'KalturaMediaEntry', tags: 'holiday' } })
    expect(kept.tags).toBe('holiday,kbumarkbbbbbbbbbbbbbbbbbbbbbbbb')
    const tagger = roleApi('UPLOAD_AND_TAG')
    expect((await tagger.ok('media', 'update', { entryId: id, mediaEntry: { objectType: 'KalturaMediaEntry', tags: 'holiday' } })).tags).toBe('holiday')

    const owner = new RawApi(fresh.server.url, userKs(fresh.server, 'owner'))
    const own = await owner.addEntry({ tags: 'mine' })
    expect((await owner.ok('media', 'update', { entryId: own, mediaEntry: { objectType: 'KalturaMediaEntry', tags: 'still mine' } })).tags).toBe('still mine')
    const stranger = new RawApi(fresh.server.url, userKs(fresh.server, 'stranger'))
    expect((await stranger.call('media', 'update', { entryId: own, mediaEntry: { objectType: 'KalturaMediaEntry', tags: 'x' } })).body).toMatchObject({ code: 'INVALID_KS' })
  })
})

describe('moderation (entry.php:516-544; KalturaBaseEntryFilter.php:108-120)', () => {
  it('a moderated partner’s new entries are PENDING_MODERATION and hidden from media.list unless moderationStatusIn names them; idEqual skips the default', async () => {
    fresh.server.faults.setEntrySwitches({ moderateContent: true })
    const pending = await fresh.api.addEntry({ referenceId: 'moderated' })
    fresh.server.faults.setEntrySwitches({ moderateContent: false })
    const approved = await fresh.api.addEntry({ referenceId: 'moderated' })
    expect(record((await fresh.api.call('media', 'get', { entryId: pending })).body).moderationStatus).toBe(1)
    expect(record((await fresh.api.call('media', 'get', { entryId: approved })).body).moderationStatus).toBe(6)
    expect(await listed(fresh.api, { referenceIdEqual: 'moderated' })).toEqual([approved])
    expect((await listed(fresh.api, { referenceIdEqual: 'moderated', moderationStatusIn: '1,2,3,4,5,6' })).sort()).toEqual([approved, pending].sort())
    expect(await listed(fresh.api, { referenceIdEqual: 'moderated', moderationStatusEqual: 1 })).toEqual([pending])
    expect(await listed(fresh.api, { referenceIdEqual: 'moderated', moderationStatusNotIn: '6' })).toEqual([pending])
    expect(await listed(fresh.api, { idEqual: pending })).toEqual([pending])
  })
})
