// Builds the renderer's API from the IPC contract over any transport: Electron's ipcRenderer in the app, a
// WebSocket bridge in browser tests. One named function per request channel, nothing generic.
import { EVENT_CHANNELS, REQUEST_CHANNELS, type IpcEventChannel, type IpcTransport, type Result, type UploaderApi } from '../shared/ipc-contract'

export function createUploaderApi(transport: IpcTransport, pathsForFiles: (files: readonly File[]) => string[]): UploaderApi {
  const api: Record<string, unknown> = {}
  for (const channel of REQUEST_CHANNELS) {
    api[channel] = (args?: unknown) => transport.invoke(channel, args) as Promise<Result<unknown>>
  }
  api['onEvent'] = (channel: IpcEventChannel, listener: (payload: unknown) => void) => {
    if (!(EVENT_CHANNELS as readonly string[]).includes(channel)) throw new Error(`unknown event channel ${String(channel)}`)
    // The raw IPC event never reaches the page: only the payload.
    return transport.on(channel, (payload) => listener(payload))
  }
  api['pathsForDroppedFiles'] = (files: readonly File[]) => pathsForFiles(files)
  return Object.freeze(api) as unknown as UploaderApi
}
