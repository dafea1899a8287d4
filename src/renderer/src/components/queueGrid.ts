// The queue as one WAI-ARIA grid: a single Tab stop (roving tabindex) and the arrow keys inside. A "stop" is each
// control in a cell (the name button, the entry link, each action button) or, in a cell without one, the cell
// itself. The active stop is kept by file id and cell, so it follows its file through sorting and filtering.

export interface GridPosition {
  /** The file whose row holds the active stop; null while it is in the header row. */
  fileId: number | null
  /** Which cell, and which control inside it. */
  cell: number
  inner: number
  /** The focus is in the grid, or was when its control left the page (no focus moved elsewhere since). */
  inside: boolean
}

export const gridFocus: GridPosition = { fileId: null, cell: 0, inner: 0, inside: false }

export interface Stop {
  el: HTMLElement
  cell: number
  inner: number
}

/** A row's stops, in reading order. */
export function stopsOf(row: Element): Stop[] {
  const stops: Stop[] = []
  Array.from(row.querySelectorAll<HTMLElement>(':scope > :is([role="gridcell"], [role="columnheader"])')).forEach((cellEl, cell) => {
    // A narrow window hides the speed and time-left cells: the keyboard passes over them as the eye does.
    if (cellEl.getClientRects().length === 0) return
    const controls = Array.from(cellEl.querySelectorAll<HTMLElement>('button, a[href], input'))
    if (controls.length === 0) stops.push({ el: cellEl, cell, inner: 0 })
    else controls.forEach((el, inner) => stops.push({ el, cell, inner }))
  })
  return stops
}

/** The stop at a cell and place inside it, or the nearest one the row has. */
export function stopAt(stops: readonly Stop[], cell: number, inner: number): Stop | undefined {
  const inCell = stops.filter((s) => s.cell === cell)
  if (inCell.length > 0) return inCell[Math.min(inner, inCell.length - 1)]
  return stops.filter((s) => s.cell < cell).at(-1) ?? stops[0]
}

/** The header row: its sort buttons and headers are stops too, reached with the arrows from the first row. */
export function applyHeaderRoving(row: HTMLElement, isActiveRow: boolean): void {
  const stops = stopsOf(row)
  const active = isActiveRow ? stopAt(stops, gridFocus.cell, gridFocus.inner) : undefined
  for (const s of stops) s.el.tabIndex = s === active ? 0 : -1
}

/** Makes only the active stop tabbable (tabindex 0), in the active row; every other stop -1. */
export function applyRoving(row: HTMLElement, fileId: number, isActiveRow: boolean): void {
  // The actions cell (RowActions) calls itself a table cell; in the grid every cell is a grid cell.
  for (const cell of Array.from(row.querySelectorAll(':scope > [role="cell"]'))) cell.setAttribute('role', 'gridcell')
  const stops = stopsOf(row)
  const active = isActiveRow ? stopAt(stops, gridFocus.cell, gridFocus.inner) : undefined
  for (const s of stops) s.el.tabIndex = s === active ? 0 : -1
  // A focused control that just left the page (Pause replaced by Resume) leaves the focus on the body: it goes to
  // the control now in the same place.
  const lost = document.activeElement === document.body || document.activeElement === null
  if (active && gridFocus.inside && gridFocus.fileId === fileId && lost) active.el.focus()
}
