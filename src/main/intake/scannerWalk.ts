// Walks the dropped items and their folders, following links, and files every entry as a media candidate or a skip.
import { constants as fsConstants, promises as fs, type Stats } from 'node:fs'
import path from 'node:path'
import { mediaKindOf, type MediaKind } from './mediaKinds'
import type { ScannedFile } from './scanner'
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
  skipped: SkippedEntry[]
  noteFileSeen: () => void
}

// Both a Dirent (from readdir) and a Stats answer these; a Dirent may answer "no" to all on exotic file systems.
type EntryType = Pick<
  Stats,
  'isFile' | 'isDirectory' | 'isSymbolicLink' | 'isFIFO' | 'isSocket' | 'isBlockDevice' | 'isCharacterDevice'
>

interface Item {
  drop: Drop
  path: string
  name: string
  /** What readdir said the entry is; undefined for a dropped path, which is asked with lstat. */
  type: EntryType | undefined
  /** Identities of the real folders above this item on the current descent: meeting one again is a loop. */
  ancestors: readonly string[]
  viaLink: boolean
}

// Enough to keep a local SSD or a network share busy, well under the open-file limit.
const MAX_CALLS_IN_FLIGHT = 48

type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown }

/** Walks every dropped item to the bottom, filling walk.candidates and walk.skipped. */
export async function walkDrops(walk: Walk, drops: readonly Drop[]): Promise<void> {
  const items = drops.map(
    (drop): Item => ({
      drop,
      path: drop.root,
      name: path.basename(drop.root),
      type: undefined,
      ancestors: [],
      viaLink: false
    })
  )
  await drainWorkPool(items, MAX_CALLS_IN_FLIGHT, (item, enqueue) => visit(walk, item, enqueue))
}

async function visit(walk: Walk, item: Item, enqueue: EnqueueTasks<Item>): Promise<void> {
  let type = item.type
  // A dropped path, or an entry readdir could not type (DT_UNKNOWN on some file systems): ask without following.
  if (type === undefined || isUntyped(type)) {
    const probed = await attempt(walk, () => fs.lstat(item.path))
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
  if (isFolder) return enterFolder(walk, item, undefined, enqueue)
  if (type.isSymbolicLink()) return followLink(walk, item, enqueue)
  if (type.isFile()) return considerFile(walk, item, undefined)
  walk.noteFileSeen()
  walk.skipped.push(skip.notRegular(item.path, irregularKindOf(type)))
}

async function followLink(walk: Walk, item: Item, enqueue: EnqueueTasks<Item>): Promise<void> {
  const target = await attempt(walk, () => fs.stat(item.path))
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
  if (target.value.isDirectory()) return enterFolder(walk, linked, target.value, enqueue)
  if (target.value.isFile()) return considerFile(walk, linked, target.value)
  walk.noteFileSeen()
  walk.skipped.push(skip.notRegular(item.path, irregularKindOf(target.value)))
}

async function enterFolder(
  walk: Walk,
  item: Item,
  knownStats: Stats | undefined,
  enqueue: EnqueueTasks<Item>
): Promise<void> {
  const stats = knownStats ?? (await statOrSkip(walk, item.path, 'Folder'))
  if (stats === null) return
  const identity = await identityOf(walk, item.path, stats)
  if (item.ancestors.includes(identity)) {
    walk.skipped.push(skip.symlinkLoop(item.path))
    return
  }
  const listed = await attempt(walk, () => fs.readdir(item.path, { withFileTypes: true }))
  if (!listed.ok) {
    walk.skipped.push(skipForFsError(item.path, 'Folder', listed.error))
    return
  }
  const ancestors = [...item.ancestors, identity]
  enqueue(
    listed.value.map(
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
  const readable = await attempt(walk, () => fs.access(item.path, fsConstants.R_OK))
  if (!readable.ok) {
    walk.skipped.push(skipForFsError(item.path, 'File', readable.error))
    return
  }
  walk.candidates.push({
    file: {
      path: item.path,
      name: item.name,
      root: item.drop.root,
      relativePath: path.relative(item.drop.base, item.path).split(path.sep).join('/'),
      size: stats.size,
      mtimeMs: stats.mtimeMs,
      ino: stats.ino,
      dev: stats.dev,
      kind
    },
    identity: await identityOf(walk, item.path, stats),
    dropIndex: item.drop.index,
    viaLink: item.viaLink
  })
}

async function statOrSkip(walk: Walk, itemPath: string, noun: 'File' | 'Folder'): Promise<Stats | null> {
  const stated = await attempt(walk, () => fs.stat(itemPath))
  if (stated.ok) return stated.value
  walk.skipped.push(skipForFsError(itemPath, noun, stated.error))
  return null
}

/** (dev, ino) names a real file or folder; where the platform reports ino 0, its real path stands in. */
async function identityOf(walk: Walk, itemPath: string, stats: Stats): Promise<string> {
  if (stats.ino !== 0) return `${stats.dev}:${stats.ino}`
  const real = await attempt(walk, () => fs.realpath(itemPath))
  return `path:${real.ok ? real.value : itemPath}`
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

/** One file-system call whose failure comes back as a value; a cancelled scan throws instead. */
async function attempt<T>(walk: Walk, call: () => Promise<T>): Promise<Outcome<T>> {
  throwIfAborted(walk.signal)
  let outcome: Outcome<T>
  try {
    outcome = { ok: true, value: await call() }
  } catch (error) {
    outcome = { ok: false, error }
  }
  throwIfAborted(walk.signal)
  return outcome
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted === true) throw new DOMException('The scan was cancelled', 'AbortError')
}
