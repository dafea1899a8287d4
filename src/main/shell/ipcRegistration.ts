// Registers the contract's handlers with ipcMain, answering only the app's own window; the one place in the app
// that touches ipcMain.
import { ipcMain, type IpcMainInvokeEvent } from 'electron'
import { REQUEST_CHANNELS, type Result } from '../../shared/ipc-contract'
import type { Handlers } from '../ipc/handlers'

export function registerIpc(handlers: Handlers, isTrustedSender: (event: IpcMainInvokeEvent) => boolean): () => void {
  for (const channel of REQUEST_CHANNELS) {
    ipcMain.handle(channel, (event, args: unknown): Promise<Result<unknown>> | Result<unknown> => {
      if (!isTrustedSender(event)) return { ok: false, code: 'forbidden', message: 'Request from an unknown window.' }
      return handlers[channel](args)
    })
  }
  return () => {
    for (const channel of REQUEST_CHANNELS) ipcMain.removeHandler(channel)
  }
}
