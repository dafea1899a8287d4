// Runs in the page instead of Electron's preload: the real createUploaderApi over HTTP (requests) and
// server-sent events (events) to the harness, which calls the real main-process handlers.
import { createUploaderApi } from '../../../src/preload/uploaderApi'
import type { IpcTransport } from '../../../src/shared/ipc-contract'

const events = new EventSource('./ipc/events')

// The harness answers with the handlers' own Results and forwards the engine's own events, so the JSON is taken
// as the contract's types, as the preload takes Electron's IPC.
const transport: IpcTransport = {
  async invoke(channel, args) {
    const response = await fetch(`./ipc/${encodeURIComponent(channel)}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ args: args === undefined ? null : args })
    })
    return response.json()
  },
  on(channel, listener) {
    const forward = (e: MessageEvent<string>): void => listener(JSON.parse(e.data))
    events.addEventListener(channel, forward)
    return () => events.removeEventListener(channel, forward)
  }
}

/** Stands in for Electron's webUtils.getPathForFile: the test says which path a dropped file name stands for. */
function pathsForFiles(files: readonly File[]): string[] {
  const known = (window as unknown as { __harnessDropPaths?: Record<string, string> }).__harnessDropPaths ?? {}
  return files.map((f) => known[f.name]).filter((p): p is string => typeof p === 'string')
}

;(window as unknown as { uploader: unknown }).uploader = createUploaderApi(transport, pathsForFiles)
