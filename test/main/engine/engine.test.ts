// The engine's everyday story: a folder becomes ready entries, byte for byte, once each; the queue survives a
// restart; pause and resume hold; duplicates follow the batch's policy.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createWorld, sha256File, until, untilIdle, MiB, type World } from './engineFixture'

let world: World
beforeEach(async () => {
  world = await createWorld()
})
afterEach(async () => world.dispose())

async function expectUploadedExactlyOnce(paths: string[]): Promise<void> {
  const files = world.journal.allFiles()
  const entries = world.server.inspect.entries()
  for (const path of paths) {
    const row = files.find((f) => f.path === path)
    expect(row, path).toBeDefined()
    expect(row!.state, `${path}: ${row!.error?.message ?? ''}`).toBe('done')
    const entry = world.server.inspect.entry(row!.entryId!)
    expect(entry?.status).toBe(2)
    expect(entry?.sha256).toBe(await sha256File(path))
    expect(entries.filter((e) => e.referenceId === row!.referenceId)).toHaveLength(1)
  }
}

describe('upload engine', () => {
  it('uploads a folder in parallel chunks and every file becomes exactly one ready entry with the same bytes', async () => {
    const paths = [
      await world.makeFile('trip/a.mp4', 3 * MiB + 17),
      await world.makeFile('trip/b.mov', 700 * 1024),
      await world.makeFile('trip/day 2/c.mkv', 2 * MiB),
      await world.makeFile('trip/notes.txt', 100)
    ]
    const ids = await world.enqueue([`${world.mediaDir}/trip`])
    expect(ids).toHaveLength(3)
    const engine = world.engine()
    engine.start()
    engine.add(ids)
    await untilIdle(engine)
    await expectUploadedExactlyOnce(paths.slice(0, 3))
    expect(world.server.inspect.entries()).toHaveLength(3)
    const entry = world.server.inspect.entries().find((e) => e.name === 'a')!
    expect(entry).toMatchObject({ tags: 'test', mediaType: 1 })
    // Chunks of one file went out in parallel, each with explicit resume/resumeAt/finalChunk.
    const uploads = world.server.inspect.requests().filter((r) => r.action === 'upload')
    expect(uploads.every((r) => r.resume !== undefined && r.resumeAt !== undefined && r.finalChunk !== undefined)).toBe(true)
    expect(uploads.every((r) => r.resumeAt !== -1)).toBe(true)
    const totals = engine.totals()
    expect(totals.shownBytes).toBe(totals.bytes)
  })

  it('resumes after a restart from what the server confirmed, without sending confirmed chunks again', async () => {
    const path = await world.makeFile('big.mp4', 8 * MiB)
    const ids = await world.enqueue([path])
    world.server.faults.setLinkRate(4 * MiB)
    let engine = world.engine({}, { maxConnections: 2 })
    engine.start()
    engine.add(ids)
    await until(engine, () => (world.journal.getFile(ids[0]!)!.confirmedBytes ?? 0) >= 2 * MiB)
    await engine.shutdown()
    const token = world.journal.getFile(ids[0]!)!.tokenId!
    const before = world.server.inspect.upload(token)!
    expect(before.uploadedFileSize).toBeLessThan(8 * MiB)

    world.server.faults.setLinkRate(null)
    world.reopenJournal()
    engine = world.engine({}, { maxConnections: 2 })
    engine.start()
    await untilIdle(engine)
    await expectUploadedExactlyOnce([path])
    const after = world.server.inspect.upload(token)!
    // Re-sent bytes are at most the two chunks that were in flight when it stopped.
    expect(after.bytesReceived - 8 * MiB).toBeLessThanOrEqual(2 * MiB)
  })

  it('pauses one file and all files, keeps the pause across a restart, and resumes', async () => {
    const a = await world.makeFile('a.mp4', 3 * MiB)
    const b = await world.makeFile('b.mp4', 3 * MiB)
    const ids = await world.enqueue([a, b])
    world.server.faults.setLinkRate(2 * MiB)
    let engine = world.engine()
    engine.start()
    engine.pause([ids[0]!])
    engine.add(ids)
    await until(engine, () => world.journal.getFile(ids[1]!)!.confirmedBytes > 0)
    engine.pause()
    await until(engine, () => engine.files().every((f) => f.state === 'paused'))
    await engine.shutdown()

    world.reopenJournal()
    engine = world.engine()
    engine.start()
    expect(engine.files().map((f) => f.state)).toEqual(['paused', 'paused'])
    expect(engine.isIdle()).toBe(true)
    world.server.faults.setLinkRate(null)
    engine.resume([ids[1]!])
    await until(engine, () => world.journal.getFile(ids[1]!)!.state === 'done')
    expect(world.journal.getFile(ids[0]!)!.state).toBe('paused')
    engine.resume()
    await untilIdle(engine)
    await expectUploadedExactlyOnce([a, b])
  })

  it('skips a file whose content was already uploaded and points at the existing entry', async () => {
    const a = await world.makeFile('a.mp4', 1 * MiB)
    let ids = await world.enqueue([a])
    const engine = world.engine()
    engine.start()
    engine.add(ids)
    await untilIdle(engine)
    const first = world.journal.getFile(ids[0]!)!
    const { copyFile } = await import('node:fs/promises')
    await copyFile(a, `${world.mediaDir}/copy of a.mp4`)
    ids = await world.enqueue([`${world.mediaDir}/copy of a.mp4`], 'skip')
    const copy = world.journal.getFile(ids[0]!)!
    expect(copy.state).toBe('skipped')
    expect(copy.duplicateOf).toBe(first.id)
    expect(copy.notice).toContain(first.entryId!)
    engine.add(ids)
    await untilIdle(engine)
    expect(world.server.inspect.entries()).toHaveLength(1)
  })

  it('uploads a duplicate again when the batch asks for it', async () => {
    const a = await world.makeFile('a.mp4', 600 * 1024)
    const { copyFile } = await import('node:fs/promises')
    await copyFile(a, `${world.mediaDir}/b.mp4`)
    const ids = await world.enqueue([a, `${world.mediaDir}/b.mp4`], 'upload')
    expect(world.journal.getFile(ids[1]!)!.notice).toMatch(/uploaded again/)
    const engine = world.engine()
    engine.start()
    engine.add(ids)
    await untilIdle(engine)
    expect(world.server.inspect.entries()).toHaveLength(2)
  })
})
