// One file in the queue. It subscribes to its own file by id, so a progress tick re-renders this row alone.
import { memo } from 'react'
import { formatBytes, formatDuration, formatSpeed } from '../../../shared/format'
import { ACTIVE_STATES } from '../../../shared/uploads'
import { openEntry } from '../actions/fileActions'
import { detailLine, rowBar, STATE_LOOK } from '../fileStatus'
import { useUploaderStore } from '../store/appStore'
import { ProgressBar } from './ProgressBar'
import { RowActions } from './RowActions'

interface FileRowProps {
  id: number
  /** 1-based position among all rows including the header, for assistive technology. */
  rowIndex: number
  top: number
}

export const FileRow = memo(function FileRow({ id, rowIndex, top }: FileRowProps): React.JSX.Element | null {
  const file = useUploaderStore((s) => s.byId[id])
  if (!file) return null
  const look = STATE_LOOK[file.state]
  const active = ACTIVE_STATES.includes(file.state)
  const bar = rowBar(file)
  const detail = detailLine(file)
  return (
    <div
      className={`file-row tone-${look.tone}`}
      role="row"
      aria-label={file.name}
      aria-rowindex={rowIndex}
      data-file-id={file.id}
      style={{ transform: `translateY(${top}px)` }}
    >
      <div className="cell cell-name" role="cell">
        <span className="file-name" title={file.relativePath}>
          {file.name}
        </span>
        {(detail || file.entryId) && (
          <span className="file-detail">
            {detail && (
              <span className={`detail detail-${detail.tone}`} title={detail.text}>
                {detail.text}
              </span>
            )}
            {file.entryId && (
              <span className="entry">
                Entry <span className="entry-id">{file.entryId}</span>{' '}
                <a
                  href="#"
                  aria-label={`Open ${file.name} in Kaltura`}
                  onClick={(e) => {
                    e.preventDefault()
                    void openEntry(file.id)
                  }}
                >
                  Open
                </a>
              </span>
            )}
          </span>
        )}
      </div>
      <div className="cell cell-num" role="cell">
        {formatBytes(file.size)}
      </div>
      <div className="cell cell-state" role="cell">
        <span className={`state state-${look.tone}`}>
          <span className="state-glyph" aria-hidden="true">
            {look.glyph}
          </span>
          {look.label}
        </span>
      </div>
      <div className="cell cell-progress" role="cell" title={`${formatBytes(file.confirmedBytes)} of ${formatBytes(file.size)} confirmed by Kaltura`}>
        <ProgressBar label={`Progress ${file.name}`} parts={bar} tone={look.tone} />
        <span className="percent">{bar.percent}%</span>
      </div>
      <div className="cell cell-num cell-speed" role="cell">
        {active && file.speed > 0 ? formatSpeed(file.speed) : '—'}
      </div>
      <div className="cell cell-num cell-eta" role="cell">
        {active ? formatDuration(file.etaSeconds) : '—'}
      </div>
      <RowActions file={file} />
    </div>
  )
})
