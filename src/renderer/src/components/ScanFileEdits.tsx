// The scan summary's file list with an Edit per file: each file's title, description, tags and categories for its
// entry, over what its metadata sheet line and the batch give it (shown as placeholders, shared/entryFields.ts).
import { useId, useState } from 'react'
import { formatBytes } from '../../../shared/format'
import { resolveEntryFields, type EntryFields } from '../../../shared/entryFields'
import type { ScanSummary } from '../../../shared/ipc-contract'
import type { BatchMetadata } from '../../../shared/uploads'
import { plural } from '../words'
import { CategoryPicker } from './CategoryPicker'
import { Field } from './Field'
import '../styles/scanDetails.css'

type SampleFile = ScanSummary['sample'][number]

export type FileEdits = Readonly<Record<string, EntryFields>>

/** Comma-separated full names as a list, and back. */
export const categoryList = (text: string | undefined): string[] => (text ?? '').split(',').map((name) => name.trim()).filter((name) => name !== '')

function fileName(relativePath: string): string {
  return relativePath.split(/[\\/]/).pop() ?? relativePath
}

/** What the file's own values were before this edit: its sheet line's. */
function fromSheet(file: SampleFile): string | null {
  const named = (['title', 'description', 'tags', 'categories'] as const).filter((k) => file.fields[k] !== undefined)
  return named.length > 0 ? `Sheet: ${named.join(', ')}` : null
}

interface ListProps {
  summary: ScanSummary
  batch: BatchMetadata
  edits: FileEdits
  onEdit(relativePath: string, fields: EntryFields | null): void
  /** A note under the categories when folders are mirrored: a file also goes into its folder's category. */
  mirroring: boolean
}

export function ScanFileEdits({ summary, batch, edits, onEdit, mirroring }: ListProps): React.JSX.Element | null {
  const [open, setOpen] = useState<string | null>(null)
  if (summary.sample.length === 0) return null
  const more = summary.files - summary.sample.length
  const edited = Object.keys(edits).length
  // The form goes below the list, not inside it: the list scrolls within a small box, a form there would be cramped.
  const openFile = summary.sample.find((f) => f.relativePath === open)
  return (
    <details className="scan-section" open>
      <summary>
        Files{edited > 0 ? ` · ${plural(edited, 'edited', 'edited')}` : ''}
      </summary>
      <ul className="scan-preview scan-files" aria-label="Files to upload">
        {summary.sample.map((f) => {
          const isOpen = open === f.relativePath
          const sheet = fromSheet(f)
          return (
            <li key={f.relativePath} className={isOpen ? 'scan-file scan-file-open' : 'scan-file'}>
              <div className="scan-file-line">
                <span className="scan-path">{f.relativePath}</span>
                <span className="scan-file-tags">
                  {f.captions.length > 0 && <span className="badge">Captions: {f.captions.join(', ')}</span>}
                  {sheet && <span className="badge">{sheet}</span>}
                  {edits[f.relativePath] && <span className="badge badge-active">Edited</span>}
                </span>
                <span className="scan-size">{formatBytes(f.size)}</span>
                <button type="button" className="row-button" aria-expanded={isOpen} onClick={() => setOpen(isOpen ? null : f.relativePath)}>
                  {isOpen ? 'Close' : 'Edit'}
                  <span className="visually-hidden"> details of {f.relativePath}</span>
                </button>
              </div>
            </li>
          )
        })}
      </ul>
      {more > 0 && <p className="muted">…and {plural(more, 'more file', 'more files')} (the first {summary.sample.length} can be edited here).</p>}
      {openFile && (
        <FileEditForm key={openFile.relativePath} file={openFile} batch={batch} edit={edits[openFile.relativePath]} mirroring={mirroring} onChange={(fields) => onEdit(openFile.relativePath, fields)} onDone={() => setOpen(null)} />
      )}
    </details>
  )
}

interface FormProps {
  file: SampleFile
  batch: BatchMetadata
  edit: EntryFields | undefined
  mirroring: boolean
  onChange(fields: EntryFields | null): void
  onDone(): void
}

/** A blank field takes the sheet's or the batch's value, shown as its placeholder. */
function FileEditForm({ file, batch, edit, mirroring, onChange, onDone }: FormProps): React.JSX.Element {
  const descriptionId = useId()
  const underlying = resolveEntryFields(batch, fileName(file.relativePath), file.fields)
  const set = (key: keyof EntryFields, value: string): void => {
    const next: EntryFields = { ...edit, [key]: value }
    if (value.trim() === '') delete next[key]
    onChange(Object.keys(next).length > 0 ? next : null)
  }
  return (
    <fieldset className="form-grid scan-file-form">
      <legend>Details of {fileName(file.relativePath)}</legend>
      <Field label="Title" value={edit?.title ?? ''} placeholder={underlying.title} onChange={(e) => set('title', e.target.value)} maxLength={256} />
      <Field label="Tags" value={edit?.tags ?? ''} placeholder={underlying.tags} onChange={(e) => set('tags', e.target.value)} hint="Separated by commas." maxLength={2000} />
      <div className="field field-wide">
        <label htmlFor={descriptionId}>Description</label>
        <textarea id={descriptionId} rows={2} value={edit?.description ?? ''} placeholder={underlying.description} onChange={(e) => set('description', e.target.value)} maxLength={5000} />
      </div>
      <div className="field-wide">
        <CategoryPicker
          label="Categories"
          value={categoryList(edit?.categories)}
          onChange={(names) => set('categories', names.join(','))}
          placeholder={underlying.categories}
          hint={`Left empty: ${underlying.categories ? underlying.categories.split(',').join(', ') : 'none'}${mirroring && file.fields.categories === undefined ? ', plus its folder’s category' : ''}. Chosen here, they replace those.`}
        />
      </div>
      <div className="form-actions-inline">
        <button type="button" onClick={onDone}>
          Done
        </button>
        <button type="button" onClick={() => onChange(null)} disabled={!edit}>
          Use the sheet’s and batch’s details
        </button>
      </div>
    </fieldset>
  )
}
