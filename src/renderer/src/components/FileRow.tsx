// One file in the queue. It subscribes to its own file by id, so a progress tick re-renders this row alone. Its
// name opens the row's detail panel (full path, full error, entry, Show in folder): nothing is only in a tooltip.
import { memo, useLayoutEffect, useRef } from 'react'
import { formatBytes, formatDuration, formatSpeed } from '../../../shared/format'
import { ACTIVE_STATES, type FileView } from '../../../shared/uploads'
import { openEntry } from '../actions/fileActions'
import { detailLine, rowBar, STATE_LOOK } from '../fileStatus'
import { useUploaderStore } from '../store/appStore'
import { MiddleName } from './MiddleName'
import { ProgressBar } from './ProgressBar'
import { applyRoving } from './queueGrid'
import { RowActions } from './RowActions'

interface FileRowProps {
  id: number
  /** 1-based position among all rows including the header, for assistive technology. */
  rowIndex: number
  top: number
  /** The row holding the grid's one Tab stop. */
  active: boolean
}

const CAPTION_MARK = { pending: '', done: ' ✓', failed: ' ✕' } as const
const CAPTION_WORD = { pending: 'to send', done: 'sent', failed: 'failed' } as const

/** The row's caption files, compactly: "CC English ✓, French" ("CC 2" when narrow); the words are there for screen readers. */
function CaptionLanguages({ captions }: { captions: NonNullable<FileView['captions']> }): React.JSX.Element {
  const failed = captions.some((c) => c.state === 'failed')
  return (
    <span className={failed ? 'captions detail-bad' : 'captions'}>
      <span className="captions-long" aria-hidden="true">
        CC {captions.map((c) => `${c.language}${CAPTION_MARK[c.state]}`).join(', ')}
      </span>
      {/* Narrow windows: the count and the worst state; the languages are in the row's details. */}
      <span className="captions-short" aria-hidden="true">
        CC{captions.length > 1 ? ` ${captions.length}` : ''}
        {failed ? CAPTION_MARK.failed : captions.every((c) => c.state === 'done') ? CAPTION_MARK.done : ''}
      </span>
      <span className="visually-hidden">Captions: {captions.map((c) => `${c.language} ${CAPTION_WORD[c.state]}`).join(', ')}</span>
    </span>
  )
}

export const FileRow = memo(function FileRow({ id, rowIndex, top, active }: FileRowProps): React.JSX.Element | null {
  const file = useUploaderStore((s) => s.byId[id])
  const ref = useRef<HTMLDivElement>(null)
  // After every render: controls come and go with the state (Pause becomes Resume), and only one stop is tabbable.
  useLayoutEffect(() => {
    if (ref.current) applyRoving(ref.current, id, active)
  })
  if (!file) return null
  const look = STATE_LOOK[file.state]
  // A file that waits (for the network, the server) has no pace to speak of, whatever its last bytes averaged.
  const running = ACTIVE_STATES.includes(file.state) && file.waiting === null
  const bar = rowBar(file)
  const detail = detailLine(file)
  return (
    <div
      ref={ref}
      className={`file-row tone-${look.tone}`}
      role="row"
      aria-label={file.name}
      aria-rowindex={rowIndex}
      data-file-id={file.id}
      style={{ transform: `translateY(${top}px)` }}
    >
      <div className="cell cell-name" role="gridcell">
        <button type="button" className="file-name" aria-haspopup="dialog" onClick={() => useUploaderStore.setState({ detailsFileId: file.id })}>
          <MiddleName name={file.name} />
        </button>
        {(detail || file.entryId || file.captions) && (
          <span className="file-detail">
            {detail && <span className={`detail detail-${detail.tone}`}>{detail.text}</span>}
            {file.entryId && (
              <span className="entry">
                <span className="entry-word">Entry </span>
                <span className="entry-id">{file.entryId}</span>{' '}
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
            {file.captions && <CaptionLanguages captions={file.captions} />}
          </span>
        )}
      </div>
      <div className="cell cell-num" role="gridcell">
        {formatBytes(file.size)}
      </div>
      <div className="cell cell-state" role="gridcell">
        <span className={`state state-${look.tone}`}>
          <span className="state-glyph" aria-hidden="true">
            {look.glyph}
          </span>
          {look.label}
        </span>
      </div>
      <div className="cell cell-progress" role="gridcell">
        <ProgressBar label={`Progress ${file.name}`} parts={bar} tone={look.tone} />
        <span className="percent">{bar.percent}%</span>
      </div>
      <div className="cell cell-num cell-speed" role="gridcell">
        {running && file.speed > 0 ? formatSpeed(file.speed) : '—'}
      </div>
      <div className="cell cell-num cell-eta" role="gridcell">
        {running ? formatDuration(file.etaSeconds) : '—'}
      </div>
      <RowActions file={file} />
    </div>
  )
})
