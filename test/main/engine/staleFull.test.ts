// Story: on a server writing chunks without a lock, a slow chunk call that started before the final made the token
// FULL saves its own, smaller, size afterwards (Propel writes the columns it changed; the status it loaded as
// PARTIAL it leaves alone). The uploader was stopped just after its final call; when it comes back, uploadToken.get
// says FULL with a size short of the file. The server holds every byte: the engine takes FULL as complete and makes
// the entry from that token, instead of starting over with a new one.
import { readFile } from 'node:fs/promises'
import { basename } from 'node:path'
import { setImmediate as nextTurn } from 'node:timers/promises'
import { afterEach, describe, expect, it } from 'vitest'
import { adminKs } from '../../kaltura-server/freshServer'
import { RawApi, record } from '../../kaltura-server/rawApi'
import { createWorld, untilIdle, MiB, type World } from './engineFixture'
import { expectCleanEnd } from './storyEnd'

let world: World
afterEach(async () => world.dispose())

describe('a stale size saved after FULL', () => {
  it('the engine, back after its final call, finds the token FULL with a smaller uploadedFileSize and ends READY with that one token', async () => {
    world = await createWorld({ unlockedWrites: true, finalChunkWaitMs: 5000 })
    const size = 24 * MiB
    const path = await world.makeFile('stale.mp4', size)
    const bytes = await readFile(path)
    const [fileId] = await world.enqueue([path])
    // As the uploader's own user, so its session sees the token.
    const api = new RawApi(world.server.url, adminKs(world.server, 'tester'))
    const tokenId = await api.addToken({ fileName: basename(path), fileSize: size })
    await api.upload(tokenId, bytes.subarray(0, 1000), { resume: false, finalChunk: false, resumeAt: 0 }, undefined)

    // One call writes the rest; a slower one, a chunk of [1000, size - 1 MiB) sent again, is let in only when the
    // first is almost done, so it loads the token PARTIAL and is still writing when the final makes it FULL.
    const slowEnd = size - MiB
    const written = (): number => world.server.inspect.upload(tokenId)?.uploadedFileSize ?? 0
    const held = world.server.faults.onRequest({
      match: { service: 'uploadtoken', action: 'upload', finalChunk: false },
      times: 2,
      run: async (request) => {
        if (request.partBytes === slowEnd - 1000) while (written() < size - 3 * MiB) await nextTurn()
      }
    })
    const slow = api.upload(tokenId, bytes.subarray(1000, slowEnd), { resume: true, finalChunk: false, resumeAt: 1000 })
    const rest = api.upload(tokenId, bytes.subarray(1000), { resume: true, finalChunk: false, resumeAt: 1000 })
    const final = api.upload(tokenId, new Uint8Array(0), { resume: true, finalChunk: true, resumeAt: size })
    expect(record((await final).body)).toMatchObject({ status: 2, uploadedFileSize: size })
    expect(record((await rest).body)).toMatchObject({ uploadedFileSize: size })
    expect(record((await slow).body)).toMatchObject({ uploadedFileSize: slowEnd })
    await held.finished
    // The server's word now: FULL, but short of the file.
    expect(record((await api.call('uploadtoken', 'get', { uploadTokenId: tokenId })).body)).toMatchObject({ status: 2, uploadedFileSize: String(slowEnd) })

    // The uploader had journaled the token before it stopped.
    world.journal.updateFile(fileId!, { tokenId })
    const engine = world.engine()
    engine.start()
    engine.add([fileId!])
    await untilIdle(engine)
    await expectCleanEnd(world, [path])
    expect(world.server.inspect.requests().filter((r) => r.action === 'add' && r.service === 'uploadtoken')).toHaveLength(1)
  })
})
