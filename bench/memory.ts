// Peak memory (VmHWM) of the headless uploader process for a 100 MiB file and a 5 GiB sparse file.
import { spawn } from 'node:child_process'
import { readFile, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { randomFile, sparseFile } from './files'
import { startServerProcess } from './serverProcess'

const root = resolve(__dirname, '..')

export async function peakRssOfUpload(kind: 'random' | 'sparse', size: number): Promise<number> {
  const dir = await mkdtemp(join(tmpdir(), 'kbu-bench-mem-'))
  const server = await startServerProcess({ dataDir: join(dir, 'server') })
  try {
    const media = join(dir, 'media')
    await (await import('node:fs/promises')).mkdir(media)
    const file = join(media, 'file.mp4')
    if (kind === 'random') await randomFile(file, size)
    else await sparseFile(file, size)
    const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'src/main/cli.ts'), media, '--service-url', server.url, '--partner-id', String(server.partnerId), '--data-dir', join(dir, 'data'), '--quiet'], {
      cwd: root,
      env: { ...process.env, KALTURA_ADMIN_SECRET: server.adminSecret },
      stdio: 'ignore'
    })
    let peak = 0
    const poll = setInterval(() => {
      void readFile(`/proc/${child.pid}/status`, 'utf8').then(
        (text) => {
          const kb = Number(/VmHWM:\s+(\d+) kB/.exec(text)?.[1] ?? 0)
          peak = Math.max(peak, kb * 1024)
        },
        () => undefined
      )
    }, 50)
    const code = await new Promise<number | null>((r) => child.once('exit', r))
    clearInterval(poll)
    if (code !== 0) throw new Error(`headless upload exited with ${code}`)
    return peak
  } finally {
    await server.stop()
    await rm(dir, { recursive: true, force: true })
  }
}
