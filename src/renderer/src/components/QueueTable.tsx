// The upload queue as a grid whose body is virtualised; it re-renders only when the shown ids or the keyboard's
// place change. One Tab stop; arrows, Home/End and Page Up/Down move inside (the WAI-ARIA grid pattern).
import { useEffect, useLayoutEffect, useRef, useState, type FocusEvent, type KeyboardEvent } from 'react'
import { flushSync } from 'react-dom'
import { selectVisibleIds, useUploaderStore } from '../store/appStore'
import type { SortKey } from '../store/queueView'
import { FileRow } from './FileRow'
import { applyHeaderRoving, applyRoving, gridFocus, stopAt, stopsOf } from './queueGrid'
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
    <button type="button" className="sort-button" onClick={next}>
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
  const grid = useRef<HTMLDivElement>(null)
  const head = useRef<HTMLDivElement>(null)
  const revealed = useRef<number | null>(null)
  const [activeId, setActiveId] = useState<number | 'header' | null>(null)

  // The row holding the Tab stop: the header, or the chosen file while it is shown, else the first row.
  const inHeader = activeId === 'header'
  const found = activeId === null || inHeader ? -1 : ids.indexOf(activeId)
  const activeIndex = found >= 0 ? found : 0
  gridFocus.fileId = inHeader ? null : (ids[activeIndex] ?? null)
  useLayoutEffect(() => {
    if (head.current) applyHeaderRoving(head.current, inHeader)
  })

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

  /** Moves the keyboard's place to row `index` (-1: the header), at a cell and a control inside it, and focuses it. */
  const moveTo = (index: number, cell: number, inner: number): void => {
    if (index < 0 || ids.length === 0) {
      Object.assign(gridFocus, { fileId: null, cell, inner })
      flushSync(() => setActiveId('header'))
      if (!head.current) return
      // Within the same row nothing re-renders: the tab stop moves here.
      applyHeaderRoving(head.current, true)
      stopAt(stopsOf(head.current), cell, inner)?.el.focus()
      return
    }
    const target = Math.min(ids.length - 1, index)
    const id = ids[target]
    if (id === undefined) return
    Object.assign(gridFocus, { fileId: id, cell, inner })
    flushSync(() => {
      setActiveId(id)
      list.current?.revealIndex(target)
    })
    const row = grid.current?.querySelector<HTMLElement>(`[data-file-id="${id}"]`)
    if (!row) return
    applyRoving(row, id, true)
    stopAt(stopsOf(row), cell, inner)?.el.focus()
  }

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>): void => {
    const row = (e.target as HTMLElement).closest<HTMLElement>('[role="row"]')
    if (!row || e.altKey || e.metaKey) return
    const index = row === head.current ? -1 : ids.indexOf(Number(row.dataset['fileId']))
    const stops = stopsOf(row)
    const here = stops.findIndex((s) => s.el === e.target)
    if ((index < 0 && row !== head.current) || here < 0) return
    const { cell, inner } = stops[here]!
    const page = list.current?.pageSize() ?? 10
    const last = stops[stops.length - 1]!
    const flat = (i: number): void => {
      const s = stops[Math.max(0, Math.min(stops.length - 1, i))]!
      moveTo(index, s.cell, s.inner)
    }
    switch (e.key) {
      case 'ArrowDown': moveTo(index + 1, cell, inner); break
      case 'ArrowUp': moveTo(index - 1, cell, inner); break
      case 'PageDown': moveTo(index + page, cell, inner); break
      case 'PageUp': moveTo(Math.max(0, index - page), cell, inner); break
      case 'ArrowRight': flat(here + 1); break
      case 'ArrowLeft': flat(here - 1); break
      case 'Home': if (e.ctrlKey) moveTo(0, 0, 0); else flat(0); break
      case 'End': if (e.ctrlKey) moveTo(ids.length - 1, last.cell, last.inner); else flat(stops.length - 1); break
      case 'Enter':
        // A plain cell (size, status, progress…) opens the row's detail panel, as its name does.
        if (stops[here]!.el.getAttribute('role') !== 'gridcell' || index < 0) return
        useUploaderStore.setState({ detailsFileId: Number(row.dataset['fileId']) })
        break
      default:
        return
    }
    e.preventDefault()
  }

  // A click or a Tab into the grid makes that stop the active one.
  const onFocus = (e: FocusEvent<HTMLDivElement>): void => {
    gridFocus.inside = true
    const row = (e.target as HTMLElement).closest<HTMLElement>('[role="row"]')
    const stop = row ? stopsOf(row).find((s) => s.el === e.target) : undefined
    if (!row || !stop) return
    if (row === head.current) {
      Object.assign(gridFocus, { fileId: null, cell: stop.cell, inner: stop.inner })
      applyHeaderRoving(row, true)
      if (!inHeader) setActiveId('header')
      return
    }
    const id = Number(row.dataset['fileId'])
    Object.assign(gridFocus, { fileId: id, cell: stop.cell, inner: stop.inner })
    applyRoving(row, id, true)
    if (id !== activeId) setActiveId(id)
  }
  const onBlur = (e: FocusEvent<HTMLDivElement>): void => {
    if (e.relatedTarget && e.currentTarget.contains(e.relatedTarget)) return
    // Focus that left on purpose (Tab, a click elsewhere) leaves its control on the page; a control that was taken
    // off the page (Pause replaced by Resume) keeps the grid's claim, so its replacement gets the focus.
    if (e.relatedTarget || e.target.isConnected) gridFocus.inside = false
  }

  return (
    <div ref={grid} className="queue" role="grid" aria-label="Upload queue" aria-rowcount={ids.length + 1} aria-colcount={COLUMNS.length} onKeyDown={onKeyDown} onFocus={onFocus} onBlur={onBlur}>
      <div className="queue-head" role="rowgroup">
        <div ref={head} className="queue-head-row" role="row" aria-rowindex={1}>
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
      <div className="queue-body-frame" role="presentation">
        <VirtualList
          ref={list}
          className="queue-body"
          role="rowgroup"
          aria-label="Files"
          count={ids.length}
          rowHeight={ROW_HEIGHT}
          keep={activeIndex}
          renderRow={(index, top) => {
            const id = ids[index]!
            return <FileRow key={id} id={id} rowIndex={index + 2} top={top} active={!inHeader && index === activeIndex} />
          }}
        />
      </div>
    </div>
  )
}
