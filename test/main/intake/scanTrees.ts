// Folder trees made on disk for the scanner's stories, removed after each test.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach } from 'vitest'

/** A folder tree: a string is a file with that content, an object is a folder. */
export interface Tree {
  [name: string]: string | Tree
}

const made: string[] = []
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true })
})

export function tempFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kbu-bounds-'))
  made.push(dir)
  return dir
}

export function build(at: string, tree: Tree): string {
  mkdirSync(at, { recursive: true })
  for (const [name, content] of Object.entries(tree)) {
    if (typeof content === 'string') writeFileSync(join(at, name), content)
    else build(join(at, name), content)
  }
  return at
}

/** `folders` folders of `filesEach` one-byte videos under `at`. */
export function buildLibrary(at: string, folders: number, filesEach: number): string {
  const tree: Tree = {}
  for (let folder = 0; folder < folders; folder += 1) {
    const files: Tree = {}
    for (let file = 0; file < filesEach; file += 1) files[`clip ${file}.mp4`] = 'v'
    tree[`reel ${folder}`] = files
  }
  return build(at, tree)
}
