// Watch-folder stories against the test server and a real journal file: files copied in slowly are sent only once
// complete, each exactly once; a restart of the watcher and the engine in the middle sends nothing twice and picks
// up what arrived while it was down; a file changed after its upload goes up again as a new entry, with a notice.
// The copying is driven by the watcher's own poll events, never by sleeps.
import { randomBytes } from 'node:crypto'
import { appendFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { watchFolderIntoJournal, type WatchIntake } from '../../../src/main/intake/watchIntake'
import type { FolderWatcher, WatchPoll } from '../../../src/main/intake/watchFolder'
import type { UploadEngine } from '../../../src/main/engine/engine'
import { createWorld, sha256File, untilIdle, type World } from '../engine/engineFixture'
import { expectCleanEnd } from '../engine/storyEnd'

const KiB = 1024
const STABLE_MS = 200
const POLL_MS = 20

let world: World | null = null
const watchers: FolderWatcher[] = []
afterEach(async () => {
  for (const w of watchers.splice(0)) await w.stop()
  await world?.dispose()
  world = null
})

/** A copy in progress: each call to step() appends the next part, until none is left. */
function slowCopy(path: string, parts: number, partBytes: number): { step(): void; readonly left: number } {
  writeFileSync(path, randomBytes(partBytes))
  let left = parts - 1
  return {
    step() {
      if (left === 0) return
      appendFileSync(path, randomBytes(partBytes))
      left -= 1
    },
    get left() {
      return left
    }
  }
}

interface Watching {
  watcher: FolderWatcher
  taken: WatchIntake[]
  /** Resolves at the first poll report that satisfies the predicate. */
  untilPoll(holds: (report: WatchPoll) => boolean): Promise<WatchPoll>
}

function watch(w: World, engine: UploadEngine, folder: string, hooks: { onPoll?(report: WatchPoll): void; onTaken?(intake: WatchIntake): void; policy?: 'skip' | 'upload' } = {}): Watching {
  const taken: WatchIntake[] = []
  const waiters: Array<{ holds: (r: WatchPoll) => boolean; resolve: (r: WatchPoll) => void }> = []
  const watcher = watchFolderIntoJournal({
    journal: w.journal,
    target: { folder, profileId: w.profileId, metadata: { tags: 'watched' }, duplicatePolicy: hooks.policy ?? 'skip' },
    stableMs: STABLE_MS,
    pollMs: POLL_MS,
    onTaken: (intake) => {
      hooks.onTaken?.(intake)
      taken.push(intake)
      engine.add([...intake.fileIds, ...intake.known])
    },
    onPoll: (report) => {
      hooks.onPoll?.(report)
      for (const waiter of [...waiters]) {
        if (!waiter.holds(report)) continue
        waiters.splice(waiters.indexOf(waiter), 1)
        waiter.resolve(report)
      }
    },
    onError: (err) => {
      throw err
    }
  })
  watchers.push(watcher)
  return { watcher, taken, untilPoll: (holds) => new Promise((resolve) => waiters.push({ holds, resolve })) }
}

const newIds = (taken: readonly WatchIntake[]): number[] => taken.flatMap((t) => t.fileIds)

function rowsAt(w: World, path: string): number {
  return w.journal.allFiles().filter((f) => f.path === path).length
}

describe('watch folders', () => {
  it('sends files copied in slowly only once complete, each exactly once', async () => {
    world = await createWorld()
    const folder = join(world.mediaDir, 'incoming')
    mkdirSync(folder)
    const a = join(folder, 'a.mp4')
    const b = join(folder, 'sub', 'b.mp4')
    mkdirSync(join(folder, 'sub'))
    const copies = [slowCopy(a, 8, 150 * KiB), slowCopy(b, 5, 220 * KiB)]
    const engine = world.engine()
    engine.start()
    // What was still to be copied at each hand-over, for the file handed over.
    const partsLeftAtHandOver: number[] = []
    const w = watch(world, engine, folder, {
      onPoll: () => {
        for (const copy of copies) copy.step()
      },
      onTaken: (intake) => {
        for (const id of intake.fileIds) partsLeftAtHandOver.push(copies[world!.journal.getFile(id)!.path === a ? 0 : 1]!.left)
      }
    })
    await w.untilPoll(() => newIds(w.taken).length >= 2)
    expect(partsLeftAtHandOver).toEqual([0, 0])
    await untilIdle(engine)
    // Many more polls over the unchanged files hand nothing over again.
    const last = await w.untilPoll((r) => r.poll >= 40)
    expect(last.handedOver).toBe(0)
    expect(newIds(w.taken)).toHaveLength(2)
    expect(rowsAt(world, a)).toBe(1)
    expect(rowsAt(world, b)).toBe(1)
    await expectCleanEnd(world, [a, b])
    const row = world.journal.allFiles().find((f) => f.path === a)!
    expect(row.notice).toBe(`Found in the watched folder ${folder}.`)
  })

  it('a restart of the watcher and the engine in the middle sends nothing twice and picks up what came meanwhile', async () => {
    world = await createWorld()
    const folder = join(world.mediaDir, 'incoming')
    mkdirSync(folder)
    const c = join(folder, 'c.mp4')
    writeFileSync(c, randomBytes(1200 * KiB))
    const d = join(folder, 'd.mp4')
    const copyD = slowCopy(d, 200, 8 * KiB)
    let engine = world.engine()
    engine.start()
    // The restart comes as c's second chunk reaches the server: c is part-uploaded, d still being copied.
    const chunkArrived = new Promise<void>((resolve) => world!.server.faults.onRequest({ match: { service: 'uploadtoken', action: 'upload' }, skip: 1, run: () => resolve() }))
    const first = watch(world, engine, folder, { onPoll: () => copyD.step() })
    await chunkArrived
    await first.watcher.stop()
    await engine.shutdown()
    expect(newIds(first.taken)).toEqual([world.journal.latestByPath(c)!.id])
    expect(world.journal.latestByPath(c)!.state).not.toBe('done')
    expect(world.journal.latestByPath(d)).toBeUndefined()
    expect(copyD.left).toBeGreaterThan(0)

    // While it is down: d's copy finishes and a new file arrives.
    while (copyD.left > 0) copyD.step()
    const e = join(folder, 'e.mp4')
    writeFileSync(e, randomBytes(700 * KiB))

    const journal = world.reopenJournal()
    engine = world.engine()
    engine.start()
    const second = watch(world, engine, folder)
    await second.untilPoll(() => newIds(second.taken).length >= 2)
    await untilIdle(engine)
    // c was known (resumed, not journaled again); d and e are new.
    expect(second.taken.flatMap((t) => t.known)).toEqual([journal.latestByPath(c)!.id])
    expect(newIds(second.taken).map((id) => journal.getFile(id)!.path).sort()).toEqual([d, e])
    for (const p of [c, d, e]) expect(rowsAt(world, p)).toBe(1)
    await expectCleanEnd(world, [c, d, e])
  })

  it('a file changed after its upload goes up again as a new entry, with a notice; a deleted one means nothing', async () => {
    world = await createWorld()
    const folder = join(world.mediaDir, 'incoming')
    mkdirSync(folder)
    const f = join(folder, 'talk.mp4')
    writeFileSync(f, randomBytes(300 * KiB))
    const gone = join(folder, 'gone.mp4')
    writeFileSync(gone, randomBytes(200 * KiB))
    const engine = world.engine()
    engine.start()
    const w = watch(world, engine, folder)
    await w.untilPoll(() => newIds(w.taken).length >= 2)
    await untilIdle(engine)
    const firstEntry = world.journal.latestByPath(f)!.entryId
    expect(firstEntry).not.toBeNull()

    appendFileSync(f, randomBytes(100 * KiB))
    rmSync(gone)
    await w.untilPoll(() => newIds(w.taken).length >= 3)
    await untilIdle(engine)
    const rows = world.journal.allFiles().filter((r) => r.path === f)
    expect(rows).toHaveLength(2)
    const [older, newer] = rows.sort((x, y) => x.id - y.id)
    expect(older!.entryId).toBe(firstEntry)
    expect(newer!.state).toBe('done')
    expect(newer!.entryId).not.toBe(firstEntry)
    expect(newer!.notice).toBe(`A new version of a watched file (it changed after entry ${firstEntry} was made from it): uploaded as a new entry.`)
    expect(world.server.inspect.entry(newer!.entryId!)?.sha256).toBe(await sha256File(f))
    // The deleted file's row is as it was: done, its entry untouched.
    expect(world.journal.latestByPath(gone)!.state).toBe('done')
    expect(world.server.inspect.entries()).toHaveLength(3)
  })

  it('with duplicates uploaded again, a restarted watcher still sends a finished file once, and leaves a canceled one canceled', async () => {
    world = await createWorld()
    const folder = join(world.mediaDir, 'incoming')
    mkdirSync(folder)
    const kept = join(folder, 'kept.mp4')
    writeFileSync(kept, randomBytes(300 * KiB))
    const engine = world.engine()
    engine.start()
    const first = watch(world, engine, folder, { policy: 'upload' })
    await first.untilPoll(() => newIds(first.taken).length >= 1)
    await untilIdle(engine)
    await first.watcher.stop()
    // A second file, canceled by the user before the restart.
    const dropped = join(folder, 'dropped.mp4')
    writeFileSync(dropped, randomBytes(200 * KiB))
    const [droppedId] = await world.enqueue([dropped])
    await engine.cancel([droppedId!])
    expect(world.journal.getFile(droppedId!)!.state).toBe('canceled')

    const second = watch(world, engine, folder, { policy: 'upload' })
    await second.untilPoll((r) => r.poll >= 10)
    await untilIdle(engine)
    expect(newIds(second.taken)).toEqual([])
    expect(second.taken.flatMap((t) => t.known)).toEqual([world.journal.latestByPath(kept)!.id])
    expect(rowsAt(world, kept)).toBe(1)
    expect(world.journal.getFile(droppedId!)!.state).toBe('canceled')
    await expectCleanEnd(world, [kept])
  })

  it('a file that changes again while it uploads is not finished with mixed content: its new version goes up once unchanged', async () => {
    world = await createWorld()
    const folder = join(world.mediaDir, 'incoming')
    mkdirSync(folder)
    const f = join(folder, 'paused-copy.mp4')
    writeFileSync(f, randomBytes(1200 * KiB))
    // The copy resumes after a pause longer than the stable time: as the first chunk reaches the server.
    world.server.faults.onRequest({ match: { service: 'uploadtoken', action: 'upload' }, run: () => appendFileSync(f, randomBytes(300 * KiB)) })
    const engine = world.engine()
    engine.start()
    const w = watch(world, engine, folder)
    await w.untilPoll(() => newIds(w.taken).length >= 2)
    await untilIdle(engine)
    const [first, second] = world.journal.allFiles().filter((r) => r.path === f).sort((x, y) => x.id - y.id)
    expect(first).toMatchObject({ state: 'failed', entryId: null, error: { kind: 'file-changed' } })
    expect(second!.state).toBe('done')
    expect(second!.size).toBe(1500 * KiB)
    expect(second!.notice).toBe('A new version of a watched file (it changed while an earlier copy of it was queued or uploading): uploaded from the start.')
    const entries = world.server.inspect.entries()
    expect(entries).toHaveLength(1)
    expect(entries[0]!.sha256).toBe(await sha256File(f))
  })
})
