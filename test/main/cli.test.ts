// The headless command as a user meets it: a summary, a progress display, a report, a clean Ctrl-C that the same
// command resumes, and plain messages for wrong credentials, a wrong address, unreadable files and a corrupt journal.
import { spawn, type ChildProcess } from 'node:child_process'
import { chmod, mkdir, mkdtemp, readFile, readdir, rename, rm, symlink, writeFile } from 'node:fs/promises'
import { randomBytes } from 'node:crypto'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { startKalturaTestServer } from '../kaltura-server/index'
import type { KalturaTestServer } from '../kaltura-server/api'
import { bundleForNobody, NOBODY, type UnprivilegedScript } from './unprivileged'

const root = resolve(__dirname, '../..')
const MiB = 1024 * 1024
let dir: string
let server: KalturaTestServer
let media: string
let dataDir: string

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kbu-cli-'))
  await chmod(dir, 0o755)
  server = await startKalturaTestServer({ dataDir: join(dir, 'server'), finalChunkWaitMs: 500, entryReadyAfter: { getCalls: 1 } })
})
afterAll(async () => {
  await server.close()
  await rm(dir, { recursive: true, force: true })
})
beforeEach(async () => {
  const run = await mkdtemp(join(dir, 'run-'))
  await chmod(run, 0o755)
  media = join(run, 'media')
  dataDir = join(run, 'data')
  await mkdir(media, { recursive: true })
  server.faults.clear()
  server.faults.setLinkRate(null)
})

interface Run {
  child: ChildProcess
  done: Promise<{ code: number | null; stdout: string; stderr: string }>
}

/** Runs the command from source, or as nobody from a bundle (see ./unprivileged). */
function cli(args: string[], env: Record<string, string | undefined> = {}, asNobody?: UnprivilegedScript): Run {
  const program = asNobody ? [asNobody.script] : ['--import', 'tsx', join(root, 'src/main/cli.ts')]
  const child = spawn(process.execPath, [...program, ...args], {
    cwd: asNobody ? dirname(asNobody.script) : root,
    env: { ...process.env, KALTURA_ADMIN_SECRET: server.adminSecret, ...asNobody?.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(asNobody ? NOBODY : {})
  })
  let stdout = ''
  let stderr = ''
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()))
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()))
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((r) => child.on('exit', (code) => r({ code, stdout, stderr })))
  return { child, done }
}

const account = (): string[] => ['--service-url', server.url, '--partner-id', String(server.partnerId), '--data-dir', dataDir]

async function makeFile(relativePath: string, size: number): Promise<string> {
  const path = join(media, relativePath)
  await mkdir(join(path, '..'), { recursive: true })
  await writeFile(path, randomBytes(size))
  return path
}

describe('headless command', () => {
  it('uploads a folder, says what it found, and writes a CSV report with entry ids', async () => {
    await makeFile('a.mp4', 700 * 1024)
    await makeFile('nested/b.mov', 1.5 * MiB)
    await makeFile('readme.txt', 10)
    const report = join(dataDir, '..', 'report.csv')
    const { code, stdout, stderr } = await cli([media, ...account(), '--report', report, '--tags', 'cli,test']).done
    expect(code, stderr).toBe(0)
    expect(stdout).toMatch(/2 media files .* 1 other items skipped; 2 newly queued/)
    expect(stdout).toMatch(/2 done/)
    expect(stdout + stderr).not.toContain(server.adminSecret)
    const lines = (await readFile(report, 'utf8')).trim().split('\n')
    expect(lines[0]).toBe('path,entryId,tokenId,status,bytes,error')
    expect(lines).toHaveLength(3)
    for (const line of lines.slice(1)) expect(line).toMatch(/,0_[0-9a-z]{8},0_[0-9a-f]{32},done,\d+,$/)
    expect(server.inspect.entries().filter((e) => e.tags === 'cli,test').length).toBe(2)

    // Running the same command again sends nothing new: the files are already done.
    const before = server.inspect.requests().filter((r) => r.action === 'upload').length
    const again = await cli([media, ...account()]).done
    expect(again.code).toBe(0)
    expect(again.stdout).toMatch(/0 newly queued, 2 already known/)
    expect(server.inspect.requests().filter((r) => r.action === 'upload').length).toBe(before)
  })

  it('stops cleanly on Ctrl-C, leaving everything resumable, and the same command finishes the batch', async () => {
    await makeFile('a.mp4', 3 * MiB)
    await makeFile('b.mp4', 3 * MiB)
    server.faults.setLinkRate(1 * MiB)
    const earlier = new Set(server.inspect.uploads().map((u) => u.id))
    // Ctrl-C while the server holds the third upload call: each file sends its opening part and waits for the
    // answer before anything else, so by then at least one opening part is stored. The call stays held until the
    // command has exited, so the batch cannot finish in the meantime. Chunks of at most 1 MB, so the files are
    // stopped midway rather than sent whole.
    const interrupted = server.faults.onRequest({
      match: { service: 'uploadtoken', action: 'upload' },
      skip: 2,
      run: async () => {
        first.child.kill('SIGINT')
        await first.done
      }
    })
    const first = cli([media, ...account(), '--connections', '2', '--min-chunk-mb', '0.25', '--max-chunk-mb', '1'])
    const stopped = await first.done
    expect(stopped.code, stopped.stderr).toBe(130)
    await interrupted.finished
    expect(stopped.stderr).toContain('Run the same command again to continue')
    const started = server.inspect.uploads().filter((u) => !earlier.has(u.id) && u.uploadedFileSize > 0)
    expect(started.length).toBeGreaterThan(0)
    server.faults.setLinkRate(null)
    const second = await cli([media, ...account()]).done
    expect(second.code, second.stderr).toBe(0)
    expect(second.stdout).toMatch(/2 already known/)
    expect(second.stdout).toMatch(/2 done/)
    // Resumable: every upload the first run had begun is the one its entry was made from, not started over.
    for (const upload of started) expect(server.inspect.entries().filter((e) => e.tokenId === upload.id), upload.fileName).toHaveLength(1)
  })

  it('says plainly that the admin secret is wrong and never echoes it', async () => {
    await makeFile('a.mp4', 1000)
    const { code, stdout, stderr } = await cli([media, ...account()], { KALTURA_ADMIN_SECRET: 'wrong-secret-value' }).done
    expect(code).toBe(1)
    expect(stderr).toMatch(/Kaltura refused the credentials \(INVALID_KS\)/)
    expect(stdout + stderr).not.toContain('wrong-secret-value')
  })

  it('retries files that failed before when the same command runs again', async () => {
    const path = await makeFile('a.mp4', 2 * MiB)
    // The file is moved away while it uploads (an unplugged drive): the server holds the second upload call while
    // it goes. With one connection and fixed chunks, the next chunk is read only after that call is answered.
    const moved = server.faults.onRequest({ match: { service: 'uploadtoken', action: 'upload' }, skip: 1, run: () => rename(path, `${path}.away`) })
    const failed = await cli([media, ...account(), '--connections', '1', '--min-chunk-mb', '0.25', '--max-chunk-mb', '0.25']).done
    expect(moved.runs).toBe(1)
    expect(failed.code).toBe(1)
    expect(failed.stderr).toMatch(/failed .*a\.mp4: The file was deleted or moved after it was queued\./)
    await rename(`${path}.away`, path)
    const second = await cli([media, ...account()]).done
    expect(second.code, second.stderr).toBe(0)
    expect(second.stdout).toMatch(/retrying 1 file\(s\) that failed before/)
    expect(second.stdout).toMatch(/1 done/)
  })

  it('uploads with an application token; a revoked one holds the files with one message, and a good one continues them', async () => {
    const good = server.appTokens.add({ token: 'good-app-token-0123456789', hashType: 'SHA256', sessionType: 0, sessionUserId: 'uploader', sessionPrivileges: 'setrole:1001' })
    const viaToken = (id: string, token: string): Record<string, string | undefined> => ({ KALTURA_ADMIN_SECRET: undefined, KALTURA_APP_TOKEN_ID: id, KALTURA_APP_TOKEN: token })
    await makeFile('a.mp4', 300 * 1024)
    const first = await cli([media, ...account()], viaToken(good, 'good-app-token-0123456789')).done
    expect(first.code, first.stderr).toBe(0)
    expect(first.stdout).toMatch(/1 done/)
    expect(server.inspect.entries().filter((e) => e.userId === 'uploader').length).toBeGreaterThan(0)

    // A disabled token is refused before anything is queued, in plain words.
    const off = server.appTokens.add({ token: 'disabled-app-token-0123456', hashType: 'SHA256', sessionType: 0, sessionUserId: 'uploader' })
    server.appTokens.disable(off)
    await makeFile('b.mp4', 300 * 1024)
    await makeFile('c.mp4', 300 * 1024)
    const refused = await cli([media, ...account()], viaToken(off, 'disabled-app-token-0123456')).done
    expect(refused.code).toBe(1)
    expect(refused.stderr).toMatch(/refused the credentials/)
    // A token revoked while files upload holds them all, said once, instead of failing them one by one.
    const revoked = server.appTokens.add({ token: 'revoked-app-token-0123456', hashType: 'SHA256', sessionType: 0, sessionUserId: 'uploader' })
    server.faults.onRequest({ match: { service: 'uploadtoken', action: 'upload' }, run: () => server.appTokens.delete(revoked) })
    const held = await cli([media, ...account(), '--files', '1'], viaToken(revoked, 'revoked-app-token-0123456')).done
    expect(held.code).toBe(1)
    expect(held.stdout).toMatch(/2 paused/)
    expect(held.stderr.match(/wait until the account is fixed/g)).toHaveLength(1)

    const again = await cli([media, ...account()], viaToken(good, 'good-app-token-0123456789')).done
    expect(again.code, again.stderr).toBe(0)
    expect(again.stdout, again.stderr).toMatch(/3 done/)
    const tokens = /good-app-token|disabled-app-token|revoked-app-token/
    for (const out of [first, refused, held, again]) expect(out.stdout + out.stderr).not.toMatch(tokens)
    for (const file of await readdir(join(dataDir, 'logs'))) expect(await readFile(join(dataDir, 'logs', file), 'utf8')).not.toMatch(tokens)
  })

  it('says plainly when nothing answers at the service URL', async () => {
    await makeFile('a.mp4', 1000)
    const { createServer } = await import('node:net')
    const probe = createServer()
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r))
    const port = (probe.address() as { port: number }).port
    await new Promise<void>((r) => probe.close(() => r()))
    const { code, stderr } = await cli([media, '--service-url', `http://127.0.0.1:${port}`, '--partner-id', '100', '--data-dir', dataDir]).done
    expect(code).toBe(1)
    expect(stderr).toMatch(/connection refused/)
  })

  it('asks for credentials when none are given', async () => {
    const { code, stderr } = await cli([media, ...account()], { KALTURA_ADMIN_SECRET: undefined, KALTURA_KS: undefined }).done
    expect(code).toBe(2)
    expect(stderr).toMatch(/No credentials: set KALTURA_APP_TOKEN .*KALTURA_ADMIN_SECRET.*KALTURA_KS/)
  })

  it('reports a symlink loop and an unreadable file, and uploads the rest', async () => {
    await makeFile('good.mp4', 200 * 1024)
    const secret = await makeFile('private/secret.mp4', 1000)
    await chmod(secret, 0o000)
    await symlink('..', join(media, 'private', 'loop'))
    // Tests run as root here, which can read anything: run the command as an ordinary user then.
    const asRoot = process.getuid?.() === 0
    if (asRoot) {
      await chmod(dataDir.replace(/\/data$/, ''), 0o777)
      await mkdir(dataDir, { recursive: true })
      await chmod(dataDir, 0o777)
    }
    const asNobody = asRoot ? await bundleForNobody(join(root, 'src/main/cli.ts'), join(dataDir, '..', 'as-nobody')) : undefined
    const { code, stdout, stderr } = await cli([media, ...account()], { HOME: dataDir }, asNobody).done
    expect(code, stderr).toBe(0)
    expect(stderr).toMatch(/secret\.mp4: .*(could not be read|permission)/i)
    expect(stderr).toMatch(/loop/i)
    expect(stdout).toMatch(/1 newly queued/)
    expect(stdout).toMatch(/1 done/)
  })

  it('moves a corrupt journal aside with a clear message, keeps its bytes, and carries on', async () => {
    await makeFile('a.mp4', 1000)
    await mkdir(dataDir, { recursive: true })
    await writeFile(join(dataDir, 'journal.db'), 'garbage that is not sqlite '.repeat(100))
    const { code, stdout, stderr } = await cli([media, ...account()]).done
    expect(code, stderr).toBe(0)
    expect(stderr).toMatch(/The upload journal could not be used \(the file is not a SQLite database\); it was moved to .*journal\.db\.damaged-/)
    expect(stdout).toMatch(/1 done/)
    const aside = (await readdir(dataDir)).find((f) => f.startsWith('journal.db.damaged-') && !f.endsWith('-wal') && !f.endsWith('-shm'))!
    expect(await readFile(join(dataDir, aside), 'utf8')).toContain('garbage that is not sqlite')
  })
  it('finishes in one run, exit 0, when the server refuses parts over 4 MB with UPLOAD_ERROR instead of HTTP 413', async () => {
    await makeFile('big.mp4', 10 * MiB + 123)
    const before = server.inspect.requests().length
    server.faults.setLimits({ partLimitBytes: 4_000_000 })
    try {
      const { code, stdout, stderr } = await cli([media, ...account(), '--connections', '2', '--max-chunk-mb', '16']).done
      expect(code, stderr).toBe(0)
      expect(stdout).toMatch(/1 done/)
      expect(server.inspect.requests().slice(before).some((r) => r.errorCode === 'UPLOAD_ERROR')).toBe(true)
    } finally {
      server.faults.setLimits({ partLimitBytes: null })
    }
  })
})
