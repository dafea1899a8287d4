// The batch outside the window: progress on the taskbar button or dock icon, and the percent in the window's
// title ("42% — Kaltura Batch Uploader"), both from main's totals, so they hold while the window is hidden.
import type { BrowserWindow } from 'electron'
import type { FileState, Totals } from '../../shared/uploads'

export const APP_TITLE = 'Kaltura Batch Uploader'

/** States in which a file still has work ahead that runs by itself. */
const WORKING: readonly FileState[] = ['queued', 'uploading', 'finalizing', 'creating-entry', 'processing']

export interface TaskbarState {
  /** 0..1, or -1 for no bar at all. */
  progress: number
  /** Electron's modes: 'normal' while bytes move, 'paused' when only paused files are left, 'error' while the
   * server cannot be reached or an account is refused (the files wait for something outside the app). */
  mode: 'none' | 'normal' | 'paused' | 'error'
  title: string
}

export function taskbarState(t: Totals): TaskbarState {
  const count = (states: readonly FileState[]): number => states.reduce((n, s) => n + (t.byState[s] ?? 0), 0)
  const working = count(WORKING)
  const paused = t.byState.paused ?? 0
  if ((working === 0 && paused === 0) || t.bytes <= 0) return { progress: -1, mode: 'none', title: APP_TITLE }
  const fraction = Math.min(1, Math.max(0, t.confirmedBytes / t.bytes))
  const percent = Math.floor(fraction * 100)
  const stuck = Boolean(t.outage) || (t.heldAccounts?.length ?? 0) > 0
  const mode = stuck ? 'error' : working === 0 ? 'paused' : 'normal'
  return { progress: fraction, mode, title: `${percent}% — ${APP_TITLE}` }
}

/**
 * A listener for the engine's totals that shows them on the open window. Electron is told only what changed (a
 * tenth of a percent, a mode, a title), not four times a second.
 */
export function showTotalsOutside(window: () => BrowserWindow | null): (totals: Totals) => void {
  let shown: { progress: number; mode: string; title: string; window: BrowserWindow } | null = null
  return (totals) => {
    const open = window()
    if (!open) return
    const next = taskbarState(totals)
    const progress = next.progress < 0 ? -1 : Math.round(next.progress * 1000) / 1000
    if (shown && shown.window === open && shown.progress === progress && shown.mode === next.mode && shown.title === next.title) return
    if (next.mode === 'none') open.setProgressBar(-1)
    else open.setProgressBar(progress, { mode: next.mode })
    open.setTitle(next.title)
    shown = { progress, mode: next.mode, title: next.title, window: open }
  }
}
