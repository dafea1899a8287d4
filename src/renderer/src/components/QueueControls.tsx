// Above the queue: the name search, how many rows the filter leaves, and the choice to keep running files on top.
import { useEffect, useState } from 'react'
import { formatCount } from '../../../shared/format'
import { selectVisibleIds, useUploaderStore } from '../store/appStore'
import { isFiltered } from '../store/queueView'

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
