// Where files come in: the hint to drop folders anywhere on the window, and the two pick buttons.
import { cancelScan, pickAndScan } from '../actions/scanActions'
import { useUploaderStore } from '../store/appStore'
import { NOT_CONNECTED } from '../uploader'

export function DropZone({ compact }: { compact: boolean }): React.JSX.Element {
  const connection = useUploaderStore((s) => s.connection)
  const scanning = useUploaderStore((s) => s.scan.stage === 'scanning')
  const dragging = useUploaderStore((s) => s.dragging)
  const usable = connection === 'connected' && !scanning
  const className = ['drop-zone', compact ? 'drop-zone-compact' : '', dragging ? 'drop-zone-active' : ''].filter(Boolean).join(' ')
  return (
    <section className={className} aria-label="Drop zone" aria-busy={scanning}>
      <p className="drop-zone-title">
        <span className="drop-zone-glyph" aria-hidden="true">⇩</span> Drop folders of videos here
      </p>
      <div className="drop-zone-actions">
        <span className="drop-zone-or">or</span>
        <button type="button" onClick={() => void pickAndScan('folder')} disabled={!usable}>
          Add folder…
        </button>
        <button type="button" onClick={() => void pickAndScan('files')} disabled={!usable}>
          Add files…
        </button>
      </div>
      {scanning && (
        <div className="drop-zone-scanning-row">
          <p className="drop-zone-scanning" aria-live="polite">Scanning…</p>
          <button type="button" onClick={() => void cancelScan()}>
            Cancel scan
          </button>
        </div>
      )}
      {connection === 'absent' && (
        <p className="notice" role="status">
          {NOT_CONNECTED}
        </p>
      )}
    </section>
  )
}

/** Shown over the window while files are dragged across it. */
export function DragOverlay(): React.JSX.Element | null {
  const dragging = useUploaderStore((s) => s.dragging)
  if (!dragging) return null
  return (
    <div className="drag-overlay" aria-hidden="true">
      <p>Drop to add these files and folders</p>
    </div>
  )
}
