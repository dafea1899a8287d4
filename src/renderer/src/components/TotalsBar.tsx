// The whole queue at a glance: overall progress, files per state (as filters), speed and time left, and the bulk actions.
import { useEffect, useRef } from 'react'
import type { FileState } from '../../../shared/uploads'
import { clearFinished, exportReport, pauseFiles, resumeFiles, retryFiles } from '../actions/fileActions'
import { totalsText } from '../totalsText'
import { useUploaderStore } from '../store/appStore'
import { ProgressBar } from './ProgressBar'
import { StateChips } from './StateChips'

function count(byState: Partial<Record<FileState, number>>, ...states: FileState[]): number {
  return states.reduce((n, s) => n + (byState[s] ?? 0), 0)
}

export function TotalsBar(): React.JSX.Element {
  const totals = useUploaderStore((s) => s.totals)
  const startedBatch = useUploaderStore((s) => s.lastStart?.batchId ?? null)
  const pauseAll = useRef<HTMLButtonElement>(null)
  const focusedFor = useRef<number | null>(null)
  // Start upload closed its dialog, and with it the button pressed: the control that takes its place is Pause all.
  const canPause = count(totals.byState, 'queued', 'uploading', 'finalizing') > 0
  useEffect(() => {
    // The new files may reach the totals a moment after the batch started: wait for them before the button is usable.
    if (startedBatch === null || focusedFor.current === startedBatch || !canPause) return
    focusedFor.current = startedBatch
    const free = document.activeElement === document.body || document.activeElement === null || document.activeElement.closest('.drop-zone')
    if (free) pauseAll.current?.focus()
  }, [startedBatch, canPause])
  const { byState } = totals
  const text = totalsText(totals)
  return (
    <section className="totals" aria-label="Totals">
      <div className="totals-progress">
        <ProgressBar label="Overall progress" parts={text.bar} tone="active" />
        <p className="totals-figures">
          <span>
            <strong>{text.bar.percent}%</strong> · {text.bytes}
          </span>
          {text.left && <span>{text.left}</span>}
          <span className={totals.flow === 'waiting' ? 'totals-waiting' : undefined}>{text.pace}</span>
          {text.timeLeft && <span>{text.timeLeft}</span>}
        </p>
      </div>
      <StateChips />
      <div className="totals-actions">
        <button type="button" ref={pauseAll} onClick={() => void pauseFiles()} disabled={count(byState, 'queued', 'uploading', 'finalizing') === 0}>
          Pause all
        </button>
        <button type="button" onClick={() => void resumeFiles()} disabled={count(byState, 'paused') === 0}>
          Resume all
        </button>
        <button type="button" onClick={() => void retryFiles()} disabled={count(byState, 'failed') === 0}>
          Retry failed
        </button>
        <button type="button" onClick={() => void clearFinished()} disabled={count(byState, 'done', 'canceled', 'skipped') === 0}>
          Clear finished
        </button>
        <span className="totals-export">
          <button type="button" onClick={() => void exportReport('csv')}>
            Export CSV
          </button>
          <button type="button" onClick={() => void exportReport('json')}>
            Export JSON
          </button>
        </span>
      </div>
    </section>
  )
}
