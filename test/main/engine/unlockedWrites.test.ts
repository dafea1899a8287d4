// Stories against a server that writes chunks without a lock, as real Kaltura does (unlockedWrites): replies report
// the end of file of their moment, stored sizes go backwards, parked chunks are merged by whichever call comes next.
// With lost replies, resets, a stall and a killed command, every file still ends one READY entry, byte-exact, and a
// chunk whose reply was lost is always sent again, never skipped because uploadedFileSize claimed it.
import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import { randomBytes, createHash } from 'node:crypto'
import { writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { startKalturaTestServer } from '../../kaltura-server/index'
import type { KalturaTestServer } from '../../kaltura-server/api'
import { createWorld, untilIdle, MiB, type World } from './engineFixture'
import { accountArgs, runHeadless } from './headlessRun'
import { expectCleanEnd } from './storyEnd'

describe('a server writing chunks without a lock', () => {
  let world: World
  afterEach(async () => world.dispose())

  it('six files in parallel with lost replies, resets and a stall end READY byte-exact; every chunk whose reply was lost is sent again at its offset', async () => {
    world = await createWorld({ unlockedWrites: true })
    const paths = await Promise.all([1, 2, 3, 4, 5, 6].map((i) => world.makeFile(`free-${i}.mp4`, 4 * MiB + i * 3001)))
    const chunks = { service: 'uploadtoken', action: 'upload', finalChunk: false }
    world.server.faults.add({ match: chunks, action: { kind: 'dropReply' }, skip: 3 })
    world.server.faults.add({ match: chunks, action: { kind: 'reset', afterBytes: 64 * 1024 }, skip: 5 })
    world.server.faults.add({ match: chunks, action: { kind: 'dropReply' }, skip: 9 })
    world.server.faults.add({ match: chunks, action: { kind: 'stall' }, skip: 14 })
    world.server.faults.add({ match: chunks, action: { kind: 'dropReply' }, times: -1, probability: 0.06, seed: 5 })
    const ids = await world.enqueue(paths)
    const engine = world.engine({ stallMs: 1000 })
    engine.start()
    engine.add(ids)
    await untilIdle(engine, 90_000)
    await expectCleanEnd(world, paths)
    const requests = world.server.inspect.requests()
    const lost = requests.filter((r) => r.action === 'upload' && r.finalChunk === false && r.fault === 'dropReply')
    console.info(`unlocked writes: ${lost.length} chunk replies lost of ${requests.filter((r) => r.action === 'upload').length} upload calls`)
    expect(lost.length).toBeGreaterThanOrEqual(3)
    for (const gone of lost) {
      const again = requests.filter((r) => r.at >= gone.at && r !== gone && r.uploadTokenId === gone.uploadTokenId && r.resumeAt === gone.resumeAt && r.action === 'upload')
      expect(again.length, `chunk at ${gone.resumeAt} of ${gone.uploadTokenId}`).toBeGreaterThanOrEqual(1)
    }
  })
})

describe('the headless command, killed, on a server writing chunks without a lock', () => {
  let dir: string
  let server: KalturaTestServer
  afterEach(async () => {
    await server.close()
    await rm(dir, { recursive: true, force: true })
  })

  it('SIGKILLed mid-batch with a lost reply, then run again: that one run exits 0, no file failed, each file one READY entry byte-exact, no token left', async () => {
    dir = await mkdtemp(join(tmpdir(), 'kbu-unlocked-'))
    server = await startKalturaTestServer({ dataDir: join(dir, 'server'), finalChunkWaitMs: 1000, entryReadyAfter: { getCalls: 1 }, unlockedWrites: true })
    const media = join(dir, 'media')
    await mkdir(media)
    const digests = new Map<string, string>()
    for (const i of [1, 2, 3]) {
      const bytes = randomBytes(3 * MiB + i * 777)
      await writeFile(join(media, `k${i}.mp4`), bytes)
      digests.set(`k${i}.mp4`, createHash('sha256').update(bytes).digest('hex'))
    }
    const args = [media, ...accountArgs(server, join(dir, 'data')), '--connections', '4', '--files', '3', '--min-chunk-mb', '0.25', '--max-chunk-mb', '1', '--quiet']
    server.faults.add({ match: { service: 'uploadtoken', action: 'upload', finalChunk: false }, action: { kind: 'dropReply' }, skip: 4 })
    // Killed while the server holds the 9th upload call; the call goes on once the command is gone.
    const first = runHeadless(server, args)
    const killed = server.faults.onRequest({
      match: { service: 'uploadtoken', action: 'upload' },
      skip: 8,
      run: async () => {
        first.child.kill('SIGKILL')
        await first.done
      }
    })
    expect((await first.done).signal).toBe('SIGKILL')
    await killed.finished
    const second = await runHeadless(server, args).done
    expect(second.code, second.stderr).toBe(0)
    expect(second.stdout + second.stderr).not.toMatch(/[1-9]\d* failed/)
    const entries = server.inspect.entries()
    expect(entries).toHaveLength(3)
    for (const entry of entries) {
      expect(entry.status).toBe(2)
      expect(entry.sha256).toBe(digests.get(server.inspect.upload(entry.tokenId!)!.fileName!))
    }
    expect(server.inspect.uploads().map((u) => u.status)).toEqual([3, 3, 3])
  }, 90_000)
})
