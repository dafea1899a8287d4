// `npm test`: makes sure the native and browser prerequisites are present, builds the app, runs the unit and
// integration tests (vitest) and the browser tests (Playwright), and ends with one line:
// `N passed, N failed, N skipped`. Exits non-zero on any failure.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const require = createRequire(import.meta.url)
const reports = join(root, 'reports')
const bin = (name) => join(root, 'node_modules', '.bin', name)

function run(cmd, args, opts = {}) {
  return spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...opts }).status ?? 1
}

function say(line) {
  console.log(`[test] ${line}`)
}

// better-sqlite3 must be built for this Node (an Electron rebuild elsewhere may have replaced it).
function ensureSqliteForNode() {
  const probe = spawnSync(process.execPath, ['-e', "new (require('better-sqlite3'))(':memory:').close()"], { cwd: root })
  if (probe.status === 0) return
  say('better-sqlite3 is not built for this Node; rebuilding it (about a minute)')
  if (run('npm', ['rebuild', 'better-sqlite3']) !== 0) {
    console.error('npm test: better-sqlite3 could not be built for Node; run `npm rebuild better-sqlite3` and read its error.')
    process.exit(1)
  }
}

// Chromium for the browser tests: CHROMIUM_PATH, the system's, or Playwright's own download.
function findChromium() {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser']
  for (const c of candidates) if (c && existsSync(c)) return { path: c }
  try {
    const own = require('playwright-core').chromium.executablePath()
    if (own && existsSync(own)) return { path: null }
  } catch { /* no bundled browser */ }
  return undefined
}

function ensureChromium() {
  let found = findChromium()
  if (!found && process.getuid?.() === 0 && existsSync('/usr/bin/apt-get')) {
    say('installing Debian\'s chromium for the browser tests (apt-get)')
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
    run('apt-get', ['update', '-qq'], { env })
    run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'chromium'], { env })
    found = findChromium()
  }
  if (!found) {
    console.error('npm test: the browser tests need Chromium — run `sudo apt-get install chromium` (Debian/Ubuntu) or `npx playwright install chromium`, or set CHROMIUM_PATH.')
    process.exit(1)
  }
  return found.path
}

function vitestCounts(file) {
  if (!existsSync(file)) return null
  const r = JSON.parse(readFileSync(file, 'utf8'))
  const brokenFiles = (r.testResults ?? []).filter((f) => f.status === 'failed' && (f.assertionResults ?? []).length === 0).length
  return {
    passed: r.numPassedTests ?? 0,
    failed: (r.numFailedTests ?? 0) + brokenFiles,
    skipped: (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0)
  }
}

function playwrightCounts(file) {
  if (!existsSync(file)) return null
  const r = JSON.parse(readFileSync(file, 'utf8'))
  const s = r.stats ?? {}
  return {
    passed: (s.expected ?? 0) + (s.flaky ?? 0),
    failed: (s.unexpected ?? 0) + (r.errors ?? []).length,
    skipped: s.skipped ?? 0
  }
}

ensureSqliteForNode()
const chromium = ensureChromium()
rmSync(reports, { recursive: true, force: true })
mkdirSync(reports, { recursive: true })

const env = { ...process.env, PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1', ...(chromium ? { CHROMIUM_PATH: chromium } : {}) }
const totals = { passed: 0, failed: 0, skipped: 0 }
const add = (c) => { totals.passed += c.passed; totals.failed += c.failed; totals.skipped += c.skipped }

say('building the app (electron-vite build)')
if (run(bin('electron-vite'), ['build'], { env, stdio: ['ignore', 'ignore', 'inherit'] }) !== 0) {
  console.error('npm test: the build failed (see above).')
  totals.failed += 1
} else {
  const only = process.argv.slice(2)
  say('unit and integration tests (vitest)')
  const vStatus = run(bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${join(reports, 'vitest.json')}`, ...only], { env })
  const v = vitestCounts(join(reports, 'vitest.json'))
  if (v) add(v)
  if (!v || (vStatus !== 0 && v.failed === 0)) totals.failed += 1

  say('browser tests (Playwright)')
  const pStatus = run(bin('playwright'), ['test'], { env })
  const p = playwrightCounts(join(reports, 'playwright.json'))
  if (p) add(p)
  if (!p || (pStatus !== 0 && p.failed === 0)) totals.failed += 1
}

writeFileSync(join(reports, 'summary.json'), JSON.stringify(totals) + '\n')
console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`)
process.exit(totals.failed > 0 ? 1 : 0)
