// Electron's security checklist, applied to every web contents the app creates: no new windows, no navigation
// away from the app, no webviews, no permissions; external links only for the URLs main builds, over http(s).
import { app, session, shell, type WebContents } from 'electron'

export function hardenWebContents(isAppUrl: (url: string) => boolean): void {
  app.on('web-contents-created', (_event, contents: WebContents) => {
    contents.setWindowOpenHandler(() => ({ action: 'deny' }))
    const blockNavigation = (event: { preventDefault(): void }, url: string): void => {
      if (!isAppUrl(url)) event.preventDefault()
    }
    contents.on('will-navigate', blockNavigation)
    contents.on('will-frame-navigate', (event) => blockNavigation(event, event.url))
    contents.on('will-redirect', blockNavigation)
    contents.on('will-attach-webview', (event) => event.preventDefault())
  })
  void app.whenReady().then(() => {
    session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false))
    session.defaultSession.setPermissionCheckHandler(() => false)
  })
}

/** The only way the app opens anything outside itself: http(s) URLs built in main (entry links). */
export async function openExternalSafely(url: string): Promise<void> {
  const parsed = new URL(url)
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new Error(`refusing to open ${parsed.protocol} URL`)
  await shell.openExternal(parsed.href)
}
