// Above the queue: the name search, how many rows the filter leaves, the choice to keep running files on top, and
// the bulk cancel, which, like a row's, can be undone for a few seconds.
import { useEffect, useState } from 'react'
import { formatCount } from '../../../shared/format'
import type { FileState, FileView } from '../../../shared/uploads'
import { cancelFiles, undoCancel } from '../actions/fileActions'
import { selectVisibleIds, useUploaderStore } from '../store/appStore'
import { isFiltered } from '../store/queueView'
import { plural } from '../words'
import '../styles/actions.css'

const CANCELABLE: readonly FileState[] = ['queued', 'uploading', 'finalizing', 'creating-entry', 'paused']

function cancelingIds(byId: Readonly<Record<number, FileView>>): number[] {
  return Object.values(byId).filter((f) => f.cancelingUntil != null).map((f) => f.id)
}

/** Cancel all, or, while cancels can still be undone, how many and Undo. */
function BulkCancel(): React.JSX.Element | null {
  const canceling = useUploaderStore((s) => cancelingIds(s.byId).length)
  const cancelable = useUploaderStore((s) => CANCELABLE.reduce((n, state) => n + (s.totals.byState[state] ?? 0), 0))
  // One file's pending cancel shows on its row; several are easier to take back here at once.
  if (canceling > 1) {
    return (
      <span className="queue-canceling" role="status">
        Canceling {plural(canceling, 'file', 'files')}…
        <button type="button" onClick={() => void undoCancel(cancelingIds(useUploaderStore.getState().byId))}>
          Undo
        </button>
      </span>
    )
  }
  if (cancelable <= canceling) return null
  return (
    <button type="button" onClick={() => void cancelFiles()}>
      Cancel all
    </button>
  )
}

/** Long enough to skip the keystrokes of a word being typed, short enough to feel immediate. */
const SEARCH_SETTLES_MS = 150

export function QueueControls(): React.JSX.Element {
  const view = useUploaderStore((s) => s.view)
  const setView = useUploaderStore((s) => s.setView)
  const shown = useUploaderStore((s) => selectVisibleIds(s).length)
  const total = useUploaderStore((s) => s.order.length)
  const [typed, setTyped] = useState(view.search)

  // Clear filter (or Show failed) can empty the search from elsewhere; the field follows.
  useEffect(() => setTyped(view.search), [view.search])

  useEffect(() => {
    const search = typed.trim()
    if (search === useUploaderStore.getState().view.search) return
    const timer = setTimeout(() => setView({ search }), SEARCH_SETTLES_MS)
    return () => clearTimeout(timer)
  }, [typed, setView])

  return (
    <div className="queue-controls">
      <input
        type="search"
        className="queue-search"
        aria-label="Search files by name or folder"
        placeholder="Search files…"
        value={typed}
        onChange={(e) => setTyped(e.target.value)}
      />
      <label className="queue-keep-active">
        <input type="checkbox" checked={view.activeOnTop} onChange={(e) => setView({ activeOnTop: e.target.checked })} />
        Keep running files on top
      </label>
      <BulkCancel />
      {/* The live region stays mounted so the first filter is announced too. */}
      <p className="queue-showing" role="status">
        {isFiltered(view) && (
          <>
            Showing {formatCount(shown)} of {formatCount(total)} ·{' '}
            <button type="button" className="link-button" onClick={() => setView({ group: null, search: '' })}>
              Clear filter
            </button>
          </>
        )}
      </p>
    </div>
  )
}
