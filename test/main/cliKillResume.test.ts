// The promise, tested the hard way: the headless uploader is SIGKILLed again and again during a multi-file
// batch — during uploadToken.add, mid-chunk, during the final chunk, during entry creation — and restarted with the
// same command. In the end every file is exactly one ready entry with the source's bytes, no upload token is left
// open, and what was sent twice is bounded by the chunks that were in flight at each kill. A second run does the
// same where Kaltura drops referenceId (the session's role may not set it) and media.list lags media.add, so only
// the mark tag and a patient look-up can find an entry.
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises'
import { randomBytes } from 'node:crypto'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startKalturaTestServer } from '../kaltura-server/index'
import type { KalturaTestServer } from '../kaltura-server/api'
import { sha256File } from './engine/engineFixture'

const root = resolve(__dirname, '../..')
const MiB = 1024 * 1024

let dir: string

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kbu-kill-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

function startCli(server: KalturaTestServer, media: string, dataDir: string, extraArgs: readonly string[]): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', join(root, 'src/main/cli.ts'), media,
    '--service-url', server.url, '--partner-id', String(server.partnerId), '--data-dir', dataDir,
    '--connections', '4', '--files', '3', '--min-chunk-mb', '0.25', '--max-chunk-mb', '1', '--quiet', ...extraArgs], {
    cwd: root,
    env: { ...process.env, KALTURA_ADMIN_SECRET: server.adminSecret },
    stdio: ['ignore', 'pipe', 'pipe']
  })
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((r) => (child.exitCode !== null || child.signalCode !== null ? r(child.exitCode) : child.once('exit', (code) => r(code))))
}

/** Bytes of chunks the journal says were on the wire when the process died. */
function inFlightAtKill(journalPath: string): number {
  const db = new Database(journalPath, { readonly: true, fileMustExist: true })
  try {
    const row = db.prepare(`SELECT coalesce(sum(length), 0) AS n FROM chunks WHERE state = 'sending'`).get() as { n: number }
    return row.n
  } finally {
    db.close()
  }
}

type Trigger = { name: string; matches: (r: { service: string; action: string; finalChunk?: boolean }) => boolean }

const TRIGGERS: Trigger[] = [
  { name: 'uploadToken.add', matches: (r) => r.service === 'uploadtoken' && r.action === 'add' },
  { name: 'mid-chunk', matches: (r) => r.action === 'upload' && r.finalChunk === false },
  { name: 'final chunk', matches: (r) => r.action === 'upload' && r.finalChunk === true },
  { name: 'media.add', matches: (r) => r.service === 'media' && r.action === 'add' },
  { name: 'media.addContent', matches: (r) => r.service === 'media' && r.action === 'addcontent' },
  { name: 'media.list', matches: (r) => r.service === 'media' && r.action === 'list' }
]

interface KillRun {
  server: KalturaTestServer
  /** Subfolder of the test's temporary folder for media and data. */
  name: string
  extraArgs: readonly string[]
}

/** Kills the command at least 10 times, then lets it finish, and checks every file is one exact ready entry. */
async function killAndResume({ server, name, extraArgs }: KillRun): Promise<void> {
  const media = join(dir, name, 'media')
  await mkdir(join(media, 'sub'), { recursive: true })
  const files: string[] = []
  for (let i = 0; i < 8; i++) {
    const path = join(media, i % 2 ? 'sub' : '', `video-${i}.mp4`)
    await writeFile(path, randomBytes(2 * MiB + i * 333_333))
    files.push(path)
  }
  const dataDir = join(dir, name, 'data')
  const journalPath = join(dataDir, 'journal.db')
  // Slow enough that kills land mid-transfer; replies held back so kills land between a call and its journal write.
  server.faults.setLinkRate(4 * MiB)
  server.faults.add({ match: { service: 'uploadtoken', action: 'upload', finalChunk: true }, action: { kind: 'delay', ms: 300 }, times: -1 })
  server.faults.add({ match: { service: 'uploadtoken', action: 'add' }, action: { kind: 'delay', ms: 300 }, times: -1 })
  server.faults.add({ match: { service: 'media', action: 'add' }, action: { kind: 'delay', ms: 300 }, times: -1 })
  server.faults.add({ match: { service: 'media', action: 'addContent' }, action: { kind: 'delay', ms: 300 }, times: -1 })

  const kills: Array<{ trigger: string; inFlight: number }> = []
  let allowance = 0
  for (let round = 0; round < 40 && kills.length < 12; round++) {
    const trigger = TRIGGERS[round % TRIGGERS.length]!
    const seen = server.inspect.requests().length
    const child = startCli(server, media, dataDir, extraArgs)
    const died = exited(child)
    // Kill as soon as the server sees the trigger's request (plus a random few ms), or at a random time once this
    // run has reached the server (a kill before that tests only a slow start, and counts for nothing).
    const deadline = Date.now() + 400 + Math.random() * 2500
    let fired = false
    while (!fired && child.exitCode === null) {
      await new Promise((r) => setTimeout(r, 5))
      const fresh = server.inspect.requests().slice(seen)
      if (fresh.some((r) => trigger.matches(r)) || (Date.now() > deadline && fresh.length > 0)) fired = true
    }
    if (!fired) break // finished before any kill point: the batch is done
    await new Promise((r) => setTimeout(r, Math.random() * 60))
    child.kill('SIGKILL')
    await died
    const inFlight = inFlightAtKill(journalPath)
    allowance += inFlight
    kills.push({ trigger: trigger.name, inFlight })
  }

  server.faults.clear()
  server.faults.setLinkRate(null)
  const last = startCli(server, media, dataDir, extraArgs)
  let output = ''
  last.stdout!.on('data', (d: Buffer) => (output += d.toString()))
  last.stderr!.on('data', (d: Buffer) => (output += d.toString()))
  expect(await exited(last), output).toBe(0)

  expect(kills.length).toBeGreaterThanOrEqual(10)
  const triggers = new Set(kills.map((k) => k.trigger))
  expect(triggers.has('final chunk') || triggers.has('media.add') || triggers.has('media.addContent')).toBe(true)

  const entries = server.inspect.entries()
  expect(entries).toHaveLength(files.length)
  const db = new Database(journalPath, { readonly: true })
  const rows = db.prepare('SELECT path, state, entry_id AS entryId, token_id AS tokenId, size FROM files').all() as JournalRow[]
  db.close()
  expect(rows).toHaveLength(files.length)
  let resent = 0
  for (const path of files) {
    const row = rows.find((r) => r.path === path)!
    expect(row.state).toBe('done')
    const entry = server.inspect.entry(row.entryId)!
    expect(entry.status).toBe(2)
    expect(entry.sha256).toBe(await sha256File(path))
    resent += server.inspect.uploads().filter((u) => u.fileName === row.path.split('/').pop()).reduce((n, u) => n + u.bytesReceived, 0) - row.size
  }
  console.log(`kill test (${name}): ${kills.length} kills (${[...triggers].join(', ')}); re-sent ${resent} bytes; in flight at kills ${allowance} bytes`)
  expect(resent).toBeLessThanOrEqual(allowance)
  // No upload token left open on the account: a kill during uploadToken.add left its intent in the journal, and the
  // restart adopted the token it made instead of adding a second. Every token is closed (3) into its entry.
  const tokenCalls = (action: string): number => server.inspect.requests().filter((r) => r.service === 'uploadtoken' && r.action === action).length
  console.log(`kill test (${name}): ${tokenCalls('add')} uploadToken.add for ${files.length} files, ${tokenCalls('list')} uploadToken.list looks`)
  const open = server.inspect.uploads().filter((u) => u.status !== 3)
  expect(open.map((u) => ({ id: u.id, status: u.status, fileName: u.fileName, bytes: u.uploadedFileSize }))).toEqual([])
  expect(new Set(entries.map((e) => e.tokenId))).toEqual(new Set(server.inspect.uploads().map((u) => u.id)))
}

interface JournalRow {
  path: string
  state: string
  entryId: string
  tokenId: string
  size: number
}

describe('kill and resume', () => {
  it('survives at least 10 SIGKILLs, including during finalization and entry creation, with every file one exact entry', async () => {
    const server = await startKalturaTestServer({ dataDir: join(dir, 'server'), finalChunkWaitMs: 500, entryReadyAfter: { getCalls: 2 } })
    try {
      await killAndResume({ server, name: 'plain', extraArgs: [] })
    } finally {
      await server.close()
    }
  }, 600_000)

  it('survives them too where Kaltura drops referenceId and media.list lags: no second entry, no mark left, the tags as asked', async () => {
    const server = await startKalturaTestServer({
      dataDir: join(dir, 'server-dropped'),
      finalChunkWaitMs: 500,
      entryReadyAfter: { getCalls: 2 },
      // Uploads and may change tags, but not referenceId.
      roles: [{ id: 3001, systemName: 'UPLOAD_AND_TAG', permissions: ['CONTENT_INGEST_UPLOAD', 'CONTENT_MANAGE_BASE', 'CONTENT_MANAGE_METADATA'] }],
      referenceIdNeedsPermission: true,
      listLagMs: 1500
    })
    try {
      await killAndResume({ server, name: 'dropped', extraArgs: ['--role-id', 'UPLOAD_AND_TAG', '--tags', 'holiday'] })
      const entries = server.inspect.entries()
      expect(entries.every((e) => e.referenceId === undefined)).toBe(true)
      expect(entries.map((e) => e.tags)).toEqual(entries.map(() => 'holiday'))
      expect(server.inspect.requests().some((r) => r.service === 'media' && r.action === 'update')).toBe(true)
    } finally {
      await server.close()
    }
  }, 600_000)
})
