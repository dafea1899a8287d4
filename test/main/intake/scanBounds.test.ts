// The scanner's bounds, told as drops that once ran main out of memory: links to /proc/self and to /, a drop of / or
// /proc, folders reached twice, a loop, a tree past the cap, and a cancel in the middle.
import { existsSync, promises as fsPromises, symlinkSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { scanDropped, type ScanResult } from '../../../src/main/intake/scanner'
import { MAX_SCAN_ENTRIES } from '../../../src/main/intake/scannerBounds'
import { groupSkips } from '../../../src/main/intake/scannerSkips'
import { build, buildLibrary, tempFolder } from './scanTrees'

afterEach(() => {
  vi.restoreAllMocks()
})

const NOT_FOLLOWED = 'Link to a folder outside the dropped folders: not followed (drop that folder itself to include it)'

function relativePaths(result: ScanResult): string[] {
  return result.files.map((file) => file.relativePath)
}

function skipsUnder(result: ScanResult, under: string): Array<[string, string, string]> {
  return result.skipped.map((entry) => [entry.path.slice(under.length + 1), entry.reason, entry.message])
}

describe('a scan with bounds', () => {
  it('ends at once for a folder holding links to /proc/self and to /, saying neither was followed', async (context) => {
    if (!existsSync('/proc/self')) context.skip('this system has no /proc')
    const desk = tempFolder()
    const drop = build(join(desk, 'Drop'), { 'clip.mp4': 'v' })
    symlinkSync('/proc/self', join(drop, 'me'))
    symlinkSync('/', join(drop, 'everything'))

    const result = await scanDropped([drop])

    expect(relativePaths(result)).toEqual(['Drop/clip.mp4'])
    expect(skipsUnder(result, drop)).toEqual([
      ['everything', 'link-outside', NOT_FOLLOWED],
      ['me', 'link-outside', NOT_FOLLOWED]
    ])
    expect(result.entriesSeen).toBe(4)
    expect(result.entriesSeen).toBeLessThanOrEqual(MAX_SCAN_ENTRIES)
    expect(result.stoppedEarly).toBeNull()
  })

  it('stops a drop of / at the cap with the message, keeping what it found until then', async () => {
    const result = await scanDropped(['/'], { maxEntries: 2_000 })

    expect(result.entriesSeen).toBe(2_000)
    expect(result.stoppedEarly).toBe(
      'Stopped after 2,000 items: that is more than a folder of media holds, so only the files found until then ' +
        'are listed. Drop the folders that hold your videos instead.'
    )
    expect(result.files.length + result.skipped.length).toBeLessThanOrEqual(2_000)
  })

  it('ends a drop of /proc on its own, under the cap: /proc/self entered once, links out of /proc not followed', async (context) => {
    if (!existsSync('/proc/self')) context.skip('this system has no /proc')
    const result = await scanDropped(['/proc'])

    expect(result.entriesSeen).toBeLessThanOrEqual(MAX_SCAN_ENTRIES)
    expect(result.stoppedEarly).toBeNull()
    const reasonAt = (at: string): string | undefined => result.skipped.find((entry) => entry.path === at)?.reason
    expect(reasonAt('/proc/self')).toBe('duplicate')
    expect(reasonAt(`/proc/${process.pid}/root`)).toBe('link-outside')
    expect(reasonAt(`/proc/${process.pid}/cwd`)).toBe('link-outside')
  })

  it('lists the files of a folder reached by two links, and by its own path, once, under its own path', async () => {
    const desk = tempFolder()
    const drop = build(join(desk, 'Drop'), { reel: { 'a.mp4': 'a', 'b.mp4': 'b' } })
    symlinkSync('reel', join(drop, 'first-link'))
    symlinkSync(join(drop, 'reel'), join(drop, 'second-link'))

    const result = await scanDropped([drop])

    expect(relativePaths(result)).toEqual(['Drop/reel/a.mp4', 'Drop/reel/b.mp4'])
    const sameFolder = `Same folder as ${join(drop, 'reel')}: scanned once, under that name`
    expect(skipsUnder(result, drop)).toEqual([
      ['first-link', 'duplicate', sameFolder],
      ['second-link', 'duplicate', sameFolder]
    ])
  })

  it('enters a hidden folder reached by two links once, always by the first link in path order', async () => {
    const desk = tempFolder()
    const drop = build(join(desk, 'Drop'), { '.stash': { reel: { 'a.mp4': 'a', 'b.mp4': 'b' } } })
    symlinkSync('.stash/reel', join(drop, 'b-link'))
    symlinkSync('.stash/reel', join(drop, 'a-link'))

    // The walk answers in whatever order the file system does; the names must not depend on it.
    for (let run = 0; run < 10; run += 1) {
      const result = await scanDropped([drop])
      expect(relativePaths(result)).toEqual(['Drop/a-link/a.mp4', 'Drop/a-link/b.mp4'])
      expect(skipsUnder(result, drop).map(([where, reason]) => [where, reason])).toEqual([
        ['.stash', 'hidden'],
        ['b-link', 'duplicate']
      ])
    }
  })

  it('follows a loop of links once and reports where it closes', async () => {
    const desk = tempFolder()
    const drop = build(join(desk, 'Drop'), { '.stash': { loop: { 'x.mp4': 'x' } } })
    symlinkSync('.stash/loop', join(drop, 'entry'))
    symlinkSync('.', join(drop, '.stash', 'loop', 'again'))
    symlinkSync('../../entry', join(drop, '.stash', 'loop', 'back'))

    const result = await scanDropped([drop])

    expect(relativePaths(result)).toEqual(['Drop/entry/x.mp4'])
    expect(skipsUnder(result, drop).map(([where, reason]) => [where, reason])).toEqual([
      ['.stash', 'hidden'],
      ['entry/again', 'symlink-loop'],
      ['entry/back', 'symlink-loop']
    ])
  })

  it('stops a generated tree at a small cap with the message, and scans it all under a larger one', async () => {
    const desk = tempFolder()
    const library = buildLibrary(join(desk, 'Library'), 30, 20)

    const capped = await scanDropped([library], { maxEntries: 100 })
    expect(capped.entriesSeen).toBe(100)
    expect(capped.stoppedEarly).toMatch(/^Stopped after 100 items: /)
    expect(capped.files.length).toBeGreaterThan(0)
    expect(capped.files.length).toBeLessThan(100)

    const whole = await scanDropped([library], { maxEntries: 1_000 })
    expect(whole.entriesSeen).toBe(1 + 30 + 30 * 20)
    expect(whole.stoppedEarly).toBeNull()
    expect(whole.files).toHaveLength(600)
  })

  it('rejects with an AbortError when cancelled mid-scan, with no file-system call left running', async () => {
    const desk = tempFolder()
    const library = buildLibrary(join(desk, 'Library'), 20, 100)
    const calls = [
      vi.spyOn(fsPromises, 'lstat'),
      vi.spyOn(fsPromises, 'stat'),
      vi.spyOn(fsPromises, 'readdir'),
      vi.spyOn(fsPromises, 'access'),
      vi.spyOn(fsPromises, 'realpath')
    ]
    const unfinished = (): number =>
      calls.reduce((sum, spy) => sum + spy.mock.settledResults.filter((settled) => settled.type === 'incomplete').length, 0)

    const controller = new AbortController()
    let progressAfterCancel = 0
    const scan = scanDropped([library], {
      signal: controller.signal,
      onProgress: () => {
        if (controller.signal.aborted) progressAfterCancel += 1
        controller.abort()
      }
    })

    const error: unknown = await scan.then(
      () => null,
      (rejected: unknown) => rejected
    )
    expect(error).toMatchObject({ name: 'AbortError' })
    expect(unfinished()).toBe(0)
    expect(progressAfterCancel).toBe(0)
  })

  it('sums up skipped items as a count per reason with at most five examples each, first by path', async () => {
    const desk = tempFolder()
    const notes: Record<string, string> = {}
    for (let n = 1; n <= 12; n += 1) notes[`note ${String(n).padStart(2, '0')}.txt`] = 'n'
    const empties: Record<string, string> = {}
    for (let n = 1; n <= 3; n += 1) empties[`empty ${n}.mp4`] = ''
    const drop = build(join(desk, 'Drop'), { ...notes, ...empties, '.hidden': 'h', 'kept.mp4': 'k' })

    const result = await scanDropped([drop])
    const groups = groupSkips(result.skipped, 5)

    const summary = groups.map((group) => [group.reason, group.count, group.examples.map((e) => e.path.slice(drop.length + 1))])
    expect(summary).toEqual([
      ['hidden', 1, ['.hidden']],
      ['empty', 3, ['empty 1.mp4', 'empty 2.mp4', 'empty 3.mp4']],
      ['not-media', 12, ['note 01.txt', 'note 02.txt', 'note 03.txt', 'note 04.txt', 'note 05.txt']]
    ])
    expect(groups.find((group) => group.reason === 'empty')?.examples[0]).toEqual({
      path: join(drop, 'empty 1.mp4'),
      reason: 'empty',
      message: 'Empty file (0 bytes): nothing to upload'
    })
  })
})
