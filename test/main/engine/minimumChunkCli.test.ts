// Story: the headless command against a server with a minimum chunk size (Kaltura SaaS's minimumChunkSize). One run,
// exit 0, no failed file, every file one READY entry with its exact bytes and no upload token left open.
import { createHash, randomBytes } from 'node:crypto'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startKalturaTestServer } from '../../kaltura-server/index'
import type { KalturaTestServer } from '../../kaltura-server/api'
import { accountArgs, runHeadless } from './headlessRun'

const MiB = 1024 * 1024
let dir: string
let server: KalturaTestServer

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kbu-min-cli-'))
  server = await startKalturaTestServer({ dataDir: join(dir, 'server'), finalChunkWaitMs: 500, entryReadyAfter: { getCalls: 1 }, minimumChunkBytes: 2 * MiB })
})
afterAll(async () => {
  await server.close()
  await rm(dir, { recursive: true, force: true })
})

describe('headless command and a minimum chunk size', () => {
  it('one run with 0.25–1 MiB chunks asked for, under a 2 MiB minimum: exit 0, every file READY byte-exact, no failure, no token left', async () => {
    const media = join(dir, 'media')
    await mkdir(media, { recursive: true })
    const sizes = [5 * MiB + 321, 3 * MiB, 2 * MiB + 1, 700 * 1024]
    const digests = new Map<string, string>()
    for (const [i, size] of sizes.entries()) {
      const bytes = randomBytes(size)
      await writeFile(join(media, `clip${i}.mp4`), bytes)
      digests.set(`clip${i}.mp4`, createHash('sha256').update(bytes).digest('hex'))
    }
    const report = join(dir, 'report.csv')
    const args = [media, ...accountArgs(server, join(dir, 'data')), '--report', report]
    const { code, stdout, stderr } = await runHeadless(server, [...args, '--connections', '2', '--min-chunk-mb', '0.25', '--max-chunk-mb', '1']).done
    expect(code, stderr).toBe(0)
    expect(stdout).toMatch(/4 done/)
    expect(stdout).not.toMatch(/[1-9]\d* failed/)
    const lines = (await readFile(report, 'utf8')).trim().split('\n').slice(1)
    expect(lines).toHaveLength(sizes.length)
    for (const line of lines) expect(line).toMatch(/,done,\d+,$/)
    expect(server.inspect.requests().some((r) => r.errorCode === 'UPLOAD_TOKEN_CHUNK_TOO_SMALL')).toBe(true)
    const entries = server.inspect.entries()
    expect(entries).toHaveLength(sizes.length)
    for (const entry of entries) {
      expect(entry.status).toBe(2)
      expect(entry.sha256).toBe(digests.get(server.inspect.upload(entry.tokenId!)!.fileName!))
    }
    expect(server.inspect.uploads().map((u) => u.status)).toEqual(sizes.map(() => 3))
  }, 60_000)
})
