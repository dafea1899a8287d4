// The Kaltura test server in a process of its own (optionally inside a network namespace), driven over its
// /__test control API, so the uploader being measured does not share a CPU thread with it.
import { spawn, type ChildProcess } from 'node:child_process'
import { join, resolve } from 'node:path'

const root = resolve(__dirname, '..')

export interface ServerProcess {
  url: string
  partnerId: number
  adminSecret: string
  control<T = unknown>(name: string, body?: Record<string, unknown>): Promise<T>
  stop(): Promise<void>
}

export async function startServerProcess(opts: {
  dataDir: string
  host?: string
  port?: number
  netns?: string
  /** Scheduling niceness: the server stands for a machine elsewhere, so it should not take the CPU from what is measured. */
  nice?: number
}): Promise<ServerProcess> {
  const host = opts.host ?? '127.0.0.1'
  const port = opts.port ?? 0
  const node = [process.execPath, '--import', 'tsx', join(root, 'test/kaltura-server/cli.ts'), '--host', host, '--port', String(port), '--data-dir', opts.dataDir, '--final-chunk-wait-ms', '5000']
  const niced = opts.nice ? ['nice', '-n', String(opts.nice), ...node] : node
  const [cmd, ...args] = opts.netns ? ['ip', 'netns', 'exec', opts.netns, ...niced] : niced
  // A process group of its own: `ip netns exec` may stay as the parent of the server, and stopping must reach both.
  const child: ChildProcess = spawn(cmd!, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], detached: true })
  const signalGroup = (signal: NodeJS.Signals): void => {
    try {
      process.kill(-child.pid!, signal)
    } catch {
      // already gone
    }
  }
  let output = ''
  const started = new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`test server did not start: ${output}`)), 30_000)
    const onData = (d: Buffer): void => {
      output += d.toString()
      const m = /service URL\s+(http:\/\/\S+)/.exec(output)
      if (m) {
        clearTimeout(timer)
        resolveUrl(m[1]!)
      }
    }
    child.stdout!.on('data', onData)
    child.stderr!.on('data', onData)
    child.once('exit', (code) => reject(new Error(`test server exited with ${code}: ${output}`)))
  })
  let url: string
  let info: { partnerId: number; adminSecret: string }
  try {
    url = await started
    info = await control<{ partnerId: number; adminSecret: string }>('info')
  } catch (err) {
    signalGroup('SIGKILL') // never leave a server behind that nobody will stop
    throw err
  }
  async function control<T>(name: string, body: Record<string, unknown> = {}): Promise<T> {
    const res = await fetch(`${url}/__test/${name}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) })
    if (!res.ok) throw new Error(`control ${name}: HTTP ${res.status} ${await res.text()}`)
    return (await res.json()) as T
  }
  return {
    url,
    partnerId: info.partnerId,
    adminSecret: info.adminSecret,
    control,
    async stop() {
      if (child.exitCode !== null) return
      const exited = new Promise((r) => child.once('exit', r))
      signalGroup('SIGTERM')
      const timer = setTimeout(() => signalGroup('SIGKILL'), 5000)
      await exited
      clearTimeout(timer)
    }
  }
}
