// Which files the queue shows and in what order: a state group, a name search and a sort, computed once per change.
import type { FileState, FileView } from '../../../shared/uploads'
import type { FilesState } from './files'

/**
 * Chips filter by group rather than by single state: a file passes through uploading, finalizing and creating
 * entry in seconds, so a filter on one of those would empty under the user; the groups answer the questions
 * users ask ("what runs, what waits, what failed, what is done").
 */
export type StateGroup = 'active' | 'waiting' | 'failed' | 'done' | 'stopped'

export const GROUP_STATES: Readonly<Record<StateGroup, readonly FileState[]>> = {
  active: ['uploading', 'finalizing', 'creating-entry', 'processing'],
  waiting: ['queued', 'paused'],
  failed: ['failed'],
  done: ['done'],
  stopped: ['canceled', 'skipped']
}

export const GROUP_ORDER: readonly StateGroup[] = ['active', 'waiting', 'failed', 'done', 'stopped']

const GROUP_OF: Readonly<Record<FileState, StateGroup>> = Object.fromEntries(
  GROUP_ORDER.flatMap((g) => GROUP_STATES[g].map((s) => [s, g]))
) as Record<FileState, StateGroup>

/** Sorting by status puts what needs the user first: failures, then what runs, what waits, what is finished. */
const STATUS_RANK: Readonly<Record<StateGroup, number>> = { failed: 0, active: 1, waiting: 2, done: 3, stopped: 4 }

export type SortKey = 'queue' | 'status' | 'name' | 'size'

export interface QueueView {
  group: StateGroup | null
  /** Already trimmed; matched case-insensitively against name and relative path. */
  search: string
  sort: SortKey
  descending: boolean
  /** Running files first whatever the sort, so they stay in view while a long batch moves down the list. */
  activeOnTop: boolean
}

export const DEFAULT_VIEW: QueueView = { group: null, search: '', sort: 'queue', descending: false, activeOnTop: false }

export function isFiltered(view: QueueView): boolean {
  return view.group !== null || view.search !== ''
}

const byName = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' })

function compare(sort: SortKey, a: FileView, b: FileView): number {
  switch (sort) {
    case 'status':
      return STATUS_RANK[GROUP_OF[a.state]] - STATUS_RANK[GROUP_OF[b.state]]
    case 'name':
      return byName.compare(a.name, b.name)
    case 'size':
      return a.size - b.size
    case 'queue':
      return 0
  }
}

/** One pass to filter, one sort; ties keep queue order (Array.prototype.sort is stable). */
export function visibleIds(files: FilesState, view: QueueView): number[] {
  const needle = view.search.toLowerCase()
  const states = view.group ? GROUP_STATES[view.group] : null
  const rows: FileView[] = []
  for (const id of files.order) {
    const f = files.byId[id]
    if (!f) continue
    if (states && !states.includes(f.state)) continue
    if (needle && !f.name.toLowerCase().includes(needle) && !f.relativePath.toLowerCase().includes(needle)) continue
    rows.push(f)
  }
  const sign = view.descending ? -1 : 1
  if (view.sort !== 'queue' || view.activeOnTop) {
    rows.sort((a, b) => {
      if (view.activeOnTop) {
        const running = Number(GROUP_OF[b.state] === 'active') - Number(GROUP_OF[a.state] === 'active')
        if (running !== 0) return running
      }
      return sign * compare(view.sort, a, b)
    })
  } else if (view.descending) {
    rows.reverse()
  }
  return rows.map((f) => f.id)
}

interface ViewSource extends FilesState {
  view: QueueView
}

/**
 * A memoised selector. It recomputes only when the order, the view, or `listVersion` (bumped when a file's state,
 * name, path or size changes) moves, so a progress tick costs one comparison instead of a pass over every file.
 */
export function createVisibleIdsSelector(): { select(s: ViewSource): readonly number[]; runs(): number } {
  let last: { order: readonly number[]; version: number; view: QueueView; ids: readonly number[] } | null = null
  let runs = 0
  return {
    select(s) {
      if (last && last.order === s.order && last.version === s.listVersion && last.view === s.view) return last.ids
      runs++
      const ids = visibleIds(s, s.view)
      // Keep the old array when the result is the same, so the list does not re-render for nothing.
      const same = last && last.ids.length === ids.length && last.ids.every((id, i) => ids[i] === id)
      last = { order: s.order, version: s.listVersion, view: s.view, ids: same && last ? last.ids : ids }
      return last.ids
    },
    runs: () => runs
  }
}
