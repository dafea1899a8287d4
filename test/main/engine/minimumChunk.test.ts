// Stories of a server with a minimum chunk size (Kaltura SaaS's minimumChunkSize; the test server's
// minimumChunkBytes): the engine grows its opening part and its small tail chunks instead of failing, remembers the
// minimum for the account across a restart, and says plainly when the minimum and a maximum leave no size at all.
import { afterEach, describe, expect, it } from 'vitest'
import { createWorld, untilIdle, MiB, type World } from './engineFixture'
import { expectCleanEnd } from './storyEnd'

const MINIMUM = 3 * MiB
let world: World
afterEach(async () => world.dispose())

function refusals(): number {
  return world.server.inspect.requests().filter((r) => r.errorCode === 'UPLOAD_TOKEN_CHUNK_TOO_SMALL').length
}

async function runOnce(paths: string[]): Promise<void> {
  const ids = await world.enqueue(paths)
  const engine = world.engine()
  engine.start()
  engine.add(ids)
  await untilIdle(engine)
  await engine.shutdown()
}

describe('a server with a minimum chunk size', () => {
  it('files whose opening part and last chunks fall under a 3 MiB minimum all end READY byte-exact, at the cost of about one refusal per file running', async () => {
    world = await createWorld({ minimumChunkBytes: MINIMUM })
    // Tails of 1234 bytes, 17 bytes and 1 MiB after whole minimum-sized chunks; one file under the minimum (sent whole).
    const sizes = [7 * MiB + 1234, 6 * MiB + 17, 4 * MiB, 2 * MiB + 5]
    const paths = await Promise.all(sizes.map((size, i) => world.makeFile(`min-${i}.mp4`, size)))
    await runOnce(paths)
    await expectCleanEnd(world, paths)
    const refused = refusals()
    console.info(`minimum chunk: ${refused} refusals for ${paths.length} files`)
    expect(refused).toBeGreaterThan(0)
    expect(refused).toBeLessThanOrEqual(3)
    // Every non-final part that was taken had at least the minimum.
    const taken = world.server.inspect.requests().filter((r) => r.action === 'upload' && r.finalChunk === false && r.errorCode === undefined)
    expect(taken.length).toBeGreaterThan(0)
    expect(taken.filter((r) => (r.partBytes ?? 0) < MINIMUM)).toEqual([])
    expect(world.journal.chunkLimits.smallestNeeded(world.profileId)).toBe(MINIMUM)
  })

  it('after a restart (journal reopened, new engine) the account\'s minimum is known: not one refusal on the second run', async () => {
    world = await createWorld({ minimumChunkBytes: MINIMUM })
    await runOnce([await world.makeFile('first.mp4', 5 * MiB + 3)])
    expect(refusals()).toBeGreaterThan(0)
    const before = refusals()
    world.reopenJournal()
    const second = [await world.makeFile('second.mp4', 8 * MiB + 77), await world.makeFile('third.mp4', 3 * MiB + 1)]
    await runOnce(second)
    expect(refusals()).toBe(before)
    await expectCleanEnd(world, [world.journal.allFiles()[0]!.path, ...second])
  })

  it('a minimum above the part size PHP takes (3 MiB minimum, 2 MiB upload_max_filesize) fails the file with one clear message and leaves no entry', async () => {
    world = await createWorld({ minimumChunkBytes: MINIMUM, partLimitBytes: 2 * MiB })
    const path = await world.makeFile('nofit.mp4', 8 * MiB)
    await runOnce([path])
    const row = world.journal.allFiles().find((f) => f.path === path)!
    expect(row.state).toBe('failed')
    expect(row.error?.message).toMatch(/refuses parts smaller than 3145728 bytes and parts of \d+ bytes or more for this account, so no part size can work/)
    expect(world.server.inspect.entries()).toEqual([])
  })
})
