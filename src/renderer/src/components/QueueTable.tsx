// The upload queue as a table whose body is virtualised; it re-renders only when files are added or removed.
import { useEffect, useRef } from 'react'
import { useUploaderStore } from '../store/appStore'
import { FileRow } from './FileRow'
import { VirtualList, type VirtualListHandle } from './VirtualList'

/** Must match .file-row's height in queue.css. */
const ROW_HEIGHT = 52

const COLUMNS: ReadonlyArray<{ label: string; cell: string }> = [
  { label: 'Name', cell: 'name' },
  { label: 'Size', cell: 'num' },
  { label: 'Status', cell: 'state' },
  { label: 'Progress', cell: 'progress' },
  { label: 'Speed', cell: 'num cell-speed' },
  { label: 'Time left', cell: 'num cell-eta' },
  { label: 'Actions', cell: 'actions' }
]

export function QueueTable(): React.JSX.Element {
  const order = useUploaderStore((s) => s.order)
  const startedBatch = useUploaderStore((s) => s.lastStart?.batchId ?? null)
  const list = useRef<VirtualListHandle>(null)
  const revealed = useRef<number | null>(null)

  // After Start upload, bring the new batch's first file into view once its rows have arrived.
  useEffect(() => {
    if (startedBatch === null || revealed.current === startedBatch) return
    const { byId } = useUploaderStore.getState()
    const index = order.findIndex((id) => byId[id]?.batchId === startedBatch)
    if (index < 0) return
    revealed.current = startedBatch
    list.current?.scrollToIndex(index)
  }, [order, startedBatch])

  return (
    <div className="queue" role="table" aria-label="Upload queue" aria-rowcount={order.length + 1}>
      <div className="queue-head" role="rowgroup">
        <div className="queue-head-row" role="row" aria-rowindex={1}>
          {COLUMNS.map((c) => (
            <div key={c.label} className={`cell cell-${c.cell}`} role="columnheader">
              {c.label}
            </div>
          ))}
        </div>
      </div>
      <VirtualList
        ref={list}
        className="queue-body"
        role="rowgroup"
        tabIndex={0}
        aria-label="Files"
        count={order.length}
        rowHeight={ROW_HEIGHT}
        renderRow={(index, top) => {
          const id = order[index]!
          return <FileRow key={id} id={id} rowIndex={index + 2} top={top} />
        }}
      />
    </div>
  )
}
