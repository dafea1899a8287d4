// `npm run dist`: installers for this platform (Linux AppImage and deb, macOS dmg, Windows nsis). Needs the
// Electron binary, so on a machine without internet it stops with one line saying so.
import { spawnSync } from 'node:child_process'
import { copyFileSync, mkdirSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { fetchElectronBinary } from './electronBinary.mjs'
import { ensureElectronNativeBinding } from './electron-native.mjs'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const { exe, reason } = fetchElectronBinary()
if (!exe) {
  console.error(`npm run dist: the Electron binary could not be fetched (${reason}); installers can only be built on a machine that can download Electron.`)
  process.exit(1)
}
let binding
try {
  binding = ensureElectronNativeBinding()
} catch (err) {
  console.error(`npm run dist: ${err.message}`)
  process.exit(1)
}
const current = join(root, '.cache', 'electron-native', 'current')
mkdirSync(current, { recursive: true })
copyFileSync(binding, join(current, 'better_sqlite3.node'))

const bin = (name) => join(root, 'node_modules', '.bin', name)
for (const [cmd, args] of [[bin('electron-vite'), ['build']], [bin('electron-builder'), ['--publish', 'never', ...process.argv.slice(2)]]]) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' })
  if (r.status !== 0) process.exit(r.status ?? 1)
}
