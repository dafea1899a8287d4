// Who a file is: its device, inode, size and modification time as recorded at enqueue, checked again on the very
// handle a chunk is then read from (so a rename between check and read cannot slip in), plus a content fingerprint
// for spotting duplicates.
import { createHash } from 'node:crypto'
import type { BigIntStats } from 'node:fs'
import { open, stat, type FileHandle } from 'node:fs/promises'
import { problemOfFsError, type FileProblem } from './fileProblems'

export interface FileIdentity {
  size: number
  mtimeMs: number
  ino: string | null
  dev: string | null
}

export type OpenedFile = { ok: true; handle: FileHandle } | { ok: false; problem: FileProblem }

function identityOf(s: BigIntStats): FileIdentity {
  return {
    size: Number(s.size),
    mtimeMs: Number(s.mtimeNs / 1_000_000n) + Number(s.mtimeNs % 1_000_000n) / 1e6,
    ino: s.ino > 0n ? s.ino.toString() : null,
    dev: s.dev.toString()
  }
}

/** Opens the file for reading and checks, on that handle, that it is still the file that was queued. */
export async function openUnchanged(path: string, expected: FileIdentity): Promise<OpenedFile> {
  let handle: FileHandle
  try {
    handle = await open(path, 'r')
  } catch (err) {
    return { ok: false, problem: problemOfFsError(err) }
  }
  try {
    const problem = compare(expected, identityOf(await handle.stat({ bigint: true })))
    if (!problem) return { ok: true, handle }
    await handle.close()
    return { ok: false, problem }
  } catch (err) {
    await handle.close().catch(() => undefined)
    return { ok: false, problem: problemOfFsError(err) }
  }
}

/**
 * The same comparison by path, without opening the file: before a file starts, and before its final call. One stat
 * instead of open, fstat and close; whether the bytes can still be read is learnt where they are read
 * (openUnchanged), and that check is the one a rename cannot slip past.
 */
export async function checkUnchanged(path: string, expected: FileIdentity): Promise<FileProblem | null> {
  try {
    return compare(expected, identityOf(await stat(path, { bigint: true })))
  } catch (err) {
    return problemOfFsError(err)
  }
}

function compare(expected: FileIdentity, now: FileIdentity): FileProblem | null {
  if (expected.ino !== null && now.ino !== null && (now.ino !== expected.ino || now.dev !== expected.dev)) return { kind: 'replaced' }
  if (now.size !== expected.size || Math.abs(now.mtimeMs - expected.mtimeMs) > 1) return { kind: 'changed', sizeBefore: expected.size, sizeNow: now.size }
  return null
}

const SAMPLE = 64 * 1024

/**
 * Identity and content fingerprint in one open: SHA-256 over the size and three 64 KiB samples (start, middle,
 * end), cheap even for 5 GiB files.
 */
export async function identifyFile(path: string): Promise<{ identity: FileIdentity; fingerprint: string }> {
  const handle = await open(path, 'r')
  try {
    const identity = identityOf(await handle.stat({ bigint: true }))
    const size = identity.size
    const hash = createHash('sha256').update(`${size}:`)
    const offsets = size <= SAMPLE * 3 ? [0] : [0, Math.floor(size / 2) - SAMPLE / 2, size - SAMPLE]
    const length = size <= SAMPLE * 3 ? size : SAMPLE
    const buffer = Buffer.alloc(length)
    for (const offset of offsets) {
      const { bytesRead } = await handle.read(buffer, 0, length, offset)
      hash.update(buffer.subarray(0, bytesRead))
    }
    return { identity, fingerprint: hash.digest('hex') }
  } finally {
    await handle.close()
  }
}
