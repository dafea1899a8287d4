// Walks the dropped items, their folders and the links inside them, filing every entry as a media candidate or a skip.
import { constants as fsConstants, promises as fs, type Stats } from 'node:fs'
import path from 'node:path'
import { companionKindOf, type Companion } from './scanCompanions'
import { mediaKindOf, type MediaKind } from './mediaKinds'
import type { ScannedFile } from './scanner'
import type { WalkBounds } from './scannerBounds'
import { claimDrops, claimLinks } from './scannerClaims'
import { attempt, identityOf, throwIfAborted } from './scannerFsCalls'
import { nameRuleFor } from './scannerNameRules'
import { errnoCode, skip, skipForFsError, type IrregularKind, type SkippedEntry } from './scannerSkips'
import { drainWorkPool, type EnqueueTasks } from './scannerWorkPool'

/** One path the user dropped; `base` is its parent, so relative paths keep the dropped folder's own name. */
export interface Drop {
  index: number
  root: string
  base: string
}

/** A media file found by the walk, before files reached twice are folded into one. */
export interface Candidate {
  file: ScannedFile
  /** Equal for two paths that name the same real file (links, hard links, overlapping drops). */
  identity: string
  dropIndex: number
  /** Reached through at least one symbolic link; a direct path is preferred when the file is reached twice. */
  viaLink: boolean
}

export interface Walk {
  kinds: Readonly<Record<MediaKind, boolean>>
  signal: AbortSignal | undefined
  candidates: Candidate[]
  /** The metadata sheets and caption files met on the way, which go with the media files rather than being skipped. */
  companions: Companion[]
  skipped: SkippedEntry[]
  noteFileSeen: () => void
  bounds: WalkBounds
}

// Both a Dirent (from readdir) and a Stats answer these; a Dirent may answer "no" to all on exotic file systems.
export type EntryType = Pick<
  Stats,
  'isFile' | 'isDirectory' | 'isSymbolicLink' | 'isFIFO' | 'isSocket' | 'isBlockDevice' | 'isCharacterDevice'
>

/** One entry to look at; exported for scannerClaims, which decides between rounds which folders are entered. */
export interface Item {
  drop: Drop
  path: string
  name: string
  /** What readdir said the entry is; undefined for a dropped path, which is asked with lstat. */
  type: EntryType | undefined
  /** Identities of the real folders above this item on the current descent: a link to one of them is a loop. */
  ancestors: readonly string[]
  viaLink: boolean
  /** Set once a drop or a folder link has been entered between rounds: the folder is listed straight away. */
  enteredAs?: string
}

/** A link to a folder met during a round; followed, or not, in path order once the round is over. */
export interface FolderLink {
  item: Item
  identity: string
  /** The folder's real path, to tell a link inside the dropped folders from one that leaves them. */
  real: string
}

// Enough to keep a local SSD or a network share busy, well under the open-file limit.
const MAX_CALLS_IN_FLIGHT = 48

/**
 * Walks every dropped item to the bottom, filling walk.candidates and walk.skipped. Folder links wait for the end
 * of the round that met them, so a folder is always entered by its own path before any link to it, whatever the
 * order in which the file system answered.
 */
export async function walkDrops(walk: Walk, drops: readonly Drop[]): Promise<void> {
  let round = await claimDrops(walk, drops)
  while (round.length > 0) {
    const links: FolderLink[] = []
    await drainWorkPool(round, MAX_CALLS_IN_FLIGHT, (item, enqueue) => visit(walk, item, enqueue, links))
    round = walk.bounds.hasStopped ? [] : claimLinks(walk, links)
  }
}

async function visit(walk: Walk, item: Item, enqueue: EnqueueTasks<Item>, links: FolderLink[]): Promise<void> {
  // Before counting anything: once cancelled, no task that starts may report progress.
  throwIfAborted(walk.signal)
  if (item.enteredAs !== undefined) return listFolder(walk, item, item.enteredAs, enqueue)
  let type = item.type
  // A dropped path, or an entry readdir could not type (DT_UNKNOWN on some file systems): ask without following.
  if (type === undefined || isUntyped(type)) {
    const probed = await attempt(walk.signal, () => fs.lstat(item.path))
    if (!probed.ok) {
      const code = errnoCode(probed.error)
      const droppedAndGone = item.type === undefined && (code === 'ENOENT' || code === 'ENOTDIR')
      walk.skipped.push(droppedAndGone ? skip.missingDrop(item.path) : skipForFsError(item.path, 'Item', probed.error))
      return
    }
    type = probed.value
  }
  const isFolder = type.isDirectory()
  const nameRule = nameRuleFor(item.name)
  if (nameRule !== null) {
    if (!isFolder) walk.noteFileSeen()
    walk.skipped.push(skip[nameRule](item.path, isFolder ? 'Folder' : 'File'))
    return
  }
  if (isFolder) return enterFolder(walk, item, enqueue)
  if (type.isSymbolicLink()) return followLink(walk, item, links)
  if (type.isFile()) return considerFile(walk, item, undefined)
  walk.noteFileSeen()
  walk.skipped.push(skip.notRegular(item.path, irregularKindOf(type)))
}

async function followLink(walk: Walk, item: Item, links: FolderLink[]): Promise<void> {
  const target = await attempt(walk.signal, () => fs.stat(item.path))
  if (!target.ok) {
    walk.noteFileSeen()
    const code = errnoCode(target.error)
    walk.skipped.push(
      code === 'ENOENT' || code === 'ENOTDIR'
        ? skip.brokenLink(item.path)
        : skipForFsError(item.path, 'Item', target.error)
    )
    return
  }
  const linked: Item = { ...item, viaLink: true }
  if (target.value.isDirectory()) {
    const real = await attempt(walk.signal, () => fs.realpath(item.path))
    if (!real.ok) {
      walk.skipped.push(skipForFsError(item.path, 'Folder', real.error))
      return
    }
    links.push({ item: linked, identity: await identityOf(walk.signal, item.path, target.value), real: real.value })
    return
  }
  if (target.value.isFile()) return considerFile(walk, linked, target.value)
  walk.noteFileSeen()
  walk.skipped.push(skip.notRegular(item.path, irregularKindOf(target.value)))
}

/** A folder reached by its own path: entered unless the same real folder was entered already (a bind mount). */
async function enterFolder(walk: Walk, item: Item, enqueue: EnqueueTasks<Item>): Promise<void> {
  const stats = await statOrSkip(walk, item.path, 'Folder')
  if (stats === null) return
  const identity = await identityOf(walk.signal, item.path, stats)
  const earlier = walk.bounds.enter(identity, item.path)
  if (earlier !== null) {
    walk.skipped.push(skip.sameFolder(item.path, earlier))
    return
  }
  return listFolder(walk, item, identity, enqueue)
}

async function listFolder(walk: Walk, item: Item, identity: string, enqueue: EnqueueTasks<Item>): Promise<void> {
  const listed = await attempt(walk.signal, () => fs.readdir(item.path, { withFileTypes: true }))
  if (!listed.ok) {
    walk.skipped.push(skipForFsError(item.path, 'Folder', listed.error))
    return
  }
  // Past the cap the rest of the listing is dropped here, so the queue never holds more than the cap allows.
  const entries = listed.value.slice(0, walk.bounds.admit(listed.value.length))
  const ancestors = [...item.ancestors, identity]
  enqueue(
    entries.map(
      (entry): Item => ({
        drop: item.drop,
        path: path.join(item.path, entry.name),
        name: entry.name,
        type: entry,
        ancestors,
        viaLink: item.viaLink
      })
    )
  )
}

async function considerFile(walk: Walk, item: Item, knownStats: Stats | undefined): Promise<void> {
  walk.noteFileSeen()
  // The name is judged before any stat, so a folder of 10,000 documents costs no extra system calls.
  const companion = companionKindOf(item.name)
  if (companion !== null) {
    walk.companions.push({ kind: companion, path: item.path, relativePath: relativeToDrop(item) })
    return
  }
  const kind = mediaKindOf(item.name)
  if (kind === null) {
    walk.skipped.push(skip.notMedia(item.path))
    return
  }
  if (!walk.kinds[kind]) {
    walk.skipped.push(skip.kindNotSelected(item.path, kind))
    return
  }
  const stats = knownStats ?? (await statOrSkip(walk, item.path, 'File'))
  if (stats === null) return
  if (!stats.isFile()) {
    // Replaced by something else between readdir and stat.
    walk.skipped.push(skip.notRegular(item.path, irregularKindOf(stats)))
    return
  }
  if (stats.size === 0) {
    walk.skipped.push(skip.empty(item.path))
    return
  }
  // A file the user cannot open would only fail later, mid-queue; say so in the summary instead.
  const readable = await attempt(walk.signal, () => fs.access(item.path, fsConstants.R_OK))
  if (!readable.ok) {
    walk.skipped.push(skipForFsError(item.path, 'File', readable.error))
    return
  }
  walk.candidates.push({
    file: {
      path: item.path,
      name: item.name,
      root: item.drop.root,
      relativePath: relativeToDrop(item),
      size: stats.size,
      mtimeMs: stats.mtimeMs,
      ino: stats.ino,
      dev: stats.dev,
      kind
    },
    identity: await identityOf(walk.signal, item.path, stats),
    dropIndex: item.drop.index,
    viaLink: item.viaLink
  })
}

/** From the dropped item's parent, '/'-separated, so the dropped folder's own name is kept. */
function relativeToDrop(item: Item): string {
  return path.relative(item.drop.base, item.path).split(path.sep).join('/')
}

async function statOrSkip(walk: Walk, itemPath: string, noun: 'File' | 'Folder'): Promise<Stats | null> {
  const stated = await attempt(walk.signal, () => fs.stat(itemPath))
  if (stated.ok) return stated.value
  walk.skipped.push(skipForFsError(itemPath, noun, stated.error))
  return null
}

function irregularKindOf(type: EntryType): IrregularKind {
  if (type.isFIFO()) return 'named pipe'
  if (type.isSocket()) return 'socket'
  if (type.isBlockDevice() || type.isCharacterDevice()) return 'device'
  return 'special file'
}

function isUntyped(type: EntryType): boolean {
  return !(
    type.isFile() ||
    type.isDirectory() ||
    type.isSymbolicLink() ||
    type.isFIFO() ||
    type.isSocket() ||
    type.isBlockDevice() ||
    type.isCharacterDevice()
  )
}
