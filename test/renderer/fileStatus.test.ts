// Each row says its state in words, offers the buttons main accepts, and explains waiting and failures.
import { describe, expect, it } from 'vitest'
import type { SkippedGroup, SkippedItem, SkipReason } from '../../src/shared/ipc-contract'
import type { FileState, FileView } from '../../src/shared/uploads'
import { batchFinishedText, detailLine, percentOf, refusedLines, rowActions, STATE_LOOK, waitingText } from '../../src/renderer/src/fileStatus'
import { kindsText, labelSkipped, skippedTotal } from '../../src/renderer/src/scanSummaryText'

const ALL: FileState[] = ['queued', 'uploading', 'finalizing', 'creating-entry', 'processing', 'done', 'paused', 'failed', 'canceled', 'skipped']

function view(patch: Partial<FileView>): FileView {
  return {
    id: 1, batchId: 1, name: 'a.mp4', relativePath: 'a.mp4', size: 10, state: 'uploading', waiting: null, waitingDetail: null,
    error: null, notice: null, entryId: null, duplicateOf: null, confirmedBytes: 0, inFlightBytes: 0, speed: 0, etaSeconds: null, ...patch
  }
}

describe('row actions by state and failure', () => {
  const offered = (action: string, patch: Partial<FileView> = {}): FileState[] => ALL.filter((s) => rowActions(view({ state: s, ...patch })).includes(action as never))
  it('offers pause while a file has not reached the server-side steps', () => {
    expect(offered('pause')).toEqual(['queued', 'uploading', 'finalizing'])
  })
  it('offers resume only when paused, and not while Kaltura refuses the account', () => {
    expect(offered('resume')).toEqual(['paused'])
    expect(rowActions(view({ state: 'paused', error: { kind: 'auth', message: 'refused' } }))).toEqual(['cancel'])
  })
  it('offers cancel until a file is done, canceled, processing or skipped; a failed file offers Remove instead', () => {
    expect(offered('cancel')).toEqual(['queued', 'uploading', 'finalizing', 'creating-entry', 'paused'])
    expect(offered('remove')).toEqual(['failed'])
    expect(offered('requeue')).toEqual(['canceled'])
  })
  it('offers Retry only where asking again can work', () => {
    const failed = (error: FileView['error']): string[] => rowActions(view({ state: 'failed', error }))
    expect(failed({ kind: 'retries-exhausted', message: 'x' })).toEqual(['retry', 'remove'])
    expect(failed({ kind: 'processing', message: 'ERROR_CONVERTING' })).toEqual(['reupload', 'remove'])
    expect(failed({ kind: 'api', code: 'ENTRY_ID_NOT_FOUND', message: 'gone' })).toEqual(['reupload', 'remove'])
    expect(failed({ kind: 'file-changed', message: 'deleted' })).toEqual(['locate', 'remove'])
    expect(failed({ kind: 'file-unreadable', message: 'EACCES' })).toEqual(['locate', 'remove'])
  })
  it('offers only Undo while a cancel can be taken back', () => {
    expect(ALL.map((s) => rowActions(view({ state: s, cancelingUntil: Date.now() + 5000 })))).toEqual(ALL.map(() => ['undo-cancel']))
  })
  it('explains every file an action left, counted by reason', () => {
    expect(refusedLines('retry', { done: 1, refused: [{ reason: 'The file is missing.', count: 2 }, { reason: 'Kaltura could not process it.', count: 1 }] })).toEqual([
      'Not retried (2 files): The file is missing.',
      'Not retried: Kaltura could not process it.'
    ])
    expect(refusedLines('pause', { done: 3, refused: [] })).toEqual([])
  })
})

describe('state words', () => {
  it('gives every state its own label and glyph, so colour is never the only cue', () => {
    const labels = new Set(ALL.map((s) => STATE_LOOK[s].label))
    const glyphs = new Set(ALL.map((s) => STATE_LOOK[s].glyph))
    expect(labels.size).toBe(ALL.length)
    expect(glyphs.size).toBe(ALL.length)
  })
  it('says why an active file is waiting', () => {
    expect(waitingText('network')).toBe('Waiting for network')
    expect(waitingText('retry')).toBe('Retrying…')
    expect(waitingText('server-busy')).toBe('Waiting for the server')
    expect(waitingText(null)).toBeNull()
  })
  it('shows a failure before anything else, then waiting, then a notice', () => {
    expect(detailLine(view({ state: 'failed', error: { kind: 'api', message: 'Refused' }, notice: 'n' }))).toEqual({ text: 'Refused', tone: 'bad' })
    // The technical reason is the banner's and the detail panel's, never the row's.
    expect(detailLine(view({ waiting: 'retry', waitingDetail: 'HTTP 503' }))).toEqual({ text: 'Retrying…', tone: 'warn' })
    expect(detailLine(view({ waiting: 'network', waitingDetail: 'uploadtoken.upload: network failure (ECONNREFUSED)' }))).toEqual({ text: 'Waiting for network', tone: 'warn' })
    expect(detailLine(view({ notice: 'Started again: the file changed' }))?.tone).toBe('info')
    // A refused account's files point to its banner instead of repeating Kaltura's words on every row.
    expect(detailLine(view({ state: 'paused', error: { kind: 'auth', message: 'Kaltura refused the session' } }))).toEqual({ text: 'Waiting for its account', tone: 'warn' })
    expect(detailLine(view({}))).toBeNull()
  })
  it('rounds progress down and never past 100', () => {
    expect(percentOf(999, 1000)).toBe(99)
    expect(percentOf(2000, 1000)).toBe(100)
    expect(percentOf(0, 0)).toBe(0)
  })
  it('sums up a finished batch in words', () => {
    expect(batchFinishedText({ batchId: 1, summary: { done: 10, failed: 1 } })).toBe('Batch finished: 10 done, 1 failed.')
  })
})

describe('scan summary words', () => {
  it('labels the skipped groups main counted, largest first, and says how many each leaves unshown', () => {
    const example = (path: string, reason: SkipReason): SkippedItem => ({ path, reason, message: 'why' })
    const sent: SkippedGroup[] = [
      { reason: 'hidden', count: 1, examples: [example('/a/.x', 'hidden')] },
      { reason: 'missing', count: 1, examples: [example('/a/d', 'missing')] },
      { reason: 'link-outside', count: 2, examples: [example('/a/me', 'link-outside'), example('/a/root', 'link-outside')] },
      { reason: 'not-media', count: 120_000, examples: [example('/a/b.txt', 'not-media'), example('/a/c.txt', 'not-media')] }
    ]
    expect(labelSkipped(sent).map((g) => [g.label, g.count, g.examples.length, g.notShown])).toEqual([
      ['Not video, audio or images', 120_000, 2, 119_998],
      ['Links to folders outside the drop', 2, 2, 0],
      ['Hidden', 1, 1, 0],
      ['No longer there', 1, 1, 0]
    ])
    expect(skippedTotal(sent)).toBe(120_004)
    expect(skippedTotal([])).toBe(0)
  })
  it('counts media kinds in words', () => {
    expect(kindsText({ video: 1200, audio: 1 })).toBe('1,200 videos, 1 audio file')
  })
})
