// The window's side of the row actions and the checks before Start: rows that left main leave the store, a
// pending cancel re-renders its row, and the scan summary's duplicate words say what Start will do.
import { describe, expect, it } from 'vitest'
import type { FileView } from '../../src/shared/uploads'
import type { ScanDuplicates } from '../../src/shared/ipc-contract'
import { applyFilesUpdate, EMPTY_FILES, removeFromFiles, replaceFiles } from '../../src/renderer/src/store/files'
import { duplicatesTotal, labelDuplicates, startedText } from '../../src/renderer/src/scanSummaryText'

function file(id: number, patch: Partial<FileView> = {}): FileView {
  return {
    id, batchId: 1, name: `clip-${id}.mp4`, relativePath: `clip-${id}.mp4`, size: 1000, state: 'failed', waiting: null, waitingDetail: null,
    error: null, notice: null, entryId: null, duplicateOf: null, confirmedBytes: 0, inFlightBytes: 0, speed: 0, etaSeconds: null, ...patch
  }
}

describe('files that left the list', () => {
  it('are dropped from the store, and the listing is re-read; unknown ids change nothing', () => {
    const state = replaceFiles(EMPTY_FILES, [file(1), file(2), file(3)], EMPTY_FILES.totals)
    const after = { ...state, ...removeFromFiles(state, [2, 99]) }
    expect(after.order).toEqual([1, 3])
    expect(after.byId[2]).toBeUndefined()
    expect(after.listVersion).toBe(state.listVersion + 1)
    expect(removeFromFiles(state, [99])).toEqual({})
  })

  it('re-render a row whose cancel becomes undoable, and again when it is undone', () => {
    const state = replaceFiles(EMPTY_FILES, [file(1, { state: 'uploading' })], EMPTY_FILES.totals)
    const canceling = applyFilesUpdate(state, [file(1, { state: 'paused', cancelingUntil: 5000 })], state.totals)
    expect(canceling.byId[1]!.cancelingUntil).toBe(5000)
    const undone = applyFilesUpdate(canceling, [file(1, { state: 'queued' })], state.totals)
    expect(undone.byId[1]!.cancelingUntil).toBeUndefined()
  })
})

describe('duplicates in the scan summary', () => {
  const none = { count: 0, examples: [] }
  const found: ScanDuplicates = {
    uploaded: { count: 3, examples: [{ relativePath: 'a.mp4', of: 'entry 0_abcdefgh' }] },
    queued: none,
    inBatch: { count: 1, examples: [{ relativePath: 'b copy.mp4', of: 'b.mp4' }] }
  }

  it('labels each kind found, never calling identical files of one selection uploaded, with what the policy does', () => {
    const skip = labelDuplicates(found, 'skip')
    expect(skip.map((g) => [g.label, g.count, g.notShown])).toEqual([
      ['Already uploaded', 3, 2],
      ['Identical files in this selection', 1, 0]
    ])
    expect(skip[1]!.outcome).toBe('The first of each is uploaded; the copies are skipped.')
    expect(labelDuplicates(found, 'upload').map((g) => g.outcome)).toEqual(['Uploaded again, as chosen below.', 'Every copy is uploaded, as chosen below.'])
    expect(duplicatesTotal(found)).toBe(4)
  })

  it('says what a Start queued and what it skipped, by kind', () => {
    expect(startedText({ batchId: 1, queued: 2, duplicates: 1, identicalInBatch: 1, notRetried: [], rejected: [] }, 'skip')).toBe(
      '2 files queued, 1 skipped as already uploaded or queued, 1 identical copy in this batch skipped.'
    )
    expect(startedText({ batchId: 1, queued: 4, duplicates: 0, identicalInBatch: 2, notRetried: [{ reason: 'x', count: 1 }], rejected: [] }, 'upload')).toBe(
      '4 files queued, 2 identical copies in this batch uploaded as well, 1 failed file not tried again.'
    )
  })
})
