// Shows what a drop or pick found before anything is queued, collects the batch's metadata, per-file edits, mirrored
// folders and duplicate policy, and starts the upload with the active account.
import { useId, useState, type FormEvent } from 'react'
import type { EntryFields } from '../../../shared/entryFields'
import { formatBytes } from '../../../shared/format'
import type { ScanSummary, StartBatchRequest } from '../../../shared/ipc-contract'
import type { BatchMetadata, DuplicatePolicy } from '../../../shared/uploads'
import { selectProfile } from '../actions/accountActions'
import { discardScan, startBatch } from '../actions/scanActions'
import { duplicatesTotal, kindsText, withDuplicateCheck } from '../scanSummaryText'
import { plural } from '../words'
import { useUploaderStore } from '../store/appStore'
import { CategoryPicker } from './CategoryPicker'
import { Dialog } from './Dialog'
import { Field, FormFailure } from './Field'
import { MirrorFolders, type MirrorChoice } from './MirrorFolders'
import { ScanFileEdits, type FileEdits } from './ScanFileEdits'
import { DuplicateList, SkippedList } from './ScanLists'
import { SheetReport, sheetProblemCount } from './SheetReport'

interface MetadataValues {
  tags: string
  categories: string[]
  description: string
  referenceIdPrefix: string
}

function metadataFrom(v: MetadataValues): BatchMetadata {
  const m: BatchMetadata = {}
  if (v.tags.trim()) m.tags = v.tags.trim()
  if (v.categories.length > 0) m.categories = v.categories.join(',')
  if (v.description.trim()) m.description = v.description.trim()
  if (v.referenceIdPrefix.trim()) m.referenceIdPrefix = v.referenceIdPrefix.trim()
  return m
}

function AccountChoice(): React.JSX.Element {
  const profiles = useUploaderStore((s) => s.profiles)
  const activeId = useUploaderStore((s) => s.activeProfileId)
  const id = useId()
  if (profiles.length === 0) {
    return (
      <p className="field-error">
        <span aria-hidden="true">! </span>Add a Kaltura account first (Accounts… at the top of the window).
      </p>
    )
  }
  return (
    <div className="field">
      <label htmlFor={id}>Upload to</label>
      <select id={id} value={activeId ?? ''} onChange={(e) => selectProfile(e.target.value)}>
        {profiles.map((p) => (
          <option key={p.id} value={p.id}>
            {p.name} — partner {p.partnerId}
          </option>
        ))}
      </select>
    </div>
  )
}

function ScanForm({ summary }: { summary: ScanSummary }): React.JSX.Element {
  const activeId = useUploaderStore((s) => s.activeProfileId)
  const [meta, setMeta] = useState<MetadataValues>({ tags: '', categories: [], description: '', referenceIdPrefix: '' })
  const [policy, setPolicy] = useState<DuplicatePolicy>('skip')
  const [mirror, setMirror] = useState<MirrorChoice>({ on: false, parent: '' })
  const [edits, setEdits] = useState<FileEdits>({})
  // Set once the user was told that sheet lines were refused: the next Start goes ahead anyway.
  const [sheetProblemsSeen, setSheetProblemsSeen] = useState(false)
  const [starting, setStarting] = useState(false)
  const [failure, setFailure] = useState<string | null>(null)
  const descriptionId = useId()
  const edit = (key: 'tags' | 'description' | 'referenceIdPrefix', value: string): void => setMeta((m) => ({ ...m, [key]: value }))
  const editFile = (relativePath: string, fields: EntryFields | null): void =>
    setEdits((all) => {
      const { [relativePath]: _old, ...rest } = all
      return fields ? { ...rest, [relativePath]: fields } : rest
    })
  const sheetProblems = sheetProblemCount(summary)
  const holdForSheet = sheetProblems > 0 && !sheetProblemsSeen

  const onSubmit = async (e: FormEvent): Promise<void> => {
    e.preventDefault()
    if (!activeId || summary.files === 0) return
    if (holdForSheet) {
      setSheetProblemsSeen(true)
      return
    }
    setStarting(true)
    setFailure(null)
    const result = await startBatch(startRequest(summary.scanId, activeId, metadataFrom(meta), policy, mirror, edits))
    // On success the dialog is gone; only a failure needs this component's state.
    if (!result.ok) {
      setStarting(false)
      setFailure(result.message)
    }
  }

  return (
    <form onSubmit={(e) => void onSubmit(e)} noValidate>
      <div className="scan-headline">
        <p className="scan-count">
          {summary.files === 0 ? 'No files to upload were found.' : `${plural(summary.files, 'file', 'files')} · ${formatBytes(summary.totalBytes)}`}
        </p>
        {summary.files > 0 && (
          <p className="muted">
            {kindsText(summary.byKind)}
            {duplicatesTotal(summary.duplicates) > 0 && ` · ${plural(duplicatesTotal(summary.duplicates), 'duplicate', 'duplicates')}`}
          </p>
        )}
      </div>
      {summary.stoppedEarly && (
        <p className="notice scan-stopped" role="alert">
          <span aria-hidden="true">! </span>
          {summary.stoppedEarly}
        </p>
      )}
      <SheetReport summary={summary} />
      <ScanFileEdits summary={summary} batch={metadataFrom(meta)} edits={edits} onEdit={editFile} mirroring={mirror.on} />
      <DuplicateList summary={summary} policy={policy} />
      <SkippedList summary={summary} />
      {summary.files > 0 && (
        <>
          <fieldset className="form-grid">
            <legend>Details for every entry (optional)</legend>
            <Field label="Tags" value={meta.tags} onChange={(e) => edit('tags', e.target.value)} hint="Separated by commas." maxLength={2000} />
            <Field label="Reference ID prefix" value={meta.referenceIdPrefix} onChange={(e) => edit('referenceIdPrefix', e.target.value)} hint="Each entry gets this prefix plus its own id." maxLength={40} />
            <div className="field field-wide">
              <label htmlFor={descriptionId}>Description</label>
              <textarea id={descriptionId} rows={2} value={meta.description} onChange={(e) => edit('description', e.target.value)} maxLength={5000} />
            </div>
            <div className="field-wide">
              <CategoryPicker label="Categories" value={meta.categories} onChange={(categories) => setMeta((m) => ({ ...m, categories }))} hint="Search the account's categories by name, e.g. Lectures>2026." />
            </div>
          </fieldset>
          <MirrorFolders summary={summary} choice={mirror} onChange={setMirror} />
          <fieldset className="radios">
            <legend>Duplicates (uploaded before, or identical in this selection)</legend>
            <label className="toggle">
              <input type="radio" name="duplicates" value="skip" checked={policy === 'skip'} onChange={() => setPolicy('skip')} />
              Skip them
            </label>
            <label className="toggle">
              <input type="radio" name="duplicates" value="upload" checked={policy === 'upload'} onChange={() => setPolicy('upload')} />
              Upload them anyway
            </label>
          </fieldset>
          <AccountChoice />
        </>
      )}
      <FormFailure message={failure} />
      <div className="form-actions">
        {/* In the bar that stays in view, next to Start anyway and Cancel. */}
        {sheetProblemsSeen && sheetProblems > 0 && (
          <p className="notice form-actions-note" role="alert">
            <span aria-hidden="true">! </span>
            {plural(sheetProblems, 'line of the metadata sheet was', 'lines of the metadata sheet were')} refused (listed above):{' '}
            {sheetProblems === 1 ? 'its file gets' : 'their files get'} the batch's details. Fix the sheet and drop the folder again, or start anyway.
          </p>
        )}
        {summary.files > 0 && (
          <button type="submit" className="primary" disabled={starting || !activeId} data-autofocus>
            {sheetProblemsSeen && sheetProblems > 0 ? 'Start anyway' : 'Start upload'}
          </button>
        )}
        <button type="button" onClick={discardScan}>
          Cancel
        </button>
      </div>
    </form>
  )
}

/** Mirroring and edits are named only when chosen: a request without them is the plain batch it always was. */
function startRequest(scanId: string, profileId: string, metadata: BatchMetadata, duplicatePolicy: DuplicatePolicy, mirror: MirrorChoice, edits: FileEdits): StartBatchRequest {
  const request: StartBatchRequest = { scanId, profileId, metadata, duplicatePolicy }
  if (mirror.on) request.mirrorFoldersUnder = mirror.parent
  const edited = Object.entries(edits).map(([relativePath, fields]) => ({ relativePath, fields }))
  if (edited.length > 0) request.edits = edited
  return request
}

export function ScanDialog(): React.JSX.Element | null {
  const scan = useUploaderStore((s) => s.scan)
  const checks = useUploaderStore((s) => s.duplicateChecks)
  if (scan.stage !== 'review') return null
  return (
    <Dialog title="Scan summary" onClose={discardScan} wide>
      <ScanForm key={scan.summary.scanId} summary={withDuplicateCheck(scan.summary, checks[scan.summary.scanId])} />
    </Dialog>
  )
}
