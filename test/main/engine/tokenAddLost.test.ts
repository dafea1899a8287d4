// Story: half of the uploadToken.add replies are lost after the server made the token. The engine looks before it
// asks again (uploadToken.list by name, size and PENDING) and adopts the token it made, so no stray token is left.
import { afterEach, describe, expect, it } from 'vitest'
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
