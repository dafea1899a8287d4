// The headless command's options, read as a user types them: tuning options outside the app's own limits are
// refused with a message naming the option and its range, before anything is opened or sent.
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseHeadlessArgs, UsageError } from '../../../src/main/headless/args'
import { ADAPTIVE_CONNECTIONS_CEILING } from '../../../src/shared/settingsBounds'

const root = resolve(__dirname, '../../..')
const env = { KALTURA_ADMIN_SECRET: 'secret-for-args' }
const parse = (...options: string[]) => parseHeadlessArgs(['/media', '--partner-id', '42', ...options], env)

describe('headless tuning options', () => {
  it('refuses no connections at all and more connections than the app allows, naming the range', () => {
    expect(() => parse('--connections', '0')).toThrow(UsageError)
    expect(() => parse('--connections', '0')).toThrow('--connections takes a whole number of connections from 1 to 32.')
    expect(() => parse('--connections', '99')).toThrow('--connections takes a whole number of connections from 1 to 32.')
    expect(() => parse('--connections', 'many')).toThrow(/--connections .* from 1 to 32/)
  })

  it('takes both ends of each range as given', () => {
    expect(parse('--connections', '1', '--files', '16')).toMatchObject({ maxConnections: 1, maxParallelFiles: 16 })
    expect(parse('--connections', '32', '--files', '1')).toMatchObject({ maxConnections: 32, maxParallelFiles: 1 })
    expect(parse('--min-chunk-mb', '0.25', '--max-chunk-mb', '2000')).toMatchObject({ minChunkBytes: 256 * 1024, maxChunkBytes: 2000 * 1024 * 1024 })
    expect(parse('--limit-kbps', '16')).toMatchObject({ bandwidthLimit: 16 * 1024 })
  })

  it('leaves every tuning option unset when none is given, so the saved settings stay', () => {
    expect(parse()).toMatchObject({ maxConnections: null, maxParallelFiles: null, minChunkBytes: null, maxChunkBytes: null, bandwidthLimit: null })
  })

  it('keeps exactly --connections N in flight with --fixed-connections, and leaves adding connections as saved without it', () => {
    expect(parse('--connections', '4', '--fixed-connections')).toMatchObject({ maxConnections: 4, fixedConnections: true })
    expect(parse('--fixed-connections')).toMatchObject({ maxConnections: null, fixedConnections: true })
    expect(parse('--connections', '4')).toMatchObject({ maxConnections: 4, fixedConnections: false })
    expect(() => parse('--fixed-connections=no')).toThrow()
  })

  it('says in its usage that --connections is where it starts unless --fixed-connections is given', () => {
    expect(() => parse('--help')).toThrow(new RegExp(`--connections N +requests in flight to start with, unless --fixed-connections is given: more are added,\\s+up to ${ADAPTIVE_CONNECTIONS_CEILING},`))
    expect(() => parse('--help')).toThrow(/--fixed-connections +exactly --connections N/)
  })

  it('refuses too many files at once, chunks outside 0.25–2000 MB and a bandwidth limit under 16 KB/s', () => {
    expect(() => parse('--files', '17')).toThrow('--files takes a whole number of files from 1 to 16.')
    expect(() => parse('--files', '2.5')).toThrow(/--files/)
    expect(() => parse('--min-chunk-mb', '0.1')).toThrow('--min-chunk-mb takes a number of megabytes from 0.25 to 2000.')
    expect(() => parse('--max-chunk-mb', '3000')).toThrow('--max-chunk-mb takes a number of megabytes from 0.25 to 2000.')
    expect(() => parse('--limit-kbps', '8')).toThrow(/--limit-kbps takes a whole number of kilobytes per second from 16 to \d+\./)
  })

  it('refuses a smallest chunk larger than the largest', () => {
    expect(() => parse('--min-chunk-mb', '50', '--max-chunk-mb', '10')).toThrow('--min-chunk-mb cannot be larger than --max-chunk-mb.')
    expect(parse('--min-chunk-mb', '10', '--max-chunk-mb', '10')).toMatchObject({ minChunkBytes: 10 * 1024 * 1024, maxChunkBytes: 10 * 1024 * 1024 })
  })

  it('makes the command exit with the usage code 2 and say why, without touching the journal', async () => {
    const dataDir = join(tmpdir(), `kbu-args-never-created-${process.pid}`)
    const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'src/main/cli.ts'), '/media', '--partner-id', '42', '--data-dir', dataDir, '--connections', '99'], {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe']
    })
    let stderr = ''
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    const code = await new Promise<number | null>((r) => child.on('exit', r))
    expect(code).toBe(2)
    expect(stderr).toContain('--connections takes a whole number of connections from 1 to 32.')
    expect(existsSync(dataDir)).toBe(false)
  })
})
