// Boots the real Electron entry (src/main/index.ts) against a fresh fake Electron and a temp data folder, one
// shell per scenario, and tears it down through the app's own quit.
import { mkdir, mkdtemp, readdir, readFile, rm, symlink } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { vi } from 'vitest'
import type { IpcRequestChannel } from '../../../src/shared/ipc-contract'
import { FakeElectron, type FakeBrowserWindow, type FakeElectronOptions } from './fakeElectron'

/** Filled by each test file's vi.hoisted, read by its vi.mock('electron') factory. */
export interface FakeElectronHolder {
  fake: FakeElectron | null
}

export interface BootOptions extends FakeElectronOptions {
  /** A data folder prepared by the test; a new temp folder otherwise. */
  dataDir?: string
  env?: Record<string, string>
}

export interface BootedShell {
  fake: FakeElectron
  dataDir: string
}

const booted: Array<{ fake: FakeElectron; cleanup: string[]; env: string[]; resourcesPath: boolean }> = []
const require = createRequire(import.meta.url)

/** Runs the entry as Electron would on launch; the shell's start happens after this resolves (app ready). */
export async function bootShell(holder: FakeElectronHolder, options: BootOptions = {}): Promise<BootedShell> {
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'kbu-shell-')))
  const env = { KBU_USER_DATA_DIR: dataDir, ...options.env }
  for (const [key, value] of Object.entries(env)) process.env[key] = value
  const fake = new FakeElectron(options)
  holder.fake = fake
  const cleanup = options.dataDir ? [] : [dataDir]
  if (options.isPackaged) cleanup.push(await packagedResources())
  booted.push({ fake, cleanup, env: Object.keys(env), resourcesPath: options.isPackaged === true })
  vi.resetModules()
  await import('../../../src/main/index')
  fake.app.becomeReady()
  return { fake, dataDir }
}

/** Quits every shell a scenario booted (as the user would), then removes its folders and environment. */
export async function shutDownShells(): Promise<void> {
  for (const { fake, cleanup, env, resourcesPath } of booted.splice(0)) {
    if (fake.windows.length > 0 && fake.app.exitCodes.length === 0) {
      fake.app.quit()
      await fake.app.exited
    }
    for (const key of env) delete process.env[key]
    if (resourcesPath) Reflect.deleteProperty(process, 'resourcesPath')
    for (const dir of cleanup) await rm(dir, { recursive: true, force: true })
  }
}

/**
 * Packaged, the journal's native module comes from the app's resources folder (process.resourcesPath, which only
 * Electron defines): a temp one holding this Node's build stands in for it.
 */
async function packagedResources(): Promise<string> {
  const resources = await mkdtemp(join(tmpdir(), 'kbu-resources-'))
  await mkdir(join(resources, 'native'))
  await symlink(require.resolve('better-sqlite3/build/Release/better_sqlite3.node'), join(resources, 'native', 'better_sqlite3.node'))
  Object.defineProperty(process, 'resourcesPath', { value: resources, configurable: true })
  return resources
}

/** The URL the window's page runs at, as its frames report it. */
export function appUrlOf(window: FakeBrowserWindow): string {
  const loaded = window.loaded
  if (!loaded) throw new Error('the window loaded nothing')
  if (!('url' in loaded)) throw new Error(`the window loaded ${loaded.file} from disk: the app must run on app://, never file://`)
  return loaded.url
}

/** Invokes a channel from the app's own window, as its renderer would. */
export function invokeFromWindow(fake: FakeElectron, window: FakeBrowserWindow, channel: IpcRequestChannel, args?: unknown): Promise<unknown> {
  return fake.ipcMain.invoke(channel, args, { sender: window.webContents, frameUrl: appUrlOf(window) })
}

/** Every file under a folder, with its bytes, to prove what was (not) written. */
export async function filesUnder(dir: string): Promise<Array<{ path: string; bytes: Buffer }>> {
  const out: Array<{ path: string; bytes: Buffer }> = []
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) out.push({ path: join(entry.parentPath, entry.name), bytes: await readFile(join(entry.parentPath, entry.name)) })
  }
  return out
}

/** Runs a scenario as if on another operating system; the shell reads process.platform when events arrive. */
export async function onPlatform<T>(platform: NodeJS.Platform, run: () => Promise<T>): Promise<T> {
  const original = Object.getOwnPropertyDescriptor(process, 'platform')!
  Object.defineProperty(process, 'platform', { ...original, value: platform })
  try {
    return await run()
  } finally {
    Object.defineProperty(process, 'platform', original)
  }
}
