// Finds (and on request fetches) the Electron binary without `require('electron')`, which would try to download
// and throw under plain Node.
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)

export function electronPackageDir() {
  return dirname(require.resolve('electron/package.json'))
}

export function electronVersion() {
  return JSON.parse(readFileSync(join(electronPackageDir(), 'package.json'), 'utf8')).version
}

/** The installed Electron executable, or null when the binary has not been downloaded. */
export function findElectronBinary() {
  if (process.env.ELECTRON_EXEC_PATH && existsSync(process.env.ELECTRON_EXEC_PATH)) return process.env.ELECTRON_EXEC_PATH
  const dir = electronPackageDir()
  const pathFile = join(dir, 'path.txt')
  if (!existsSync(pathFile)) return null
  const exe = join(dir, 'dist', readFileSync(pathFile, 'utf8').trim())
  return existsSync(exe) ? exe : null
}

/** Runs Electron's own installer quietly; returns the binary or null with the installer's last error line. */
export function fetchElectronBinary() {
  const found = findElectronBinary()
  if (found) return { exe: found }
  const result = spawnSync(process.execPath, [join(electronPackageDir(), 'install.js')], {
    encoding: 'utf8',
    timeout: 10 * 60_000
  })
  const exe = findElectronBinary()
  if (result.status === 0 && exe) return { exe }
  const lines = `${result.stderr ?? ''}\n${result.stdout ?? ''}`.split('\n').map((l) => l.trim())
  const reason = lines.find((l) => /ENOTFOUND|ECONN|ETIMEDOUT|EAI_AGAIN|fetch failed|HTTPError|status code/i.test(l)) ??
    lines.find((l) => l.length > 0) ?? `installer exited with ${result.status}`
  return { exe: null, reason }
}
