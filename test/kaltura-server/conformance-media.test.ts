// Protocol §7 "media", one test per line: media.add validation, addContent with tokens in every status, get, delete.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sha256Hex, startFreshServer, type FreshServer } from './freshServer'
import { record, type RawApi, type RawReply } from './rawApi'

let fresh: FreshServer
/** Strict variant: a CLOSED token is refused by addContent; entries turn ready after 1 get and 60 s of server clock. */
let strict: FreshServer

beforeAll(async () => {
  ;[fresh, strict] = await Promise.all([
    startFreshServer(),
    startFreshServer({ closedTokenOnAddContent: 'reject', entryReadyAfter: { getCalls: 1, ms: 60_000 } })
  ])
})

afterAll(async () => {
  await Promise.all([fresh.stop(), strict.stop()])
})

const objectOf = (reply: RawReply): Record<string, unknown> => record(reply.body)
const resourceFor = (token: string): Record<string, unknown> => ({ objectType: 'KalturaUploadedFileTokenResource', token })

async function fullToken(api: RawApi, content = 'movie bytes'): Promise<string> {
  const tokenId = await api.addToken({ fileName: 'movie.mp4' })
  await api.upload(tokenId, content, { resume: false, finalChunk: true })
  return tokenId
}

async function entryStatus(api: RawApi, entryId: string): Promise<unknown> {
  return objectOf(await api.call('media', 'get', { entryId })).status
}

describe('§7 media', () => {
  it('media.add: requires `entry`; returns id `0_`+8 [0-9a-z], status 7, type 1, mediaType echoed (invalid → INVALID_ENUM_VALUE), name (default `{partnerId}_{unix}`), description, tags, referenceId (length 0–1 → PROPERTY_VALIDATION_MIN_LENGTH), categories, userId, partnerId, timestamps, objectType', async () => {
    expect((await fresh.api.call('media', 'add', {})).body).toMatchObject({ code: 'MISSING_MANDATORY_PARAMETER', args: { PARAM_NAME: 'entry' } })

    const full = objectOf(
      await fresh.api.call('media', 'add', {
        entry: {
          objectType: 'KalturaMediaEntry',
          mediaType: 5,
          name: 'Song',
          description: 'a description',
          tags: 'a,b',
          referenceId: 'ref-42',
          categories: 'Music>Live',
          userId: 'owner-1'
        }
      })
    )
    expect(full.id).toMatch(/^0_[0-9a-z]{8}$/)
    expect(full).toMatchObject({
      status: 7,
      type: 1,
      mediaType: 5,
      name: 'Song',
      description: 'a description',
      tags: 'a,b',
      referenceId: 'ref-42',
      categories: 'Music>Live',
      userId: 'owner-1',
      partnerId: fresh.server.partnerId,
      objectType: 'KalturaMediaEntry'
    })
    expect(Number.isInteger(full.createdAt) && Number.isInteger(full.updatedAt)).toBe(true)

    const now = fresh.server.clock.now()
    const unnamed = objectOf(await fresh.api.call('media', 'add', { entry: { objectType: 'KalturaMediaEntry', mediaType: 1 } }))
    expect(String(unnamed.name)).toMatch(new RegExp(`^${fresh.server.partnerId}_\\d+$`))
    expect(Number(String(unnamed.name).split('_')[1]) - now).toBeLessThanOrEqual(2)
    expect(unnamed.userId).toBe('admin-user')

    expect((await fresh.api.call('media', 'add', { entry: { mediaType: 3 } })).body).toMatchObject({
      code: 'INVALID_ENUM_VALUE',
      args: { ENUM_VAL: '3', PARAM_NAME: 'mediaType', ENUM_TYPE: 'KalturaMediaType' }
    })
    expect((await fresh.api.call('media', 'add', { entry: { mediaType: 'video' } })).body).toMatchObject({ code: 'INVALID_ENUM_VALUE' })
    expect((await fresh.api.call('media', 'add', { entry: { name: 'no type' } })).body).toMatchObject({
      code: 'PROPERTY_VALIDATION_CANNOT_BE_NULL',
      args: { PROP_NAME: 'KalturaMediaEntry::mediaType' }
    })
    for (const referenceId of ['', 'x']) {
      expect((await fresh.api.call('media', 'add', { entry: { mediaType: 1, referenceId } })).body).toMatchObject({
        code: 'PROPERTY_VALIDATION_MIN_LENGTH',
        message: 'The property "KalturaMediaEntry::referenceId" must have a min length of 2 characters',
        args: { PROP_NAME: 'KalturaMediaEntry::referenceId', MIN_LEN: '2' }
      })
    }
  })

  it('media.addContent: unknown entry → ENTRY_ID_NOT_FOUND (ENTRY_ID); status ≠ 7 → ENTRY_ALREADY_WITH_CONTENT; no resource → entry unchanged; resource without objectType → OBJECT_TYPE_ABSTRACT; unknown or deleted token → UPLOAD_TOKEN_NOT_FOUND', async () => {
    const api = fresh.api
    const tokenId = await fullToken(api)
    expect((await api.call('media', 'addContent', { entryId: '0_zzzzzzzz', resource: resourceFor(tokenId) })).body).toMatchObject({
      code: 'ENTRY_ID_NOT_FOUND',
      args: { ENTRY_ID: '0_zzzzzzzz' }
    })

    const entryId = await api.addEntry({ name: 'target' })
    const before = objectOf(await api.call('media', 'get', { entryId }))
    expect(objectOf(await api.call('media', 'addContent', { entryId }))).toEqual(before)

    expect((await api.call('media', 'addContent', { entryId, resource: { token: tokenId } })).body).toMatchObject({ code: 'OBJECT_TYPE_ABSTRACT' })
    expect((await api.call('media', 'addContent', { entryId, resource: resourceFor('0_00000000000000000000000000000000') })).body).toMatchObject({
      code: 'UPLOAD_TOKEN_NOT_FOUND'
    })
    const deletedToken = await fullToken(api)
    await api.call('uploadtoken', 'delete', { uploadTokenId: deletedToken })
    expect((await api.call('media', 'addContent', { entryId, resource: resourceFor(deletedToken) })).body).toMatchObject({
      code: 'UPLOAD_TOKEN_NOT_FOUND'
    })

    await api.call('media', 'addContent', { entryId, resource: resourceFor(tokenId) })
    expect((await api.call('media', 'addContent', { entryId, resource: resourceFor(await fullToken(api)) })).body).toMatchObject({
      code: 'ENTRY_ALREADY_WITH_CONTENT',
      args: []
    })
  })

  it('media.addContent with a token at 2: the token closes (3), the entry goes to 1 and then to 2 after the configured media.get calls or time, or ends at -1 / -2 when switched', async () => {
    const api = fresh.api
    const tokenId = await fullToken(api, 'ready content')
    const entryId = await api.addEntry()
    expect(objectOf(await api.call('media', 'addContent', { entryId, resource: resourceFor(tokenId) }))).toMatchObject({ status: 1 })
    expect(fresh.server.inspect.upload(tokenId)?.status).toBe(3)
    expect(objectOf(await api.call('uploadtoken', 'get', { uploadTokenId: tokenId }))).toMatchObject({ status: 3 })
    // Default: READY on the second media.get.
    expect(await entryStatus(api, entryId)).toBe(1)
    expect(await entryStatus(api, entryId)).toBe(2)
    expect(fresh.server.inspect.entry(entryId)).toMatchObject({ status: 2, size: 13, sha256: sha256Hex(new TextEncoder().encode('ready content')) })

    // Time-based (strict server: 1 get and 60 s of server clock).
    const timed = await strict.api.addEntry()
    await strict.api.call('media', 'addContent', { entryId: timed, resource: resourceFor(await fullToken(strict.api)) })
    expect(await entryStatus(strict.api, timed)).toBe(1)
    strict.server.clock.advance(60)
    expect(await entryStatus(strict.api, timed)).toBe(2)

    for (const [outcome, status] of [['errorConverting', -1], ['errorImporting', -2]] as const) {
      fresh.server.faults.setEntryOutcome(outcome)
      const failing = await api.addEntry()
      await api.call('media', 'addContent', { entryId: failing, resource: resourceFor(await fullToken(api)) })
      expect(await entryStatus(api, failing)).toBe(1)
      expect(await entryStatus(api, failing)).toBe(status)
    }
    fresh.server.faults.setEntryOutcome('ready')
  })

  it('media.addContent with a token at 0 or 1: the entry moves to 0 (IMPORT) and the token is attached (flavorAsset); it continues when the token becomes full', async () => {
    const api = fresh.api
    for (const startPartial of [false, true]) {
      const tokenId = await api.addToken({ fileName: 'later.mp4' })
      if (startPartial) await api.upload(tokenId, 'first half ', { resume: false, finalChunk: false })
      const entryId = await api.addEntry()
      expect(objectOf(await api.call('media', 'addContent', { entryId, resource: resourceFor(tokenId) }))).toMatchObject({ status: 0 })
      const token = objectOf(await api.call('uploadtoken', 'get', { uploadTokenId: tokenId }))
      expect(token).toMatchObject({ status: startPartial ? 1 : 0, attachedObjectType: 'flavorAsset' })
      expect(String(token.attachedObjectId)).toMatch(/^0_[0-9a-z]{8}$/)
      expect(await entryStatus(api, entryId)).toBe(0)

      const finish = startPartial
        ? await api.upload(tokenId, 'second half', { resume: true, finalChunk: true, resumeAt: 11 })
        : await api.upload(tokenId, 'whole file', { resume: false, finalChunk: true })
      expect(objectOf(finish)).toMatchObject({ status: 3 })
      expect(await entryStatus(api, entryId)).toBe(1)
      expect(await entryStatus(api, entryId)).toBe(2)
    }
  })

  it('media.addContent with a token at 3 (already used) is accepted and leaves the entry at 0 for good; switchable to a strict error', async () => {
    const used = await fullToken(fresh.api)
    await fresh.api.call('media', 'addContent', { entryId: await fresh.api.addEntry(), resource: resourceFor(used) })
    const stuck = await fresh.api.addEntry()
    expect(objectOf(await fresh.api.call('media', 'addContent', { entryId: stuck, resource: resourceFor(used) }))).toMatchObject({ status: 0 })
    for (let i = 0; i < 4; i++) expect(await entryStatus(fresh.api, stuck)).toBe(0)

    const strictUsed = await fullToken(strict.api)
    await strict.api.call('media', 'addContent', { entryId: await strict.api.addEntry(), resource: resourceFor(strictUsed) })
    const refused = await strict.api.addEntry()
    expect((await strict.api.call('media', 'addContent', { entryId: refused, resource: resourceFor(strictUsed) })).body).toMatchObject({
      code: 'UPLOAD_TOKEN_INVALID_STATUS_FOR_ADD_ENTRY'
    })
    expect(await entryStatus(strict.api, refused)).toBe(7)
  })

  it('media.get: unknown id → ENTRY_ID_NOT_FOUND; otherwise the current entry with the status as a JSON number', async () => {
    expect((await fresh.api.call('media', 'get', { entryId: '0_unknown0' })).body).toMatchObject({
      code: 'ENTRY_ID_NOT_FOUND',
      message: 'Entry id "0_unknown0" not found'
    })
    const entryId = await fresh.api.addEntry({ name: 'getme' })
    const reply = await fresh.api.call('media', 'get', { entryId })
    expect(objectOf(reply)).toMatchObject({ id: entryId, name: 'getme', status: 7, objectType: 'KalturaMediaEntry' })
    expect(reply.text).toContain('"status":7')
  })

  it('tokens used by an entry cannot be uploaded to again (UPLOAD_TOKEN_INVALID_STATUS_FOR_UPLOAD)', async () => {
    const tokenId = await fullToken(fresh.api)
    await fresh.api.call('media', 'addContent', { entryId: await fresh.api.addEntry(), resource: resourceFor(tokenId) })
    for (const options of [{ resume: false }, { resume: true, resumeAt: 0, finalChunk: false }]) {
      expect((await fresh.api.upload(tokenId, 'more', options)).body).toMatchObject({ code: 'UPLOAD_TOKEN_INVALID_STATUS_FOR_UPLOAD' })
    }
  })

  it('media.delete returns `null` and the entry is gone for get and addContent', async () => {
    const entryId = await fresh.api.addEntry()
    expect((await fresh.api.call('media', 'delete', { entryId })).text).toBe('null')
    expect((await fresh.api.call('media', 'get', { entryId })).body).toMatchObject({ code: 'ENTRY_ID_NOT_FOUND' })
    expect((await fresh.api.call('media', 'addContent', { entryId })).body).toMatchObject({ code: 'ENTRY_ID_NOT_FOUND' })
    expect((await fresh.api.call('media', 'delete', { entryId })).body).toMatchObject({ code: 'ENTRY_ID_NOT_FOUND' })
  })

  it('media.list (beyond §7, for crash recovery): filters by referenceId and status; with no status filter it lists READY entries only, as KalturaBaseEntryFilter defaults', async () => {
    const ref = `ref-${Date.now()}`
    const empty = objectOf(await fresh.api.call('media', 'add', { entry: { objectType: 'KalturaMediaEntry', mediaType: 1, name: 'a', referenceId: ref } })).id as string
    await fresh.api.call('media', 'add', { entry: { objectType: 'KalturaMediaEntry', mediaType: 1, name: 'b', referenceId: `${ref}-other` } })
    const byDefault = objectOf(await fresh.api.call('media', 'list', { filter: { objectType: 'KalturaMediaEntryFilter', referenceIdEqual: ref } }))
    expect(byDefault).toMatchObject({ objects: [], totalCount: 0, objectType: 'KalturaMediaListResponse' })
    const anyStatus = objectOf(await fresh.api.call('media', 'list', { filter: { objectType: 'KalturaMediaEntryFilter', referenceIdEqual: ref, statusIn: '-2,-1,0,1,2,4,5,6,7' } }))
    expect(anyStatus).toMatchObject({ totalCount: 1, objects: [{ id: empty, referenceId: ref, status: 7 }] })
    await fresh.api.call('media', 'delete', { entryId: empty })
    const afterDelete = objectOf(await fresh.api.call('media', 'list', { filter: { objectType: 'KalturaMediaEntryFilter', referenceIdEqual: ref, statusIn: '-2,-1,0,1,2,4,5,6,7' } }))
    expect(afterDelete).toMatchObject({ totalCount: 0 })
  })
})
