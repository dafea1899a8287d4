// Launches the real Electron shell where an Electron binary is installed; skips, saying why, where it is not.
import { _electron as electron, expect, test } from '@playwright/test'
import { existsSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'

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

test('the packaged shell opens one secure window with the renderer', async () => {
  const exe = electronBinary()
  test.skip(!exe, 'Electron binary not installed (node_modules/electron/dist is absent; it cannot be downloaded on this machine) — run `npm start` once on a machine with internet to fetch it')
  const { ensureElectronNativeBinding } = (await import(join(root, 'scripts', 'electron-native.mjs'))) as {
    ensureElectronNativeBinding(): string
  }
  const app = await electron.launch({
    executablePath: exe!,
    args: [root],
    env: { ...process.env, KBU_SQLITE_NATIVE_BINDING: ensureElectronNativeBinding() }
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
  } finally {
    await app.close()
  }
})
