// What the queue's buttons ask of main: pause, resume, cancel, retry, clear, export, open an entry.
import type { Result } from '../../../shared/ipc-contract'
import { useUploaderStore } from '../store/appStore'
import { ask } from '../uploader'

/** Shows a failed request's message; returns the value when it worked. */
function report<T>(result: Result<T>): T | undefined {
  if (result.ok) return result.value
  useUploaderStore.getState().notify('error', result.message)
  return undefined
}

export async function pauseFiles(ids?: number[]): Promise<void> {
  report(await ask((u) => u['files:pause'](ids ? { ids } : {})))
}

export async function resumeFiles(ids?: number[]): Promise<void> {
  report(await ask((u) => u['files:resume'](ids ? { ids } : {})))
}

export async function cancelFiles(ids: number[]): Promise<void> {
  report(await ask((u) => u['files:cancel']({ ids })))
}

export async function retryFiles(ids?: number[]): Promise<void> {
  report(await ask((u) => u['files:retry'](ids ? { ids } : {})))
}

/** Re-reads the whole list: after clearing, main's events do not say which files left. */
export async function refreshFiles(): Promise<void> {
  const list = report(await ask((u) => u['files:list']()))
  if (list) useUploaderStore.getState().replaceAll(list.files, list.totals)
}

export async function clearFinished(): Promise<void> {
  const result = await ask((u) => u['files:clearFinished']())
  if (result.ok) await refreshFiles()
  else report(result)
}

export async function exportReport(format: 'csv' | 'json'): Promise<void> {
  const saved = report(await ask((u) => u['report:export']({ format })))
  if (saved) useUploaderStore.getState().notify('success', `Report saved to ${saved.path}`)
}

export async function openEntry(fileId: number): Promise<void> {
  report(await ask((u) => u['entry:open']({ fileId })))
}
