// Builds the renderer's API from the IPC contract over any transport: Electron's ipcRenderer in the app, an HTTP
// bridge in browser tests. One named function per request channel, nothing generic.
import { isEventChannel, type IpcRequestChannel, type IpcTransport, type RequestMethod, type UploaderApi } from '../shared/ipc-contract'

export function createUploaderApi(transport: IpcTransport, pathsForFiles: (files: readonly File[]) => string[]): UploaderApi {
  const call =
    <C extends IpcRequestChannel>(channel: C): RequestMethod<C> =>
    (args) =>
      transport.invoke(channel, args)

  // Written out so the compiler checks each channel against the contract: a missing or misspelt one fails the build.
  const api: UploaderApi = {
    'app:info': call('app:info'),
    'profiles:list': call('profiles:list'),
    'profiles:save': call('profiles:save'),
    'profiles:delete': call('profiles:delete'),
    'profiles:test': call('profiles:test'),
    'scan:pick': call('scan:pick'),
    'scan:cancel': call('scan:cancel'),
    'batch:start': call('batch:start'),
    'files:list': call('files:list'),
    'files:pause': call('files:pause'),
    'files:resume': call('files:resume'),
    'files:cancel': call('files:cancel'),
    'files:undoCancel': call('files:undoCancel'),
    'files:retry': call('files:retry'),
    'files:reupload': call('files:reupload'),
    'files:locate': call('files:locate'),
    'files:remove': call('files:remove'),
    'files:requeue': call('files:requeue'),
    'files:clearFinished': call('files:clearFinished'),
    'settings:get': call('settings:get'),
    'settings:update': call('settings:update'),
    'watch:add': call('watch:add'),
    'report:export': call('report:export'),
    'entry:open': call('entry:open'),
    'files:retryNow': call('files:retryNow'),
    'files:details': call('files:details'),
    'files:showInFolder': call('files:showInFolder'),
    'categories:search': call('categories:search'),
    'files:editFields': call('files:editFields'),
    onEvent: (channel, listener) => {
      // The page is untrusted code as far as main is concerned: a channel name it makes up is refused here.
      if (!isEventChannel(channel)) throw new Error(`unknown event channel ${String(channel)}`)
      // The raw IPC event never reaches the page: only the payload.
      return transport.on(channel, (payload) => listener(payload))
    },
    scanDroppedFiles: async (files) => {
      const paths = pathsForFiles(files)
      if (paths.length === 0) return { ok: false, code: 'not-files', message: 'Nothing in that drop could be read as a file or folder on this computer.' }
      return transport.invoke('scan:dropped', { paths })
    }
  }
  return Object.freeze(api)
}
