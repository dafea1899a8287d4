// A row's detail panel: the whole name and path, the full error or why it waits, the entry with its link, and
// Show in folder. It reads the file live from the store, and its path from main when it opens.
import { useEffect, useState } from 'react'
import type { FileDetails } from '../../../shared/ipc-contract'
import { formatBytes } from '../../../shared/format'
import { openEntry } from '../actions/fileActions'
import { STATE_LOOK, waitingText } from '../fileStatus'
import { useUploaderStore } from '../store/appStore'
import { ask } from '../uploader'
import { Dialog } from './Dialog'
import { FileFieldsForm } from './FileFieldsForm'

const CAPTION_STATE = { pending: 'to send', done: 'sent', failed: 'failed' } as const

/** What the entry gets, each value marked when it is the file's own rather than the batch's. */
function EntryFieldsList({ details }: { details: FileDetails }): React.JSX.Element {
  const own = details.own ?? {}
  const rows = [
    ['Title', 'title'],
    ['Description', 'description'],
    ['Tags', 'tags'],
    ['Categories', 'categories']
  ] as const
  return (
    <>
      {rows.map(([label, key]) => (
        <div key={key} className="details-pair">
          <dt>{label}</dt>
          <dd className="details-value">
            {details.fields[key] ? (key === 'categories' ? details.fields[key].split(',').join(', ') : details.fields[key]) : <span className="muted">none</span>}
            {own[key] !== undefined && <span className="muted"> · its own</span>}
          </dd>
        </div>
      ))}
      {details.captions.length > 0 && (
        <div className="details-pair">
          <dt>Captions</dt>
          <dd className="details-value">
            <ul className="details-captions">
              {details.captions.map((c) => (
                <li key={c.relativePath} className={c.state === 'failed' ? 'detail-bad' : undefined}>
                  {c.language} ({c.relativePath}): {CAPTION_STATE[c.state]}
                  {c.message ? ` — ${c.message}` : ''}
                </li>
              ))}
            </ul>
          </dd>
        </div>
      )}
    </>
  )
}

function Details({ id }: { id: number }): React.JSX.Element {
  const file = useUploaderStore((s) => s.byId[id])
  const [details, setDetails] = useState<FileDetails | null>(null)
  const [problem, setProblem] = useState<string | null>(null)
  const [editing, setEditing] = useState(false)
  useEffect(() => {
    void ask((u) => u['files:details']({ fileId: id })).then((r) => (r.ok ? setDetails(r.value) : setProblem(r.message)))
  }, [id])
  if (!file) return <p>This file is no longer in the list.</p>
  const showInFolder = async (): Promise<void> => {
    const result = await ask((u) => u['files:showInFolder']({ fileId: id }))
    setProblem(result.ok ? null : result.message)
  }
  const waiting = waitingText(file.waiting)
  if (editing && details) {
    return (
      <FileFieldsForm
        fileId={id}
        name={file.name}
        details={details}
        onSaved={(saved) => {
          setDetails(saved)
          setEditing(false)
        }}
        onCancel={() => setEditing(false)}
      />
    )
  }
  return (
    <>
      <dl className="details-list">
        <dt>Name</dt>
        <dd className="details-value">{file.name}</dd>
        <dt>Path</dt>
        <dd className="details-value">{details?.path ?? file.relativePath}</dd>
        <dt>Size</dt>
        <dd>{formatBytes(file.size)}</dd>
        <dt>Status</dt>
        <dd>
          {STATE_LOOK[file.state].label} · {formatBytes(file.state === 'done' ? file.size : file.confirmedBytes)} confirmed by Kaltura
        </dd>
        {file.error && (
          <>
            <dt>Error</dt>
            <dd className="details-value details-error">
              {file.error.message}
              {file.error.code ? ` (${file.error.code})` : ''}
            </dd>
          </>
        )}
        {waiting && (
          <>
            <dt>Waiting</dt>
            <dd className="details-value">
              {waiting}
              {file.waitingDetail ? `: ${file.waitingDetail}` : ''}
            </dd>
          </>
        )}
        {file.notice && (
          <>
            <dt>Note</dt>
            <dd className="details-value">{file.notice}</dd>
          </>
        )}
        {details && <EntryFieldsList details={details} />}
        {file.entryId && (
          <>
            <dt>Entry</dt>
            <dd className="details-value">
              {file.entryId}
              {details?.entryUrl && <span className="muted"> · {details.entryUrl}</span>}
            </dd>
          </>
        )}
      </dl>
      {problem && (
        <p className="field-error" role="alert">
          {problem}
        </p>
      )}
      <div className="form-actions">
        {details?.editable && (
          <button type="button" onClick={() => setEditing(true)}>
            Edit details
          </button>
        )}
        <button type="button" onClick={() => void showInFolder()}>
          Show in folder
        </button>
        {file.entryId && (
          <button type="button" onClick={() => void openEntry(id)}>
            Open in Kaltura
          </button>
        )}
        <button type="button" className="primary" data-autofocus onClick={() => useUploaderStore.setState({ detailsFileId: null })}>
          Close
        </button>
      </div>
    </>
  )
}

export function FileDetailsDialog(): React.JSX.Element | null {
  const id = useUploaderStore((s) => s.detailsFileId)
  const name = useUploaderStore((s) => (id === null ? null : (s.byId[id]?.name ?? null)))
  if (id === null) return null
  return (
    <Dialog title={name ? `Details of ${name}` : 'File details'} onClose={() => useUploaderStore.setState({ detailsFileId: null })}>
      <Details id={id} />
    </Dialog>
  )
}
