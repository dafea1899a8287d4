// The headless command watching a folder, as a real process: it uploads what is there, keeps watching, stops
// cleanly on SIGTERM in the middle of an upload (exit code 0, the journal consistent), and the same command resumes
// that file where the server has it and picks up a file added while it was down. Each file ends as exactly one
// READY entry with its bytes, from one upload token. Every step waits on what the process prints or on a server
// hook, never on a sleep.
import { randomBytes } from 'node:crypto'
import { mkdirSync, writeFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { startKalturaTestServer } from '../kaltura-server/index'
import type { KalturaTestServer } from '../kaltura-server/api'
import { sha256File } from './engine/engineFixture'
import { accountArgs, runHeadless, type HeadlessRun } from './engine/headlessRun'

const KiB = 1024
let dir: string
let server: KalturaTestServer

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kbu-cliwatch-'))
  server = await startKalturaTestServer({ dataDir: join(dir, 'server'), finalChunkWaitMs: 500, entryReadyAfter: { getCalls: 1 } })
})
afterAll(async () => {
  await server.close()
  await rm(dir, { recursive: true, force: true })
})

/** Resolves when everything the process printed so far matches; rejects if it exits first. */
function untilPrinted(run: HeadlessRun, pattern: RegExp): Promise<void> {
  let out = ''
  return new Promise((resolve, reject) => {
    const check = (d: Buffer): void => {
      out += d.toString()
      if (!pattern.test(out)) return
      run.child.stdout!.off('data', check)
      resolve()
    }
    run.child.stdout!.on('data', check)
    void run.done.then((r) => reject(new Error(`exited (${r.code}) before printing ${pattern}:\n${r.stdout}\n${r.stderr}`)))
  })
}

function journalRows(dataDir: string): Array<{ path: string; state: string }> {
  const db = new Database(join(dataDir, 'journal.db'), { readonly: true, fileMustExist: true })
  try {
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
    return db.prepare('SELECT path, state FROM files ORDER BY id').all() as Array<{ path: string; state: string }>
  } finally {
    db.close()
  }
}

it('--watch uploads what is there, stops cleanly on SIGTERM mid-upload, and the same command resumes and picks up new files', async () => {
  const folder = join(dir, 'incoming')
  mkdirSync(folder)
  const dataDir = join(dir, 'data')
  const a = join(folder, 'a.mp4')
  writeFileSync(a, randomBytes(400 * KiB))
  const args = [...accountArgs(server, dataDir), '--watch', folder, '--stable-seconds', '1', '--min-chunk-mb', '0.25', '--max-chunk-mb', '0.25', '--connections', '1', '--quiet']

  const first = runHeadless(server, args)
  await untilPrinted(first, /uploaded incoming\/a\.mp4 as entry \w+/)
  // b is sent in 256 KiB chunks, one at a time; SIGTERM arrives with its third.
  const b = join(folder, 'b.mp4')
  const sigterm = server.faults.onRequest({ match: { service: 'uploadtoken', action: 'upload' }, skip: 2, run: () => void first.child.kill('SIGTERM') })
  writeFileSync(b, randomBytes(2048 * KiB))
  await sigterm.finished
  const stopped = await first.done
  expect(stopped.code, stopped.stderr).toBe(0)
  expect(stopped.stdout).toMatch(/queued 1 file\(s\) from .*incoming/)
  const rows = journalRows(dataDir)
  expect(rows.map((r) => [r.path, r.state === 'done'])).toEqual([[a, true], [b, false]])

  // While it is down, a third file arrives.
  const c = join(folder, 'c.mp4')
  writeFileSync(c, randomBytes(300 * KiB))
  const second = runHeadless(server, args)
  await untilPrinted(second, /(?=[\s\S]*uploaded incoming\/b\.mp4 as entry)(?=[\s\S]*uploaded incoming\/c\.mp4 as entry)/)
  second.child.kill('SIGTERM')
  const ended = await second.done
  expect(ended.code, ended.stderr).toBe(0)
  expect(ended.stdout).not.toMatch(/uploaded incoming\/a\.mp4/)
  expect(journalRows(dataDir).map((r) => [r.path, r.state])).toEqual([[a, 'done'], [b, 'done'], [c, 'done']])

  const entries = server.inspect.entries()
  expect(entries).toHaveLength(3)
  for (const path of [a, b, c]) {
    const sha = await sha256File(path)
    expect(entries.filter((e) => e.sha256 === sha && e.status === 2), path).toHaveLength(1)
  }
  // b resumed the token it had: one token per file, each closed into its entry.
  expect(server.inspect.uploads().map((t) => t.status)).toEqual([3, 3, 3])
})

it('--watch refuses a folder that is not there, before signing in, with exit code 2', async () => {
  const missing = join(dir, 'not-there')
  const requestsBefore = server.inspect.requests().length
  const run = runHeadless(server, [...accountArgs(server, join(dir, 'data-missing')), '--watch', missing])
  const ended = await run.done
  expect(ended.code).toBe(2)
  expect(ended.stderr).toContain(`Not a folder to watch: ${missing}`)
  expect(server.inspect.requests()).toHaveLength(requestsBefore)
})
