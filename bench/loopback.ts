// Loopback throughput: the engine uploading one large file to the test server, against curl sending the same
// byte ranges with the same concurrency to the same server (the practical limit of that server on this machine).
import { spawn } from 'node:child_process'
import { mkdtemp, open, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { generateKsV2 } from '../src/main/kaltura'
import { DEFAULT_SETTINGS } from '../src/shared/uploads'
import { randomFile } from './files'
import { runEngine } from './engineRun'
import { startServerProcess, type ServerProcess } from './serverProcess'
import { ownCpuSeconds, waitedChildrenCpuSeconds } from './cpu'

interface Req {
  at: number
  endedAt?: number
  action: string
  service: string
  uploadTokenId?: string
  resume?: boolean
  resumeAt?: number
  finalChunk?: boolean
  partBytes?: number
  fault?: string
}

export interface LoopbackResult {
  bytes: number
  engineSeconds: number
  curlSeconds: number
  chunks: number
  journalChangesPerGiB: number
  /** CPU seconds of the process the engine runs in (scan, queue, upload, entry, follow-up), for the whole file. */
  engineCpuSeconds: number
  /** CPU seconds of the curl processes sending the same chunks. */
  curlCpuSeconds: number
}

/** Seconds from the first upload request's start to the last one's end, for one token. */
export function transferWindow(requests: Req[], tokenId: string): number {
  const uploads = requests.filter((r) => r.action === 'upload' && r.uploadTokenId === tokenId)
  const start = Math.min(...uploads.map((r) => r.at))
  const end = Math.max(...uploads.map((r) => r.endedAt ?? r.at))
  return (end - start) / 1000
}

export async function loopbackThroughput(size: number): Promise<LoopbackResult> {
  const dir = await mkdtemp(join(tmpdir(), 'kbu-bench-loop-'))
  const server = await startServerProcess({ dataDir: join(dir, 'server') })
  try {
    const file = join(dir, 'big.mp4')
    await randomFile(file, size)
    const cpuBefore = ownCpuSeconds()
    // Adaptive connections off: curl replays the same chunks at the same concurrency.
    const run = await runEngine(server, [file], { adaptiveConnections: false })
    const engineCpuSeconds = ownCpuSeconds() - cpuBefore
    const requests = await server.control<Req[]>('inspect.requests')
    const uploads = requests.filter((r) => r.action === 'upload' && !r.fault)
    const tokenId = uploads[0]!.uploadTokenId!
    const engineSeconds = transferWindow(requests, tokenId)
    const plan = uploads.filter((r) => r.uploadTokenId === tokenId)
    const curlCpuBefore = waitedChildrenCpuSeconds()
    const curlSeconds = await curlReplay(server, file, plan, DEFAULT_SETTINGS.maxConnections, dir)
    const curlCpuSeconds = waitedChildrenCpuSeconds() - curlCpuBefore
    return { bytes: size, engineSeconds, curlSeconds, chunks: plan.length, journalChangesPerGiB: run.journalChanges / (size / 2 ** 30), engineCpuSeconds, curlCpuSeconds }
  } finally {
    await server.stop()
    await rm(dir, { recursive: true, force: true })
  }
}

/** Sends the same chunks as the engine did (first alone, then N at a time, then the final call) with curl. */
async function curlReplay(server: ServerProcess, file: string, plan: Req[], connections: number, dir: string): Promise<number> {
  const ks = generateKsV2(server.adminSecret, { partnerId: server.partnerId, type: 2, userId: '', privileges: '', expiresAt: Math.floor(Date.now() / 1000) + 86_400 })
  const api = `${server.url}/api_v3/service/uploadtoken/action`
  const added = await fetch(`${api}/add`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ format: 1, ks, uploadToken: { objectType: 'KalturaUploadToken', fileName: 'big.mp4' } }) })
  const tokenId = ((await added.json()) as { id: string }).id
  // Chunk files are cut before the clock starts: curl can only send whole files.
  const parts: Array<{ req: Req; path: string }> = []
  const source = await open(file, 'r')
  try {
    for (const [i, req] of plan.entries()) {
      const path = join(dir, `part-${i}`)
      const out = await open(path, 'w')
      const length = req.partBytes ?? 0
      const buffer = Buffer.alloc(Math.min(length, 16 * 1024 * 1024))
      for (let done = 0; done < length; ) {
        const { bytesRead } = await source.read(buffer, 0, Math.min(buffer.length, length - done), (req.resumeAt ?? 0) + done)
        await out.write(buffer, 0, bytesRead)
        done += bytesRead
      }
      await out.close()
      parts.push({ req, path })
    }
  } finally {
    await source.close()
  }
  const formOf = (p: { req: Req; path: string }): string[] => [
    '-sS', '-o', '/dev/null', '-H', 'Expect:', '-X', 'POST', `${api}/upload`,
    '-F', `ks=${ks}`, '-F', 'format=1', '-F', `uploadTokenId=${tokenId}`,
    '-F', `resume=${p.req.resume ? 1 : 0}`, '-F', `resumeAt=${p.req.resumeAt ?? 0}`, '-F', `finalChunk=${p.req.finalChunk ? 1 : 0}`,
    '-F', `fileData=@${p.path};filename=big.mp4`
  ]
  const curl = (args: string[]): Promise<void> =>
    new Promise((resolve, reject) => {
      const child = spawn('curl', args, { stdio: 'ignore' })
      child.once('error', reject)
      child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`curl exited with ${code}`))))
    })
  const first = parts.find((p) => !p.req.resume)!
  const final = parts.find((p) => p.req.finalChunk && p.req.resume)
  const middle = parts.filter((p) => p !== first && p !== final)
  await curl(formOf(first))
  // One curl for all the middle chunks, `connections` at a time over reused connections: no process per chunk.
  if (middle.length > 0) {
    await curl(['--parallel', '--parallel-max', String(connections), ...middle.flatMap((p, i) => [...(i > 0 ? ['--next'] : []), ...formOf(p)])])
  }
  if (final) await curl(formOf(final))
  const requests = await server.control<Req[]>('inspect.requests')
  const upload = await server.control<{ uploadedFileSize: number }>('inspect.upload', { tokenId })
  const expected = plan.reduce((n, r) => Math.max(n, (r.resumeAt ?? 0) + (r.partBytes ?? 0)), 0)
  if (upload.uploadedFileSize !== expected) throw new Error(`curl replay assembled ${upload.uploadedFileSize} of ${expected} bytes`)
  return transferWindow(requests, tokenId)
}
