// Decides which folders reached by a drop or a folder link are entered, between rounds of the walk and in drop and
// path order, so the same drop always names its files the same way whatever order the file system answers in.
import { promises as fs } from 'node:fs'
import path from 'node:path'
import { attempt, identityOf } from './scannerFsCalls'
import { nameRuleFor } from './scannerNameRules'
import { skip } from './scannerSkips'
import type { Drop, FolderLink, Item, Walk } from './scannerWalk'

interface ProbedDrop {
  drop: Drop
  /** Set for a dropped folder, or a dropped link to one; anything else is left to the walk to look at. */
  folder: { identity: string; real: string; viaLink: boolean } | null
}

/**
 * The first round's items. Every dropped folder is entered here, before the walk starts: a folder dropped twice, or
 * dropped along with a folder that holds it, is listed once, under the outermost drop.
 */
export async function claimDrops(walk: Walk, drops: readonly Drop[]): Promise<Item[]> {
  const admitted = drops.slice(0, walk.bounds.admit(drops.length))
  const probed = await Promise.all(admitted.map((drop) => probeDrop(walk, drop)))
  const realRoots = new Set<string>()
  for (const { folder } of probed) {
    if (folder === null) continue
    walk.bounds.addRealRoot(folder.real)
    realRoots.add(folder.real)
  }
  const items: Item[] = []
  for (const { drop, folder } of probed) {
    const item: Item = { drop, path: drop.root, name: path.basename(drop.root), type: undefined, ancestors: [], viaLink: false }
    if (folder === null) items.push(item)
    else if (reachedFromAnotherDrop(folder.real, realRoots) || walk.bounds.enter(folder.identity, drop.root) !== null) {
      walk.skipped.push(skip.duplicate(drop.root, drop.root))
    } else items.push({ ...item, viaLink: folder.viaLink, enteredAs: folder.identity })
  }
  return items
}

/** The next round's items: the folder links met in the last round, followed only into folders not yet entered. */
export function claimLinks(walk: Walk, links: readonly FolderLink[]): Item[] {
  const next: Item[] = []
  for (const { item, identity, real } of [...links].sort((a, b) => (a.item.path < b.item.path ? -1 : 1))) {
    if (item.ancestors.includes(identity)) {
      walk.skipped.push(skip.symlinkLoop(item.path))
      continue
    }
    // /proc/self, /, a home folder: following such a link turns a small drop into a walk of the whole disk.
    if (!walk.bounds.isInsideRoots(real)) {
      walk.skipped.push(skip.linkOutside(item.path))
      continue
    }
    const earlier = walk.bounds.enter(identity, item.path)
    if (earlier === null) next.push({ ...item, enteredAs: identity })
    else walk.skipped.push(skip.sameFolder(item.path, earlier))
  }
  return next
}

async function probeDrop(walk: Walk, drop: Drop): Promise<ProbedDrop> {
  const leaveToWalk: ProbedDrop = { drop, folder: null }
  // A hidden or system folder dropped on its own is reported by the walk, not entered.
  if (nameRuleFor(path.basename(drop.root)) !== null) return leaveToWalk
  const own = await attempt(walk.signal, () => fs.lstat(drop.root))
  if (!own.ok || !(own.value.isDirectory() || own.value.isSymbolicLink())) return leaveToWalk
  const target = own.value.isDirectory() ? own : await attempt(walk.signal, () => fs.stat(drop.root))
  if (!target.ok || !target.value.isDirectory()) return leaveToWalk
  const real = await attempt(walk.signal, () => fs.realpath(drop.root))
  if (!real.ok) return leaveToWalk
  const identity = await identityOf(walk.signal, drop.root, target.value)
  return { drop, folder: { identity, real: real.value, viaLink: own.value.isSymbolicLink() } }
}

/** Whether the walk of a dropped folder above this one reaches it by plain descent (no hidden folder between). */
function reachedFromAnotherDrop(real: string, realRoots: ReadonlySet<string>): boolean {
  for (let below = real, above = path.dirname(real); above !== below; below = above, above = path.dirname(above)) {
    if (!realRoots.has(above)) continue
    if (path.relative(above, real).split(path.sep).every((name) => nameRuleFor(name) === null)) return true
  }
  return false
}
