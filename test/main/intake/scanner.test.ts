// The scanner, told as drops of real folders made on disk: what gets queued, what is left out, and why.
import { spawnSync } from 'node:child_process'
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import { KALTURA_MEDIA_TYPE, mediaKindOf } from '../../../src/main/intake/mediaKinds'
import { scanDropped, type ScanResult, type SkipReason } from '../../../src/main/intake/scanner'
import { bundleForNobody, NOBODY } from '../unprivileged'

/** A folder tree: a string is a file with that content, an object is a folder. */
interface Tree {
  [name: string]: string | Tree
}

const made: string[] = []
afterEach(() => {
  for (const dir of made.splice(0)) {
    // Give back any permission a story took away, so the tree can be removed when not running as root.
    spawnSync('chmod', ['-R', 'u+rwx', dir])
    rmSync(dir, { recursive: true, force: true })
  }
})

function tempFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kbu-scan-'))
  made.push(dir)
  return dir
}

function build(at: string, tree: Tree): string {
  mkdirSync(at, { recursive: true })
  for (const [name, content] of Object.entries(tree)) {
    if (typeof content === 'string') writeFileSync(join(at, name), content)
    else build(join(at, name), content)
  }
  return at
}

function relativePaths(result: ScanResult): string[] {
  return result.files.map((file) => file.relativePath)
}

function reasonsByPath(result: ScanResult, under: string): Record<string, SkipReason> {
  const reasons: Record<string, SkipReason> = {}
  for (const entry of result.skipped) reasons[entry.path.slice(under.length + 1)] = entry.reason
  return reasons
}

describe('mediaKindOf', () => {
  it('reads the kind from the extension, whatever its case', () => {
    expect(mediaKindOf('Wedding.MP4')).toBe('video')
    expect(mediaKindOf('tape.m2ts')).toBe('video')
    expect(mediaKindOf('interview.FLAC')).toBe('audio')
    expect(mediaKindOf('cover.HeIc')).toBe('image')
    expect(mediaKindOf('notes.txt')).toBeNull()
    expect(mediaKindOf('README')).toBeNull()
    expect(mediaKindOf('.mp4')).toBeNull()
    expect(mediaKindOf('trailing.')).toBeNull()
  })

  it('knows the mediaType number Kaltura creates each kind with', () => {
    expect(KALTURA_MEDIA_TYPE).toEqual({ video: 1, image: 2, audio: 5 })
  })
})

describe('scanDropped', () => {
  it('finds the videos in a dropped folder tree and explains every item it left out', async () => {
    const desk = tempFolder()
    const holiday = build(join(desk, 'Holiday'), {
      day1: { 'a.mp4': 'AAAA', 'notes.txt': 'not a video', 'song.mp3': 'la', 'photo.JPG': 'jpg' },
      day2: { 'clip.MOV': 'movie' },
      '.hidden.mp4': 'secret',
      '.cache': { 'x.mp4': 'x', 'y.mp4': 'y', deeper: { 'z.mp4': 'z' } },
      '.DS_Store': 'finder',
      'Thumbs.db': 'explorer',
      'desktop.ini': '[.ShellClassInfo]',
      'Icon\r': '',
      '._a.mp4': 'apple double',
      __MACOSX: { '._clip.MOV': 'apple double' },
      '$RECYCLE.BIN': { 'deleted.mp4': 'old' },
      'empty.mp4': ''
    })

    const result = await scanDropped([holiday])

    expect(relativePaths(result)).toEqual(['Holiday/day1/a.mp4', 'Holiday/day2/clip.MOV'])
    const [first] = result.files
    const onDisk = statSync(join(holiday, 'day1', 'a.mp4'))
    expect(first).toEqual({
      path: join(holiday, 'day1', 'a.mp4'),
      name: 'a.mp4',
      root: holiday,
      relativePath: 'Holiday/day1/a.mp4',
      size: 4,
      mtimeMs: onDisk.mtimeMs,
      ino: onDisk.ino,
      dev: onDisk.dev,
      kind: 'video'
    })
    expect(result.totalBytes).toBe(4 + 5)

    expect(reasonsByPath(result, holiday)).toEqual({
      '.cache': 'hidden',
      '.hidden.mp4': 'hidden',
      '.DS_Store': 'system',
      '._a.mp4': 'system',
      '$RECYCLE.BIN': 'system',
      __MACOSX: 'system',
      'desktop.ini': 'system',
      'Icon\r': 'system',
      'Thumbs.db': 'system',
      'day1/notes.txt': 'not-media',
      'day1/photo.JPG': 'kind-not-selected',
      'day1/song.mp3': 'kind-not-selected',
      'empty.mp4': 'empty'
    })
    const message = (relative: string): string | undefined =>
      result.skipped.find((entry) => entry.path === join(holiday, relative))?.message
    expect(message('empty.mp4')).toBe('Empty file (0 bytes): nothing to upload')
    expect(message('.cache')).toBe('Hidden folder: its contents were not scanned')
    expect(message('day1/song.mp3')).toBe('Audio files were not selected for this upload')
  })

  it('keeps audio and images, and leaves video out, when only those kinds are selected', async () => {
    const desk = tempFolder()
    const podcast = build(join(desk, 'Podcast'), { 'ep.MP3': 'mp3', 'cover.png': 'png', 'teaser.mp4': 'mp4' })

    const result = await scanDropped([podcast], { kinds: { video: false, audio: true, image: true } })

    expect(result.files.map((file) => [file.name, file.kind])).toEqual([
      ['cover.png', 'image'],
      ['ep.MP3', 'audio']
    ])
    expect(result.skipped).toEqual([
      {
        path: join(podcast, 'teaser.mp4'),
        reason: 'kind-not-selected',
        message: 'Video files were not selected for this upload'
      }
    ])
  })

  it('lists files in natural order, folder by folder, so ep2 comes before ep10', async () => {
    const desk = tempFolder()
    const show = build(join(desk, 'Show'), {
      'season 10': { 'ep1.mp4': '1' },
      'season 2': { 'ep10.mp4': '1', 'ep2.mp4': '1', 'Ep3.mp4': '1' },
      'season 2 extras': { 'bloopers.mp4': '1' },
      'trailer.mp4': '1'
    })

    const result = await scanDropped([show])

    expect(relativePaths(result)).toEqual([
      'Show/season 2/ep2.mp4',
      'Show/season 2/Ep3.mp4',
      'Show/season 2/ep10.mp4',
      'Show/season 2 extras/bloopers.mp4',
      'Show/season 10/ep1.mp4',
      'Show/trailer.mp4'
    ])
  })

  it('reports a link back to a parent folder once and still finishes the scan', async () => {
    const desk = tempFolder()
    const tree = build(join(desk, 'Tree'), { dir: { 'inside.mp4': 'in' }, 'top.mp4': 'top' })
    symlinkSync('..', join(tree, 'dir', 'link'))
    symlinkSync('itself.mp4', join(tree, 'itself.mp4'))

    const result = await scanDropped([tree])

    expect(relativePaths(result)).toEqual(['Tree/dir/inside.mp4', 'Tree/top.mp4'])
    expect(reasonsByPath(result, tree)).toEqual({ 'dir/link': 'symlink-loop', 'itself.mp4': 'symlink-loop' })
  })

  it('reports a link whose target is gone', async () => {
    const desk = tempFolder()
    const tree = build(join(desk, 'Tree'), { 'kept.mp4': 'k' })
    symlinkSync(join(desk, 'deleted.mp4'), join(tree, 'gone.mp4'))

    const result = await scanDropped([tree])

    expect(relativePaths(result)).toEqual(['Tree/kept.mp4'])
    expect(result.skipped).toEqual([
      {
        path: join(tree, 'gone.mp4'),
        reason: 'broken-link',
        message: 'Link points to something that no longer exists'
      }
    ])
  })

  it('follows a link to a file elsewhere, naming it as the link does, but not a link to a folder elsewhere', async () => {
    const desk = tempFolder()
    const outside = build(join(desk, 'Archive'), { 'real.mp4': 'archived', reel: { 'r1.mp4': 'reel one' } })
    const tree = build(join(desk, 'Tree'), { 'own.mp4': 'own' })
    symlinkSync(join(outside, 'real.mp4'), join(tree, 'alias.mp4'))
    symlinkSync(join(outside, 'reel'), join(tree, 'reel-link'))
    // A second name for a file already in the tree: listed once, under its own path.
    symlinkSync(join(tree, 'own.mp4'), join(tree, 'another-name.mp4'))

    const result = await scanDropped([tree])

    expect(relativePaths(result)).toEqual(['Tree/alias.mp4', 'Tree/own.mp4'])
    const alias = result.files[0]
    expect(alias?.path).toBe(join(tree, 'alias.mp4'))
    expect(alias?.size).toBe('archived'.length)
    expect(alias?.ino).toBe(statSync(join(outside, 'real.mp4')).ino)
    expect(result.skipped).toEqual([
      {
        path: join(tree, 'another-name.mp4'),
        reason: 'duplicate',
        message: `Same file as ${join(tree, 'own.mp4')}, which is already in the list`
      },
      {
        path: join(tree, 'reel-link'),
        reason: 'link-outside',
        message: 'Link to a folder outside the dropped folders: not followed (drop that folder itself to include it)'
      }
    ])
  })

  it('counts a file once when overlapping drops reach it several times, naming each extra drop once', async () => {
    const desk = tempFolder()
    const holiday = build(join(desk, 'Holiday'), { day1: { 'a.mp4': 'aaa', 'b.mp4': 'bb' }, 'c.mp4': 'c' })

    const result = await scanDropped([holiday, join(holiday, 'day1'), join(holiday, 'day1', 'a.mp4'), holiday])

    expect(relativePaths(result)).toEqual(['Holiday/c.mp4', 'Holiday/day1/a.mp4', 'Holiday/day1/b.mp4'])
    expect(result.files.every((file) => file.root === holiday)).toBe(true)
    expect(result.totalBytes).toBe(3 + 2 + 1)
    // The folders dropped again are not walked twice; the file dropped again is found twice and folded.
    expect(result.skipped.map((entry) => [entry.path, entry.reason, entry.message])).toEqual([
      [holiday, 'duplicate', 'Included by more than one dropped item: listed once'],
      [join(holiday, 'day1'), 'duplicate', 'Included by more than one dropped item: listed once'],
      [join(holiday, 'day1', 'a.mp4'), 'duplicate', 'Included by more than one dropped item: listed once']
    ])
  })

  it('takes a file dropped on its own as it is, still filtered', async () => {
    const desk = tempFolder()
    build(desk, { 'single.mkv': 'mkv', 'readme.txt': 'txt', 'hollow.mp4': '' })

    const result = await scanDropped(['single.mkv', 'readme.txt', 'hollow.mp4'].map((name) => join(desk, name)))

    expect(result.files.map((file) => [file.relativePath, file.root])).toEqual([
      ['single.mkv', join(desk, 'single.mkv')]
    ])
    expect(reasonsByPath(result, desk)).toEqual({ 'hollow.mp4': 'empty', 'readme.txt': 'not-media' })
  })

  it('keeps unicode names and very long names exactly as the file system spells them', async () => {
    const desk = tempFolder()
    const unicodeName = 'видео 🎬 café.mp4'
    const longName = `${'long-name-'.repeat(23)}${'x'.repeat(6)}.mp4`
    expect(Buffer.byteLength(longName)).toBe(240)
    const folder = build(join(desk, 'Фильмы'), { [unicodeName]: 'u', [longName]: 'l' })

    const result = await scanDropped([folder])

    expect(result.files.map((file) => file.name).sort()).toEqual([longName, unicodeName].sort())
    for (const file of result.files) {
      expect(existsSync(file.path)).toBe(true)
      expect(file.relativePath).toBe(`Фильмы/${file.name}`)
    }
  })

  it('reports a dropped path that no longer exists and scans the rest', async () => {
    const desk = tempFolder()
    build(desk, { 'here.mp4': 'here' })

    const result = await scanDropped([join(desk, 'vanished'), join(desk, 'here.mp4'), ''])

    expect(relativePaths(result)).toEqual(['here.mp4'])
    expect(result.skipped).toEqual([
      { path: '', reason: 'missing', message: 'Dropped item no longer exists' },
      { path: join(desk, 'vanished'), reason: 'missing', message: 'Dropped item no longer exists' }
    ])
  })

  it('leaves out a named pipe, even one named like a video', async (context) => {
    const desk = tempFolder()
    const tree = build(join(desk, 'Tree'), { 'real.mp4': 'r' })
    const mkfifo = spawnSync('mkfifo', [join(tree, 'pipe.mp4')])
    if (mkfifo.error !== undefined || mkfifo.status !== 0) {
      context.skip('mkfifo is not available on this machine, so no named pipe can be made')
    }

    const result = await scanDropped([tree])

    expect(relativePaths(result)).toEqual(['Tree/real.mp4'])
    expect(result.skipped).toEqual([
      { path: join(tree, 'pipe.mp4'), reason: 'not-regular', message: 'Not a regular file (named pipe): nothing to upload' }
    ])
  })

  it('reports what it cannot read and still finds everything else', async () => {
    const desk = tempFolder()
    const tree = build(join(desk, 'Shared'), {
      open: { 'fine.mp4': 'fine', 'sealed.mp4': 'sealed' },
      locked: { 'hidden-from-me.mp4': 'x' }
    })
    chmodSync(join(tree, 'locked'), 0o000)
    chmodSync(join(tree, 'open', 'sealed.mp4'), 0o000)

    const result = await scanAsUnprivilegedUser(desk, [tree])

    expect(relativePaths(result)).toEqual(['Shared/open/fine.mp4'])
    expect(result.skipped).toEqual([
      { path: join(tree, 'locked'), reason: 'unreadable', message: 'Folder could not be read: permission denied' },
      {
        path: join(tree, 'open', 'sealed.mp4'),
        reason: 'unreadable',
        message: 'File could not be read: permission denied'
      }
    ])
  })

  it('stops with an AbortError when cancelled, before or during the walk', async () => {
    const desk = tempFolder()
    const big = join(desk, 'Big')
    for (let folder = 0; folder < 20; folder += 1) {
      const files: Tree = {}
      for (let file = 0; file < 100; file += 1) files[`f${file}.mp4`] = 'v'
      build(join(big, `d${folder}`), files)
    }

    const already = new AbortController()
    already.abort()
    await expect(scanDropped([big], { signal: already.signal })).rejects.toMatchObject({ name: 'AbortError' })

    const midway = new AbortController()
    const progress: number[] = []
    const scan = scanDropped([big], {
      signal: midway.signal,
      onProgress: (filesSeen) => {
        progress.push(filesSeen)
        midway.abort()
      }
    })
    await expect(scan).rejects.toMatchObject({ name: 'AbortError' })
    expect(progress).toEqual([250])
  })

  it('scans 10,000 files in 100 folders exactly, reporting progress up to the last one', async () => {
    const desk = tempFolder()
    const library = join(desk, 'Library')
    for (let folder = 0; folder < 100; folder += 1) {
      const files: Tree = {}
      for (let file = 0; file < 100; file += 1) files[`clip ${file}.mp4`] = 'v'
      build(join(library, `reel ${folder}`), files)
    }
    const progress: number[] = []

    const startedAt = performance.now()
    const result = await scanDropped([library], { onProgress: (filesSeen) => progress.push(filesSeen) })
    const elapsedMs = performance.now() - startedAt
    console.log(`scanDropped: 10,000 files in 100 folders took ${elapsedMs.toFixed(0)} ms`)

    expect(result.files).toHaveLength(10_000)
    expect(result.totalBytes).toBe(10_000)
    expect(result.skipped).toEqual([])
    expect(new Set(result.files.map((file) => file.path)).size).toBe(10_000)
    expect(result.files[0]?.relativePath).toBe('Library/reel 0/clip 0.mp4')
    expect(result.files[1]?.relativePath).toBe('Library/reel 0/clip 1.mp4')
    expect(result.files.at(-1)?.relativePath).toBe('Library/reel 99/clip 99.mp4')
    expect(progress).toEqual(Array.from({ length: 40 }, (_, step) => (step + 1) * 250))
  })
})

/**
 * Root reads through chmod 000, so when the tests run as root the scan runs in a child process as nobody, from a
 * bundle nobody can read; otherwise it runs here.
 */
async function scanAsUnprivilegedUser(desk: string, paths: string[]): Promise<ScanResult> {
  if (process.getuid?.() !== 0) return scanDropped(paths)

  // nobody must be able to reach the tree (mkdtemp makes it private).
  chmodSync(desk, 0o755)
  const entry = join(desk, 'scan-as-nobody.ts')
  writeFileSync(
    entry,
    [
      `import { scanDropped } from ${JSON.stringify(fileURLToPath(new URL('../../../src/main/intake/scanner.ts', import.meta.url)))}`,
      'void scanDropped(JSON.parse(process.argv[2] ?? "[]")).then((result) => process.stdout.write(JSON.stringify(result)))'
    ].join('\n')
  )
  const { script } = await bundleForNobody(entry, join(desk, 'as-nobody'))
  const child = spawnSync(process.execPath, [script, JSON.stringify(paths)], {
    ...NOBODY,
    cwd: dirname(script),
    env: { PATH: process.env.PATH ?? '' },
    encoding: 'utf8'
  })
  if (child.status !== 0) throw new Error(`scan as nobody failed: ${child.stderr}`)
  return JSON.parse(child.stdout) as ScanResult
}
