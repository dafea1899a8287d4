// Adaptive parallelism end to end: the test server paces every request on its own, as one TCP connection is paced on
// a lossy link, so more connections move more bytes. With the setting on, the engine adds connections and the file
// arrives whole; with it off, the user's figure is the most ever in flight.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createWorld, peakConcurrency, sha256File, untilIdle, MiB, type World } from './engineFixture'
import type { RequestRecord } from '../../kaltura-server/api'

let world: World
beforeEach(async () => {
  world = await createWorld()
})
afterEach(async () => world.dispose())

/** The most chunk uploads the server had open at once. */
function peakUploadsOpen(): number {
  return peakConcurrency(world.server.inspect.requests().filter((r: RequestRecord) => r.service === 'uploadtoken' && r.action === 'upload'))
}

async function uploadOne(size: number, settings: { adaptiveConnections: boolean }): Promise<string> {
  const path = await world.makeFile('lecture.mp4', size)
  const ids = await world.enqueue([path])
  // Half a MiB per second for each request: two connections move 1 MiB/s, four move 2 MiB/s.
  world.server.faults.setConnectionRate(512 * 1024)
  const engine = world.engine({}, { maxConnections: 2, maxParallelFiles: 1, ...settings })
  engine.start()
  engine.add(ids)
  await untilIdle(engine)
  const row = world.journal.getFile(ids[0]!)!
  expect(row.state, row.error?.message ?? '').toBe('done')
  expect(world.server.inspect.entry(row.entryId!)?.sha256).toBe(await sha256File(path))
  return path
}

describe('adaptive connections', () => {
  it('where each connection has its own pace, adds connections while they move more, and the file arrives whole', async () => {
    // Measured on two for 2 s, then four (kept: twice the bytes), then eight.
    await uploadOne(14 * MiB, { adaptiveConnections: true })
    expect(peakUploadsOpen()).toBeGreaterThanOrEqual(4)
  })

  it('switched off, never has more than the setting in flight on the same link', async () => {
    await uploadOne(6 * MiB, { adaptiveConnections: false })
    expect(peakUploadsOpen()).toBe(2)
  })
})
