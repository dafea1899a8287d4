// Turns scanned files into journal rows for one batch: re-reads each file's identity, fingerprints its content,
// and flags files already uploaded or queued from this journal, applying the batch's duplicate policy.
import { randomBytes } from 'node:crypto'
import type { Journal, NewFile } from '../journal/journal'
import type { BatchMetadata, DuplicatePolicy } from '../../shared/uploads'
import { identifyFile } from './fileIdentity'
import { fileProblemMessage, problemOfFsError } from './fileProblems'

/** A scanned file: where it is and what it is, with the size and time the "already known" rule compares. */
export type FileToEnqueue = Pick<NewFile, 'path' | 'name' | 'relativePath' | 'kind' | 'size' | 'mtimeMs'>

export interface EnqueueRequest {
  files: readonly FileToEnqueue[]
  profileId: string
  metadata: BatchMetadata
  duplicatePolicy: DuplicatePolicy
}

export interface DuplicateFound {
  path: string
  /** The earlier file with the same size and content. */
  ofFileId: number | null
  ofPath: string
  entryId: string | null
}

export interface EnqueueResult {
  batchId: number
  /** Newly journaled files. */
  fileIds: number[]
  /** Files this journal already had (same path, size and modification time, not canceled): resumed, not added. */
  known: number[]
  duplicates: DuplicateFound[]
  /** Files that could not be read or were empty by the time they were queued; nothing was journaled for them. */
  rejected: Array<{ path: string; message: string }>
}

const CONCURRENCY = 16

export async function enqueueFiles(journal: Journal, req: EnqueueRequest): Promise<EnqueueResult> {
  const { known, fresh } = splitKnown(journal, req.files)
  const prepared = await mapLimited(fresh, CONCURRENCY, async (f) => {
    try {
      const { identity, fingerprint } = await identifyFile(f.path)
      if (identity.size === 0) return { file: f, error: 'Empty file (0 bytes): nothing to upload.' }
      return { file: f, identity, fingerprint }
    } catch (err) {
      return { file: f, error: fileProblemMessage(problemOfFsError(err), 'chosen') }
    }
  })

  const rows: NewFile[] = []
  const duplicates: DuplicateFound[] = []
  const rejected: EnqueueResult['rejected'] = []
  const seenInBatch = new Map<string, FileToEnqueue>()
  for (const p of prepared) {
    if (!('identity' in p) || !p.identity || !p.fingerprint) {
      rejected.push({ path: p.file.path, message: p.error ?? 'The file cannot be read.' })
      continue
    }
    const key = `${p.identity.size}:${p.fingerprint}`
    const earlier = journal.findDuplicate(p.identity.size, p.fingerprint)
    const sibling = seenInBatch.get(key)
    let duplicateOf: number | null = null
    let notice: string | null = null
    if (earlier || sibling) {
      const found: DuplicateFound = earlier
        ? { path: p.file.path, ofFileId: earlier.id, ofPath: earlier.path, entryId: earlier.entryId }
        : { path: p.file.path, ofFileId: null, ofPath: sibling!.path, entryId: null }
      duplicates.push(found)
      duplicateOf = earlier?.id ?? null
      const where = found.entryId ? `entry ${found.entryId}` : found.ofPath
      notice = req.duplicatePolicy === 'skip' ? `Skipped: same content as ${where}.` : `Same content as ${where}; uploaded again as the batch asked.`
    }
    seenInBatch.set(key, p.file)
    rows.push({
      path: p.file.path,
      name: p.file.name,
      relativePath: p.file.relativePath,
      kind: p.file.kind,
      size: p.identity.size,
      mtimeMs: p.identity.mtimeMs,
      ino: p.identity.ino,
      dev: p.identity.dev,
      fingerprint: p.fingerprint,
      referenceId: newReferenceId(req.metadata),
      state: notice && req.duplicatePolicy === 'skip' ? 'skipped' : 'queued',
      duplicateOf,
      notice
    })
  }

  const batchId = journal.createBatch({ profileId: req.profileId, metadata: req.metadata, duplicatePolicy: req.duplicatePolicy })
  const fileIds = journal.addFiles(batchId, rows)
  return { batchId, fileIds, known, duplicates, rejected }
}

/** A new entry's referenceId: the batch's prefix plus an id of its own, so every entry stays findable. */
export function newReferenceId(metadata: BatchMetadata): string {
  return `${metadata.referenceIdPrefix?.trim() || 'kbu-'}${randomBytes(9).toString('base64url')}`
}

/**
 * The one "already known" rule: a file the journal already has under the same path, with the same size and
 * modification time, and not canceled, is that file again. Dropping or naming a folder a second time resumes (or
 * retries) its files instead of queuing them twice.
 */
function splitKnown<F extends FileToEnqueue>(journal: Journal, files: readonly F[]): { known: number[]; fresh: F[] } {
  const known: number[] = []
  const fresh: F[] = []
  for (const f of files) {
    const row = journal.latestByPath(f.path)
    if (row && row.state !== 'canceled' && row.size === f.size && Math.abs(row.mtimeMs - f.mtimeMs) <= 1) known.push(row.id)
    else fresh.push(f)
  }
  return { known, fresh }
}

async function mapLimited<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length)
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++
      out[i] = await fn(items[i]!)
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
  return out
}
