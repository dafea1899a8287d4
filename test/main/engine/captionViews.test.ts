// A row shows its caption files' languages and states (FileView.captions), and a list of thousands of rows reads them
// with one query, again only after a caption changed or a file with captions was added.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { fileView } from '../../../src/main/engine/views'
import type { Journal, NewFile } from '../../../src/main/journal/journal'
import { openJournal } from '../../../src/main/journal/openJournal'

const FILES = 3000
const dirs: string[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

function journalWithFiles(): { journal: Journal; ids: number[] } {
  const dir = mkdtempSync(join(tmpdir(), 'kbu-captionviews-'))
  dirs.push(dir)
  const journal = openJournal(join(dir, 'journal.db')).journal
  const batchId = journal.createBatch({ profileId: 'p', metadata: {}, duplicatePolicy: 'skip' })
  const files: NewFile[] = Array.from({ length: FILES }, (_, i) => ({
    path: `/videos/talk${i}.mp4`,
    name: `talk${i}.mp4`,
    relativePath: `talk${i}.mp4`,
    kind: 'video',
    size: 10,
    mtimeMs: 1,
    ino: null,
    dev: null,
    fingerprint: null,
    referenceId: `ref-${i}`,
    state: 'queued',
    // Every other file has English and German captions beside it.
    ...(i % 2 === 0
      ? {
          captions: [
            { path: `/videos/talk${i}.en.srt`, language: 'English', format: 'SRT' as const, size: 5, mtimeMs: 1 },
            { path: `/videos/talk${i}.de.vtt`, language: 'German', format: 'WEBVTT' as const, size: 5, mtimeMs: 1 }
          ]
        }
      : {})
  }))
  return { journal, ids: journal.addFiles(batchId, files) }
}

/** Builds every row's view as the engine's list does, counting the queries for captions. */
function viewsCountingQueries(journal: Journal): { views: ReturnType<typeof fileView>[]; queries: number } {
  const store = journal.captions
  const read = store.badgesOfListedFiles.bind(store)
  let queries = 0
  store.badgesOfListedFiles = () => {
    queries++
    return read()
  }
  try {
    return { views: journal.visibleFiles().map((row) => fileView(row, undefined, undefined, journal)), queries }
  } finally {
    store.badgesOfListedFiles = read
  }
}

describe('caption languages and states on the rows', () => {
  it('fills every row from one query, reads again only after a change, and leaves rows without captions without any', () => {
    const { journal, ids } = journalWithFiles()
    const first = viewsCountingQueries(journal)
    expect(first.queries).toBe(1)
    expect(first.views[0]!.captions).toEqual([
      { language: 'English', state: 'pending' },
      { language: 'German', state: 'pending' }
    ])
    expect(first.views[1]!.captions).toBeUndefined()
    expect(first.views.filter((v) => v.captions !== undefined)).toHaveLength(FILES / 2)

    expect(viewsCountingQueries(journal).queries).toBe(0)

    const [english] = journal.captions.of(ids[2]!)
    journal.captions.update(english!.id, { state: 'done' })
    const changed = viewsCountingQueries(journal)
    expect(changed.queries).toBe(1)
    expect(changed.views[2]!.captions).toEqual([
      { language: 'English', state: 'done' },
      { language: 'German', state: 'pending' }
    ])
    journal.close()
  })
})
