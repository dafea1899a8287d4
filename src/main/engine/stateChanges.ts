// The one writer of file states: every change is checked against the shared transition table before the journal
// records it, so an impossible transition is a bug that throws (in tests and in use) instead of a wrong row.
import type { FilePatch, FileRow, Journal } from '../journal/journal'
import { assertTransition } from '../../shared/fileStates'
import type { FileState } from '../../shared/uploads'

export interface StateChange {
  id: number
  to: FileState
  patch?: FilePatch
}

/** Moves one file to a new state, with the fields that change with it; returns the row as it was before. */
export function changeState(journal: Journal, id: number, to: FileState, patch: FilePatch = {}): FileRow {
  const row = journal.getFile(id)
  if (!row) throw new Error(`file ${id} is missing from the journal`)
  changeStates(journal, [{ id, to, patch }], [row])
  return row
}

/** Moves several files at once, in one transaction; nothing is written when any one transition is illegal. */
export function changeStates(journal: Journal, changes: readonly StateChange[], rows?: readonly FileRow[]): void {
  const writes = changes.map((c, i) => {
    const row = rows?.[i] ?? journal.getFile(c.id)
    if (!row) throw new Error(`file ${c.id} is missing from the journal`)
    assertTransition(row.state, c.to)
    return [c.id, { ...c.patch, state: c.to }] as const
  })
  journal.writeStates(writes)
}
