// The queue's filter, search and sort: which ids the list shows, and that a progress tick does not recompute them.
import { describe, expect, it } from 'vitest'
import type { FileState, FileView, Totals } from '../../src/shared/uploads'
import { applyFilesUpdate, EMPTY_FILES, type FilesState } from '../../src/renderer/src/store/files'
import { createVisibleIdsSelector, DEFAULT_VIEW, visibleIds, type QueueView } from '../../src/renderer/src/store/queueView'
import { INITIAL_STATE, selectVisibleIds, useUploaderStore } from '../../src/renderer/src/store/appStore'

function file(id: number, patch: Partial<FileView> = {}): FileView {
  return {
    id, batchId: 1, name: `clip-${id}.mp4`, relativePath: `shoot/clip-${id}.mp4`, size: 1000, state: 'queued',
    waiting: null, waitingDetail: null, error: null, notice: null, entryId: null, duplicateOf: null,
    confirmedBytes: 0, inFlightBytes: 0, speed: 0, etaSeconds: null, ...patch
  }
}

const TOTALS: Totals = { files: 0, byState: {}, bytes: 0, confirmedBytes: 0, inFlightBytes: 0, filesLeft: 0, bytesLeft: 0, speed: null, etaSeconds: null, flow: 'idle' }

function filesOf(list: FileView[]): FilesState {
  return applyFilesUpdate(EMPTY_FILES, list, TOTALS)
}

function view(patch: Partial<QueueView>): QueueView {
  return { ...DEFAULT_VIEW, ...patch }
}

// A small mixed queue: names out of order, sizes varied, one file in each group.
const MIXED = filesOf([
  file(1, { name: 'beach.mp4', relativePath: 'Holiday/beach.mp4', size: 300, state: 'done' }),
  file(2, { name: 'Dinner.mov', relativePath: 'Holiday/Dinner.mov', size: 100, state: 'failed' }),
  file(3, { name: 'sunset.mkv', relativePath: 'Trip/sunset.mkv', size: 200, state: 'uploading' }),
  file(4, { name: 'clip10.mp4', relativePath: 'Trip/clip10.mp4', size: 400, state: 'queued' }),
  file(5, { name: 'clip9.mp4', relativePath: 'Trip/clip9.mp4', size: 50, state: 'paused' }),
  file(6, { name: 'intro.mp4', relativePath: 'Trip/intro.mp4', size: 10, state: 'canceled' }),
  file(7, { name: 'outro.mp4', relativePath: 'Trip/outro.mp4', size: 20, state: 'processing' })
])

describe('which files the queue shows', () => {
  it('shows every file in the order it was added when nothing is chosen', () => {
    expect(visibleIds(MIXED, DEFAULT_VIEW)).toEqual([1, 2, 3, 4, 5, 6, 7])
  })

  it('filters to a chip\'s group: Active holds every running state, Waiting holds queued and paused', () => {
    expect(visibleIds(MIXED, view({ group: 'failed' }))).toEqual([2])
    expect(visibleIds(MIXED, view({ group: 'active' }))).toEqual([3, 7])
    expect(visibleIds(MIXED, view({ group: 'waiting' }))).toEqual([4, 5])
    expect(visibleIds(MIXED, view({ group: 'done' }))).toEqual([1])
    expect(visibleIds(MIXED, view({ group: 'stopped' }))).toEqual([6])
  })

  it('searches names and folders without regard to case', () => {
    expect(visibleIds(MIXED, view({ search: 'dinner' }))).toEqual([2])
    expect(visibleIds(MIXED, view({ search: 'HOLIDAY' }))).toEqual([1, 2])
  })

  it('sorts by status with failures first, then running, waiting and finished files, keeping queue order within', () => {
    expect(visibleIds(MIXED, view({ sort: 'status' }))).toEqual([2, 3, 7, 4, 5, 1, 6])
    expect(visibleIds(MIXED, view({ sort: 'status', descending: true }))).toEqual([6, 1, 4, 5, 3, 7, 2])
  })

  it('sorts names as people read them (clip9 before clip10, case ignored) and sizes by bytes', () => {
    expect(visibleIds(MIXED, view({ sort: 'name' }))).toEqual([1, 5, 4, 2, 6, 7, 3])
    expect(visibleIds(MIXED, view({ sort: 'size' }))).toEqual([6, 7, 5, 2, 3, 1, 4])
    expect(visibleIds(MIXED, view({ sort: 'size', descending: true }))).toEqual([4, 1, 3, 2, 5, 7, 6])
  })

  it('combines a chip, a search and a sort, and clearing them brings the whole queue back', () => {
    const narrowed = view({ group: 'waiting', search: 'trip/', sort: 'name' })
    expect(visibleIds(MIXED, narrowed)).toEqual([5, 4])
    expect(visibleIds(MIXED, { ...narrowed, group: null, search: '' })).toEqual([1, 5, 4, 2, 6, 7, 3])
    expect(visibleIds(MIXED, DEFAULT_VIEW)).toEqual([1, 2, 3, 4, 5, 6, 7])
  })

  it('keeps running files on top when asked, whatever the sort', () => {
    expect(visibleIds(MIXED, view({ activeOnTop: true }))).toEqual([3, 7, 1, 2, 4, 5, 6])
    expect(visibleIds(MIXED, view({ activeOnTop: true, sort: 'size' }))).toEqual([7, 3, 6, 5, 2, 1, 4])
  })
})

describe('the visible list at 10,000 files', () => {
  const STATES: FileState[] = ['done', 'done', 'done', 'queued', 'uploading', 'failed', 'paused', 'done']
  const many = filesOf(Array.from({ length: 10_000 }, (_, i) => file(i + 1, { state: STATES[i % STATES.length]!, size: (i * 7919) % 10_007 })))

  it('finds the failed files among 10,000 and sorts them by size', () => {
    const ids = visibleIds(many, view({ group: 'failed', sort: 'size' }))
    expect(ids).toHaveLength(1250)
    expect(ids.every((id) => many.byId[id]?.state === 'failed')).toBe(true)
    const sizes = ids.map((id) => many.byId[id]!.size)
    expect(sizes).toEqual([...sizes].sort((a, b) => a - b))
  })

  it('does not recompute the list when a progress tick changes one file, and does when a state changes', () => {
    const selector = createVisibleIdsSelector()
    const v = view({ group: 'failed', sort: 'name' })
    let state = { ...many, view: v }
    const first = selector.select(state)
    expect(selector.runs()).toBe(1)

    // Bytes moving on an uploading file: neither the filter nor the sort reads them.
    const ticked = applyFilesUpdate(state, [{ ...many.byId[5]!, confirmedBytes: 500, inFlightBytes: 100, speed: 42 }], TOTALS)
    state = { ...ticked, view: v }
    expect(selector.select(state)).toBe(first)
    expect(selector.runs()).toBe(1)

    // That file failing changes what the Failed chip shows: one pass, and the new failure is listed.
    const failed = applyFilesUpdate(state, [{ ...state.byId[5]!, state: 'failed' }], TOTALS)
    state = { ...failed, view: v }
    const after = selector.select(state)
    expect(selector.runs()).toBe(2)
    expect(after).toHaveLength(1251)
    expect(after).toContain(5)

    // A new view object is a new question even over the same files.
    expect(selector.select({ ...state, view: { ...v, group: null } })).toHaveLength(10_000)
    expect(selector.runs()).toBe(3)
  })
})

describe('the store\'s queue view', () => {
  it('filters the files main sent to the chosen chip, and clearing it shows them all again', () => {
    const store = useUploaderStore
    store.setState(INITIAL_STATE)
    store.getState().replaceAll(Object.values(MIXED.byId), TOTALS)
    store.getState().setView({ group: 'failed' })
    expect(selectVisibleIds(store.getState())).toEqual([2])
    store.getState().setView({ search: 'trip', group: null, sort: 'size' })
    expect(selectVisibleIds(store.getState())).toEqual([6, 7, 5, 3, 4])
    store.getState().setView({ group: null, search: '', sort: 'queue' })
    expect(selectVisibleIds(store.getState())).toEqual([1, 2, 3, 4, 5, 6, 7])
  })
})
