// Story: a proxy in front of Kaltura cuts the final call (504) while the server goes on and finishes the file. The
// engine asks uploadToken.get before sending the final again, or meets INVALID_STATUS and asks then, and keeps
// its token: every file ends READY with the one token it started with.
import { afterEach, describe, expect, it } from 'vitest'
import { createWorld, untilIdle, MiB, type World } from './engineFixture'
import { expectCleanEnd } from './storyEnd'

let world: World
afterEach(async () => world.dispose())

describe('the final call cut by a proxy', () => {
  it('each final answered only after the proxy gave up (504): three files end READY, one token each, no final sent twice', async () => {
    world = await createWorld({ proxyCutMs: 300 })
    const paths = await Promise.all([1, 2, 3].map((i) => world.makeFile(`cut-${i}.mp4`, 2 * MiB + i * 4099)))
    // The server finishes each final at once but takes 1.5 s to answer: the proxy has answered 504 by then.
    world.server.faults.add({ match: { service: 'uploadtoken', action: 'upload', finalChunk: true }, action: { kind: 'delay', ms: 1500 }, times: 3 })
    const ids = await world.enqueue(paths)
    const engine = world.engine()
    engine.start()
    engine.add(ids)
    await untilIdle(engine)
    const finals = world.server.inspect.requests().filter((r) => r.action === 'upload' && r.finalChunk === true && r.resume === true)
    expect(finals.filter((r) => r.proxyCut)).toHaveLength(3)
    // uploadToken.get found each token FULL: no second final.
    expect(finals).toHaveLength(3)
    await expectCleanEnd(world, paths)
  })

  it('a final cut before the server got to it: the retried final races the first on the server, and the file ends READY with its one token', async () => {
    world = await createWorld({ proxyCutMs: 250, finalChunkWaitMs: 5000 })
    const path = await world.makeFile('late-chunk.mp4', 3 * MiB + 123)
    const ids = await world.enqueue([path])
    // Hold the first final on the server until a second final has arrived, so both race on the server.
    let releaseFirst: () => void = () => undefined
    const firstHeld = new Promise<void>((resolve) => (releaseFirst = resolve))
    world.server.faults.onRequest({ match: { service: 'uploadtoken', action: 'upload', finalChunk: true }, run: () => firstHeld })
    world.server.faults.onRequest({ match: { service: 'uploadtoken', action: 'upload', finalChunk: true }, skip: 1, run: () => releaseFirst() })
    const engine = world.engine()
    engine.start()
    engine.add(ids)
    await untilIdle(engine)
    expect(world.server.inspect.requests().some((r) => r.proxyCut)).toBe(true)
    await expectCleanEnd(world, [path])
  })
})
