// The category, categoryEntry and caption calls against the test server, read back through the typed results.
import { createHash } from 'node:crypto'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { KalturaTestServer } from '../../kaltura-server/api'
import { CaptionAssetStatus, CaptionFormat } from '../../../src/main/kaltura/captionService'
import { CategoryEntryStatus } from '../../../src/main/kaltura/categoryService'
import type { KalturaClient } from '../../../src/main/kaltura/client'
import { KalturaApiError } from '../../../src/main/kaltura/errors'
import { MediaType, UploadTokenStatus } from '../../../src/main/kaltura/model'
import { generateKsV2 } from '../../../src/main/kaltura/ks'
import { clientFor, failureOf, startServer, type RunningServer } from './serverFixture'

let running: RunningServer
let server: KalturaTestServer
let client: KalturaClient
let folder: string

beforeAll(async () => {
  running = await startServer()
  server = running.server
  client = clientFor(server)
  folder = await mkdtemp(join(tmpdir(), 'captions-'))
})

afterAll(async () => {
  await running.stop()
  await rm(folder, { recursive: true, force: true })
})

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex')

describe('categories', () => {
  it('creates "Lectures>2026" level by level, finds it by full name in any case, and lists a parent’s children', async () => {
    const lectures = await client.category.add({ name: 'Lectures' })
    const year = await client.category.add({ name: '2026', parentId: lectures.id })
    expect(year).toMatchObject({ fullName: 'Lectures>2026', parentId: lectures.id, depth: 1, fullIds: `${lectures.id}>${year.id}` })
    const found = await client.category.list({ fullNameEqual: 'lectures>2026' })
    expect(found).toEqual({ objects: [year], totalCount: 1 })
    expect((await client.category.list({ parentIdEqual: lectures.id })).objects.map((c) => c.fullName)).toEqual(['Lectures>2026'])
    expect((await client.category.list({ fullNameStartsWith: 'Lect' }, { pageSize: 1 })).totalCount).toBe(2)
  })

  it('a second category with the same full name is a KalturaApiError DUPLICATE_CATEGORY naming it', async () => {
    await client.category.add({ name: 'Twice' })
    const error = await failureOf(client.category.add({ name: 'twice' }))
    expect(error).toBeInstanceOf(KalturaApiError)
    expect(error).toMatchObject({ code: 'DUPLICATE_CATEGORY', args: { CATEGORY: 'twice' }, service: 'category', action: 'add' })
  })

  it('a USER KS may find categories but not create them: SERVICE_FORBIDDEN category->add', async () => {
    const ks = generateKsV2(server.adminSecret, { partnerId: server.partnerId, type: 0, userId: 'viewer', privileges: '', expiresAt: server.clock.now() + 600 })
    const userClient = clientFor(server, { kind: 'ks', ks })
    expect((await userClient.category.list({ fullNameEqual: 'Twice' })).totalCount).toBe(1)
    expect(await failureOf(userClient.category.add({ name: 'Not mine' }))).toMatchObject({ code: 'SERVICE_FORBIDDEN', args: { SERVICE: 'category->add' } })
  })

  it('puts an entry in a category after media.add; the entry then shows it; a repeat says CATEGORY_ENTRY_ALREADY_EXISTS', async () => {
    const physics = await client.category.add({ name: 'Physics' })
    const entry = await client.media.add({ name: 'Week 1 lecture', mediaType: MediaType.VIDEO })
    const assigned = await client.category.addEntry(entry.id, physics.id)
    expect(assigned).toMatchObject({ entryId: entry.id, categoryId: physics.id, status: CategoryEntryStatus.ACTIVE })
    expect((await client.media.get(entry.id)).categories).toBe('Physics')
    expect(await client.category.listEntries({ entryIdEqual: entry.id })).toEqual({ objects: [assigned], totalCount: 1 })
    expect(await failureOf(client.category.addEntry(entry.id, physics.id))).toMatchObject({ code: 'CATEGORY_ENTRY_ALREADY_EXISTS' })
    expect(await failureOf(client.category.addEntry(entry.id, 987654))).toMatchObject({ code: 'CATEGORY_NOT_FOUND', args: { ID: '987654' } })
  })
})

describe('captions', () => {
  it('an .srt goes up through an upload token, becomes an English caption asset’s content byte for byte, and lists READY', async () => {
    const content = '1\n00:00:00,500 --> 00:00:02,000\nBonjour à tous\n'
    const path = join(folder, 'talk.en.srt')
    await writeFile(path, content)
    const size = Buffer.byteLength(content)
    const entry = await client.media.add({ name: 'talk', mediaType: MediaType.VIDEO })
    const caption = await client.caption.add(entry.id, { language: 'English', format: CaptionFormat.SRT, label: 'English', isDefault: true })
    expect(caption).toMatchObject({ entryId: entry.id, status: CaptionAssetStatus.QUEUED, language: 'English', format: CaptionFormat.SRT, isDefault: true })
    const token = await client.uploadToken.add({ fileName: 'talk.en.srt', fileSize: size })
    await client.uploadToken.upload({ uploadTokenId: token.id, filePath: path, start: 0, end: size, resume: false, resumeAt: 0, finalChunk: true })
    const ready = await client.caption.setContentFromToken(caption.id, token.id)
    expect(ready).toMatchObject({ id: caption.id, status: CaptionAssetStatus.READY, fileExt: 'srt', sizeInBytes: size, languageCode: 'en' })
    expect((await client.uploadToken.get(token.id)).status).toBe(UploadTokenStatus.CLOSED)
    const stored = await readFile(server.inspect.captionContentPath(caption.id) ?? '')
    expect(sha256(stored)).toBe(sha256(await readFile(path)))
    expect(await client.caption.list(entry.id)).toEqual({ objects: [ready], totalCount: 1 })
    expect(await client.caption.get(caption.id)).toEqual(ready)
  })

  it('a language code instead of the KalturaLanguage name is refused: INVALID_ENUM_VALUE for "language"', async () => {
    const entry = await client.media.add({ name: 'coded', mediaType: MediaType.VIDEO })
    const error = await failureOf(client.caption.add(entry.id, { language: 'en', format: CaptionFormat.WEBVTT }))
    expect(error).toMatchObject({ code: 'INVALID_ENUM_VALUE', args: { ENUM_VAL: 'en', PARAM_NAME: 'language', ENUM_TYPE: 'KalturaLanguage' } })
  })
})
