// The one rule for what the app writes on disk (journal, logs, secrets): folders only the user can enter (0700) and
// files only the user can read (0600), whatever the umask. Best effort on a folder the user does not own (a shared
// data folder made by someone else is left as it is rather than failing the app).
import { chmodSync, closeSync, mkdirSync, openSync } from 'node:fs'

export const PRIVATE_FOLDER_MODE = 0o700
export const PRIVATE_FILE_MODE = 0o600

/** Creates the folder if needed and closes it to other users. */
export function ensurePrivateFolder(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_FOLDER_MODE })
  tighten(dir, PRIVATE_FOLDER_MODE)
}

/** Creates the file empty if needed (so whatever writes it next inherits the mode) and closes it to other users. */
export function ensurePrivateFile(file: string): void {
  closeSync(openSync(file, 'a', PRIVATE_FILE_MODE))
  tighten(file, PRIVATE_FILE_MODE)
}

function tighten(path: string, mode: number): void {
  try {
    chmodSync(path, mode)
  } catch (err) {
    // Not ours to change (EPERM): the owner chose its mode.
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') throw err
  }
}
