// The upload queue as a table whose body is virtualised; it re-renders only when the shown ids change.
import { useEffect, useRef } from 'react'
import { selectVisibleIds, useUploaderStore } from '../store/appStore'
import type { SortKey } from '../store/queueView'
import { FileRow } from './FileRow'
import { VirtualList, type VirtualListHandle } from './VirtualList'

/** Must match .file-row's height in queue.css. */
const ROW_HEIGHT = 52

const COLUMNS: ReadonlyArray<{ label: string; cell: string; sort?: SortKey }> = [
  { label: 'Name', cell: 'name', sort: 'name' },
  { label: 'Size', cell: 'num', sort: 'size' },
  { label: 'Status', cell: 'state', sort: 'status' },
  { label: 'Progress', cell: 'progress' },
  { label: 'Speed', cell: 'num cell-speed' },
  { label: 'Time left', cell: 'num cell-eta' },
  { label: 'Actions', cell: 'actions' }
]

type Direction = 'ascending' | 'descending' | 'none'

function SortHeader({ label, sort, current }: { label: string; sort: SortKey; current: Direction }): React.JSX.Element {
  const setView = useUploaderStore((s) => s.setView)
  // Ascending, then descending, then back to queue order, so the order files were added in is one click away.
  const next = (): void => {
    if (current === 'none') setView({ sort, descending: false })
    else if (current === 'ascending') setView({ sort, descending: true })
    else setView({ sort: 'queue', descending: false })
  }
  return (
    <button type="button" className="sort-button" onClick={next} title={`Sort by ${label.toLowerCase()}`}>
      {label}
      <span className="sort-glyph" aria-hidden="true">
        {current === 'ascending' ? ' ▲' : current === 'descending' ? ' ▼' : ''}
      </span>
    </button>
  )
}

export function QueueTable(): React.JSX.Element {
  const ids = useUploaderStore(selectVisibleIds)
  const sortKey = useUploaderStore((s) => s.view.sort)
  const descending = useUploaderStore((s) => s.view.descending)
  const activeOnTop = useUploaderStore((s) => s.view.activeOnTop)
  const startedBatch = useUploaderStore((s) => s.lastStart?.batchId ?? null)
  const list = useRef<VirtualListHandle>(null)
  const revealed = useRef<number | null>(null)

  // After Start upload, bring the new batch's first file into view once its rows have arrived.
  useEffect(() => {
    if (startedBatch === null || revealed.current === startedBatch) return
    const { byId } = useUploaderStore.getState()
    const index = ids.findIndex((id) => byId[id]?.batchId === startedBatch)
    if (index < 0) return
    revealed.current = startedBatch
    list.current?.scrollToIndex(index)
  }, [ids, startedBatch])

  // Running files sit at the top only to be seen: turning the option on brings the top into view.
  useEffect(() => {
    if (activeOnTop) list.current?.scrollToIndex(0)
  }, [activeOnTop])

  return (
    <div className="queue" role="table" aria-label="Upload queue" aria-rowcount={ids.length + 1}>
      <div className="queue-head" role="rowgroup">
        <div className="queue-head-row" role="row" aria-rowindex={1}>
          {COLUMNS.map((c) => {
            const direction: Direction = sortKey === c.sort ? (descending ? 'descending' : 'ascending') : 'none'
            return (
              <div key={c.label} className={`cell cell-${c.cell}`} role="columnheader" aria-sort={c.sort ? direction : undefined}>
                {c.sort ? <SortHeader label={c.label} sort={c.sort} current={direction} /> : c.label}
              </div>
            )
          })}
        </div>
      </div>
      <VirtualList
        ref={list}
        className="queue-body"
        role="rowgroup"
        tabIndex={0}
        aria-label="Files"
        count={ids.length}
        rowHeight={ROW_HEIGHT}
        renderRow={(index, top) => {
          const id = ids[index]!
          return <FileRow key={id} id={id} rowIndex={index + 2} top={top} />
        }}
      />
    </div>
  )
}
