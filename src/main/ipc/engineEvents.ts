// Forwards the engine's events to the renderer as the contract's events, whatever carries them (Electron's
// webContents in the app, server-sent events in browser tests).
import type { IpcEventChannel, IpcEvents } from '../../shared/ipc-contract'
import type { UploadEngine } from '../engine/engine'

export type EventSink = <E extends IpcEventChannel>(channel: E, payload: IpcEvents[E]) => void

export function forwardEngineEvents(engine: UploadEngine, send: EventSink): () => void {
  const onUpdate = (files: IpcEvents['files:update']['files'], totals: IpcEvents['files:update']['totals']): void =>
    send('files:update', { files, totals })
  const onFinished = (batchId: number, summary: IpcEvents['batch:finished']['summary']): void => send('batch:finished', { batchId, summary })
  const onRemoved = (ids: number[]): void => send('files:removed', { ids })
  engine.on('update', onUpdate)
  engine.on('batch-finished', onFinished)
  engine.on('removed', onRemoved)
  return () => {
    engine.off('update', onUpdate)
    engine.off('batch-finished', onFinished)
    engine.off('removed', onRemoved)
  }
}
