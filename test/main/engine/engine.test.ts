// The engine's everyday story: a folder becomes ready entries, byte for byte, once each; the queue survives a
// restart; pause and resume hold; duplicates follow the batch's policy.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createWorld, peakConcurrency, sha256File, until, untilIdle, MiB, type World } from './engineFixture'
import { MAX_VIEWS_PER_UPDATE } from '../../../src/main/engine/updates'
import { OPENING_PART_BYTES } from '../../../src/main/engine/fileRun'
import type { RequestRecord } from '../../kaltura-server/api'

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
    expect(totals.confirmedBytes).toBe(totals.bytes)
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
    expect(world.journal.getFile(ids[1]!)!.notice).toMatch(/^Identical to .*a\.mp4 in this batch; uploaded as well/)
    const engine = world.engine()
    engine.start()
    engine.add(ids)
    await untilIdle(engine)
    expect(world.server.inspect.entries()).toHaveLength(2)
  })
})

describe('retry', () => {
  it('shows a retried file whose content already reached its entry as processing, never queued, while Kaltura works on it', async () => {
    const path = await world.makeFile('a.mp4', 400 * 1024)
    const ids = await world.enqueue([path])
    // The entry gets its content, then every media.get that follows it fails until the retries run out.
    world.server.faults.add({ match: { service: 'media', action: 'get' }, skip: 1, times: -1, action: { kind: 'http', status: 500 } })
    const engine = world.engine()
    engine.start()
    engine.add(ids)
    await untilIdle(engine)
    const failed = world.journal.getFile(ids[0]!)!
    expect(failed).toMatchObject({ state: 'failed', contentAttached: true, error: { kind: 'retries-exhausted' } })
    const tokensBefore = world.server.inspect.uploads().length
    world.server.faults.clear()

    const seen: string[] = []
    engine.on('update', (files) => {
      for (const f of files) if (f.id === ids[0]) seen.push(f.state)
    })
    expect(engine.retry(ids)).toEqual({ done: 1, refused: [] })
    // The state changes at once, through the one checked writer (an illegal transition would have thrown here).
    expect(world.journal.getFile(ids[0]!)!.state).toBe('processing')
    await untilIdle(engine)
    await until(engine, () => seen.includes('done'))
    expect(seen).not.toContain('queued')
    expect(world.journal.getFile(ids[0]!)).toMatchObject({ state: 'done', error: null })
    // Nothing was sent again: the same entry was followed.
    expect(world.server.inspect.uploads()).toHaveLength(tokensBefore)
    expect(world.server.inspect.entries()).toHaveLength(1)
  })
})

describe('cancel', () => {
  it('stops a file for good, removes its partial upload from the server, and leaves the others going', async () => {
    const a = await world.makeFile('a.mp4', 3 * MiB)
    const b = await world.makeFile('b.mp4', 1 * MiB)
    const ids = await world.enqueue([a, b])
    world.server.faults.setLinkRate(1 * MiB)
    const engine = world.engine()
    engine.start()
    engine.add(ids)
    await until(engine, () => world.journal.getFile(ids[0]!)!.confirmedBytes > 0)
    const token = world.journal.getFile(ids[0]!)!.tokenId!
    await engine.cancel([ids[0]!])
    expect(world.journal.getFile(ids[0]!)!.state).toBe('canceled')
    world.server.faults.setLinkRate(null)
    await untilIdle(engine)
    expect(world.journal.getFile(ids[1]!)!.state).toBe('done')
    await expect.poll(() => world.server.inspect.upload(token)?.status).toBe(5)
    expect(world.server.inspect.entries()).toHaveLength(1)
    await engine.cancel([ids[1]!]) // done files cannot be canceled: nothing happens
    expect(world.journal.getFile(ids[1]!)!.state).toBe('done')
  })
})

describe('updates to the window', () => {
  it('sends a batch of thousands of new files in slices, every file in one of them', async () => {
    const count = MAX_VIEWS_PER_UPDATE * 2 + 500
    const paths: string[] = []
    for (let i = 0; i < count; i += 250) paths.push(...(await Promise.all(Array.from({ length: Math.min(250, count - i) }, (_, j) => world.makeFile(`many/clip-${i + j}.mp4`, 16)))))
    const ids = await world.enqueue(paths)
    expect(ids).toHaveLength(count)
    const engine = world.engine({}, { maxParallelFiles: 2 })
    const sizes: number[] = []
    const seen = new Set<number>()
    engine.on('update', (files) => {
      sizes.push(files.length)
      for (const f of files) seen.add(f.id)
    })
    engine.add(ids)
    await until(engine, () => seen.size === count)
    expect(Math.max(...sizes)).toBeLessThanOrEqual(MAX_VIEWS_PER_UPDATE)
    expect(sizes.length).toBeGreaterThanOrEqual(3)
  })
})

describe('limits', () => {
  /** The most requests of this kind the server had open at once. */
  it('never has more files uploading or requests open than the settings allow, also after pause and resume', async () => {
    const paths = await Promise.all([1, 2, 3, 4, 5].map((i) => world.makeFile(`f${i}.mp4`, 2 * MiB)))
    const ids = await world.enqueue(paths)
    world.server.faults.setLinkRate(4 * MiB)
    const engine = world.engine({}, { maxParallelFiles: 2, maxConnections: 3, adaptiveConnections: false })
    let peakFiles = 0
    engine.on('update', () => {
      const active = engine.files().filter((f) => f.state === 'uploading' || f.state === 'finalizing').length
      peakFiles = Math.max(peakFiles, active)
    })
    engine.start()
    engine.add(ids)
    await until(engine, () => engine.files().some((f) => f.confirmedBytes + f.inFlightBytes > 0))
    engine.pause()
    await until(engine, () => engine.files().every((f) => f.state === 'paused' || f.state === 'done' || f.state === 'processing'))
    engine.resume()
    world.server.faults.setLinkRate(null)
    await untilIdle(engine)
    expect(peakFiles).toBeLessThanOrEqual(2)
    expect(peakFiles).toBeGreaterThan(0)
    // Requests the pause aborted are closed by the client at once; the server only notices a moment later.
    expect(peakConcurrency(world.server.inspect.requests().filter((r) => r.replied))).toBeLessThanOrEqual(3)
    await expectUploadedExactlyOnce(paths)
  })

  it('keeps to a bandwidth limit that can be changed while uploads run', async () => {
    const chunk = 256 * 1024
    const path = await world.makeFile('a.mp4', OPENING_PART_BYTES + 12 * chunk)
    const ids = await world.enqueue([path])
    const engine = world.engine({}, { bandwidthLimit: 2 * MiB, maxConnections: 1, adaptiveConnections: false, minChunkBytes: chunk, maxChunkBytes: chunk })
    // One connection, so each upload call's bytes leave under one limit only: calls 1-6 at 2 MiB/s; while the server
    // holds the 6th (its bytes all sent) the limit drops to 512 KiB/s for calls 7-10; while it holds the 11th, it is
    // lifted.
    const upload = { service: 'uploadtoken', action: 'upload' }
    const lowered = world.server.faults.onRequest({ match: upload, skip: 5, run: () => void engine.updateSettings({ bandwidthLimit: 512 * 1024 }) })
    const lifted = world.server.faults.onRequest({ match: upload, skip: 10, run: () => void engine.updateSettings({ bandwidthLimit: null }) })
    engine.start()
    engine.add(ids)
    await untilIdle(engine)
    expect([lowered.runs, lifted.runs]).toEqual([1, 1])
    await expectUploadedExactlyOnce([path])
    const calls = world.server.inspect.requests().filter((r) => r.service === 'uploadtoken' && r.action === 'upload')
    expectWithinLimit(calls.slice(0, 6), 2 * MiB)
    expectWithinLimit(calls.slice(6, 10), 512 * 1024)
  })
})

/**
 * What the server received over the span it saw it in (first call's arrival to last call's end) stays within the
 * limit plus the limiter's burst (a quarter second, at least 256 KiB) and one piece handed on as its call began.
 * A slow machine only lengthens the span, so this cannot fail for slowness; without the limit, or if a change did
 * not take, the bytes arrive faster than the bound allows.
 */
function expectWithinLimit(calls: RequestRecord[], bytesPerSecond: number): void {
  const bytes = calls.reduce((sum, r) => sum + (r.partBytes ?? 0), 0)
  const spanSeconds = (Math.max(...calls.map((r) => r.endedAt!)) - Math.min(...calls.map((r) => r.at))) / 1000
  const burst = Math.max(256 * 1024, bytesPerSecond / 4)
  const piece = Math.max(...calls.map((r) => r.partBytes ?? 0))
  const allowed = bytesPerSecond * spanSeconds + burst + piece
  expect(bytes, `${bytes} bytes in ${spanSeconds.toFixed(3)} s at ${bytesPerSecond} B/s allows ${Math.round(allowed)}`).toBeLessThanOrEqual(allowed)
}
