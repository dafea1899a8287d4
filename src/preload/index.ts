// Exposes the IPC contract to the renderer through contextBridge, and nothing more.
import { contextBridge, ipcRenderer, webUtils } from 'electron'
import type { IpcTransport } from '../shared/ipc-contract'
import { createUploaderApi } from './uploaderApi'

const transport: IpcTransport = {
  invoke: (channel, args) => ipcRenderer.invoke(channel, args),
  on: (channel, listener) => {
    const wrapped = (_event: unknown, payload: unknown): void => listener(payload)
    ipcRenderer.on(channel, wrapped)
    return () => ipcRenderer.removeListener(channel, wrapped)
  }
}

contextBridge.exposeInMainWorld(
  'uploader',
  createUploaderApi(transport, (files) => files.map((f) => webUtils.getPathForFile(f)).filter((p) => p.length > 0))
)
