// The one IPC contract: every request the renderer can make and every event main can send, with payload types.
// Main registers handlers from it, the preload exposes exactly it, the renderer calls it.

export interface AppInfo {
  name: string
  version: string
  /** Whether an account is configured; secrets themselves never reach the renderer. */
  hasCredentials: boolean
}

export interface IpcRequests {
  'app:info': { args: []; result: AppInfo }
}

export type IpcRequestChannel = keyof IpcRequests

/** The API the preload exposes on `window.uploader`. */
export interface UploaderApi {
  appInfo(): Promise<AppInfo>
}
