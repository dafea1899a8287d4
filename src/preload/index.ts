// Exposes the IPC contract to the renderer through contextBridge, and nothing more.
import { contextBridge, ipcRenderer } from 'electron'
import type { AppInfo, UploaderApi } from '../shared/ipc-contract'

const api: UploaderApi = {
  appInfo: () => ipcRenderer.invoke('app:info') as Promise<AppInfo>
}

contextBridge.exposeInMainWorld('uploader', api)
