// Native open and save dialogs for the handlers' Dialogs port.
import { dialog, type BrowserWindow } from 'electron'
import type { Dialogs } from '../ipc/handlers'

export function electronDialogs(window: () => BrowserWindow | null): Dialogs {
  return {
    async pickPaths(kind) {
      const options = {
        title: kind === 'folder' ? 'Choose folders of videos' : 'Choose videos',
        properties: kind === 'folder' ? (['openDirectory', 'multiSelections'] as const) : (['openFile', 'multiSelections'] as const)
      }
      const w = window()
      const result = w ? await dialog.showOpenDialog(w, { ...options, properties: [...options.properties] }) : await dialog.showOpenDialog({ ...options, properties: [...options.properties] })
      return result.canceled ? null : result.filePaths
    },
    async saveReportPath(defaultName) {
      const w = window()
      const options = { title: 'Export upload results', defaultPath: defaultName }
      const result = w ? await dialog.showSaveDialog(w, options) : await dialog.showSaveDialog(options)
      return result.canceled || !result.filePath ? null : result.filePath
    }
  }
}
