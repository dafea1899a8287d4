// Stories of a server whose PHP limits refuse parts without HTTP 413: the engine finds the largest chunk that fits,
// keeps to it for every file of the account, remembers it across a restart, and never fails a file for it.
import { afterEach, describe, expect, it } from 'vitest'
import type { KalturaTestServerOptions, RequestRecord } from '../../kaltura-server/api'
import { createWorld, sha256File, untilIdle, MiB, type World } from './engineFixture'

const PART_LIMIT = 4_000_000
/** The sizer's opening size (about 4.75 MiB) is over the limit, and with two connections the share of a 10 MB file
 * left after the opening part is too, so the first chunks meet the limit. */
const SETTINGS = { minChunkBytes: 256 * 1024, maxChunkBytes: 16 * MiB, maxConnections: 2 }

let world: World
afterEach(async () => world.dispose())

async function uploadFour(options: Omit<KalturaTestServerOptions, 'dataDir'>): Promise<string[]> {
  world = await createWorld(options)
  const paths = await Promise.all([1, 2, 3, 4].map((i) => world.makeFile(`clip${i}.mp4`, 10 * MiB + i * 4099)))
  const ids = await world.enqueue(paths)
  const engine = world.engine({}, SETTINGS)
  engine.start()
  engine.add(ids)
  await untilIdle(engine)
  await engine.shutdown()
  return paths
}

async function expectEveryFileReady(paths: string[]): Promise<void> {
  for (const path of paths) {
    const row = world.journal.allFiles().find((f) => f.path === path)!
    expect(row.state, `${path}: ${row.error?.message ?? ''}`).toBe('done')
    const entry = world.server.inspect.entry(row.entryId!)
    expect(entry?.status).toBe(2)
    expect(entry?.sha256).toBe(await sha256File(path))
  }
  expect(world.server.inspect.entries()).toHaveLength(paths.length)
  // No stray token: one per file, each closed into its entry (status 3), none left pending or partial.
  expect(world.server.inspect.uploads().map((u) => u.status)).toEqual(paths.map(() => 3))
}

/** File bytes the server received in calls it refused: what the search for the limit cost. */
function refusedBytes(isRefused: (r: RequestRecord) => boolean): number {
  return world.server.inspect.requests().filter(isRefused).reduce((sum, r) => sum + (r.partBytes ?? r.droppedBodyBytes ?? 0), 0)
}

describe('chunk sizes the server refuses without HTTP 413', () => {
  it('with a 4 MB part limit (UPLOAD_ERROR), four 10 MB files upload in one run byte-exact, and the search costs at most a few refused parts', async () => {
    const paths = await uploadFour({ partLimitBytes: PART_LIMIT })
    await expectEveryFileReady(paths)
    const resent = refusedBytes((r) => r.errorCode === 'UPLOAD_ERROR')
    console.info(`part limit: ${(resent / MiB).toFixed(1)} MiB re-sent over ${(4 * 10)} MiB of files`)
    expect(resent).toBeGreaterThan(0)
    expect(resent).toBeLessThanOrEqual(6 * 5 * MiB)
    expect(world.journal.chunkLimits.of(world.profileId).smallestRefused).toBeGreaterThan(PART_LIMIT)
  })

  it('with a 4 MB body limit (every field lost, XML MISSING_MANDATORY_PARAMETER), the same four files upload in one run byte-exact', async () => {
    const paths = await uploadFour({ bodyLimitBytes: PART_LIMIT })
    await expectEveryFileReady(paths)
    const resent = refusedBytes((r) => r.droppedBodyBytes !== undefined)
    console.info(`body limit: ${(resent / MiB).toFixed(1)} MiB re-sent over ${(4 * 10)} MiB of files`)
    expect(resent).toBeGreaterThan(0)
    expect(resent).toBeLessThanOrEqual(6 * 5 * MiB)
  })

  it('after a restart (journal reopened, new engine) the first chunk already fits: no refusal on the second run', async () => {
    await uploadFour({ partLimitBytes: PART_LIMIT })
    expect(refusedBytes((r) => r.errorCode === 'UPLOAD_ERROR')).toBeGreaterThan(0)
    const before = world.server.inspect.requests().length
    world.reopenJournal()
    const path = await world.makeFile('later.mp4', 10 * MiB + 77)
    const ids = await world.enqueue([path])
    const engine = world.engine({}, SETTINGS)
    engine.start()
    engine.add(ids)
    await untilIdle(engine)
    const second = world.server.inspect.requests().slice(before)
    expect(second.filter((r) => r.errorCode === 'UPLOAD_ERROR')).toEqual([])
    expect(Math.max(...second.map((r) => r.partBytes ?? 0))).toBeGreaterThan(2 * MiB)
    expect(world.journal.allFiles().find((f) => f.path === path)?.state).toBe('done')
  })
})
