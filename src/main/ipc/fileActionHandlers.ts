// The row actions' channels: pause, resume, cancel and its undo, retry, upload again, locate, remove, re-queue.
// Each checks its payload and hands the ids to the engine, which splits them by the shared action rule and
// answers what it did and why it left the rest. Locate opens main's own picker: the window never names a path.
import type { Handle, HandlerDeps, Handlers } from './handlers'
import { arrayOf, int, object } from './validate'

const MAX_IDS = 100_000
const id = int(1, Number.MAX_SAFE_INTEGER)
const ids = arrayOf(id, MAX_IDS)

type FileActionChannel = 'files:pause' | 'files:resume' | 'files:cancel' | 'files:undoCancel' | 'files:retry' | 'files:reupload' | 'files:locate' | 'files:remove' | 'files:requeue'

export function fileActionHandlers({ engine, journal, dialogs }: HandlerDeps, handle: Handle): Pick<Handlers, FileActionChannel> {
  return {
    'files:pause': handle('files:pause', object({}, { ids }), ({ ids: list }) => engine.pause(list)),
    'files:resume': handle('files:resume', object({}, { ids }), ({ ids: list }) => engine.resume(list)),
    'files:cancel': handle('files:cancel', object({}, { ids }), ({ ids: list }) => engine.cancel(list)),
    'files:undoCancel': handle('files:undoCancel', object({ ids }), ({ ids: list }) => engine.undoCancel(list)),
    'files:retry': handle('files:retry', object({}, { ids }), ({ ids: list }) => engine.retry(list)),
    'files:reupload': handle('files:reupload', object({ ids }), ({ ids: list }) => engine.reupload(list)),
    'files:remove': handle('files:remove', object({ ids }), ({ ids: list }) => engine.remove(list)),
    'files:requeue': handle('files:requeue', object({ ids }), ({ ids: list }) => engine.requeue(list)),
    'files:locate': handle('files:locate', object({ id }), async ({ id: fileId }) => {
      // Say why before a picker opens for nothing.
      const refused = engine.refusal('locate', fileId)
      if (refused) return { done: 0, refused: [{ reason: refused, count: 1 }] }
      const path = await dialogs.locateFile(journal.getFile(fileId)!.name)
      return path ? engine.locate(fileId, path) : { done: 0, refused: [] }
    })
  }
}
