// Story: half of the uploadToken.add replies are lost after the server made the token. The engine looks before it
// asks again (uploadToken.list by name, size and PENDING) and adopts the token it made, so no stray token is left.
import { stat } from 'node:fs/promises'
import { afterEach, describe, expect, it } from 'vitest'
import { generateKsV2 } from '../../../src/main/kaltura'
import { createWorld, untilIdle, MiB, type World } from './engineFixture'
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
