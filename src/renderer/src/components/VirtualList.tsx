// A windowed list with fixed-height rows: a tall spacer keeps the scrollbar honest, and only the rows in view
// (plus a few either side) exist in the DOM, so ten thousand files scroll like ten.
import { useEffect, useImperativeHandle, useRef, useState, type HTMLAttributes, type ReactNode, type Ref } from 'react'

export interface VirtualListHandle {
  /** Scrolls so row `index` is at the top (as far as the list allows). */
  scrollToIndex(index: number): void
  /** Scrolls as little as needed to show row `index` whole. */
  revealIndex(index: number): void
  /** Rows that fit in the view, for Page Up and Page Down. */
  pageSize(): number
}

interface VirtualListProps extends Omit<HTMLAttributes<HTMLDivElement>, 'children' | 'onScroll'> {
  ref?: Ref<VirtualListHandle>
  count: number
  rowHeight: number
  /** Rows rendered beyond each edge of the view, so fast scrolling and Tab do not meet blank space. */
  overscan?: number
  /** A row rendered even when out of view: the one holding the keyboard's place, so Tab can always reach it. */
  keep?: number
  /** Renders row `index` at `top` pixels; the element needs a stable key. */
  renderRow(index: number, top: number): ReactNode
}

export function VirtualList({ ref, count, rowHeight, overscan = 6, keep, renderRow, className, ...rest }: VirtualListProps): React.JSX.Element {
  const viewport = useRef<HTMLDivElement>(null)
  const frame = useRef(0)
  const [scrollTop, setScrollTop] = useState(0)
  const [height, setHeight] = useState(0)

  useImperativeHandle(ref, () => ({
    scrollToIndex(index) {
      if (viewport.current) viewport.current.scrollTop = index * rowHeight
    },
    revealIndex(index) {
      const el = viewport.current
      if (!el) return
      const top = index * rowHeight
      if (top < el.scrollTop) el.scrollTop = top
      else if (top + rowHeight > el.scrollTop + el.clientHeight) el.scrollTop = top + rowHeight - el.clientHeight
      // The rows for the new place render now, not a frame later: the caller focuses one of them next.
      setScrollTop(el.scrollTop)
    },
    pageSize() {
      return Math.max(1, Math.floor((viewport.current?.clientHeight ?? rowHeight) / rowHeight))
    }
  }), [rowHeight])

  useEffect(() => {
    const el = viewport.current
    if (!el) return
    // No clientHeight read here: right after a big mount that forces a full layout inside the commit (about 80 ms
    // when 10,000 rows arrived). The observer's first call comes after the browser's own layout, where it is free;
    // until then the list renders a screenful of rows by the fallback height.
    const observer = new ResizeObserver(() => setHeight(el.clientHeight))
    observer.observe(el)
    return () => {
      observer.disconnect()
      cancelAnimationFrame(frame.current)
    }
  }, [])

  // Scroll events can outpace the screen: read the position at most once per frame.
  const onScroll = (): void => {
    if (frame.current) return
    frame.current = requestAnimationFrame(() => {
      frame.current = 0
      if (viewport.current) setScrollTop(viewport.current.scrollTop)
    })
  }

  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan)
  const last = Math.min(count, Math.ceil((scrollTop + (height || rowHeight * 20)) / rowHeight) + overscan)
  const rows: ReactNode[] = []
  if (keep !== undefined && keep >= 0 && keep < first) rows.push(renderRow(keep, keep * rowHeight))
  for (let i = first; i < last; i++) rows.push(renderRow(i, i * rowHeight))
  if (keep !== undefined && keep >= last && keep < count) rows.push(renderRow(keep, keep * rowHeight))

  return (
    <div ref={viewport} className={className ? `virtual-list ${className}` : 'virtual-list'} onScroll={onScroll} {...rest}>
      <div className="virtual-list-spacer" role="presentation" style={{ height: count * rowHeight }}>
        {rows}
      </div>
    </div>
  )
}
