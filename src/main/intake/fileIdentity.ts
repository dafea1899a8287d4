// Who a file is: its size, modification time and inode as recorded at enqueue, checked again before every
// chunk and before finalizing, plus a content fingerprint for spotting duplicates.
import { createHash } from 'node:crypto'
import type { BigIntStats } from 'node:fs'
import { open, stat } from 'node:fs/promises'

export interface FileIdentity {
  size: number
  mtimeMs: number
  ino: string | null
  dev: string | null
}

export type IdentityCheck =
  | { ok: true }
  | { ok: false; reason: 'deleted' | 'unreadable' | 'changed' | 'replaced'; message: string }

export async function readIdentity(path: string): Promise<FileIdentity> {
  return identityOf(await stat(path, { bigint: true }))
}

function identityOf(s: BigIntStats): FileIdentity {
  return {
    size: Number(s.size),
    mtimeMs: Number(s.mtimeNs / 1_000_000n) + Number(s.mtimeNs % 1_000_000n) / 1e6,
    ino: s.ino > 0n ? s.ino.toString() : null,
    dev: s.dev.toString()
  }
}

/** Compares the file on disk with what was recorded; says in words what happened when it differs. */
export async function checkIdentity(path: string, expected: FileIdentity): Promise<IdentityCheck> {
  let now: FileIdentity
  try {
    now = await readIdentity(path)
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    if (code === 'ENOENT' || code === 'ENOTDIR') return { ok: false, reason: 'deleted', message: 'The file was deleted or moved after it was queued.' }
    return { ok: false, reason: 'unreadable', message: `The file can no longer be read (${code ?? 'error'}).` }
  }
  if (expected.ino !== null && now.ino !== null && (now.ino !== expected.ino || now.dev !== expected.dev)) {
    return { ok: false, reason: 'replaced', message: 'The file was replaced by another file with the same name after it was queued.' }
  }
  if (now.size !== expected.size || Math.abs(now.mtimeMs - expected.mtimeMs) > 1) {
    return { ok: false, reason: 'changed', message: `The file changed after it was queued (size ${expected.size} → ${now.size} bytes); it was not finished with mixed content.` }
  }
  return { ok: true }
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
