// A slow, distant link: the test server in a network namespace behind a veth pair whose upload direction is
// rate-limited by the kernel (tc tbf), plus the server's own reply latency for the round trip. Compares the engine
// with parallel chunks, the same engine one chunk at a time, and the link's capacity.
import { execFileSync } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { randomFile } from './files'
import { runEngine } from './engineRun'
import { transferWindow } from './loopback'
import { startServerProcess } from './serverProcess'

export type ShapedResult =
  | { skipped: string }
  | { bytes: number; rateMbit: number; latencyMs: number; capacityBytesPerSecond: number; parallelBytesPerSecond: number; sequentialBytesPerSecond: number }

const NS = `kbu-bench-${process.pid}`
const HOST_IF = `kbuh${process.pid % 10000}`
const NS_IF = `kbun${process.pid % 10000}`
const HOST_IP = '10.231.77.1'
const NS_IP = '10.231.77.2'

function sh(...args: string[]): void {
  execFileSync(args[0]!, args.slice(1), { stdio: 'pipe' })
}

function setUp(rateMbit: number): string | null {
  try {
    sh('ip', 'netns', 'add', NS)
    sh('ip', 'link', 'add', HOST_IF, 'type', 'veth', 'peer', 'name', NS_IF)
    sh('ip', 'link', 'set', NS_IF, 'netns', NS)
    sh('ip', 'addr', 'add', `${HOST_IP}/24`, 'dev', HOST_IF)
    sh('ip', 'link', 'set', HOST_IF, 'up')
    sh('ip', 'netns', 'exec', NS, 'ip', 'addr', 'add', `${NS_IP}/24`, 'dev', NS_IF)
    sh('ip', 'netns', 'exec', NS, 'ip', 'link', 'set', NS_IF, 'up')
    sh('ip', 'netns', 'exec', NS, 'ip', 'link', 'set', 'lo', 'up')
    // Upload direction (host → server) limited by a token bucket; tbf and htb are what this kernel has (no netem).
    sh('tc', 'qdisc', 'add', 'dev', HOST_IF, 'root', 'tbf', 'rate', `${rateMbit}mbit`, 'burst', '256kb', 'latency', '200ms')
    return null
  } catch (err) {
    tearDown()
    const stderr = (err as { stderr?: Buffer }).stderr?.toString().trim()
    return `network namespaces or tc are not available here (${stderr || (err as Error).message}); run as root with iproute2`
  }
}

function tearDown(): void {
  for (const cmd of [['ip', 'link', 'del', HOST_IF], ['ip', 'netns', 'del', NS]]) {
    try {
      sh(...cmd)
    } catch {
      // already gone
    }
  }
}

export async function shapedLink(size: number, rateMbit: number, latencyMs: number): Promise<ShapedResult> {
  const problem = setUp(rateMbit)
  if (problem) return { skipped: problem }
  const dir = await mkdtemp(join(tmpdir(), 'kbu-bench-shaped-'))
  try {
    const server = await startServerProcess({ dataDir: join(dir, 'server'), host: NS_IP, port: 8799, netns: NS })
    try {
      await server.control('faults.setLatency', { ms: latencyMs })
      const file = join(dir, 'clip.mp4')
      await randomFile(file, size)
      const measure = async (settings: Record<string, number>): Promise<number> => {
        const before = new Set((await server.control<Array<{ uploadTokenId?: string }>>('inspect.requests')).map((r) => r.uploadTokenId))
        await runEngine(server, [file], settings)
        const requests = await server.control<Array<{ at: number; endedAt?: number; action: string; service: string; uploadTokenId?: string }>>('inspect.requests')
        const token = requests.find((r) => r.action === 'upload' && r.uploadTokenId && !before.has(r.uploadTokenId))!.uploadTokenId!
        return size / transferWindow(requests, token)
      }
      const parallel = await measure({})
      const sequential = await measure({ maxConnections: 1, maxParallelFiles: 1 })
      return { bytes: size, rateMbit, latencyMs, capacityBytesPerSecond: (rateMbit * 1e6) / 8, parallelBytesPerSecond: parallel, sequentialBytesPerSecond: sequential }
    } finally {
      await server.stop()
    }
  } finally {
    tearDown()
    await rm(dir, { recursive: true, force: true })
  }
}
