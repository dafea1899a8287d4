// Story: half of the uploadToken.add replies are lost after the server made the token. The engine looks before it
// asks again (uploadToken.list by name, size and PENDING) and adopts the token it made, so no stray token is left.
// The intent is journaled before the add is sent, so a restart after an add whose answer was never read looks too;
// an add the server refused with an API error made nothing, and the next start adds without a look.
import { stat } from 'node:fs/promises'
import { afterEach, describe, expect, it } from 'vitest'
import { clientForProfile } from '../../../src/main/accounts/accounts'
import { generateKsV2 } from '../../../src/main/kaltura'
import { createWorld, until, untilIdle, MiB, type World } from './engineFixture'
import { expectCleanEnd } from './storyEnd'

let world: World
afterEach(async () => world.dispose())

describe('lost uploadToken.add replies', () => {
  it('with half of the add replies dropped, six files end READY byte-exact with one token each and no stray token', async () => {
    world = await createWorld()
    const paths = await Promise.all([1, 2, 3, 4, 5, 6].map((i) => world.makeFile(`lost-add-${i}.mp4`, MiB + i * 7919)))
    world.server.faults.add({ match: { service: 'uploadtoken', action: 'add' }, action: { kind: 'dropReply' }, times: -1, probability: 0.5, seed: 3 })
    const ids = await world.enqueue(paths)
    const engine = world.engine()
    engine.start()
    engine.add(ids)
    await untilIdle(engine)
    const adds = world.server.inspect.requests().filter((r) => r.service === 'uploadtoken' && r.action === 'add')
    const dropped = adds.filter((r) => r.fault === 'dropReply')
    console.info(`uploadToken.add: ${dropped.length} of ${adds.length} replies dropped`)
    expect(dropped.length).toBeGreaterThanOrEqual(2)
    // Every dropped reply was followed by a look, not a blind second add.
    const lists = world.server.inspect.requests().filter((r) => r.service === 'uploadtoken' && r.action === 'list')
    expect(lists.length).toBeGreaterThanOrEqual(dropped.length)
    await expectCleanEnd(world, paths)
  })
})

describe('a lost uploadToken.add reply beside an older token of the same name and size', () => {
  it('never adopts an older PENDING token of the same name and size (another machine, or a journal since lost)', async () => {
    world = await createWorld()
    const path = await world.makeFile('shared.mp4', MiB + 4099)
    const size = (await stat(path)).size
    // The same user's PENDING token for a file of that name and size, made half an hour ago by someone else.
    world.server.clock.advance(-1800)
    const ks = generateKsV2(world.server.adminSecret, { partnerId: world.server.partnerId, type: 0, userId: 'tester', privileges: '', expiresAt: Math.floor(Date.now() / 1000) + 3600 })
    const reply = await fetch(`${world.server.url}/api_v3/service/uploadtoken/action/add`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ format: 1, ks, uploadToken: { objectType: 'KalturaUploadToken', fileName: 'shared.mp4', fileSize: size } })
    })
    const older = ((await reply.json()) as { id: string }).id
    world.server.clock.advance(1800)
    // The engine's add is cut before the server made anything: its look finds only the older token.
    world.server.faults.add({ match: { service: 'uploadtoken', action: 'add' }, action: { kind: 'reset', afterBytes: 0 }, times: 1 })
    const engine = world.engine()
    engine.start()
    engine.add(await world.enqueue([path]))
    await untilIdle(engine)
    const row = world.journal.allFiles()[0]!
    expect(row.state, row.error?.message).toBe('done')
    expect(row.tokenId).not.toBe(older)
    const tokens = world.server.inspect.uploads()
    // The older token is left as it was, for whoever made it; the engine made its own.
    expect(tokens.find((t) => t.id === older)?.status).toBe(0)
    expect(tokens).toHaveLength(2)
    expect(world.server.inspect.requests().filter((r) => r.service === 'uploadtoken' && r.action === 'list').length).toBeGreaterThanOrEqual(1)
  })
})

function tokenRequests(action: string): number {
  return world.server.inspect.requests().filter((r) => r.service === 'uploadtoken' && r.action === action).length
}

describe('an uploadToken.add whose answer a stopped run never read', () => {
  it('a restart looks before adding, adopts the token the lost add made, and ends READY byte-exact with one token', async () => {
    world = await createWorld()
    const paths = [await world.makeFile('crash-add.mp4', MiB + 6151)]
    const [id] = await world.enqueue(paths)
    world.server.faults.add({ match: { service: 'uploadtoken', action: 'add' }, action: { kind: 'dropReply' }, times: 1 })
    // A long back-off keeps the first run waiting to retry the add: it is stopped there, as a crash would stop it.
    const first = world.engine({ retry: { baseDelayMs: 60_000, maxDelayMs: 60_000, maxAttempts: 8 } })
    first.start()
    first.add([id!])
    await until(first, () => first.files().some((f) => f.state === 'uploading' && f.waiting === 'retry'))
    await first.shutdown()
    const crashed = world.journal.getFile(id!)!
    expect(crashed.tokenId).toBeNull()
    expect(crashed.tokenAddSentAt).not.toBeNull()
    // The server made the token; nothing looked for it yet.
    const [made] = world.server.inspect.uploads()
    expect(world.server.inspect.uploads()).toHaveLength(1)
    expect(made!.status).toBe(0)
    expect(tokenRequests('list')).toBe(0)

    world.reopenJournal()
    const second = world.engine()
    second.start()
    await untilIdle(second)
    await expectCleanEnd(world, paths)
    const row = world.journal.getFile(id!)!
    expect(row.tokenId).toBe(made!.id)
    expect(row.tokenAddSentAt).toBeNull()
    expect(tokenRequests('add')).toBe(1)
    expect(tokenRequests('list')).toBe(1)
  })

  it('two files of the same name and size, both adds unanswered, each adopt a different token after the restart', async () => {
    world = await createWorld()
    const paths = [await world.makeFile('a/clip.mp4', MiB + 999), await world.makeFile('b/clip.mp4', MiB + 999)]
    const ids = await world.enqueue(paths)
    world.server.faults.add({ match: { service: 'uploadtoken', action: 'add' }, action: { kind: 'dropReply' }, times: 2 })
    const first = world.engine({ retry: { baseDelayMs: 60_000, maxDelayMs: 60_000, maxAttempts: 8 } })
    first.start()
    first.add(ids)
    await until(first, () => first.files().filter((f) => f.state === 'uploading' && f.waiting === 'retry').length === 2)
    await first.shutdown()
    expect(world.journal.allFiles().map((f) => [f.tokenId, f.tokenAddSentAt !== null])).toEqual([
      [null, true],
      [null, true]
    ])
    expect(world.server.inspect.uploads()).toHaveLength(2)

    world.reopenJournal()
    const second = world.engine()
    second.start()
    await untilIdle(second)
    // Both looked at once and saw both tokens; neither took the one the other had just taken.
    await expectCleanEnd(world, paths)
    expect(tokenRequests('add')).toBe(2)
  })
})

describe('an uploadToken.add refused with an API error', () => {
  it('clears the intent: nothing was made, so the next start of the file adds without a look', async () => {
    // May list entries but not add a token (service.uploadtoken.ini): uploadToken.add is refused with SERVICE_FORBIDDEN.
    world = await createWorld({ roles: [{ id: 3004, systemName: 'LIST_ONLY', permissions: ['CONTENT_MODERATE_BASE'] }] })
    let roleId: string | null = 'LIST_ONLY'
    const apiFor = async (): Promise<ReturnType<typeof clientForProfile>> => {
      const profile = { id: world.profileId, name: 'Test', serviceUrl: world.server.url, partnerId: world.server.partnerId, userId: 'tester', authKind: 'admin-secret' as const, roleId }
      return clientForProfile(profile, world.server.adminSecret)
    }
    const paths = [await world.makeFile('refused.mp4', MiB + 313)]
    const [id] = await world.enqueue(paths)
    const engine = world.engine({ apiFor })
    const held = new Promise<string>((resolve) => engine.once('account-held', (_profile, message) => resolve(message)))
    engine.start()
    engine.add([id!])
    // The role, not the secret: the message says which, so the user knows whom to ask.
    expect(await held).toMatch(/^Kaltura refused this account's role a call the uploader needs/)
    const refused = world.server.inspect.requests().filter((r) => r.service === 'uploadtoken' && r.action === 'add')
    expect(refused.length).toBeGreaterThanOrEqual(1)
    expect(refused.every((r) => r.errorCode === 'SERVICE_FORBIDDEN')).toBe(true)
    expect(world.journal.getFile(id!)).toMatchObject({ tokenId: null, tokenAddSentAt: null })
    expect(world.server.inspect.uploads()).toHaveLength(0)

    // The account is fixed (its own role): the file starts again and adds at once.
    roleId = null
    engine.accountChanged(world.profileId)
    await until(engine, () => world.journal.getFile(id!)!.state === 'done')
    await untilIdle(engine)
    await expectCleanEnd(world, paths)
    expect(tokenRequests('add')).toBe(refused.length + 1)
    expect(tokenRequests('list')).toBe(0)
  })
})
