// What the queue's buttons ask of main: the row actions (each explains the files it left), clear, export, open an entry.
import type { ActionReport, FileAction } from '../../../shared/fileStates'
import type { Result } from '../../../shared/ipc-contract'
import { refusedLines } from '../fileStatus'
import { plural } from '../words'
import { useUploaderStore } from '../store/appStore'
import { ask } from '../uploader'

/** Shows a failed request's message; returns the value when it worked. */
function reportFailure<T>(result: Result<T>): T | undefined {
  if (result.ok) return result.value
  useUploaderStore.getState().notify('error', result.message)
  return undefined
}

/** Says why an action left files as they were: every action that cannot proceed explains itself. */
function explain(action: FileAction, result: Result<ActionReport>): ActionReport | undefined {
  const report = reportFailure(result)
  if (!report) return undefined
  const lines = refusedLines(action, report)
  if (lines.length === 1) useUploaderStore.getState().notify('info', lines[0]!)
  else if (lines.length > 1) useUploaderStore.getState().notify('info', `${plural(report.refused.reduce((n, r) => n + r.count, 0), 'file was', 'files were')} left as they were.`, lines)
  return report
}

export async function pauseFiles(ids?: number[]): Promise<void> {
  explain('pause', await ask((u) => u['files:pause'](ids ? { ids } : {})))
}

export async function resumeFiles(ids?: number[]): Promise<void> {
  explain('resume', await ask((u) => u['files:resume'](ids ? { ids } : {})))
}

/** Cancels the files (every cancelable one without ids); each can be undone for a few seconds. */
export async function cancelFiles(ids?: number[]): Promise<void> {
  explain('cancel', await ask((u) => u['files:cancel'](ids ? { ids } : {})))
}

export async function undoCancel(ids: number[]): Promise<void> {
  explain('undo-cancel', await ask((u) => u['files:undoCancel']({ ids })))
}

export async function retryFiles(ids?: number[]): Promise<void> {
  explain('retry', await ask((u) => u['files:retry'](ids ? { ids } : {})))
}

export async function reuploadFiles(ids: number[]): Promise<void> {
  explain('reupload', await ask((u) => u['files:reupload']({ ids })))
}

/** Asks main to open its picker for where the file is now; the window never names a path. */
export async function locateFile(id: number): Promise<void> {
  explain('locate', await ask((u) => u['files:locate']({ id })))
}

export async function removeFiles(ids: number[]): Promise<void> {
  const report = explain('remove', await ask((u) => u['files:remove']({ ids })))
  if (report && report.done > 0) useUploaderStore.getState().notify('info', `${plural(report.done, 'file', 'files')} removed from the queue; the history keeps ${report.done === 1 ? 'it' : 'them'}.`)
}

export async function requeueFiles(ids: number[]): Promise<void> {
  explain('requeue', await ask((u) => u['files:requeue']({ ids })))
}

/** Re-reads the whole list: after clearing, main's events do not say which files left. */
export async function refreshFiles(): Promise<void> {
  const list = reportFailure(await ask((u) => u['files:list']()))
  if (list) useUploaderStore.getState().replaceAll(list.files, list.totals)
}

export async function clearFinished(): Promise<void> {
  const result = await ask((u) => u['files:clearFinished']())
  if (result.ok) await refreshFiles()
  else reportFailure(result)
}

export async function exportReport(format: 'csv' | 'json'): Promise<void> {
  const saved = reportFailure(await ask((u) => u['report:export']({ format })))
  if (saved) useUploaderStore.getState().notify('success', `Report saved to ${saved.path}`)
}

export async function openEntry(fileId: number): Promise<void> {
  reportFailure(await ask((u) => u['entry:open']({ fileId })))
}
