// Turns scanned files into journal rows for one batch: re-reads each file's identity, fingerprints its content,
// and flags files already uploaded or queued from this journal and identical files within the batch, applying the
// batch's duplicate policy. The same classification (duplicateOf) tells the scan summary about them before Start.
import { randomBytes } from 'node:crypto'
import type { FileRow, Journal, NewCaption, NewFile } from '../journal/journal'
import type { EntryFields } from '../../shared/entryFields'
import type { BatchMetadata, DuplicatePolicy } from '../../shared/uploads'
import { checkUnchanged, identifyFile, type FileIdentity } from './fileIdentity'
import { fileProblemMessage, problemOfFsError } from './fileProblems'

/** A scanned file: where it is and what it is, with the size and time the "already known" rule compares. */
export type FileToEnqueue = Pick<NewFile, 'path' | 'name' | 'relativePath' | 'kind' | 'size' | 'mtimeMs'>

/** A file's identity and content fingerprint as read once (at the scan); reused at Start while the file is unchanged. */
export interface Identified {
  identity: FileIdentity
  fingerprint: string
}

export interface EnqueueRequest {
  files: readonly FileToEnqueue[]
  profileId: string
  metadata: BatchMetadata
  duplicatePolicy: DuplicatePolicy
  /** What the scan already read, by path. */
  identified?: ReadonlyMap<string, Identified>
  /** Each file's own entry details and caption files, by path (a metadata sheet, mirrored folders, edits). */
  perFile?: ReadonlyMap<string, FileIntake>
}

/** What one file brings beyond its bytes. */
export interface FileIntake {
  entryFields?: EntryFields
  captions?: readonly NewCaption[]
  /** Something the user should know about what it brought (a folder that could not be a category, a caption left out). */
  notice?: string
}

/**
 * Why a file is a duplicate: the journal has it uploaded ('uploaded') or still under way ('queued'), by the
 * "already known" rule or by content; or an earlier file of the same batch has the same content ('in-batch'),
 * which says nothing about it having been uploaded.
 */
export type DuplicateKind = 'uploaded' | 'queued' | 'in-batch'

export interface DuplicateFound {
  path: string
  kind: DuplicateKind
  /** The earlier file with the same size and content (null for one of the same batch, not yet journaled). */
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
  const { known, knownDone, fresh } = splitKnown(journal, req.files, req.duplicatePolicy)
  const prepared = await identifyAll(fresh, { reuse: req.identified })
  const rows: NewFile[] = []
  const duplicates: DuplicateFound[] = knownDone.map(({ file, row }) => knownDuplicate(file, row))
  const rejected: EnqueueResult['rejected'] = []
  const seenInBatch = new Map<string, FileToEnqueue>()
  prepared.forEach((p, i) => {
    const file = fresh[i]!
    if ('error' in p) return rejected.push({ path: file.path, message: p.error })
    if (p.identity.size === 0) return rejected.push({ path: file.path, message: 'Empty file (0 bytes): nothing to upload.' })
    const found = duplicateOf(journal, file, p, seenInBatch)
    if (found) duplicates.push(found)
    const skip = found !== null && req.duplicatePolicy === 'skip'
    const own = req.perFile?.get(file.path)
    rows.push({
      path: file.path,
      name: file.name,
      relativePath: file.relativePath,
      kind: file.kind,
      size: p.identity.size,
      mtimeMs: p.identity.mtimeMs,
      ino: p.identity.ino,
      dev: p.identity.dev,
      fingerprint: p.fingerprint,
      referenceId: own?.entryFields?.referenceId ?? newReferenceId(req.metadata),
      entryFields: own?.entryFields ?? null,
      ...(own?.captions ? { captions: own.captions } : {}),
      state: skip ? 'skipped' : 'queued',
      duplicateOf: found?.ofFileId ?? null,
      notice: [found ? duplicateNotice(found, req.duplicatePolicy) : null, own?.notice ?? null].filter((n) => n !== null).join(' ') || null
    })
  })

  const batchId = journal.createBatch({ profileId: req.profileId, metadata: req.metadata, duplicatePolicy: req.duplicatePolicy })
  const fileIds = journal.addFiles(batchId, rows)
  return { batchId, fileIds, known, duplicates, rejected }
}

/**
 * The duplicates a batch would have if it started now, before anything is journaled: the known files (uploaded or
 * still under way) and, for the others, their content against the journal and against each other.
 */
export function previewDuplicates(journal: Journal, files: readonly FileToEnqueue[], identified: ReadonlyMap<string, Identified>): DuplicateFound[] {
  const found: DuplicateFound[] = []
  const seenInBatch = new Map<string, FileToEnqueue>()
  for (const file of files) {
    const row = knownRow(journal, file)
    if (row) {
      found.push(knownDuplicate(file, row))
      continue
    }
    const read = identified.get(file.path)
    const match = read ? duplicateOf(journal, file, read, seenInBatch) : null
    if (match) found.push(match)
  }
  return found
}

/** Identity and fingerprint of each file, 16 at a time; a file that cannot be read is kept as the message why. */
export async function identifyAll(
  files: readonly FileToEnqueue[],
  opts: { reuse?: ReadonlyMap<string, Identified> | undefined; signal?: AbortSignal } = {}
): Promise<Array<Identified | { error: string }>> {
  return mapLimited(files, CONCURRENCY, async (f) => {
    opts.signal?.throwIfAborted()
    const earlier = opts.reuse?.get(f.path)
    try {
      // The fingerprint read at the scan still holds while the file is the very same one (checked on an open handle).
      if (earlier && (await checkUnchanged(f.path, earlier.identity)) === null) return earlier
      return await identifyFile(f.path)
    } catch (err) {
      return { error: fileProblemMessage(problemOfFsError(err), 'chosen') }
    }
  })
}

/** The one content rule: same size and fingerprint as a live or finished journal file, or an earlier file of the batch. */
function duplicateOf(journal: Journal, file: FileToEnqueue, read: Identified, seenInBatch: Map<string, FileToEnqueue>): DuplicateFound | null {
  const key = `${read.identity.size}:${read.fingerprint}`
  const earlier = journal.findDuplicate(read.identity.size, read.fingerprint)
  const sibling = seenInBatch.get(key)
  if (!sibling) seenInBatch.set(key, file)
  if (earlier) return { path: file.path, kind: earlier.state === 'done' ? 'uploaded' : 'queued', ofFileId: earlier.id, ofPath: earlier.path, entryId: earlier.entryId }
  if (sibling) return { path: file.path, kind: 'in-batch', ofFileId: null, ofPath: sibling.path, entryId: null }
  return null
}

/** A known file that is done, or was skipped as a duplicate, is uploaded already; any other is still under way. */
function isSettled(row: FileRow): boolean {
  return row.state === 'done' || row.state === 'skipped'
}

function knownDuplicate(file: FileToEnqueue, row: FileRow): DuplicateFound {
  return { path: file.path, kind: isSettled(row) ? 'uploaded' : 'queued', ofFileId: row.id, ofPath: row.path, entryId: row.entryId }
}

function duplicateNotice(found: DuplicateFound, policy: DuplicatePolicy): string {
  if (found.kind === 'in-batch') {
    return policy === 'skip' ? `Skipped: identical to ${found.ofPath} in this batch.` : `Identical to ${found.ofPath} in this batch; uploaded as well, as the batch asked.`
  }
  const where = found.entryId ? `entry ${found.entryId}` : found.ofPath
  return policy === 'skip' ? `Skipped: same content as ${where}.` : `Same content as ${where}; uploaded again as the batch asked.`
}

/** A new entry's referenceId: the batch's prefix plus an id of its own, so every entry stays findable. */
export function newReferenceId(metadata: BatchMetadata): string {
  return `${metadata.referenceIdPrefix?.trim() || 'kbu-'}${randomBytes(9).toString('base64url')}`
}

/**
 * The one "already known" rule: a file the journal already has under the same path, with the same size and
 * modification time, and not canceled, is that file again. Dropping or naming a folder a second time resumes (or
 * retries) its files instead of queuing them twice. A finished one is not uploaded again unless the batch asks to
 * upload duplicates again; then it goes through as a new file, whose content says it is a duplicate.
 */
function knownRow(journal: Journal, f: FileToEnqueue): FileRow | null {
  const row = journal.latestByPath(f.path)
  return row && row.state !== 'canceled' && row.size === f.size && Math.abs(row.mtimeMs - f.mtimeMs) <= 1 ? row : null
}

function splitKnown<F extends FileToEnqueue>(journal: Journal, files: readonly F[], policy: DuplicatePolicy): { known: number[]; knownDone: Array<{ file: F; row: FileRow }>; fresh: F[] } {
  const known: number[] = []
  const knownDone: Array<{ file: F; row: FileRow }> = []
  const fresh: F[] = []
  for (const f of files) {
    const row = knownRow(journal, f)
    if (row && isSettled(row) && policy === 'upload') fresh.push(f)
    else if (row) {
      known.push(row.id)
      if (isSettled(row)) knownDone.push({ file: f, row })
    } else fresh.push(f)
  }
  return { known, knownDone, fresh }
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
