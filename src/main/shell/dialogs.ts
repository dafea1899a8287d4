// Native open and save dialogs (pick files or folders, locate a moved file, save a report) for the handlers' Dialogs
// port, attached to the window when there is one; and the file manager, for "Show in folder".
import { dialog, shell, type BrowserWindow, type OpenDialogOptions, type SaveDialogOptions } from 'electron'
import type { Dialogs } from '../ipc/handlers'

export function electronDialogs(window: () => BrowserWindow | null): Dialogs {
  return {
    async pickPaths(kind) {
      const options: OpenDialogOptions =
        kind === 'folder'
          ? { title: 'Choose folders of videos', properties: ['openDirectory', 'multiSelections'] }
          : { title: 'Choose videos', properties: ['openFile', 'multiSelections'] }
      const parent = window()
      const result = parent ? await dialog.showOpenDialog(parent, options) : await dialog.showOpenDialog(options)
      return result.canceled ? null : result.filePaths
    },
    async locateFile(fileName) {
      const options: OpenDialogOptions = { title: `Where is ${fileName} now?`, buttonLabel: 'Upload this file', properties: ['openFile'] }
      const parent = window()
      const result = parent ? await dialog.showOpenDialog(parent, options) : await dialog.showOpenDialog(options)
      return result.canceled ? null : (result.filePaths[0] ?? null)
    },
    async saveReportPath(defaultName) {
      const options: SaveDialogOptions = { title: 'Export upload results', defaultPath: defaultName }
      const parent = window()
      const result = parent ? await dialog.showSaveDialog(parent, options) : await dialog.showSaveDialog(options)
      return result.canceled || !result.filePath ? null : result.filePath
    }
  }
}

/** Opens the file manager at a file, selected; the handler passes only a path the journal holds. */
export function showItemInFolder(path: string): void {
  shell.showItemInFolder(path)
}
