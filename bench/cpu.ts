// CPU time: of this process (where the engine runs, as it runs in the app's main process), and of the children it
// has waited for (curl), read from the kernel so both are counted the same way.
import { readFileSync } from 'node:fs'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runEngine } from './engineRun'
import { startServerProcess } from './serverProcess'

const TICKS_PER_SECOND = 100 // USER_HZ on Linux

/** CPU seconds of this process so far (user + system). */
export function ownCpuSeconds(): number {
  const u = process.cpuUsage()
  return (u.user + u.system) / 1e6
}

/** CPU seconds of the child processes this process has waited for (cutime + cstime in /proc/self/stat). */
export function waitedChildrenCpuSeconds(): number {
  const stat = readFileSync('/proc/self/stat', 'utf8')
  // Fields after the command name, which is in parentheses and may hold spaces: state is field 3, cutime 16, cstime 17.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return (Number(fields[13]) + Number(fields[14])) / TICKS_PER_SECOND
}

export interface SmallFilesCpu {
  files: number
  seconds: number
  cpuSeconds: number
}

/** The engine uploading `count` small files to a test server in its own process, until every entry is ready. */
export async function smallFilesCpu(count: number): Promise<SmallFilesCpu> {
  const dir = await mkdtemp(join(tmpdir(), 'kbu-bench-cpu-'))
  const server = await startServerProcess({ dataDir: join(dir, 'server'), nice: 10 })
  try {
    const media = join(dir, 'media')
    await mkdir(media, { recursive: true })
    await Promise.all(Array.from({ length: count }, (_, i) => writeFile(join(media, `clip-${i}.mp4`), `small clip number ${i} `.repeat(64))))
    const before = ownCpuSeconds()
    const run = await runEngine(server, [media], {})
    const cpuSeconds = ownCpuSeconds() - before
    if ((run.states['done'] ?? 0) !== count) throw new Error(`only ${run.states['done'] ?? 0} of ${count} files done: ${JSON.stringify(run.states)}`)
    return { files: count, seconds: run.seconds, cpuSeconds }
  } finally {
    await server.stop()
    await rm(dir, { recursive: true, force: true })
  }
}
