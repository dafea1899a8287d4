// Pure functions over the normalised file list: files by id plus the order they are shown in.
import type { FileView, Totals } from '../../../shared/uploads'

export interface FilesState {
  byId: Readonly<Record<number, FileView>>
  order: readonly number[]
  totals: Totals
  /** Bumped when a file's state, name, path or size changes: what the queue's filter and sort read, progress aside. */
  listVersion: number
}

const EMPTY_TOTALS: Totals = { files: 0, byState: {}, bytes: 0, confirmedBytes: 0, inFlightBytes: 0, filesLeft: 0, bytesLeft: 0, speed: null, etaSeconds: null, flow: 'idle' }

export const EMPTY_FILES: FilesState = { byId: {}, order: [], totals: EMPTY_TOTALS, listVersion: 0 }

/** Whether two views of a file would render the same; keeping the old object spares its row a re-render. */
function sameFile(a: FileView, b: FileView): boolean {
  return (
    a.id === b.id &&
    a.state === b.state &&
    a.confirmedBytes === b.confirmedBytes &&
    a.inFlightBytes === b.inFlightBytes &&
    a.speed === b.speed &&
    a.etaSeconds === b.etaSeconds &&
    a.waiting === b.waiting &&
    a.waitingDetail === b.waitingDetail &&
    a.notice === b.notice &&
    a.entryId === b.entryId &&
    a.duplicateOf === b.duplicateOf &&
    a.size === b.size &&
    a.name === b.name &&
    a.relativePath === b.relativePath &&
    a.batchId === b.batchId &&
    a.error?.kind === b.error?.kind &&
    a.error?.message === b.error?.message &&
    a.error?.code === b.error?.code &&
    a.cancelingUntil === b.cancelingUntil
  )
}

function sameListing(a: FileView, b: FileView): boolean {
  return a.state === b.state && a.name === b.name && a.relativePath === b.relativePath && a.size === b.size
}

/**
 * Merges a 'files:update' event: changed files replace their old view, unknown ids are appended in the order
 * they arrive, and the order array is kept (same reference) when nothing new came, so the list does not re-render.
 */
export function applyFilesUpdate(state: FilesState, files: readonly FileView[], totals: Totals): FilesState {
  let byId: Record<number, FileView> | null = null
  let added: number[] | null = null
  let relisted = false
  for (const file of files) {
    const old = (byId ?? state.byId)[file.id]
    if (old && sameFile(old, file)) continue
    byId ??= { ...state.byId }
    if (!old) (added ??= []).push(file.id)
    else if (!sameListing(old, file)) relisted = true
    byId[file.id] = file
  }
  return {
    byId: byId ?? state.byId,
    order: added ? [...state.order, ...added] : state.order,
    totals,
    listVersion: relisted ? state.listVersion + 1 : state.listVersion
  }
}

/** Replaces the whole list with a 'files:list' answer, reusing unchanged views so their rows stay put. */
export function replaceFiles(state: FilesState, files: readonly FileView[], totals: Totals): FilesState {
  const byId: Record<number, FileView> = {}
  const order: number[] = []
  for (const file of files) {
    const old = state.byId[file.id]
    if (byId[file.id] === undefined) order.push(file.id)
    byId[file.id] = old && sameFile(old, file) ? old : file
  }
  const sameOrder = order.length === state.order.length && order.every((id, i) => state.order[i] === id)
  // A full list is rare (start-up, clear finished), so it always counts as a change of listing.
  return { byId, order: sameOrder ? state.order : order, totals, listVersion: state.listVersion + 1 }
}

/** Drops files that left the list in main (removed, or replaced by a later copy that finished). */
export function removeFromFiles(state: FilesState, ids: readonly number[]): Partial<FilesState> {
  const gone = new Set(ids.filter((id) => state.byId[id] !== undefined))
  if (gone.size === 0) return {}
  const byId: Record<number, FileView> = { ...state.byId }
  for (const id of gone) delete byId[id]
  return { byId, order: state.order.filter((id) => !gone.has(id)), listVersion: state.listVersion + 1 }
}
