// The packaged shell, launched for real where an Electron binary is installed: one secure window, then the same
// happy path as the browser tests (account, pick a folder, upload, entries ready). Skips, saying why, where there
// is no binary (as on the machines this project is built on, which cannot download Electron).
import { _electron as electron, expect, test } from '@playwright/test'
import { existsSync, readFileSync } from 'node:fs'
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises'
import { randomBytes } from 'node:crypto'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { startKalturaTestServer } from '../kaltura-server/index'

const root = resolve(__dirname, '../..')

function electronBinary(): string | null {
  const fromEnv = process.env['ELECTRON_EXEC_PATH']
  if (fromEnv && existsSync(fromEnv)) return fromEnv
  const dir = join(root, 'node_modules', 'electron')
  const pathFile = join(dir, 'path.txt')
  if (!existsSync(pathFile)) return null
  const exe = join(dir, 'dist', readFileSync(pathFile, 'utf8').trim())
  return existsSync(exe) ? exe : null
}

test('the packaged shell opens one secure window and uploads a picked folder to ready entries', async () => {
  const exe = electronBinary()
  test.skip(!exe, 'Electron binary not installed (node_modules/electron/dist is absent; it cannot be downloaded on this machine) — run `npm start` once on a machine with internet to fetch it')
  test.skip(process.platform === 'linux' && !process.env['DISPLAY'] && !process.env['WAYLAND_DISPLAY'], 'Electron needs a display: run the tests under xvfb-run (apt-get install xvfb)')
  const { ensureElectronNativeBinding } = (await import(join(root, 'scripts', 'electron-native.mjs'))) as {
    ensureElectronNativeBinding(): string
  }
  const dir = await mkdtemp(join(tmpdir(), 'kbu-electron-'))
  const kaltura = await startKalturaTestServer({ dataDir: join(dir, 'kaltura'), finalChunkWaitMs: 500, entryReadyAfter: { getCalls: 1 } })
  const folder = join(dir, 'media', 'Holiday')
  await mkdir(folder, { recursive: true })
  await writeFile(join(folder, 'beach.mp4'), randomBytes(700 * 1024))
  await writeFile(join(folder, 'dinner.mov'), randomBytes(300 * 1024))
  const app = await electron.launch({
    executablePath: exe!,
    args: [root],
    env: { ...process.env, KBU_SQLITE_NATIVE_BINDING: ensureElectronNativeBinding(), KBU_USER_DATA_DIR: join(dir, 'userData') }
  })
  try {
    const window = await app.firstWindow()
    await expect(window.getByRole('heading', { name: 'Kaltura Batch Uploader' })).toBeVisible()
    const exposed = await window.evaluate(() => ({
      require: typeof (globalThis as { require?: unknown }).require,
      process: typeof (globalThis as { process?: unknown }).process,
      uploader: typeof (globalThis as { uploader?: unknown }).uploader
    }))
    expect(exposed).toEqual({ require: 'undefined', process: 'undefined', uploader: 'object' })

    // The native folder picker, answered in main.
    await app.evaluate(({ dialog }, picked) => {
      dialog.showOpenDialog = (async () => ({ canceled: false, filePaths: [picked] })) as unknown as typeof dialog.showOpenDialog
    }, folder)
    await window.getByLabel('Account name').fill('Test server')
    await window.getByLabel('Service URL').fill(kaltura.url)
    await window.getByLabel('Partner ID').fill(String(kaltura.partnerId))
    await window.getByLabel('Sign in with').selectOption('admin-secret')
    await window.getByLabel('Admin secret').fill(kaltura.adminSecret)
    await window.getByRole('button', { name: 'Save account' }).click()
    await window.getByRole('button', { name: 'Add folder…' }).click()
    await window.getByRole('dialog', { name: 'Scan summary' }).getByRole('button', { name: 'Start upload' }).click()
    for (const name of ['beach.mp4', 'dinner.mov']) {
      await expect(window.getByRole('row', { name, exact: true })).toContainText(/0_[0-9a-z]{8}/, { timeout: 60_000 })
    }
    expect(kaltura.inspect.entries().filter((e) => e.status === 2)).toHaveLength(2)
  } finally {
    await app.close()
    await kaltura.close()
    await rm(dir, { recursive: true, force: true })
  }
})
