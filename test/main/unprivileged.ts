// Runs project code as an ordinary user (nobody) for tests about files that cannot be read: root reads anything.
// The code goes as one bundled script, with SQLite's native part beside it, in a folder anyone can read, because
// nobody may not be able to reach the checkout at all (a clone in a 0700 temporary folder, a home directory).
import { chmodSync, copyFileSync, mkdirSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { build } from 'esbuild'

export const NOBODY = { uid: 65534, gid: 65534 }

export interface UnprivilegedScript {
  /** The bundled script, to run with `node <script>`. */
  script: string
  /** Environment the script needs: where SQLite's native part is. */
  env: Record<string, string>
}

/** Bundles `entry` (TypeScript, may import anything in the project) into `dir`, readable by every user. */
export async function bundleForNobody(entry: string, dir: string): Promise<UnprivilegedScript> {
  mkdirSync(dir, { recursive: true })
  chmodSync(dir, 0o755)
  const script = join(dir, 'script.cjs')
  await build({ entryPoints: [entry], outfile: script, bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'silent' })
  const require = createRequire(import.meta.url)
  const nativeBinding = join(dir, 'better_sqlite3.node')
  copyFileSync(join(dirname(require.resolve('better-sqlite3/package.json')), 'build', 'Release', 'better_sqlite3.node'), nativeBinding)
  chmodSync(script, 0o644)
  chmodSync(nativeBinding, 0o755)
  return { script, env: { KBU_SQLITE_NATIVE_BINDING: nativeBinding } }
}
