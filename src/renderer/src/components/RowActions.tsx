// The actions cell of one queue row: the buttons its state allows (the rule is in fileStatus.ts).
import { cancelFiles, pauseFiles, resumeFiles, retryFiles } from '../actions/fileActions'
import { ACTION_LABEL, actionsFor, type FileAction } from '../fileStatus'
import type { FileView } from '../../../shared/uploads'

const RUN: Readonly<Record<FileAction, (id: number) => Promise<void>>> = {
  pause: (id) => pauseFiles([id]),
  resume: (id) => resumeFiles([id]),
  cancel: (id) => cancelFiles([id]),
  retry: (id) => retryFiles([id])
}

export function RowActions({ file }: { file: FileView }): React.JSX.Element {
  return (
    <div className="cell cell-actions" role="cell">
      {actionsFor(file.state).map((action) => (
        <button
          key={action}
          type="button"
          className={`row-button row-button-${action}`}
          aria-label={`${ACTION_LABEL[action]} ${file.name}`}
          onClick={() => void RUN[action](file.id)}
        >
          {ACTION_LABEL[action]}
        </button>
      ))}
    </div>
  )
}
