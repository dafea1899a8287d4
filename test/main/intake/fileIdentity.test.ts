// A queued file is still itself only while its device, inode, size and modification time hold: the check by path
// (before a file starts and before its final call) and the check on the open handle (before each chunk) agree on
// every way a file stops being the one that was queued.
import { mkdtemp, rename, rm, truncate, unlink, utimes, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { checkUnchanged, identifyFile, openUnchanged, type FileIdentity } from '../../../src/main/intake/fileIdentity'
import type { FileProblem } from '../../../src/main/intake/fileProblems'

let dir: string
let path: string
let queued: FileIdentity

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kbu-identity-'))
  path = join(dir, 'clip.mp4')
  await writeFile(path, 'the queued bytes')
  queued = (await identifyFile(path)).identity
})

afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

/** What both checks say now: the path check's problem, and the handle check's (its handle closed again). */
async function bothChecks(): Promise<[FileProblem | null, FileProblem | null]> {
  const byPath = await checkUnchanged(path, queued)
  const opened = await openUnchanged(path, queued)
  if (opened.ok) await opened.handle.close()
  return [byPath, opened.ok ? null : opened.problem]
}

describe('file identity', () => {
  it('an untouched file passes both checks, and the handle reads the queued bytes', async () => {
    expect(await bothChecks()).toEqual([null, null])
    const opened = await openUnchanged(path, queued)
    if (!opened.ok) throw new Error('expected the file to open')
    try {
      expect((await opened.handle.readFile()).toString()).toBe('the queued bytes')
    } finally {
      await opened.handle.close()
    }
  })

  it('a file that grew is changed, with both sizes', async () => {
    await writeFile(path, 'the queued bytes and more')
    const changed = { kind: 'changed', sizeBefore: 16, sizeNow: 25 }
    expect(await bothChecks()).toEqual([changed, changed])
  })

  it('a file rewritten to the same size is changed by its modification time', async () => {
    await truncate(path, 16)
    await utimes(path, new Date(), new Date(queued.mtimeMs + 60_000))
    expect(await bothChecks()).toEqual([
      { kind: 'changed', sizeBefore: 16, sizeNow: 16 },
      { kind: 'changed', sizeBefore: 16, sizeNow: 16 }
    ])
  })

  it('another file renamed onto the path, same size and time, is a replacement', async () => {
    const other = join(dir, 'other.mp4')
    await writeFile(other, 'other queued byte')
    await truncate(other, 16)
    await utimes(other, new Date(), new Date(queued.mtimeMs))
    await rename(other, path)
    expect(await bothChecks()).toEqual([{ kind: 'replaced' }, { kind: 'replaced' }])
  })

  it('a deleted file is gone', async () => {
    await unlink(path)
    expect(await bothChecks()).toEqual([{ kind: 'gone' }, { kind: 'gone' }])
  })
})
