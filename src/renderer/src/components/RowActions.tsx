// The actions cell of one queue row: the buttons the shared action rule allows for its state and failure, and,
// while a cancel can still be undone, "Canceling…" with Undo in their place. When the pressed button goes away
// (Cancel becomes Undo, Pause becomes Resume), focus moves to the button that took its place.
import { useLayoutEffect, useRef } from 'react'
import { cancelFiles, locateFile, pauseFiles, removeFiles, requeueFiles, resumeFiles, retryFiles, reuploadFiles, undoCancel } from '../actions/fileActions'
import { ACTION_LABEL, actionName, rowActions } from '../fileStatus'
import type { FileAction } from '../../../shared/fileStates'
import type { FileView } from '../../../shared/uploads'
import '../styles/actions.css'

const RUN: Readonly<Record<FileAction, (id: number) => Promise<void>>> = {
  pause: (id) => pauseFiles([id]),
  resume: (id) => resumeFiles([id]),
  cancel: (id) => cancelFiles([id]),
  'undo-cancel': (id) => undoCancel([id]),
  retry: (id) => retryFiles([id]),
  reupload: (id) => reuploadFiles([id]),
  locate: (id) => locateFile(id),
  remove: (id) => removeFiles([id]),
  requeue: (id) => requeueFiles([id])
}

export function RowActions({ file }: { file: FileView }): React.JSX.Element {
  const canceling = file.cancelingUntil != null
  const actions = rowActions(file)
  const cell = useRef<HTMLDivElement>(null)
  const pressed = useRef(false)
  const shown = actions.join(' ')
  useLayoutEffect(() => {
    if (!pressed.current) return
    pressed.current = false
    // Only when focus fell to the page with the pressed button; never taken from wherever the user went since.
    if (document.activeElement && document.activeElement !== document.body) return
    cell.current?.querySelector('button')?.focus({ preventScroll: true })
  }, [shown])
  return (
    <div className="cell cell-actions" role="gridcell" ref={cell}>
      {canceling && <span className="row-canceling">Canceling…</span>}
      {actions.map((action) => (
        <button
          key={action}
          type="button"
          className={`row-button row-button-${action}`}
          aria-label={actionName(action, file.name)}
          title={action === 'reupload' ? 'Upload again as a new entry' : undefined}
          onClick={() => {
            pressed.current = true
            void RUN[action](file.id)
          }}
        >
          {ACTION_LABEL[action]}
        </button>
      ))}
    </div>
  )
}
