// The watcher's stable time, measured on an injected clock that moves only when a poll reports: a file unchanged
// for less than the stable time waits, one unchanged for the whole of it is handed over at the very next poll, and a
// change starts the wait again. No server, no journal: the watcher alone, over a real folder.
import { randomBytes } from 'node:crypto'
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, expect, it } from 'vitest'
import { FolderWatcher, type WatchPoll } from '../../../src/main/intake/watchFolder'
import type { ScannedFile } from '../../../src/main/intake/scanner'

const STEP_MS = 50
const STABLE_MS = 200

let dir: string | null = null
let watcher: FolderWatcher | null = null
afterEach(async () => {
  await watcher?.stop()
  if (dir) rmSync(dir, { recursive: true, force: true })
  dir = null
})

/** Runs a watcher whose clock advances STEP_MS after each poll; the script acts on poll n and says when to end. */
function run(folder: string, script: (poll: WatchPoll) => boolean, handedBefore: (f: ScannedFile) => boolean = () => false): Promise<Array<{ poll: number; files: string[] }>> {
  let clock = 0
  let polls = 0
  const handOvers: Array<{ poll: number; files: string[] }> = []
  return new Promise((resolve, reject) => {
    watcher = new FolderWatcher({
      folder,
      stableMs: STABLE_MS,
      pollMs: 1,
      now: () => clock,
      handedBefore,
      handOver: async (files) => {
        handOvers.push({ poll: polls + 1, files: files.map((f) => f.name).sort() })
      },
      onPoll: (report) => {
        polls = report.poll
        clock += STEP_MS
        if (script(report)) resolve(handOvers)
      },
      onError: reject
    })
    watcher.start()
  })
}

it('hands a file over once it has been unchanged for the stable time, and starts the wait again when it changes', async () => {
  dir = mkdtempSync(join(tmpdir(), 'kbu-watch-'))
  const a = join(dir, 'a.mp4')
  writeFileSync(a, randomBytes(1000))
  writeFileSync(join(dir, 'notes.txt'), 'not media')
  const handOvers = await run(dir, (report) => {
    // Changed at poll 3 (seen at 4): first seen at poll 1 (clock 0), it would have been ready at poll 5 (clock 200).
    if (report.poll === 3) appendFileSync(a, randomBytes(10))
    return report.poll === 12
  })
  // Seen changed at poll 4 (clock 150); unchanged until clock 350: poll 8.
  expect(handOvers).toEqual([{ poll: 8, files: ['a.mp4'] }])
})

it('hands over at once a file an earlier watcher handed over as it is now, and never the same file twice', async () => {
  dir = mkdtempSync(join(tmpdir(), 'kbu-watch-'))
  writeFileSync(join(dir, 'old.mp4'), randomBytes(500))
  writeFileSync(join(dir, 'new.mp4'), randomBytes(500))
  const handOvers = await run(dir, (report) => report.poll === 10, (f) => f.name === 'old.mp4')
  expect(handOvers).toEqual([
    { poll: 1, files: ['old.mp4'] },
    { poll: 5, files: ['new.mp4'] }
  ])
})

it('a folder that is not there is reported at each poll, and watched once it appears', async () => {
  dir = mkdtempSync(join(tmpdir(), 'kbu-watch-'))
  const folder = join(dir, 'later')
  const problems: Array<string | null> = []
  const handOvers = await run(folder, (report) => {
    problems.push(report.problem)
    if (report.poll === 2) {
      mkdirSync(folder)
      writeFileSync(join(folder, 'x.mp4'), randomBytes(100))
    }
    return report.poll === 8
  })
  expect(problems[0]).toMatch(/./)
  expect(problems[1]).toMatch(/./)
  expect(problems.slice(2)).toEqual([null, null, null, null, null, null])
  expect(handOvers).toEqual([{ poll: 7, files: ['x.mp4'] }])
})
