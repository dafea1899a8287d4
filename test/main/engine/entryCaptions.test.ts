// Caption files beside a video become caption assets of its entry, checked on the test server byte for byte: exactly
// once even when the engine stops right after captionAsset.add was sent, never at the video's expense (a role that may
// not add captions, a caption file changed after the scan), and shown on the file's row.
import { readFile, stat, writeFile, appendFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { clientForProfile } from '../../../src/main/accounts/accounts'
import type { UploadEngine } from '../../../src/main/engine/engine'
import type { EngineOptions } from '../../../src/main/engine/engineOptions'
import { enqueueFiles } from '../../../src/main/intake/enqueue'
import { scanDropped } from '../../../src/main/intake/scanner'
import type { NewCaption } from '../../../src/main/journal/rows'
import { createWorld, untilIdle, type World } from './engineFixture'

const ENGLISH_SRT = '1\n00:00:01,000 --> 00:00:03,000\nWelcome to the talk.\n\n2\n00:00:04,000 --> 00:00:06,500\nLet us begin.\n'
const GERMAN_VTT = 'WEBVTT\n\n00:00:01.000 --> 00:00:03.000\nWillkommen zum Vortrag.\n\n00:00:04.000 --> 00:00:06.500\nFangen wir an.\n'

let world: World
afterEach(async () => world.dispose())

/** An ADMIN KS (empty user id) may add captions; 'tester' signs in with a USER KS, which may not (CAPTION_MODIFY). */
function engineAs(userId: string, options: Partial<EngineOptions> = {}): UploadEngine {
  const profile = { id: world.profileId, name: 'Test', serviceUrl: world.server.url, partnerId: world.server.partnerId, userId, authKind: 'admin-secret' as const }
  return world.engine({ apiFor: async () => clientForProfile(profile, world.server.adminSecret), ...options })
}

async function captionFile(name: string, text: string, language: string, format: NewCaption['format']): Promise<NewCaption> {
  const path = join(world.mediaDir, name)
  await writeFile(path, text)
  const s = await stat(path)
  return { path, language, format, size: s.size, mtimeMs: s.mtimeMs }
}

/** A talk with English SRT and German WebVTT captions beside it, journaled as one batch. */
async function talkWithCaptions(): Promise<{ id: number; captions: NewCaption[] }> {
  const video = await world.makeFile('talk.mp4', 300 * 1024)
  const captions = [await captionFile('talk.en.srt', ENGLISH_SRT, 'English', 'SRT'), await captionFile('talk.de.vtt', GERMAN_VTT, 'German', 'WEBVTT')]
  const scan = await scanDropped([video])
  const perFile = new Map([[video, { captions }]])
  const result = await enqueueFiles(world.journal, { files: scan.files, profileId: world.profileId, metadata: { tags: 'talk' }, duplicatePolicy: 'skip', perFile })
  return { id: result.fileIds[0]!, captions }
}

function captionRequests(action: string) {
  return world.server.inspect.requests().filter((r) => r.service === 'caption_captionasset' && r.action === action)
}

/** The entry's caption assets as the server lists them. */
async function assetsOf(entryId: string) {
  const admin = clientForProfile({ serviceUrl: world.server.url, partnerId: world.server.partnerId, userId: '', authKind: 'admin-secret' }, world.server.adminSecret)
  return (await admin.caption.list(entryId)).objects
}

/** Each caption one READY asset of its language and format whose stored content is the file, byte for byte. */
async function expectCaptionsOnServer(entryId: string, captions: readonly NewCaption[]): Promise<void> {
  const assets = await assetsOf(entryId)
  expect(assets.map((a) => a.language).sort()).toEqual(captions.map((c) => c.language).sort())
  for (const caption of captions) {
    const asset = assets.find((a) => a.language === caption.language)!
    expect(asset).toMatchObject({ status: 2, format: caption.format === 'SRT' ? 1 : 3 })
    const stored = world.server.inspect.captionContentPath(asset.id)!
    expect((await readFile(stored)).equals(await readFile(caption.path))).toBe(true)
  }
}

describe('captions after the entry', () => {
  it('a video with English SRT and German WebVTT ends READY with two caption assets holding exactly the files', async () => {
    world = await createWorld()
    const { id, captions } = await talkWithCaptions()
    const engine = engineAs('')
    engine.start()
    engine.add([id])
    await untilIdle(engine)

    const row = world.journal.getFile(id)!
    expect(row.state, row.error?.message).toBe('done')
    expect(row.notice).toBeNull()
    expect(world.server.inspect.entry(row.entryId!)!.status).toBe(2)
    await expectCaptionsOnServer(row.entryId!, captions)
    expect(world.journal.captions.of(id).map((c) => [c.language, c.state, c.entryId, c.addSentAt])).toEqual([
      ['English', 'done', row.entryId, null],
      ['German', 'done', row.entryId, null]
    ])
    expect(engine.files().find((f) => f.id === id)!.captions).toEqual([
      { language: 'English', state: 'done' },
      { language: 'German', state: 'done' }
    ])
    // Every caption token closed into its asset, as the video's into its entry: nothing left open on the account.
    expect(world.server.inspect.uploads().map((u) => u.status)).toEqual([3, 3, 3])
  })

  it('a stop right after captionAsset.add was sent, then a restart: exactly two assets, the first found and not added again', async () => {
    world = await createWorld()
    const { id, captions } = await talkWithCaptions()
    const first = engineAs('')
    // The engine stops while the server holds the first captionAsset.add; the server then stores the asset, and
    // its reply goes nowhere: the journal has the intent and no asset id.
    const stopped = world.server.faults.onRequest({ match: { service: 'caption_captionasset', action: 'add' }, run: () => first.shutdown() })
    first.start()
    first.add([id])
    await stopped.finished
    const crashed = world.journal.captions.of(id)
    expect(crashed[0]).toMatchObject({ language: 'English', state: 'pending', assetId: null })
    expect(crashed[0]!.addSentAt).not.toBeNull()
    const entryId = world.journal.getFile(id)!.entryId!
    expect((await assetsOf(entryId)).map((a) => a.language)).toEqual(['English'])

    world.reopenJournal()
    const second = engineAs('')
    second.start()
    await untilIdle(second)
    const row = world.journal.getFile(id)!
    expect(row.state, row.error?.message).toBe('done')
    expect(row.entryId).toBe(entryId)
    await expectCaptionsOnServer(entryId, captions)
    expect(captionRequests('add')).toHaveLength(2)
    expect(captionRequests('list').length).toBeGreaterThanOrEqual(1)
  })

  it('lost replies to captionAsset.add and to setContent are settled by looking, not by sending again: two assets, each with its file', async () => {
    world = await createWorld()
    const { id, captions } = await talkWithCaptions()
    // The server stores the English asset and later gives the German one its content; both replies are lost.
    world.server.faults.add({ match: { service: 'caption_captionasset', action: 'add' }, action: { kind: 'dropReply' }, times: 1 })
    world.server.faults.add({ match: { service: 'caption_captionasset', action: 'setContent' }, action: { kind: 'dropReply' }, skip: 1, times: 1 })
    const engine = engineAs('')
    engine.start()
    engine.add([id])
    await untilIdle(engine)

    const row = world.journal.getFile(id)!
    expect(row.state, row.error?.message).toBe('done')
    expect(row.notice).toBeNull()
    await expectCaptionsOnServer(row.entryId!, captions)
    expect(captionRequests('add').map((r) => r.fault ?? 'ok')).toEqual(['dropReply', 'ok'])
    expect(captionRequests('setcontent').map((r) => r.fault ?? 'ok')).toEqual(['ok', 'dropReply'])
    expect(world.journal.captions.of(id).map((c) => c.state)).toEqual(['done', 'done'])
  })

  it("a lost reply to a caption's uploadToken.add, and a stop while one is held, leave no second token: each is adopted", async () => {
    world = await createWorld()
    const { id, captions } = await talkWithCaptions()
    // The first uploadToken.add is the video's; the English caption's reply is lost; the German one's add is held
    // by the server while the engine stops, and answered into the void.
    world.server.faults.add({ match: { service: 'uploadtoken', action: 'add' }, action: { kind: 'dropReply' }, skip: 1, times: 1 })
    const first = engineAs('')
    // The video's add, the English caption's (lost; the look adopts its token, no second add), then the German one's.
    const stopped = world.server.faults.onRequest({ match: { service: 'uploadtoken', action: 'add' }, skip: 2, run: () => first.shutdown() })
    first.start()
    first.add([id])
    await stopped.finished
    // English went through on the adopted token; German's add has an intent and no token id.
    expect(world.journal.captions.of(id).map((c) => [c.language, c.state, c.tokenId !== null, c.tokenAddSentAt !== null])).toEqual([
      ['English', 'done', false, false],
      ['German', 'pending', false, true]
    ])

    world.reopenJournal()
    const second = engineAs('')
    second.start()
    await untilIdle(second)
    const row = world.journal.getFile(id)!
    expect(row.state, row.error?.message).toBe('done')
    await expectCaptionsOnServer(row.entryId!, captions)
    // One token for the video and one per caption, each closed: the lost one and the held one were adopted.
    expect(world.server.inspect.uploads().map((u) => u.status)).toEqual([3, 3, 3])
  })

  it('a role that may not add captions leaves the video done, the captions failed, and a notice naming each language', async () => {
    world = await createWorld()
    const { id } = await talkWithCaptions()
    const engine = engineAs('tester')
    let held = false
    engine.on('account-held', () => (held = true))
    engine.start()
    engine.add([id])
    await untilIdle(engine)

    const row = world.journal.getFile(id)!
    expect(row.state, row.error?.message).toBe('done')
    expect(held).toBe(false)
    expect(world.server.inspect.entry(row.entryId!)!.status).toBe(2)
    const reason = 'this account may not add captions (its role lacks CAPTION_MODIFY)'
    expect(row.notice).toBe(`Uploaded; English captions not added: ${reason}; German captions not added: ${reason}.`)
    expect(world.journal.captions.of(id).map((c) => [c.state, c.message])).toEqual([
      ['failed', reason],
      ['failed', reason]
    ])
    expect(engine.files().find((f) => f.id === id)!.captions).toEqual([
      { language: 'English', state: 'failed' },
      { language: 'German', state: 'failed' }
    ])
    expect(await assetsOf(row.entryId!)).toEqual([])
    // Asked once (and once more after the client renewed the KS it took for stale); German was not tried.
    expect(captionRequests('add').map((r) => r.errorCode)).toEqual(['SERVICE_FORBIDDEN', 'SERVICE_FORBIDDEN'])
    // The caption's token, filled before Kaltura refused the asset, is deleted rather than left open.
    expect(world.server.inspect.uploads().filter((u) => u.status !== 3 && u.status !== 5)).toEqual([])
  })

  it('a caption file changed after the scan fails only that caption; the video and the other caption are done', async () => {
    world = await createWorld()
    const { id, captions } = await talkWithCaptions()
    await appendFile(captions[1]!.path, '\n00:00:07.000 --> 00:00:08.000\nNachtrag.\n')
    const engine = engineAs('')
    engine.start()
    engine.add([id])
    await untilIdle(engine)

    const row = world.journal.getFile(id)!
    expect(row.state, row.error?.message).toBe('done')
    expect(row.notice).toBe('Uploaded; German captions not added: the caption file talk.de.vtt changed after it was queued.')
    await expectCaptionsOnServer(row.entryId!, [captions[0]!])
    expect(world.journal.captions.of(id).map((c) => c.state)).toEqual(['done', 'failed'])
    expect(engine.files().find((f) => f.id === id)!.captions).toEqual([
      { language: 'English', state: 'done' },
      { language: 'German', state: 'failed' }
    ])
  })
})
