// scan:cancel, reached as the window reaches it: a drop or a pick under way ends with 'canceled' and keeps nothing,
// and the summary the window gets counts skipped items per reason instead of listing every path.
import { mkdtemp, rm } from 'node:fs/promises'
import { promises as fsPromises } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { UploadEngine } from '../../../src/main/engine/engine'
import { createHandlers, type Handlers } from '../../../src/main/ipc/handlers'
import type { Journal } from '../../../src/main/journal/journal'
import { openJournal } from '../../../src/main/journal/openJournal'
import { silentLogger } from '../../../src/main/logging/logger'
import { MemorySecretStore } from '../accounts/memorySecretStore'
import { build, buildLibrary } from '../intake/scanTrees'

let dir: string
let journal: Journal
let engine: UploadEngine
let handlers: Handlers
let library: string
/** The next answer of the native picker, given by the story when it chooses. */
let answerPick: (paths: string[] | null) => void = () => undefined
let pickOpened: () => void = () => undefined

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kbu-scan-cancel-'))
  library = buildLibrary(join(dir, 'Library'), 20, 100)
  journal = openJournal(join(dir, 'journal.db')).journal
  engine = new UploadEngine({ journal, logger: silentLogger, apiFor: async () => Promise.reject(new Error('not used')) })
  handlers = createHandlers({
    journal,
    engine,
    secrets: new MemorySecretStore(),
    logger: silentLogger,
    dialogs: {
      pickPaths: () =>
        new Promise((resolve) => {
          answerPick = resolve
          pickOpened()
        }),
      saveReportPath: async () => null,
      locateFile: async () => null
    },
    openExternal: async () => undefined,
    appInfo: () => ({ name: 'test', version: '0', dataDir: dir, journalNotice: null }),
    onProfileChanged: () => undefined
  })
})
afterEach(() => {
  vi.restoreAllMocks()
})
afterAll(async () => {
  await engine.shutdown()
  journal.close()
  await rm(dir, { recursive: true, force: true })
})

/** Resolves when the scanner lists its first folder: the scan is under way. */
function firstListing(): Promise<void> {
  return new Promise((resolve) => {
    const realReaddir = fsPromises.readdir
    vi.spyOn(fsPromises, 'readdir').mockImplementationOnce((...args: Parameters<typeof realReaddir>) => {
      resolve()
      return realReaddir(...args)
    })
  })
}

describe('scan:cancel', () => {
  it('ends a drop being scanned with canceled, and the next drop scans in full', async () => {
    for (let run = 0; run < 10; run += 1) {
      const listing = firstListing()
      const answer = handlers['scan:dropped']({ paths: [library] })
      await listing
      expect(await handlers['scan:cancel'](undefined)).toEqual({ ok: true, value: undefined })
      expect(await answer).toEqual({ ok: false, code: 'canceled', message: 'The scan was canceled.' })
      vi.restoreAllMocks()
    }

    const again = await handlers['scan:dropped']({ paths: [library] })
    expect(again).toMatchObject({ ok: true, value: { files: 2_000, skipped: [], stoppedEarly: null } })
  })

  it('ends a pick whose dialog is still open, so the folder chosen afterwards is not scanned', async () => {
    const opened = new Promise<void>((resolve) => {
      pickOpened = resolve
    })
    const answer = handlers['scan:pick']({ kind: 'folder' })
    await opened
    await handlers['scan:cancel'](undefined)
    answerPick([library])
    expect(await answer).toEqual({ ok: false, code: 'canceled', message: 'The scan was canceled.' })
  })

  it('does nothing when no scan is under way', async () => {
    expect(await handlers['scan:cancel'](undefined)).toEqual({ ok: true, value: undefined })
  })
})

describe('the scan summary', () => {
  it('counts skipped items per reason and sends at most five examples of each', async () => {
    const notes: Record<string, string> = {}
    for (let n = 1; n <= 12; n += 1) notes[`note ${String(n).padStart(2, '0')}.txt`] = 'n'
    const drop = build(join(dir, 'Notes'), { ...notes, 'kept.mp4': 'k' })

    const scanned = await handlers['scan:dropped']({ paths: [drop] })

    if (!scanned.ok) throw new Error(scanned.message)
    expect(scanned.value.files).toBe(1)
    expect(scanned.value.stoppedEarly).toBeNull()
    expect(scanned.value.skipped).toEqual([
      {
        reason: 'not-media',
        count: 12,
        examples: [1, 2, 3, 4, 5].map((n) => ({
          path: join(drop, `note 0${n}.txt`),
          reason: 'not-media',
          message: 'Not a video, audio or image file'
        }))
      }
    ])
  })
})
