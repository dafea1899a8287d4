// Runs in the page instead of Electron's preload: the real createUploaderApi over HTTP (requests) and
// server-sent events (events) to the harness, which calls the real main-process handlers.
import { createUploaderApi } from '../../../src/preload/uploaderApi'
import type { IpcEventChannel, IpcTransport } from '../../../src/shared/ipc-contract'

const listeners = new Map<IpcEventChannel, Set<(payload: unknown) => void>>()
const events = new EventSource('./ipc/events')
for (const channel of ['files:update', 'batch:finished'] as const) {
  events.addEventListener(channel, (e) => {
    const payload: unknown = JSON.parse((e as MessageEvent<string>).data)
    for (const l of listeners.get(channel) ?? []) l(payload)
  })
}

const transport: IpcTransport = {
  async invoke(channel, args) {
    const response = await fetch(`./ipc/${encodeURIComponent(channel)}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ args: args === undefined ? null : args })
    })
    return response.json() as Promise<unknown>
  },
  on(channel, listener) {
    let set = listeners.get(channel)
    if (!set) listeners.set(channel, (set = new Set()))
    set.add(listener)
    return () => set.delete(listener)
  }
}

/** Stands in for Electron's webUtils.getPathForFile: the test says which path a dropped file name stands for. */
function pathsForFiles(files: readonly File[]): string[] {
  const known = (window as unknown as { __harnessDropPaths?: Record<string, string> }).__harnessDropPaths ?? {}
  return files.map((f) => known[f.name]).filter((p): p is string => typeof p === 'string')
}

;(window as unknown as { uploader: unknown }).uploader = createUploaderApi(transport, pathsForFiles)
