// Builds better-sqlite3 for Electron's ABI into .cache/electron-native/, beside (never over) the Node build in
// node_modules that the tests use. The app loads it through better-sqlite3's `nativeBinding` option.
// Usage: node scripts/electron-native.mjs   (prints the path of the built .node file)
import { spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, copyFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { tmpdir } from 'node:os'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import { electronVersion } from './electronBinary.mjs'

const require = createRequire(import.meta.url)
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')

export function electronNativeBindingPath(version = electronVersion()) {
  return join(root, '.cache', 'electron-native', `${version}-${process.platform}-${process.arch}`, 'better_sqlite3.node')
}

/** Returns the path of an Electron-ABI better_sqlite3.node, building it once; throws with a one-line reason. */
export function ensureElectronNativeBinding() {
  const version = electronVersion()
  const target = electronNativeBindingPath(version)
  if (existsSync(target)) return target
  const pkgDir = dirname(require.resolve('better-sqlite3/package.json'))
  const work = mkdtempSync(join(tmpdir(), 'kbu-sqlite-electron-'))
  try {
    const src = join(work, 'better-sqlite3')
    cpSync(pkgDir, src, { recursive: true, filter: (p) => !p.startsWith(join(pkgDir, 'build')) })
    // npm's nodedir points node-gyp at Node's headers; for Electron it must fetch Electron's.
    const env = { ...process.env }
    for (const key of Object.keys(env)) if (/^npm_config_(nodedir|runtime|target|disturl)$/i.test(key)) delete env[key]
    const prebuild = spawnSync(process.execPath, [require.resolve('prebuild-install/bin.js'),
      '--runtime=electron', `--target=${version}`, `--arch=${process.arch}`, `--platform=${process.platform}`],
      { cwd: src, env, encoding: 'utf8' })
    let built = join(src, 'build', 'Release', 'better_sqlite3.node')
    if (prebuild.status !== 0 || !existsSync(built)) {
      const gyp = process.env.npm_config_node_gyp ?? findNodeGyp()
      const compile = spawnSync(process.execPath, [gyp, 'rebuild', '--release', '--runtime=electron',
        `--target=${version}`, '--dist-url=https://electronjs.org/headers'], { cwd: src, env, encoding: 'utf8' })
      if (compile.status !== 0 || !existsSync(built)) {
        const last = `${compile.stderr}`.trim().split('\n').filter(Boolean).pop() ?? 'node-gyp failed'
        throw new Error(`could not build better-sqlite3 for Electron ${version}: ${last}`)
      }
    }
    mkdirSync(dirname(target), { recursive: true })
    copyFileSync(built, target)
    return target
  } finally {
    rmSync(work, { recursive: true, force: true })
  }
}

function findNodeGyp() {
  const npmDir = dirname(dirname(process.execPath))
  for (const candidate of [
    join(npmDir, 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
    join(dirname(process.execPath), 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js')
  ]) if (existsSync(candidate)) return candidate
  return 'node-gyp'
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    console.log(ensureElectronNativeBinding())
  } catch (err) {
    console.error(`rebuild:electron: ${err.message}`)
    process.exit(1)
  }
}
