// How every upload story against the test server ends: each file one READY entry holding its exact bytes, no
// duplicate or empty entry, and no upload token left open on the server (each one closed into its entry).
import { expect } from 'vitest'
import { sha256File, type World } from './engineFixture'

export async function expectCleanEnd(world: World, paths: readonly string[]): Promise<void> {
  const entries = world.server.inspect.entries()
  for (const path of paths) {
    const row = world.journal.allFiles().find((f) => f.path === path)!
    expect(row.state, `${path}: ${row.error?.message ?? ''}`).toBe('done')
    const entry = world.server.inspect.entry(row.entryId!)
    expect(entry?.status, path).toBe(2)
    expect(entry?.sha256, path).toBe(await sha256File(path))
  }
  // One entry per file and none without content: no duplicate, no empty stray.
  expect(entries).toHaveLength(paths.length)
  expect(entries.filter((e) => e.sha256 === undefined)).toEqual([])
  // One token per file and one per caption sent, each closed (3) into its entry or caption asset; none pending,
  // partial or full and unused.
  const tokens = world.server.inspect.uploads()
  const captionsSent = world.journal.allFiles().flatMap((f) => world.journal.captions.of(f.id)).filter((c) => c.state === 'done').length
  expect(tokens.map((t) => t.status)).toEqual(Array.from({ length: paths.length + captionsSent }, () => 3))
  const tokenIds = new Set(tokens.map((t) => t.id))
  expect(entries.every((e) => e.tokenId !== undefined && tokenIds.has(e.tokenId))).toBe(true)
}
