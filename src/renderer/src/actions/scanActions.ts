// From a drop or a pick to a queued batch: scan, let the user review, then start with the active account.
import type { Result, ScanSummary, StartBatchRequest, StartBatchResult } from '../../../shared/ipc-contract'
import { useUploaderStore } from '../store/appStore'
import { ask } from '../uploader'
import { refusedLines } from '../fileStatus'
import { startedText } from '../scanSummaryText'
import { refreshFiles } from './fileActions'

async function scanWith(call: () => Promise<Result<ScanSummary | null>>): Promise<void> {
  const store = useUploaderStore
  if (store.getState().scan.stage !== 'idle') {
    store.getState().notify('info', 'Finish or cancel the selection you are reviewing first.')
    return
  }
  store.setState({ scan: { stage: 'scanning' } })
  const result = await call()
  if (!result.ok) {
    store.setState({ scan: { stage: 'idle' } })
    // The user asked for it: back to the drop zone without an error.
    if (result.code !== 'canceled') store.getState().notify('error', result.message)
    return
  }
  store.setState({ scan: result.value ? { stage: 'review', summary: result.value } : { stage: 'idle' } })
}

/** Files from a drop: the preload finds their paths and scans them; the window never handles a path itself. */
export async function scanDroppedFiles(files: readonly File[]): Promise<void> {
  await scanWith(() => ask((u) => u.scanDroppedFiles(files)))
}

export async function pickAndScan(kind: 'files' | 'folder'): Promise<void> {
  await scanWith(() => ask((u) => u['scan:pick']({ kind })))
}

/** Ends the scan under way; the scan's own answer then puts the window back to idle. */
export async function cancelScan(): Promise<void> {
  const result = await ask((u) => u['scan:cancel']())
  if (!result.ok) useUploaderStore.getState().notify('error', result.message)
}

export function discardScan(): void {
  useUploaderStore.setState({ scan: { stage: 'idle' } })
}

/** Starts the batch; on success closes the review and says what was queued, duplicated and rejected. */
export async function startBatch(request: StartBatchRequest): Promise<Result<StartBatchResult>> {
  const result = await ask((u) => u['batch:start'](request))
  if (!result.ok) return result
  const store = useUploaderStore
  const { rejected } = result.value
  store.setState({ scan: { stage: 'idle' }, lastStart: result.value, batchFinished: null })
  const details = [...rejected.map((r) => `${r.path}: ${r.message}`), ...refusedLines('retry', { done: 0, refused: result.value.notRetried })]
  store.getState().notify(rejected.length > 0 ? 'error' : 'success', startedText(result.value, request.duplicatePolicy), details.length > 0 ? details : undefined)
  await refreshFiles()
  return result
}
