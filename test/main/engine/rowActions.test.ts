// The row actions as stories against the test server and a real journal: Retry only where asking again can work,
// Upload again after Kaltura's processing failed, Locate a file that moved, Remove a failed file, Cancel with an
// Undo window and Re-queue, and a failed row retired once a later copy of the same file finished.
import { copyFile, mkdir, rename, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createWorld, sha256File, until, untilIdle, MiB, type World } from './engineFixture'
import type { UploadEngine } from '../../../src/main/engine/engine'

let world: World
beforeEach(async () => {
  world = await createWorld()
})
afterEach(async () => world.dispose())

const CHUNK = 256 * 1024
/** One connection and fixed chunks: each chunk is read from disk only after the one before it was answered. */
const ONE_CHUNK_AT_A_TIME = { maxConnections: 1, minChunkBytes: CHUNK, maxChunkBytes: CHUNK }

function started(engine: UploadEngine, ids: number[]): UploadEngine {
  engine.start()
  engine.add(ids)
  return engine
}

const requestsFor = (service: string, action: string): number => world.server.inspect.requests().filter((r) => r.service === service && r.action === action).length

describe('a failure in Kaltura processing', () => {
  it('is not retried; Upload again sends the same file to a new entry that ends ready, and the row keeps the failed entry id', async () => {
    const path = await world.makeFile('talk.mp4', 600 * 1024)
    const ids = await world.enqueue([path])
    world.server.faults.setEntryOutcome('errorConverting')
    const engine = started(world.engine(), ids)
    await untilIdle(engine)
    const failed = world.journal.getFile(ids[0]!)!
    expect(failed).toMatchObject({ state: 'failed', error: { kind: 'processing' } })
    const gets = requestsFor('media', 'get')

    const retried = engine.retry(ids)
    expect(retried).toEqual({ done: 0, refused: [{ reason: expect.stringMatching(/Upload again as a new entry/), count: 1 }] })
    expect(world.journal.getFile(ids[0]!)!.state).toBe('failed')
    expect(requestsFor('media', 'get')).toBe(gets)

    world.server.faults.setEntryOutcome('ready')
    expect(engine.reupload(ids)).toEqual({ done: 1, refused: [] })
    await untilIdle(engine)
    const row = world.journal.getFile(ids[0]!)!
    expect(row.state).toBe('done')
    expect(row.entryId).not.toBe(failed.entryId)
    expect(row.referenceId).not.toBe(failed.referenceId)
    expect(row.notice).toContain(failed.entryId!)
    expect(world.server.inspect.entry(failed.entryId!)?.status).toBe(-1)
    const entry = world.server.inspect.entry(row.entryId!)!
    expect(entry.status).toBe(2)
    expect(entry.sha256).toBe(await sha256File(path))
    expect(world.server.inspect.entries()).toHaveLength(2)
  })
})

describe('a file that went missing', () => {
  it('offers Locate instead of Retry; the same file found elsewhere continues from what the server confirmed', async () => {
    const path = await world.makeFile('cam/a.mp4', 2 * MiB)
    const ids = await world.enqueue([path])
    const moved = join(world.mediaDir, 'a-moved.mp4')
    // The drive is unplugged while the second upload call is held: the next chunk finds the file gone.
    const away = world.server.faults.onRequest({ match: { service: 'uploadtoken', action: 'upload' }, skip: 1, run: () => rename(path, moved) })
    const engine = started(world.engine({}, ONE_CHUNK_AT_A_TIME), ids)
    await untilIdle(engine)
    expect(away.runs).toBe(1)
    const failed = world.journal.getFile(ids[0]!)!
    expect(failed).toMatchObject({ state: 'failed', error: { kind: 'file-changed', message: 'The file was deleted or moved after it was queued.' } })
    expect(engine.retry(ids).refused).toEqual([{ reason: expect.stringMatching(/Locate/), count: 1 }])
    const confirmed = world.server.inspect.upload(failed.tokenId!)!.uploadedFileSize
    expect(confirmed).toBeGreaterThan(0)

    const before = world.server.inspect.requests().length
    expect(await engine.locate(ids[0]!, moved)).toEqual({ done: 1, refused: [] })
    await untilIdle(engine)
    const row = world.journal.getFile(ids[0]!)!
    expect(row).toMatchObject({ state: 'done', path: moved, name: 'a-moved.mp4', tokenId: failed.tokenId })
    expect(row.notice).toMatch(/continuing where it was/)
    // Nothing below what the server had confirmed was sent again, and the entry has the file's bytes.
    const after = world.server.inspect.requests().slice(before).filter((r) => r.action === 'upload' && (r.partBytes ?? 0) > 0)
    expect(after.length).toBeGreaterThan(0)
    expect(after.filter((r) => r.uploadTokenId !== failed.tokenId || (r.resumeAt ?? 0) < confirmed)).toEqual([])
    expect(world.server.inspect.entry(row.entryId!)?.sha256).toBe(await sha256File(moved))
    expect(world.server.inspect.entries()).toHaveLength(1)
  })

  it('starts over when the located file is another file, and says why when the chosen file cannot be used', async () => {
    const path = await world.makeFile('b.mp4', 500 * 1024)
    const ids = await world.enqueue([path])
    await rename(path, `${path}.gone`)
    const engine = started(world.engine(), ids)
    await untilIdle(engine)
    expect(world.journal.getFile(ids[0]!)!.state).toBe('failed')

    const empty = join(world.mediaDir, 'empty.mp4')
    await writeFile(empty, '')
    expect(await engine.locate(ids[0]!, empty)).toEqual({ done: 0, refused: [{ reason: 'That file is empty (0 bytes): nothing to upload.', count: 1 }] })
    expect(await engine.locate(ids[0]!, join(world.mediaDir, 'nowhere.mp4'))).toMatchObject({ done: 0, refused: [{ reason: expect.stringMatching(/deleted or moved/) }] })
    const notes = await world.makeFile('notes.txt', 10)
    expect(await engine.locate(ids[0]!, notes)).toEqual({ done: 0, refused: [{ reason: 'That is not a video file like the one that was queued.', count: 1 }] })
    const other = await world.makeFile('b-edit.mp4', 700 * 1024)
    expect(await engine.locate(ids[0]!, other)).toEqual({ done: 1, refused: [] })
    await untilIdle(engine)
    const row = world.journal.getFile(ids[0]!)!
    expect(row).toMatchObject({ state: 'done', path: other, size: 700 * 1024 })
    expect(row.notice).toMatch(/from the start/)
    expect(world.server.inspect.entry(row.entryId!)?.sha256).toBe(await sha256File(other))
    // A file that is fine has nothing to locate: the rule says so instead of opening a picker for nothing.
    expect(engine.refusal('locate', ids[0]!)).toMatch(/Only a failed file/)
  })

  it('is removed from the list on Remove, kept in the journal as history, and the window is told', async () => {
    const path = await world.makeFile('c.mp4', 300 * 1024)
    const ids = await world.enqueue([path])
    await rename(path, `${path}.gone`)
    const engine = started(world.engine(), ids)
    await untilIdle(engine)
    const removed: number[][] = []
    engine.on('removed', (list) => removed.push(list))
    expect(engine.remove(ids)).toEqual({ done: 1, refused: [] })
    expect(removed).toEqual([ids])
    expect(engine.files().map((f) => f.id)).not.toContain(ids[0])
    expect(world.journal.getFile(ids[0]!)).toMatchObject({ state: 'canceled', notice: 'Removed from the queue.', error: { kind: 'file-changed' } })
    expect(engine.totals().files).toBe(0)
    expect(engine.remove(ids).refused).toEqual([{ reason: expect.stringMatching(/Only a failed file/), count: 1 }])
  })
})

describe('cancel', () => {
  it('pauses at once so no byte flows, and Undo puts the file back to finish', async () => {
    const path = await world.makeFile('d.mp4', 3 * MiB)
    const ids = await world.enqueue([path])
    world.server.faults.setLinkRate(1 * MiB)
    const engine = started(world.engine({ cancelGraceMs: 60_000 }), ids)
    await until(engine, () => world.journal.getFile(ids[0]!)!.confirmedBytes > 0)
    expect(await engine.cancel(ids)).toEqual({ done: 1, refused: [] })
    expect(engine.files()[0]!.cancelingUntil).toBeGreaterThan(Date.now())
    await until(engine, () => world.journal.getFile(ids[0]!)!.state === 'paused')
    const sentBefore = world.server.inspect.requests().filter((r) => r.action === 'upload').length
    // While the user may still undo, nothing moves, and everything but Undo is refused with the reason.
    expect(engine.resume(ids).refused).toEqual([{ reason: 'It is being canceled: press Undo to keep it.', count: 1 }])
    expect(world.server.inspect.requests().filter((r) => r.action === 'upload').length).toBe(sentBefore)

    world.server.faults.setLinkRate(null)
    expect(await engine.undoCancel(ids)).toEqual({ done: 1, refused: [] })
    expect(engine.files()[0]!.cancelingUntil ?? null).toBeNull()
    await untilIdle(engine)
    expect(world.journal.getFile(ids[0]!)!.state).toBe('done')
    expect(world.server.inspect.entries()).toHaveLength(1)
    expect((await engine.undoCancel(ids)).refused).toEqual([{ reason: 'It is not being canceled.', count: 1 }])
  })

  it('undone before the run has even stopped, still goes back to the queue rather than staying paused', async () => {
    const path = await world.makeFile('d2.mp4', 2 * MiB)
    const ids = await world.enqueue([path])
    world.server.faults.setLinkRate(1 * MiB)
    const engine = started(world.engine({ cancelGraceMs: 60_000 }), ids)
    await until(engine, () => world.journal.getFile(ids[0]!)!.confirmedBytes > 0)
    await engine.cancel(ids)
    expect(world.journal.getFile(ids[0]!)!.state).toBe('uploading')
    expect(await engine.undoCancel(ids)).toEqual({ done: 1, refused: [] })
    world.server.faults.setLinkRate(null)
    await untilIdle(engine)
    expect(world.journal.getFile(ids[0]!)!.state).toBe('done')
  })

  it('becomes final when the grace ends, deleting the partial upload; Re-queue then starts it again to one ready entry', async () => {
    const path = await world.makeFile('e.mp4', 2 * MiB)
    const ids = await world.enqueue([path])
    world.server.faults.setLinkRate(1 * MiB)
    const engine = started(world.engine({ cancelGraceMs: 200 }), ids)
    await until(engine, () => world.journal.getFile(ids[0]!)!.confirmedBytes > 0)
    const token = world.journal.getFile(ids[0]!)!.tokenId!
    await engine.cancel(ids)
    await until(engine, () => world.journal.getFile(ids[0]!)!.state === 'canceled')
    await expect.poll(() => world.server.inspect.upload(token)?.status).toBe(5)
    world.server.faults.setLinkRate(null)

    expect(engine.requeue(ids)).toEqual({ done: 1, refused: [] })
    await untilIdle(engine)
    const row = world.journal.getFile(ids[0]!)!
    expect(row.state).toBe('done')
    expect(row.tokenId).not.toBe(token)
    expect(world.server.inspect.entry(row.entryId!)?.sha256).toBe(await sha256File(path))
    expect(world.server.inspect.entries()).toHaveLength(1)
  })

  it('is final at shutdown for cancels still in their grace', async () => {
    const path = await world.makeFile('f.mp4', 2 * MiB)
    const ids = await world.enqueue([path])
    world.server.faults.setLinkRate(512 * 1024)
    const engine = started(world.engine({ cancelGraceMs: 60_000 }), ids)
    await until(engine, () => world.journal.getFile(ids[0]!)!.state === 'uploading')
    await engine.cancel(ids)
    await engine.shutdown()
    expect(world.journal.getFile(ids[0]!)!.state).toBe('canceled')
  })
})

describe('a later copy of a failed file', () => {
  it('retires the failed row from the list once it finishes, keeping it in the journal', async () => {
    const first = await world.makeFile('g.mp4', 400 * 1024)
    world.server.faults.add({ match: { service: 'media', action: 'add' }, times: -1, action: { kind: 'http', status: 500 } })
    const engine = started(world.engine(), await world.enqueue([first]))
    await untilIdle(engine)
    const failed = world.journal.allFiles()[0]!
    expect(failed.state).toBe('failed')
    world.server.faults.clear()

    // The same file, copied elsewhere and dropped as a new file.
    await mkdir(join(world.mediaDir, 'copies'))
    const copy = join(world.mediaDir, 'copies', 'g.mp4')
    await copyFile(first, copy)
    const removed: number[][] = []
    engine.on('removed', (list) => removed.push(list))
    const copyIds = await world.enqueue([copy], 'upload')
    engine.add(copyIds)
    await untilIdle(engine)
    const done = world.journal.getFile(copyIds[0]!)!
    expect(done.state).toBe('done')
    expect(removed).toEqual([[failed.id]])
    expect(engine.files().map((f) => f.id)).toEqual([done.id])
    expect(world.journal.getFile(failed.id)).toMatchObject({ state: 'canceled', notice: `Replaced by a later copy of the same file that finished (entry ${done.entryId}).` })
  })
})
