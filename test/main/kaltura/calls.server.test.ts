// Each uploadToken and media call against the test server, read back through the typed results.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { KalturaTestServer } from '../../kaltura-server/api'
import type { KalturaClient } from '../../../src/main/kaltura/client'
import { KalturaApiError, classifyKalturaError, isTokenGone } from '../../../src/main/kaltura/errors'
import { EntryStatus, MediaType, UploadTokenStatus } from '../../../src/main/kaltura/model'
import { clientFor, failureOf, startServer, type RunningServer } from './serverFixture'

let running: RunningServer
let server: KalturaTestServer
let client: KalturaClient

beforeAll(async () => {
  running = await startServer()
  server = running.server
  client = clientFor(server)
})

afterAll(async () => {
  await running.stop()
})

describe('upload tokens', () => {
  it('add echoes the name and size as numbers, with nothing uploaded yet', async () => {
    const token = await client.uploadToken.add({ fileName: 'holiday.mp4', fileSize: 5_368_709_120 })
    expect(token).toMatchObject({ status: UploadTokenStatus.PENDING, fileName: 'holiday.mp4', fileSize: 5_368_709_120, partnerId: server.partnerId })
    expect(token.id).toMatch(/^0_[0-9a-f]{32}$/)
    expect(token.uploadedFileSize).toBeUndefined()
    expect(typeof token.createdAt).toBe('number')
  })

  it('get returns the token that add made', async () => {
    const added = await client.uploadToken.add({ fileName: 'get-me.mov', fileSize: 123 })
    expect(await client.uploadToken.get(added.id)).toEqual(added)
  })

  it('list finds tokens by id, by ids and by file name, a page at a time', async () => {
    const a = await client.uploadToken.add({ fileName: 'listed.mp4', fileSize: 1 })
    const b = await client.uploadToken.add({ fileName: 'listed.mp4', fileSize: 2 })
    expect((await client.uploadToken.list({ idEqual: a.id })).objects.map((t) => t.id)).toEqual([a.id])
    const both = await client.uploadToken.list({ idIn: [a.id, b.id] })
    expect(both.totalCount).toBe(2)
    expect(both.objects.map((t) => t.id).sort()).toEqual([a.id, b.id].sort())
    const byName = await client.uploadToken.list({ fileNameEqual: 'listed.mp4', statusEqual: UploadTokenStatus.PENDING }, { pageSize: 1, pageIndex: 1 })
    expect(byName.totalCount).toBe(2)
    expect(byName.objects).toHaveLength(1)
  })

  it('delete makes the token disappear: get and a second delete then say UPLOAD_TOKEN_NOT_FOUND', async () => {
    const token = await client.uploadToken.add({ fileName: 'doomed.mp4', fileSize: 9 })
    await expect(client.uploadToken.delete(token.id)).resolves.toBeUndefined()
    const error = await failureOf(client.uploadToken.get(token.id))
    expect(error).toBeInstanceOf(KalturaApiError)
    expect(error).toMatchObject({ code: 'UPLOAD_TOKEN_NOT_FOUND', service: 'uploadtoken', action: 'get' })
    expect(isTokenGone(error)).toBe(true)
    expect(isTokenGone(await failureOf(client.uploadToken.delete(token.id)))).toBe(true)
    expect((await client.uploadToken.list({ idEqual: token.id })).totalCount).toBe(0)
  })
})

describe('media entries', () => {
  it('add creates an entry without content, echoing what was given', async () => {
    const entry = await client.media.add({
      name: 'Board meeting',
      mediaType: MediaType.VIDEO,
      description: 'Q3',
      tags: 'meeting,q3',
      referenceId: 'ref-42',
      userId: 'bob'
    })
    expect(entry).toMatchObject({
      name: 'Board meeting',
      status: EntryStatus.NO_CONTENT,
      mediaType: MediaType.VIDEO,
      description: 'Q3',
      tags: 'meeting,q3',
      referenceId: 'ref-42',
      userId: 'bob',
      partnerId: server.partnerId
    })
    expect(entry.id).toMatch(/^0_[0-9a-z]{8}$/)
    expect(await client.media.get(entry.id)).toMatchObject({ id: entry.id, status: EntryStatus.NO_CONTENT })
  })

  it('addContent with a token that has nothing yet moves the entry to IMPORT', async () => {
    const entry = await client.media.add({ name: 'waiting', mediaType: MediaType.AUDIO })
    const token = await client.uploadToken.add({ fileName: 'waiting.mp3', fileSize: 100 })
    expect(await client.media.addContent(entry.id, token.id)).toMatchObject({ id: entry.id, status: EntryStatus.IMPORT })
    expect(await client.uploadToken.get(token.id)).toMatchObject({ attachedObjectType: 'flavorAsset' })
  })

  it('delete removes the entry: get then says ENTRY_ID_NOT_FOUND with the id in its args', async () => {
    const entry = await client.media.add({ name: 'short-lived', mediaType: MediaType.IMAGE })
    await expect(client.media.delete(entry.id)).resolves.toBeUndefined()
    const error = await failureOf(client.media.get(entry.id))
    expect(error).toMatchObject({ kind: 'api', code: 'ENTRY_ID_NOT_FOUND', args: { ENTRY_ID: entry.id } })
    expect(classifyKalturaError(error)).toBe('entry-gone')
  })

  it('a refused field comes back as an API error with its code and args', async () => {
    const error = await failureOf(client.media.add({ name: 'bad ref', mediaType: MediaType.VIDEO, referenceId: 'x' }))
    expect(error).toMatchObject({
      kind: 'api',
      code: 'PROPERTY_VALIDATION_MIN_LENGTH',
      args: { PROP_NAME: 'KalturaMediaEntry::referenceId', MIN_LEN: '2' },
      retryable: false
    })
    expect(classifyKalturaError(error)).toBe('rejected')
  })
})
