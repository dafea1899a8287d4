// `npm start`: fetches the Electron binary if needed, builds better-sqlite3 for Electron beside the Node build,
// builds the app and launches it. `--dev` runs electron-vite's dev server with hot reload instead.
import { spawn, spawnSync } from 'node:child_process'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { fetchElectronBinary } from './electronBinary.mjs'
import { ensureElectronNativeBinding } from './electron-native.mjs'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const dev = process.argv.includes('--dev')

const { exe, reason } = fetchElectronBinary()
if (!exe) {
  console.error(`npm start: the Electron binary could not be fetched (${reason}); the app cannot run on this machine, but \`npm test\` and \`npm run kaltura:dev\` still work.`)
  process.exit(1)
}

let nativeBinding
try {
  nativeBinding = ensureElectronNativeBinding()
} catch (err) {
  console.error(`npm start: ${err.message}`)
  process.exit(1)
}

const env = { ...process.env, KBU_SQLITE_NATIVE_BINDING: nativeBinding, ELECTRON_EXEC_PATH: exe }
const electronVite = join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js')
if (dev) {
  const child = spawn(process.execPath, [electronVite, 'dev'], { cwd: root, env, stdio: 'inherit' })
  child.on('exit', (code) => process.exit(code ?? 1))
} else {
  const build = spawnSync(process.execPath, [electronVite, 'build'], { cwd: root, env, stdio: 'inherit' })
  if (build.status !== 0) process.exit(build.status ?? 1)
  const child = spawn(exe, [root], { cwd: root, env, stdio: 'inherit' })
  child.on('exit', (code) => process.exit(code ?? 1))
}
