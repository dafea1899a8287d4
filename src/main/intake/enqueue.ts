// Turns scanned files into journal rows for one batch. The window's Start journals them at once, unread
// (enqueueUnread): the engine reads each in queue order before it may start, and applies the batch's duplicate policy
// then (lateDuplicateOf). The command reads every file first (enqueueFiles). Either way the same rules flag files
// already uploaded or queued from this journal and identical files within the batch; the scan summary previews them.
import { randomBytes } from 'node:crypto'
import type { FilePatch, FileRow, Journal, NewCaption, NewFile } from '../journal/journal'
import type { EntryFields } from '../../shared/entryFields'
import type { BatchMetadata, DuplicatePolicy } from '../../shared/uploads'
import type { FileIdentity } from './fileIdentity'
import { fileProblemMessage } from './fileProblems'
import { readIdentity } from './orderedReads'

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
 * Start without reading a byte: the "already known" rule decides at once, and every other file is journaled as the
 * scan saw it (size and time), in one transaction, without identity or fingerprint. The engine reads each in queue
 * order before it may start (a null fingerprint holds it back) and applies the batch's policy then. `foreseen` holds
 * the duplicates the scan summary had found by Start, which the reads will find again while the files are unchanged:
 * they are counted in the answer (`duplicates`, and `foreseenSkips` of the new rows under the skip policy).
 */
export function enqueueUnread(
  journal: Journal,
  req: EnqueueRequest & { foreseen: readonly DuplicateFound[] }
): EnqueueResult & { unread: Array<{ id: number; path: string }>; foreseenSkips: number } {
  const { known, knownDone, fresh } = splitKnown(journal, req.files, req.duplicatePolicy)
  const freshPaths = new Set(fresh.map((f) => f.path))
  const foreseen = req.foreseen.filter((d) => freshPaths.has(d.path))
  // One call to the random source for all of them: 10,000 calls cost more than the rest of the rows together.
  const random = randomBytes(REFERENCE_ID_BYTES * fresh.length)
  const rows: NewFile[] = fresh.map((file, i) => {
    const own = req.perFile?.get(file.path)
    return {
      path: file.path,
      name: file.name,
      relativePath: file.relativePath,
      kind: file.kind,
      size: file.size,
      mtimeMs: file.mtimeMs,
      ino: null,
      dev: null,
      fingerprint: null,
      referenceId: own?.entryFields?.referenceId ?? newReferenceId(req.metadata, random.subarray(i * REFERENCE_ID_BYTES, (i + 1) * REFERENCE_ID_BYTES)),
      entryFields: own?.entryFields ?? null,
      ...(own?.captions ? { captions: own.captions } : {}),
      notice: own?.notice ?? null,
      state: 'queued'
    }
  })
  const batchId = journal.createBatch({ profileId: req.profileId, metadata: req.metadata, duplicatePolicy: req.duplicatePolicy })
  const fileIds = journal.addFiles(batchId, rows)
  const duplicates = [...knownDone.map(({ file, row }) => knownDuplicate(file, row)), ...foreseen]
  const unread = fileIds.map((id, i) => ({ id, path: fresh[i]!.path }))
  return { batchId, fileIds, unread, known, duplicates, rejected: [], foreseenSkips: req.duplicatePolicy === 'skip' ? foreseen.length : 0 }
}

/**
 * A journaled file's content, read after Start, judged by the same rule as at Start: a live or finished file with
 * the same size and fingerprint (one of the same batch makes it identical within the batch). Its reads are applied
 * in queue order, so the earlier of two identical files of a batch is the one uploaded. Returns what to journal, and
 * whether the batch's policy skips it.
 */
export function lateDuplicateOf(journal: Journal, row: FileRow, read: Identified, policy: DuplicatePolicy): { patch: FilePatch; duplicateOf: number | null; skip: boolean } {
  const { size, mtimeMs, ino, dev } = read.identity
  const earlier = journal.findDuplicate(size, read.fingerprint, row.id)
  const identity: FilePatch = { size, mtimeMs, ino, dev, fingerprint: read.fingerprint }
  if (!earlier) return { patch: identity, duplicateOf: null, skip: false }
  const sameBatch = earlier.batchId === row.batchId
  const found: DuplicateFound = sameBatch
    ? { path: row.path, kind: 'in-batch', ofFileId: null, ofPath: earlier.path, entryId: null }
    : { path: row.path, kind: earlier.state === 'done' ? 'uploaded' : 'queued', ofFileId: earlier.id, ofPath: earlier.path, entryId: earlier.entryId }
  // What Start noted (a folder Kaltura cannot take as a category, a caption file gone) stays after the duplicate's word.
  const notice = [duplicateNotice(found, policy), row.notice].filter((n) => n !== null).join(' ')
  return { patch: { ...identity, notice }, duplicateOf: found.ofFileId, skip: policy === 'skip' }
}

/**
 * The duplicates a batch would have if it started now, before anything is journaled, found as the scan's files are
 * read: the known files (uploaded or still under way) at once, the others' content as each read arrives, in order.
 */
export class DuplicatePreview {
  readonly found: DuplicateFound[] = []
  private readonly seenInBatch = new Map<string, FileToEnqueue>()

  constructor(private readonly journal: Journal) {}

  /** Applies the "already known" rule; true when it decides the file, which then needs no read. */
  known(file: FileToEnqueue): boolean {
    const row = knownRow(this.journal, file)
    if (row) this.found.push(knownDuplicate(file, row))
    return row !== null
  }

  /** A file's content as read; files are given in the scan's order. */
  read(file: FileToEnqueue, read: Identified): void {
    const match = duplicateOf(this.journal, file, read, this.seenInBatch)
    if (match) this.found.push(match)
  }
}

/** Identity and fingerprint of each file, 16 at a time; a file that cannot be read is kept as the message why. */
export async function identifyAll(files: readonly FileToEnqueue[], opts: { reuse?: ReadonlyMap<string, Identified> | undefined } = {}): Promise<Array<Identified | { error: string }>> {
  return mapLimited(files, CONCURRENCY, async (f) => {
    const read = await readIdentity(f.path, opts.reuse?.get(f.path))
    return 'problem' in read ? { error: fileProblemMessage(read.problem, 'chosen') } : read
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

const REFERENCE_ID_BYTES = 9

/** A new entry's referenceId: the batch's prefix plus an id of its own, so every entry stays findable. */
export function newReferenceId(metadata: BatchMetadata, random: Buffer = randomBytes(REFERENCE_ID_BYTES)): string {
  return `${metadata.referenceIdPrefix?.trim() || 'kbu-'}${random.toString('base64url')}`
}

/**
 * The one "already known" rule: a file the journal already has under the same path, with the same size and
 * modification time, and not canceled, is that file again. Dropping or naming a folder a second time resumes (or
 * retries) its files instead of queuing them twice. A finished one is not uploaded again unless the batch asks to
 * upload duplicates again; then it goes through as a new file, whose content says it is a duplicate.
 */
function knownRow(journal: Journal, f: FileToEnqueue): FileRow | null {
  const row = journaledAsIs(journal, f)
  return row && row.state !== 'canceled' ? row : null
}

/** The journal's latest row for this path when it is the file as it is now (same size and modification time), in any state. */
export function journaledAsIs(journal: Journal, file: Pick<FileToEnqueue, 'path' | 'size' | 'mtimeMs'>): FileRow | null {
  const row = journal.latestByPath(file.path)
  return row && row.size === file.size && Math.abs(row.mtimeMs - file.mtimeMs) <= 1 ? row : null
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
