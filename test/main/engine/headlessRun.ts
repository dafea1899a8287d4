// Runs the headless command from source against a test server, as test/main/cli.test.ts does, for stories that
// need the real process: its exit code, what it printed, and the child to kill.
import { spawn, type ChildProcess } from 'node:child_process'
import { join, resolve } from 'node:path'
import type { KalturaTestServer } from '../../kaltura-server/api'

const root = resolve(__dirname, '../../..')

export interface HeadlessRun {
  child: ChildProcess
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>
}

export function runHeadless(server: KalturaTestServer, args: string[]): HeadlessRun {
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'src/main/cli.ts'), ...args], {
    cwd: root,
    env: { ...process.env, KALTURA_ADMIN_SECRET: server.adminSecret },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let stdout = ''
  let stderr = ''
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()))
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()))
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolveRun) =>
    child.on('exit', (code, signal) => resolveRun({ code, signal, stdout, stderr }))
  )
  return { child, done }
}

/** The account arguments for a server and a data folder. */
export function accountArgs(server: KalturaTestServer, dataDir: string): string[] {
  return ['--service-url', server.url, '--partner-id', String(server.partnerId), '--data-dir', dataDir]
}
