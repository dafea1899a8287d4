// Bad input gets a clear message and loses nothing: files that change or vanish mid-upload, empty files, odd
// names, wrong credentials and wrong addresses, and offsets beyond 4 GiB.
import { appendFile, rm, truncate, unlink, writeFile, rename } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { checkConnection, clientForProfile } from '../../../src/main/accounts/accounts'
import { enqueueFiles } from '../../../src/main/intake/enqueue'
import type { RequestHookHandle, RequestRecord } from '../../kaltura-server/api'
import { OPENING_PART_BYTES } from '../../../src/main/engine/fileRun'
import { createWorld, sha256File, untilIdle, MiB, type World } from './engineFixture'

let world: World
beforeEach(async () => {
  world = await createWorld()
})
afterEach(async () => world.dispose())

/** A port nothing listens on: bound once, then released. */
async function closedPort(): Promise<number> {
  const { createServer } = await import('node:net')
  const server = createServer()
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const port = (server.address() as { port: number }).port
  await new Promise<void>((r) => server.close(() => r()))
  return port
}

const CHUNK = 256 * 1024
/** One connection and fixed chunks: each chunk is read from disk only after the one before it was answered. */
const ONE_CHUNK_AT_A_TIME = { maxConnections: 1, minChunkBytes: CHUNK, maxChunkBytes: CHUNK }

/**
 * Changes the file while the server holds the second upload call (the first full chunk, after the opening part):
 * that chunk has been read in full, and the next is not read until this one is answered.
 */
function betweenChunks(change: () => Promise<void>): RequestHookHandle {
  return world.server.faults.onRequest({ match: { service: 'uploadtoken', action: 'upload' }, skip: 1, run: change })
}

/** What the server got for the file: nothing sent after the change means no mixed bytes reached Kaltura. */
function uploadCalls(): RequestRecord[] {
  return world.server.inspect.requests().filter((r) => r.service === 'uploadtoken' && r.action === 'upload')
}

describe('files that change under the uploader', () => {
  it('fails a file changed mid-upload with a clear message instead of finishing it with mixed bytes', async () => {
    const path = await world.makeFile('a.mp4', 3 * MiB)
    const ids = await world.enqueue([path])
    const appended = betweenChunks(() => appendFile(path, Buffer.from('more bytes')))
    const engine = world.engine({}, ONE_CHUNK_AT_A_TIME)
    engine.start()
    engine.add(ids)
    await untilIdle(engine)
    expect(appended.runs).toBe(1)
    const row = world.journal.getFile(ids[0]!)!
    expect(row.state).toBe('failed')
    expect(row.error).toMatchObject({ kind: 'file-changed' })
    expect(row.error!.message).toMatch(/changed after it was queued/)
    // The chunk on the wire when the file grew was the last one sent; nothing read after the change left.
    expect(uploadCalls().map((r) => r.partBytes)).toEqual([OPENING_PART_BYTES, CHUNK])
    expect(world.server.inspect.upload(row.tokenId!)).toMatchObject({ status: 1, uploadedFileSize: OPENING_PART_BYTES + CHUNK })
    expect(world.server.inspect.entries()).toHaveLength(0)
  })

  it('fails a file deleted mid-upload, and once it is back where it was, dropping it again continues it cleanly', async () => {
    const path = await world.makeFile('a.mp4', 3 * MiB)
    const ids = await world.enqueue([path])
    const moved = betweenChunks(() => rename(path, `${path}.moved`))
    const engine = world.engine({}, ONE_CHUNK_AT_A_TIME)
    engine.start()
    engine.add(ids)
    await untilIdle(engine)
    expect(moved.runs).toBe(1)
    expect(world.journal.getFile(ids[0]!)!.state).toBe('failed')
    expect(world.journal.getFile(ids[0]!)!.error?.message).toBe('The file was deleted or moved after it was queued.')
    expect(uploadCalls().map((r) => r.partBytes)).toEqual([OPENING_PART_BYTES, CHUNK])
    await rename(`${path}.moved`, path)
    expect(engine.retry()).toMatchObject({ done: 0, refused: [{ count: 1, reason: expect.stringMatching(/Locate/) }] })
    expect(await engine.retryDropped(ids)).toEqual({ done: 1, refused: [] })
    await untilIdle(engine)
    const row = world.journal.getFile(ids[0]!)!
    expect(row.state).toBe('done')
    expect(row.error).toBeNull()
    expect(world.server.inspect.entries()).toHaveLength(1)
    expect(world.server.inspect.entry(row.entryId!)?.sha256).toBe(await sha256File(path))
  })

  it('fails a file replaced by another with the same name and size', async () => {
    const path = await world.makeFile('a.mp4', 2 * MiB)
    const other = await world.makeFile('other.bin', 2 * MiB)
    const ids = await world.enqueue([path])
    const replaced = betweenChunks(() => rename(other, path))
    const engine = world.engine({}, ONE_CHUNK_AT_A_TIME)
    engine.start()
    engine.add(ids)
    await untilIdle(engine)
    expect(replaced.runs).toBe(1)
    const row = world.journal.getFile(ids[0]!)!
    expect(row.state).toBe('failed')
    expect(row.error).toMatchObject({ kind: 'file-changed' })
    expect(row.error!.message).toMatch(/replaced by another file/)
    // Not one byte of the other file went out under this file's name.
    expect(uploadCalls().map((r) => r.partBytes)).toEqual([OPENING_PART_BYTES, CHUNK])
    expect(world.server.inspect.entries()).toHaveLength(0)
  })

  it('refuses to queue a 0-byte file or a file that vanished, saying why', async () => {
    const empty = join(world.mediaDir, 'empty.mp4')
    await writeFile(empty, '')
    const gone = await world.makeFile('gone.mp4', 1000)
    await unlink(gone)
    const result = await enqueueFiles(world.journal, {
      files: [
        { path: empty, name: 'empty.mp4', relativePath: 'empty.mp4', kind: 'video', size: 0, mtimeMs: 0 },
        { path: gone, name: 'gone.mp4', relativePath: 'gone.mp4', kind: 'video', size: 1000, mtimeMs: 0 }
      ],
      profileId: world.profileId,
      metadata: {},
      duplicatePolicy: 'skip'
    })
    expect(result.fileIds).toEqual([])
    expect(result.rejected).toEqual([
      { path: empty, message: 'Empty file (0 bytes): nothing to upload.' },
      { path: gone, message: 'The file was deleted or moved after it was chosen.' }
    ])
  })

  it('uploads files with unicode and very long names and names the entries after them', async () => {
    const long = `${'a-very-long-name-'.repeat(13)}end.mp4`
    const paths = [await world.makeFile('видео 🎬 café.mp4', 300 * 1024), await world.makeFile(long, 300 * 1024)]
    const ids = await world.enqueue(paths)
    const engine = world.engine()
    engine.start()
    engine.add(ids)
    await untilIdle(engine)
    const names = world.server.inspect.entries().map((e) => e.name).sort()
    expect(names).toEqual([long.slice(0, -4), 'видео 🎬 café'].sort())
    for (const id of ids) expect(world.journal.getFile(id)!.state).toBe('done')
  })
})

describe('accounts that do not work', () => {
  it('says plainly that the admin secret is wrong, holds all the account\'s files with that one message, and resumes them once it is fixed', async () => {
    const profile = { serviceUrl: world.server.url, partnerId: world.server.partnerId, userId: '', authKind: 'admin-secret' as const }
    const check = await checkConnection(clientForProfile(profile, 'not-the-secret'), world.server.url)
    expect(check).toMatchObject({ ok: false, problem: 'credentials' })
    expect(JSON.stringify(check)).not.toContain('not-the-secret')

    const paths = [await world.makeFile('a.mp4', 300 * 1024), await world.makeFile('b.mp4', 300 * 1024), await world.makeFile('c.mp4', 300 * 1024)]
    const ids = await world.enqueue(paths)
    let secret = 'not-the-secret'
    const engine = world.engine({ apiFor: async () => clientForProfile(profile, secret) }, { maxParallelFiles: 1 })
    const held: string[] = []
    engine.on('account-held', (_profileId, message) => held.push(message))
    engine.start()
    engine.add(ids)
    await untilIdle(engine)
    // One refusal, said once; no file failed on its own, and the ones that never started were not tried.
    expect(held).toHaveLength(1)
    expect(held[0]).toMatch(/refused the session/)
    expect(held[0]).not.toContain('not-the-secret')
    for (const id of ids) {
      const row = world.journal.getFile(id)!
      expect(row.state).toBe('paused')
      expect(row.error).toMatchObject({ kind: 'auth', message: held[0] })
    }
    // The first file's one call, and its one retry with a renewed session; the other two were never tried.
    expect(world.server.inspect.requests().filter((r) => r.service === 'uploadtoken' && r.action === 'add')).toHaveLength(2)

    secret = world.server.adminSecret
    engine.accountChanged(world.profileId)
    await untilIdle(engine)
    for (const id of ids) expect(world.journal.getFile(id)).toMatchObject({ state: 'done', error: null })
  })

  it('says plainly when the service URL is wrong: nothing listening, unknown host, not a Kaltura server', async () => {
    const profile = (serviceUrl: string) => ({ serviceUrl, partnerId: 1, userId: '', authKind: 'admin-secret' as const })
    const closedUrl = `http://127.0.0.1:${await closedPort()}`
    const refused = await checkConnection(clientForProfile(profile(closedUrl), 's3cret-value'), closedUrl)
    expect(refused).toMatchObject({ ok: false, problem: 'unreachable' })
    expect(refused.ok ? '' : refused.message).toMatch(/connection refused/)
    const unknown = await checkConnection(clientForProfile(profile('http://no-such-host.invalid'), 's3cret-value'), 'http://no-such-host.invalid')
    expect(unknown).toMatchObject({ ok: false, problem: 'unreachable' })
    const notKaltura = `${world.server.url}/not-kaltura`
    const wrong = await checkConnection(clientForProfile(profile(notKaltura), 's3cret-value'), notKaltura)
    expect(wrong).toMatchObject({ ok: false, problem: 'not-kaltura' })
  })
})

describe('large files', () => {
  it('uploads a sparse file larger than 4 GiB with offsets above 2^32 byte-exact', async () => {
    const path = join(world.mediaDir, 'huge.mp4')
    const size = 4 * 1024 * MiB + 3 * MiB + 123
    await writeFile(path, Buffer.from('header of a big sparse video'))
    await truncate(path, size)
    await appendFile(path, Buffer.alloc(0))
    // Mark the tail so the last bytes differ from zeros.
    const { open } = await import('node:fs/promises')
    const fh = await open(path, 'r+')
    await fh.write(Buffer.from('tail marker'), 0, 11, size - 11)
    await fh.close()
    const ids = await world.enqueue([path])
    const engine = world.engine({}, { minChunkBytes: 64 * MiB, maxChunkBytes: 128 * MiB, maxConnections: 4 })
    engine.start()
    engine.add(ids)
    await untilIdle(engine, 600_000)
    const row = world.journal.getFile(ids[0]!)!
    expect(row.state, row.error?.message).toBe('done')
    expect(row.size).toBe(size)
    const entry = world.server.inspect.entry(row.entryId!)!
    expect(entry.size).toBe(size)
    expect(entry.sha256).toBe(await sha256File(path))
    const offsets = world.server.inspect.requests().filter((r) => r.action === 'upload').map((r) => r.resumeAt ?? 0)
    expect(Math.max(...offsets)).toBeGreaterThan(2 ** 32)
    await rm(path)
  }, 900_000)
})
