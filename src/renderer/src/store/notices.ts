// Messages shown at the top of the window: failures of requests that have no form of their own, and news.
export interface Notice {
  id: number
  tone: 'error' | 'info' | 'success'
  text: string
  /** Extra lines, shown under a disclosure (rejected files, for example). */
  details?: string[]
}

const MAX_NOTICES = 5

/** Adds a notice, dropping an identical one already shown and the oldest beyond a handful. */
export function addNotice(list: readonly Notice[], notice: Notice): Notice[] {
  const rest = list.filter((n) => !(n.text === notice.text && n.tone === notice.tone))
  return [...rest, notice].slice(-MAX_NOTICES)
}

export function removeNotice(list: readonly Notice[], id: number): Notice[] {
  return list.filter((n) => n.id !== id)
}
