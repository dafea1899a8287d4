// The bytes behind upload tokens: the assembled data file, parked out-of-order chunks, and a running SHA-256.
import { createHash, type Hash } from 'node:crypto'
import { closeSync, openSync, readSync } from 'node:fs'
import { open, readdir, rename, rm, stat, truncate, type FileHandle } from 'node:fs/promises'
import { join } from 'node:path'
import type { Store, TokenRecord } from './store'

/** A received file part sitting in the scratch directory. */
export interface StoredPart {
  path: string
  length: number
  /** Running SHA-256 of the part, when it was computed while streaming (resume=false uploads). */
  digest?: Hash
}

interface ContentState {
  /** Parked chunk length by offset. */
  parked: Map<number, number>
  /** SHA-256 state covering exactly the first hashedLength bytes of the data file. */
  hash?: Hash
  hashedLength: number
}

const COPY_BUFFER_BYTES = 1024 * 1024
const CHUNK_PREFIX = 'chunk.'

export class TokenContents {
  private readonly states = new Map<string, ContentState>()

  constructor(private readonly store: Store) {}

  /** Reconciles one token's files after a restart: trims bytes written after the last saved length, finds parked chunks. */
  async load(token: TokenRecord): Promise<void> {
    if (token.status === 0) return
    const dir = this.store.tokenDir(token.id)
    const size = await fileSize(join(dir, 'data'))
    if (size > token.dataLength) await truncate(join(dir, 'data'), token.dataLength)
    if (size < token.dataLength) token.dataLength = size
    const state = this.state(token.id)
    for (const name of await readdir(dir).catch(() => [])) {
      if (!name.startsWith(CHUNK_PREFIX)) continue
      const offset = Number(name.slice(CHUNK_PREFIX.length))
      if (Number.isInteger(offset)) state.parked.set(offset, await fileSize(join(dir, name)))
    }
  }

  parkedCount(tokenId: string): number {
    return this.states.get(tokenId)?.parked.size ?? 0
  }

  dataPath(tokenId: string): string {
    return join(this.store.tokenDir(tokenId), 'data')
  }

  /** resume=false: the part becomes the whole file; earlier parked chunks are dropped. */
  async replace(token: TokenRecord, part: StoredPart): Promise<void> {
    await this.dropParked(token.id)
    await rename(part.path, this.dataPath(token.id))
    token.dataLength = part.length
    const state = this.state(token.id)
    state.hash = part.digest
    state.hashedLength = part.digest ? part.length : 0
  }

  /** Writes the part at `offset` (which must be ≤ the assembled length), overwriting any overlap. */
  async writeAt(token: TokenRecord, part: StoredPart, offset: number): Promise<void> {
    await this.copyInto(token, part.path, part.length, offset)
    await rm(part.path, { force: true })
  }

  /** Keeps a part for later; parts that could never extend the data are dropped instead. */
  async park(token: TokenRecord, part: StoredPart, offset: number): Promise<void> {
    if (part.length === 0 || offset + part.length <= token.dataLength) {
      await rm(part.path, { force: true })
      return
    }
    await rename(part.path, this.chunkPath(token.id, offset))
    this.state(token.id).parked.set(offset, part.length)
  }

  /** Appends parked chunks that start exactly at the end of the data, at most `limit` of them (§3.4 non-final). */
  async mergeAdjacent(token: TokenRecord, limit: number): Promise<void> {
    const parked = this.state(token.id).parked
    for (let merged = 0; merged < limit; merged++) {
      const length = parked.get(token.dataLength)
      if (length === undefined) return
      await this.applyParked(token, token.dataLength, length)
    }
  }

  /** Applies every parked chunk that overlaps the end of the data, repeatedly (§3.4 verified final). */
  async mergeOverlapping(token: TokenRecord): Promise<void> {
    const parked = this.state(token.id).parked
    let progressed = true
    while (progressed) {
      progressed = false
      for (const [offset, length] of [...parked.entries()].sort((a, b) => a[0] - b[0])) {
        if (offset <= token.dataLength && token.dataLength < offset + length) {
          await this.applyParked(token, offset, length)
          progressed = true
        } else if (offset + length <= token.dataLength) {
          await rm(this.chunkPath(token.id, offset), { force: true })
          parked.delete(offset)
        }
      }
    }
  }

  /** SHA-256 (hex) of the assembled bytes; recomputed from disk only after a restart or a non-identical overwrite. */
  sha256(token: TokenRecord): string {
    const state = this.state(token.id)
    if (!state.hash || state.hashedLength !== token.dataLength) {
      state.hash = hashFilePrefix(this.dataPath(token.id), token.dataLength)
      state.hashedLength = token.dataLength
    }
    return state.hash.copy().digest('hex')
  }

  /**
   * Unlocked mode: takes the parked chunk at `offset` away from every other request, as the rename to
   * `….locked` does (kUploadTokenMgr.php:564-570, :832-841); undefined when there is none or another request took it.
   */
  claimParked(tokenId: string, offset: number): { path: string; length: number } | undefined {
    const parked = this.state(tokenId).parked
    const length = parked.get(offset)
    if (length === undefined) return undefined
    parked.delete(offset)
    return { path: this.chunkPath(tokenId, offset), length }
  }

  /**
   * Unlocked mode: copies `length` bytes of `sourcePath` to `offset` a piece at a time, as PHP's fread/fwrite loop
   * does (kUploadTokenMgr.php:637-658), the end of file moving with each piece and `between` awaited after each, so
   * other requests read and write the same file meanwhile. The source is removed at the end.
   */
  async writeInPieces(token: TokenRecord, sourcePath: string, length: number, offset: number, pieceBytes: number, between: () => Promise<void>): Promise<void> {
    const state = this.state(token.id)
    const source = await open(sourcePath, 'r')
    const data = await openForWriting(this.dataPath(token.id))
    const buffer = Buffer.allocUnsafe(Math.max(1, Math.min(pieceBytes, length)))
    try {
      for (let done = 0; done < length; ) {
        const { bytesRead } = await source.read(buffer, 0, Math.min(buffer.length, length - done), done)
        if (bytesRead === 0) throw new Error(`part ${sourcePath} is shorter than ${length} bytes`)
        await writeFully(data, buffer.subarray(0, bytesRead), offset + done)
        done += bytesRead
        token.dataLength = Math.max(token.dataLength, offset + done)
        state.hash = undefined
        await between()
      }
    } finally {
      await Promise.all([source.close(), data.close()])
    }
    await rm(sourcePath, { force: true })
  }

  private async applyParked(token: TokenRecord, offset: number, length: number): Promise<void> {
    // Claimed before the copy: with unlocked writes another request may be after the same chunk.
    if (!this.claimParked(token.id, offset)) return
    const path = this.chunkPath(token.id, offset)
    await this.copyInto(token, path, length, offset)
    await rm(path, { force: true })
  }

  private async copyInto(token: TokenRecord, sourcePath: string, length: number, offset: number): Promise<void> {
    const state = this.state(token.id)
    const oldLength = token.dataLength
    let hashed = state.hash !== undefined && state.hashedLength === oldLength
    const source = await open(sourcePath, 'r')
    const data = await openForWriting(this.dataPath(token.id))
    const buffer = Buffer.allocUnsafe(Math.max(1, Math.min(COPY_BUFFER_BYTES, length)))
    const existing = Buffer.allocUnsafe(buffer.length)
    try {
      for (let done = 0; done < length; ) {
        const { bytesRead } = await source.read(buffer, 0, Math.min(buffer.length, length - done), done)
        if (bytesRead === 0) throw new Error(`part ${sourcePath} is shorter than ${length} bytes`)
        const block = buffer.subarray(0, bytesRead)
        const position = offset + done
        const overlap = Math.min(bytesRead, Math.max(0, oldLength - position))
        if (hashed && overlap > 0) {
          // The running hash stays right only if the overwritten bytes are identical (the usual re-send case).
          const read = await data.read(existing, 0, overlap, position)
          hashed = read.bytesRead === overlap && existing.subarray(0, overlap).equals(block.subarray(0, overlap))
        }
        await writeFully(data, block, position)
        if (hashed && overlap < bytesRead) state.hash?.update(block.subarray(overlap))
        done += bytesRead
      }
    } finally {
      await Promise.all([source.close(), data.close()])
    }
    token.dataLength = Math.max(token.dataLength, offset + length)
    if (hashed) state.hashedLength = token.dataLength
    else state.hash = undefined
  }

  private async dropParked(tokenId: string): Promise<void> {
    const parked = this.state(tokenId).parked
    await Promise.all([...parked.keys()].map((offset) => rm(this.chunkPath(tokenId, offset), { force: true })))
    parked.clear()
  }

  private chunkPath(tokenId: string, offset: number): string {
    return join(this.store.tokenDir(tokenId), `${CHUNK_PREFIX}${offset}`)
  }

  private state(tokenId: string): ContentState {
    let state = this.states.get(tokenId)
    if (!state) {
      state = { parked: new Map(), hashedLength: 0 }
      this.states.set(tokenId, state)
    }
    return state
  }
}

async function openForWriting(path: string): Promise<FileHandle> {
  try {
    return await open(path, 'r+')
  } catch {
    return open(path, 'w+')
  }
}

async function writeFully(file: FileHandle, block: Buffer, position: number): Promise<void> {
  for (let written = 0; written < block.length; ) {
    const result = await file.write(block, written, block.length - written, position + written)
    written += result.bytesWritten
  }
}

async function fileSize(path: string): Promise<number> {
  try {
    return (await stat(path)).size
  } catch {
    return 0
  }
}

function hashFilePrefix(path: string, length: number): Hash {
  const hash = createHash('sha256')
  if (length === 0) return hash
  const fd = openSync(path, 'r')
  const buffer = Buffer.allocUnsafe(COPY_BUFFER_BYTES)
  try {
    for (let done = 0; done < length; ) {
      const bytesRead = readSync(fd, buffer, 0, Math.min(buffer.length, length - done), done)
      if (bytesRead === 0) break
      hash.update(buffer.subarray(0, bytesRead))
      done += bytesRead
    }
  } finally {
    closeSync(fd)
  }
  return hash
}
