// The preload's API as the renderer sees it; undefined when the page runs outside Electron.
import type { UploaderApi } from '../../shared/ipc-contract'

declare global {
  interface Window {
    uploader?: UploaderApi
  }
}
