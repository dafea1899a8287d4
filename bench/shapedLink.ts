// A slow, distant link: the test server in a network namespace, reached through a pair of TUN devices joined by a
// packet delay line (bench/delayLine.py: what netem would do; this kernel has no netem). The upload direction is
// rate-limited by the kernel's tbf on the host's device, and every packet, both ways, waits half the round trip in
// the delay line, so TCP itself sees the distance: slow start, the congestion window and the gap between one
// request's reply and the next request all cost what they cost on a real long link. Where TUN devices cannot be
// made, it falls back to a veth pair and the test server's reply latency (which TCP does not see).
// Compares the engine with parallel chunks, the same engine one chunk at a time, and the link's capacity.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { randomFile } from './files'
import { runEngine } from './engineRun'
import { transferWindow } from './loopback'
import { startServerProcess } from './serverProcess'
import type { RequestRecord } from '../test/kaltura-server/api'
import { peakConcurrency } from '../test/kaltura-server/inspection'

export type ShapedResult =
  | { skipped: string }
  | {
      bytes: number
      rateMbit: number
      latencyMs: number
      /** How the round trip was made: in the kernel's packet path, or by the test server delaying its replies. */
      delayedBy: 'delay line' | 'server reply latency'
      capacityBytesPerSecond: number
      parallelBytesPerSecond: number
      /** The most chunks the parallel run had on the wire at once (adaptive connections may add to the setting's 6). */
      parallelPeakChunks: number
      sequentialBytesPerSecond: number
      /** The one-chunk-at-a-time run may send a smaller file: on a lossy link one connection is slow. */
      sequentialBytes: number
      /** The client's TCP congestion control during the run (the machine's default unless one was asked for). */
      congestion: string
    }

/** What else the link does besides its rate and round trip. */
export interface LinkFaults {
  /** Share of packets lost, each direction, e.g. 0.01 for 1 %. */
  loss?: number
  /** Share of packets held back about a millisecond so that later ones overtake them. */
  reorder?: number
  /** The client's congestion control for this run (e.g. 'cubic', what Windows and macOS use); restored afterwards. */
  congestion?: string
}

/** Names and addresses of one link; each link gets its own, so one being torn down never meets the next. */
interface Names {
  ns: string
  hostIf: string
  nsIf: string
  hostIp: string
  nsIp: string
}

let links = 0

function namesForNextLink(): Names {
  const n = links++
  const tag = `${process.pid % 10000}${String.fromCharCode(97 + (n % 26))}`
  return { ns: `kbu-bench-${tag}`, hostIf: `kbuh${tag}`, nsIf: `kbun${tag}`, hostIp: `10.231.${77 + (n % 100)}.1`, nsIp: `10.231.${77 + (n % 100)}.2` }
}
const DELAY_LINE = join(__dirname, 'delayLine.py')

function sh(...args: string[]): void {
  execFileSync(args[0]!, args.slice(1), { stdio: 'pipe' })
}

function errorText(err: unknown): string {
  const stderr = (err as { stderr?: Buffer }).stderr?.toString().trim()
  return stderr || (err instanceof Error ? err.message : String(err))
}

/** Upload direction (host → server) limited by a token bucket whose queue holds 100 ms at the link rate. */
function shape(dev: string, rateMbit: number): void {
  sh('tc', 'qdisc', 'add', 'dev', dev, 'root', 'tbf', 'rate', `${rateMbit}mbit`, 'burst', '64kb', 'latency', '100ms')
}

async function startDelayLine(n: Names, oneWayMs: number, faults: LinkFaults): Promise<ChildProcess> {
  const args = [DELAY_LINE, n.hostIf, n.nsIf, String(oneWayMs), String(faults.loss ?? 0), String(faults.reorder ?? 0)]
  const child = spawn('python3', args, { stdio: ['pipe', 'pipe', 'pipe'] })
  let output = ''
  await new Promise<void>((resolve, reject) => {
    const onData = (d: Buffer): void => {
      output += d.toString()
      if (output.includes('ready')) resolve()
    }
    child.stdout!.on('data', onData)
    child.stderr!.on('data', onData)
    child.once('error', reject)
    child.once('exit', (code) => reject(new Error(`delay line exited with ${code}: ${output.trim()}`)))
  })
  return child
}

/**
 * Moves the server's end of the device pair into a namespace of its own and addresses both ends point to point. The
 * pair is two TUN devices the delay line made (the caller keeps it running while the link is used), or a veth pair
 * made here.
 */
function wireUp(n: Names, rateMbit: number, pair: 'tun' | 'veth'): void {
  sh('ip', 'netns', 'add', n.ns)
  if (pair === 'veth') sh('ip', 'link', 'add', n.hostIf, 'type', 'veth', 'peer', 'name', n.nsIf)
  sh('ip', 'link', 'set', n.nsIf, 'netns', n.ns)
  sh('ip', 'addr', 'add', n.hostIp, 'peer', n.nsIp, 'dev', n.hostIf)
  sh('ip', 'link', 'set', n.hostIf, 'up')
  sh('ip', 'netns', 'exec', n.ns, 'ip', 'addr', 'add', n.nsIp, 'peer', n.hostIp, 'dev', n.nsIf)
  sh('ip', 'netns', 'exec', n.ns, 'ip', 'link', 'set', n.nsIf, 'up')
  sh('ip', 'netns', 'exec', n.ns, 'ip', 'link', 'set', 'lo', 'up')
  shape(n.hostIf, rateMbit)
}

type Link = { delayedBy: 'delay line'; line: ChildProcess } | { delayedBy: 'server reply latency' } | { skipped: string }

async function setUp(n: Names, rateMbit: number, rttMs: number, faults: LinkFaults): Promise<Link> {
  let lineProblem: string
  let line: ChildProcess | undefined
  try {
    line = await startDelayLine(n, rttMs / 2, faults)
    wireUp(n, rateMbit, 'tun')
    return { delayedBy: 'delay line', line }
  } catch (err) {
    lineProblem = errorText(err)
    await tearDown(n, line)
  }
  // Without the delay line there is nothing to lose or reorder packets: a lossy link is skipped rather than faked.
  if (faults.loss || faults.reorder) return { skipped: `no delay line to lose packets (${lineProblem})` }
  try {
    wireUp(n, rateMbit, 'veth')
    process.stderr.write(`[bench] no delay line (${lineProblem}); the round trip is the test server's reply latency, which TCP does not see\n`)
    return { delayedBy: 'server reply latency' }
  } catch (err) {
    await tearDown(n, undefined)
    return { skipped: `network namespaces or tc are not available here (${errorText(err)}); run as root with iproute2` }
  }
}

async function tearDown(n: Names, line: ChildProcess | undefined): Promise<void> {
  if (line && line.exitCode === null && line.signalCode === null) {
    const exited = new Promise((resolve) => line.once('exit', resolve))
    line.stdin?.end()
    line.kill()
    await exited // its TUN devices go with it
  }
  for (const cmd of [['ip', 'link', 'del', n.hostIf], ['ip', 'netns', 'del', n.ns]]) {
    try {
      sh(...cmd)
    } catch {
      // already gone
    }
  }
}

const CONGESTION = '/proc/sys/net/ipv4/tcp_congestion_control'
const AVAILABLE_CONGESTION = '/proc/sys/net/ipv4/tcp_available_congestion_control'

/** The machine's TCP congestion control for new connections from this namespace (the client's side). */
export function currentCongestion(): string {
  try {
    return readFileSync(CONGESTION, 'utf8').trim()
  } catch {
    return 'unknown'
  }
}

/** Why the client cannot be switched to `algorithm` here, or null when it can. */
export function congestionUnavailable(algorithm: string): string | null {
  try {
    const available = readFileSync(AVAILABLE_CONGESTION, 'utf8').trim().split(/\s+/)
    if (!available.includes(algorithm)) return `the kernel offers ${available.join(', ')}, not ${algorithm}`
    writeFileSync(CONGESTION, currentCongestion())
    return null
  } catch (err) {
    return `the congestion control cannot be changed here (${errorText(err)})`
  }
}

/** Runs `work` with the client's congestion control set to `algorithm`, and always puts the old one back. */
async function withCongestion<T>(algorithm: string | undefined, work: () => Promise<T>): Promise<T> {
  const before = currentCongestion()
  if (!algorithm || algorithm === before) return work()
  const restore = (): void => writeFileSync(CONGESTION, before)
  // Ctrl-C skips `finally`: the machine's setting is put back on the way out too.
  const onSignal = (): void => {
    restore()
    process.exit(130)
  }
  process.once('SIGINT', onSignal)
  process.once('SIGTERM', onSignal)
  writeFileSync(CONGESTION, algorithm)
  try {
    return await work()
  } finally {
    restore()
    process.off('SIGINT', onSignal)
    process.off('SIGTERM', onSignal)
  }
}

export async function shapedLink(size: number, rateMbit: number, latencyMs: number, faults: LinkFaults = {}, sequentialSize = size): Promise<ShapedResult> {
  return withCongestion(faults.congestion, () => shapedRun(size, sequentialSize, rateMbit, latencyMs, faults))
}

async function shapedRun(size: number, sequentialSize: number, rateMbit: number, latencyMs: number, faults: LinkFaults): Promise<ShapedResult> {
  const n = namesForNextLink()
  const link = await setUp(n, rateMbit, latencyMs, faults)
  if ('skipped' in link) return link
  const line = link.delayedBy === 'delay line' ? link.line : undefined
  const dir = await mkdtemp(join(tmpdir(), 'kbu-bench-shaped-'))
  try {
    const server = await startServerProcess({ dataDir: join(dir, 'server'), host: n.nsIp, port: 8799, netns: n.ns })
    try {
      if (!line) await server.control('faults.setLatency', { ms: latencyMs })
      const file = join(dir, 'clip.mp4')
      await randomFile(file, size)
      const smallFile = join(dir, 'short.mp4')
      if (sequentialSize !== size) await randomFile(smallFile, sequentialSize)
      let peak = 0
      const measure = async (settings: Record<string, number | boolean>, path = file, bytes = size): Promise<number> => {
        const before = new Set((await server.control<Array<{ uploadTokenId?: string }>>('inspect.requests')).map((r) => r.uploadTokenId))
        await runEngine(server, [path], settings)
        const requests = await server.control<RequestRecord[]>('inspect.requests')
        const token = requests.find((r) => r.action === 'upload' && r.uploadTokenId && !before.has(r.uploadTokenId))!.uploadTokenId!
        if (process.env['BENCH_TRACE']) {
          // Every upload request of this run, relative to the first one: where a transfer loses time.
          const uploads = requests.filter((r) => r.uploadTokenId === token && r.action === 'upload')
          const t0 = Math.min(...uploads.map((r) => r.at))
          const trace = uploads.map((r) => `${((r.at - t0) / 1000).toFixed(2)}\t${(((r.endedAt ?? r.at) - t0) / 1000).toFixed(2)}\t${r.resumeAt ?? 0}\t${r.partBytes ?? 0}`)
          process.stderr.write(`[bench] ${JSON.stringify(settings)}: start\tend\tresumeAt\tbytes\n${trace.join('\n')}\n`)
        }
        peak = peakConcurrency(requests.filter((r) => r.uploadTokenId === token && r.action === 'upload'))
        return bytes / transferWindow(requests, token)
      }
      // BENCH_CONNECTIONS=32 runs the parallel engine with that many connections (what a lossy link would need).
      const connections = Number(process.env['BENCH_CONNECTIONS'])
      const parallel = await measure(connections > 0 ? { maxConnections: connections } : {})
      const parallelPeakChunks = peak
      // BENCH_PARALLEL_ONLY=1 skips the one-chunk-at-a-time run while iterating on the parallel figure.
      const oneAtATime = { maxConnections: 1, maxParallelFiles: 1, adaptiveConnections: false }
      const sequential = process.env['BENCH_PARALLEL_ONLY'] === '1' ? NaN : await measure(oneAtATime, sequentialSize === size ? file : smallFile, sequentialSize)
      return {
        bytes: size,
        rateMbit,
        latencyMs,
        delayedBy: link.delayedBy,
        capacityBytesPerSecond: (rateMbit * 1e6) / 8,
        parallelBytesPerSecond: parallel,
        parallelPeakChunks,
        sequentialBytesPerSecond: sequential,
        sequentialBytes: sequentialSize,
        congestion: currentCongestion()
      }
    } finally {
      await server.stop()
    }
  } finally {
    await tearDown(n, line)
    await rm(dir, { recursive: true, force: true })
  }
}
