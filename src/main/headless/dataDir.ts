// Where the journal and logs live: the same folder the desktop app uses (Electron's userData), so the headless
// command and the app share one journal.
import { homedir } from 'node:os'
import { join } from 'node:path'

export const APP_DIR_NAME = 'Kaltura Batch Uploader'

export function defaultDataDir(platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env): string {
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', APP_DIR_NAME)
  if (platform === 'win32') return join(env['APPDATA'] ?? join(homedir(), 'AppData', 'Roaming'), APP_DIR_NAME)
  return join(env['XDG_CONFIG_HOME'] ?? join(homedir(), '.config'), APP_DIR_NAME)
}
