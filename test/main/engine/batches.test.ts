// A batch is told finished exactly once when its last open file ends, whatever order its files end in, and again
// after a retry reopens a file and it ends again — on a real journal file, with states changed the engine's way.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { Batches } from '../../../src/main/engine/batches'
import { changeState } from '../../../src/main/engine/stateChanges'
import { openJournal } from '../../../src/main/journal/openJournal'
import type { Journal, NewFile } from '../../../src/main/journal/journal'
import type { FileState } from '../../../src/shared/uploads'

let dir: string
let journal: Journal
let finished: Array<[number, Partial<Record<FileState, number>>]>
let batches: Batches

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kbu-batches-'))
  journal = openJournal(join(dir, 'journal.db')).journal
  finished = []
  batches = new Batches(journal, (batchId, summary) => finished.push([batchId, summary]))
})

afterEach(() => {
  journal.close()
  rmSync(dir, { recursive: true, force: true })
})

function addBatch(states: readonly FileState[]): { batchId: number; ids: number[] } {
  const batchId = journal.createBatch({ profileId: 'p1', metadata: {}, duplicatePolicy: 'skip' })
  const files = states.map(
    (state, i): NewFile => ({
      path: `/videos/b${batchId}-${i}.mp4`,
      name: `b${batchId}-${i}.mp4`,
      relativePath: `b${batchId}-${i}.mp4`,
      kind: 'video',
      size: 1000 + i,
      mtimeMs: 1_700_000_000_000,
      ino: String(i + 1),
      dev: '1',
      fingerprint: `fp-${batchId}-${i}`,
      referenceId: `kbu-${batchId}-${i}`,
      state
    })
  )
  return { batchId, ids: journal.addFiles(batchId, files) }
}

/** Runs a file to done the engine's way, then tells the batches, as the engine does after each file. */
function finish(batchId: number, id: number): void {
  changeState(journal, id, 'uploading')
  changeState(journal, id, 'creating-entry')
  changeState(journal, id, 'processing')
  changeState(journal, id, 'done', { finishedAt: 1 })
  batches.check(batchId)
}

describe('batches', () => {
  it('reports a batch finished once, when its last file ends, in whatever order its files end', () => {
    const { batchId, ids } = addBatch(['queued', 'queued', 'queued', 'queued'])
    for (const id of [ids[3]!, ids[0]!, ids[2]!]) {
      finish(batchId, id)
      expect(finished).toEqual([])
    }
    changeState(journal, ids[1]!, 'failed', { error: { kind: 'api', message: 'refused' }, finishedAt: 1 })
    batches.check(batchId)
    expect(finished).toEqual([[batchId, { done: 3, failed: 1 }]])
    batches.check(batchId)
    expect(finished).toHaveLength(1)
  })

  it('sees open files behind a tail of skipped duplicates, and the batch ends only when they do', () => {
    const { batchId, ids } = addBatch(['queued', 'queued', 'skipped', 'skipped', 'skipped'])
    batches.check(batchId)
    finish(batchId, ids[1]!)
    expect(finished).toEqual([])
    finish(batchId, ids[0]!)
    expect(finished).toEqual([[batchId, { done: 2, skipped: 3 }]])
  })

  it('a retry reopens a finished batch, and it is reported again when the retried file ends', () => {
    const { batchId, ids } = addBatch(['queued', 'queued'])
    finish(batchId, ids[0]!)
    changeState(journal, ids[1]!, 'failed', { error: { kind: 'api', message: 'refused' }, finishedAt: 1 })
    batches.check(batchId)
    expect(finished).toHaveLength(1)
    changeState(journal, ids[1]!, 'queued', { error: null, finishedAt: null })
    batches.check(batchId)
    expect(finished).toHaveLength(1)
    finish(batchId, ids[1]!)
    expect(finished).toEqual([
      [batchId, { done: 1, failed: 1 }],
      [batchId, { done: 2 }]
    ])
  })

  it('keeps batches apart: one ending does not end another', () => {
    const a = addBatch(['queued'])
    const b = addBatch(['queued', 'queued'])
    finish(b.batchId, b.ids[0]!)
    finish(a.batchId, a.ids[0]!)
    expect(finished).toEqual([[a.batchId, { done: 1 }]])
    finish(b.batchId, b.ids[1]!)
    expect(finished).toEqual([
      [a.batchId, { done: 1 }],
      [b.batchId, { done: 2 }]
    ])
  })

  it('a batch of thousands, ended file by file, is searched for open files a few times, not once per change', () => {
    const { batchId, ids } = addBatch(Array.from({ length: 3000 }, (): FileState => 'queued'))
    const calls = { searches: 0, counts: 0 }
    const search = journal.newestOpenFile.bind(journal)
    const count = journal.batchStateCounts.bind(journal)
    journal.newestOpenFile = (id) => (calls.searches++, search(id))
    journal.batchStateCounts = (id) => (calls.counts++, count(id))
    for (const id of ids) finish(batchId, id)
    expect(finished).toEqual([[batchId, { done: 3000 }]])
    expect(calls).toEqual({ searches: 2, counts: 1 })
  })
})
