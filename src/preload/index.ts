// Exposes the IPC contract to the renderer through contextBridge, and nothing more.
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron'
import type { IpcTransport } from '../shared/ipc-contract'
import { createUploaderApi } from './uploaderApi'

const transport: IpcTransport = {
  // Main's handlers answer each channel with the contract's Result (test/main/ipc checks them), so the answer is
  // taken as typed here, at the process boundary.
  invoke: (channel, args) => ipcRenderer.invoke(channel, args),
  on: (channel, listener) => {
    const wrapped = (_event: IpcRendererEvent, payload: Parameters<typeof listener>[0]): void => listener(payload)
    ipcRenderer.on(channel, wrapped)
    return () => ipcRenderer.removeListener(channel, wrapped)
  }
}

contextBridge.exposeInMainWorld(
  'uploader',
  createUploaderApi(transport, (files) => files.map((f) => webUtils.getPathForFile(f)).filter((p) => p.length > 0))
)
