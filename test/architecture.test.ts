// The folder rules of docs/ARCHITECTURE.md, checked on every import in src/: each folder reaches only the folders
// below it, Electron stays in the shell and the preload, ipcMain and ipcRenderer each live in one file, and no
// module grows past the size where it stops having one reason to change.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { builtinModules } from 'node:module'
import { dirname, join, relative, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

const root = resolve(__dirname, '..')
const src = join(root, 'src')

/** Where each folder may import from (folders of src/, by their path); its own folder is always allowed. */
const MAY_IMPORT: Record<string, { folders: string[]; packages: string[]; node: boolean }> = {
  shared: { folders: [], packages: [], node: false },
  'main/kaltura': { folders: [], packages: [], node: true },
  'main/storage': { folders: [], packages: [], node: true },
  'main/journal': { folders: ['shared', 'main/storage'], packages: ['better-sqlite3'], node: true },
  'main/logging': { folders: ['main/kaltura', 'main/storage'], packages: [], node: true },
  'main/intake': { folders: ['shared', 'main/journal'], packages: [], node: true },
  'main/accounts': { folders: ['shared', 'main/journal', 'main/kaltura', 'main/storage'], packages: [], node: true },
  'main/report': { folders: ['shared', 'main/journal'], packages: [], node: true },
  'main/engine': { folders: ['shared', 'main/journal', 'main/kaltura', 'main/intake', 'main/logging'], packages: [], node: true },
  'main/ipc': {
    folders: ['shared', 'main/journal', 'main/kaltura', 'main/intake', 'main/logging', 'main/accounts', 'main/engine', 'main/report'],
    packages: [],
    node: true
  },
  'main/headless': { folders: ['shared'], packages: [], node: true },
  'main/shell': { folders: ['shared', 'main/accounts', 'main/engine', 'main/ipc', 'main/logging'], packages: ['electron'], node: true },
  // The two entry points wire everything; only the app's may reach Electron.
  'main/index.ts': { folders: ['shared', 'main'], packages: ['electron'], node: true },
  'main/cli.ts': {
    folders: ['shared', 'main/journal', 'main/kaltura', 'main/intake', 'main/logging', 'main/accounts', 'main/engine', 'main/report', 'main/headless', 'main/storage'],
    packages: [],
    node: true
  },
  preload: { folders: ['shared'], packages: ['electron'], node: false },
  renderer: { folders: ['shared'], packages: ['react', 'react-dom', 'zustand'], node: false }
}

const MAX_LINES = 400

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return sourceFiles(path)
    return /\.(ts|tsx)$/.test(name) && !name.endsWith('.d.ts') ? [path] : []
  })
}

/** The rule that governs a file: its own entry (the entry points), else its folder's, the longest match first. */
function ruleOf(file: string): { key: string; rule: (typeof MAY_IMPORT)[string] } {
  const rel = relative(src, file)
  const key = Object.keys(MAY_IMPORT)
    .filter((k) => rel === k || rel.startsWith(`${k}/`))
    .sort((a, b) => b.length - a.length)[0]
  if (!key) throw new Error(`${rel} is in no folder of docs/ARCHITECTURE.md: add its rule there and here`)
  return { key, rule: MAY_IMPORT[key]! }
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8')
  return [...text.matchAll(/(?:^|\s)(?:import|export)\b[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|^import\s+['"]([^'"]+)['"]/gm)].map(
    (m) => m[1] ?? m[2] ?? m[3]!
  )
}

const files = sourceFiles(src)
const nodeBuiltins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]))

describe('architecture', () => {
  it('lets each folder import only what its rule allows', () => {
    const broken: string[] = []
    for (const file of files) {
      const { key, rule } = ruleOf(file)
      for (const spec of importsOf(file)) {
        const where = `${relative(root, file)} imports ${spec}`
        if (spec.startsWith('.')) {
          const target = relative(src, resolve(dirname(file), spec))
          const own = key.endsWith('.ts') ? dirname(key) : key
          const allowed = [own, ...rule.folders].some((f) => target === f || target.startsWith(`${f}/`))
          if (!allowed) broken.push(where)
        } else if (nodeBuiltins.has(spec)) {
          if (!rule.node) broken.push(`${where} (no Node built-ins here)`)
        } else {
          const pkg = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!
          if (!rule.packages.includes(pkg)) broken.push(where)
        }
      }
    }
    expect(broken).toEqual([])
  })

  it('keeps ipcMain to the shell registration and ipcRenderer to the preload entry', () => {
    const importing = (name: string): RegExp => new RegExp(`import\\s*(?:type\\s*)?\\{[^}]*\\b${name}\\b[^}]*\\}\\s*from\\s*['"]electron['"]`)
    const users = (name: string): string[] => files.filter((f) => importing(name).test(readFileSync(f, 'utf8'))).map((f) => relative(root, f))
    expect(users('ipcMain')).toEqual(['src/main/shell/ipcRegistration.ts'])
    expect(users('ipcRenderer')).toEqual(['src/preload/index.ts'])
  })

  it(`keeps every module under ${MAX_LINES} lines`, () => {
    const long = files.map((f) => [relative(root, f), readFileSync(f, 'utf8').split('\n').length] as const).filter(([, n]) => n > MAX_LINES)
    expect(long).toEqual([])
  })
})
