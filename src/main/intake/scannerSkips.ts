// Why the scanner left an item out: each reason as a kind, with the one sentence the summary shows for it.
import type { SkippedGroup, SkippedItem, SkipReason } from '../../shared/ipc-contract'
import type { MediaKind } from './mediaKinds'

export type { SkipReason }

export type SkippedEntry = SkippedItem

export type ItemNoun = 'File' | 'Folder' | 'Item'

/** What kind of non-regular thing sits at a path, in words a user recognises. */
export type IrregularKind = 'named pipe' | 'socket' | 'device' | 'special file'

const KIND_PLURAL: Record<MediaKind, string> = { video: 'Video', audio: 'Audio', image: 'Image' }

// Node reports file-system failures by errno code; these are the ones a user can act on.
const ERRNO_WORDS: Readonly<Record<string, string>> = {
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EIO: 'the disk reported an input/output error',
  EBUSY: 'it is in use by another program',
  ENAMETOOLONG: 'its path is too long',
  ETIMEDOUT: 'the network drive did not answer',
  EHOSTDOWN: 'the network drive is unavailable',
  ESTALE: 'the network drive connection went stale',
  EMFILE: 'too many files are open',
  ENFILE: 'too many files are open'
}

export const skip = {
  hidden: (path: string, noun: ItemNoun): SkippedEntry => ({
    path,
    reason: 'hidden',
    message: noun === 'Folder' ? 'Hidden folder: its contents were not scanned' : 'Hidden file'
  }),
  system: (path: string, noun: ItemNoun): SkippedEntry => ({
    path,
    reason: 'system',
    message:
      noun === 'Folder'
        ? 'System folder kept by the operating system: its contents were not scanned'
        : 'System file kept by the operating system, not a recording'
  }),
  notMedia: (path: string): SkippedEntry => ({
    path,
    reason: 'not-media',
    message: 'Not a video, audio or image file'
  }),
  kindNotSelected: (path: string, kind: MediaKind): SkippedEntry => ({
    path,
    reason: 'kind-not-selected',
    message: `${KIND_PLURAL[kind]} files were not selected for this upload`
  }),
  empty: (path: string): SkippedEntry => ({
    path,
    reason: 'empty',
    message: 'Empty file (0 bytes): nothing to upload'
  }),
  symlinkLoop: (path: string): SkippedEntry => ({
    path,
    reason: 'symlink-loop',
    message: 'Link leads back into a folder that contains it (a loop): not followed'
  }),
  linkOutside: (path: string): SkippedEntry => ({
    path,
    reason: 'link-outside',
    message: 'Link to a folder outside the dropped folders: not followed (drop that folder itself to include it)'
  }),
  sameFolder: (path: string, enteredAs: string): SkippedEntry => ({
    path,
    reason: 'duplicate',
    message: `Same folder as ${enteredAs}: scanned once, under that name`
  }),
  brokenLink: (path: string): SkippedEntry => ({
    path,
    reason: 'broken-link',
    message: 'Link points to something that no longer exists'
  }),
  notRegular: (path: string, what: IrregularKind): SkippedEntry => ({
    path,
    reason: 'not-regular',
    message: `Not a regular file (${what}): nothing to upload`
  }),
  duplicate: (path: string, keptPath: string): SkippedEntry => ({
    path,
    reason: 'duplicate',
    message:
      path === keptPath
        ? 'Included by more than one dropped item: listed once'
        : `Same file as ${keptPath}, which is already in the list`
  }),
  missingDrop: (path: string): SkippedEntry => ({
    path,
    reason: 'missing',
    message: 'Dropped item no longer exists'
  })
}

/** Turns a failed file-system call on an item into the skip the user sees; never throws. */
export function skipForFsError(path: string, noun: ItemNoun, error: unknown): SkippedEntry {
  const code = errnoCode(error)
  if (code === 'ENOENT' || code === 'ENOTDIR') {
    return { path, reason: 'missing', message: `${noun} disappeared during the scan` }
  }
  if (code === 'ELOOP') return skip.symlinkLoop(path)
  const words = (code === undefined ? undefined : ERRNO_WORDS[code]) ?? describeUnknown(error)
  return { path, reason: 'unreadable', message: `${noun} could not be read: ${words}` }
}

export function errnoCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined
  return typeof error.code === 'string' ? error.code : undefined
}

function describeUnknown(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

/** Skips counted per reason, each with its first few (in the order given) as examples: what the window is sent. */
export function groupSkips(skipped: readonly SkippedEntry[], examplesPerReason: number): SkippedGroup[] {
  const groups = new Map<SkipReason, SkippedGroup>()
  for (const entry of skipped) {
    let group = groups.get(entry.reason)
    if (group === undefined) {
      group = { reason: entry.reason, count: 0, examples: [] }
      groups.set(entry.reason, group)
    }
    group.count += 1
    if (group.examples.length < examplesPerReason) {
      group.examples.push({ path: entry.path, reason: entry.reason, message: entry.message })
    }
  }
  return [...groups.values()]
}
