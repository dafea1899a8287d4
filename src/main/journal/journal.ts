// The upload journal: every fact the engine must not forget across restarts, kept in SQLite with prepared
// statements. This is the only module with SQL for files, chunks, batches, profiles and settings.
import { ChunkLimitStore } from './chunkLimits'
import { ReferenceIdSupport } from './referenceIdSupport'
import { CaptionStore } from './captions'
import type { EntryFields } from '../../shared/entryFields'
import type Database from 'better-sqlite3'
import type { BatchMetadata, DuplicatePolicy, FileState, Settings } from '../../shared/uploads'
import { DEFAULT_SETTINGS } from '../../shared/uploads'
import { TERMINAL_STATES } from '../../shared/fileStates'
import { PATCH_COLUMNS, toFileRow, toProfileRow, type BatchRow, type ChunkRow, type FilePatch, type FileRow, type NewFile, type ProfileRow, type RawFile, type RawProfile, type SqlValue } from './rows'

export type { BatchRow, CaptionPatch, CaptionRow, ChunkRow, FilePatch, FileRow, NewCaption, NewFile, ProfileRow } from './rows'

/** An empty set of fields is stored as none: the file takes the batch's. */
function entryFieldsJson(fields: EntryFields | null | undefined): string | null {
  return fields && Object.keys(fields).length > 0 ? JSON.stringify(fields) : null
}

function prepareStatements(db: Database.Database) {
  return {
    insertBatch: db.prepare('INSERT INTO batches (profile_id, created_at, metadata, duplicate_policy) VALUES (?, ?, ?, ?)'),
    getBatch: db.prepare('SELECT * FROM batches WHERE id = ?'),
    // Bound by position: for a 10,000-file Start, named parameters cost more than the inserts themselves.
    insertFile: db.prepare(`INSERT INTO files (batch_id, path, name, relative_path, kind, size, mtime_ms, ino, dev,
      fingerprint, reference_id, state, duplicate_of, notice, entry_fields, created_at, updated_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
    getFile: db.prepare('SELECT * FROM files WHERE id = ?'),
    filesByIds: db.prepare('SELECT f.* FROM json_each(?) j JOIN files f ON f.id = j.value ORDER BY j.key'),
    allFiles: db.prepare('SELECT * FROM files ORDER BY id'),
    visibleFiles: db.prepare('SELECT * FROM files WHERE archived = 0 ORDER BY id'),
    stateCounts: db.prepare(`SELECT state, count(*) AS files, sum(size) AS bytes,
      sum(CASE WHEN state = 'done' OR uploaded = 1 THEN size ELSE confirmed_bytes END) AS confirmed
      FROM files WHERE archived = 0 GROUP BY state`),
    batchStateCounts: db.prepare('SELECT state, count(*) AS files FROM files WHERE batch_id = ? GROUP BY state'),
    fileState: db.prepare('SELECT state FROM files WHERE id = ?').pluck(),
    confirmedBytes: db.prepare('SELECT confirmed_bytes FROM files WHERE id = ?').pluck(),
    markUploaded: db.prepare('UPDATE files SET uploaded = 1, confirmed_bytes = size, updated_at = ? WHERE id = ?'),
    // Newest first: files run in the order they were added, so a running batch's open files are mostly its last ones.
    newestOpenFile: db.prepare(`SELECT id FROM files WHERE batch_id = ? AND state NOT IN (SELECT value FROM json_each(?))
      ORDER BY id DESC LIMIT 1`).pluck(),
    archiveFinished: db.prepare(`UPDATE files SET archived = 1 WHERE state IN ('done', 'canceled', 'skipped')`),
    archiveFile: db.prepare('UPDATE files SET archived = 1 WHERE id = ?'),
    filesInStates: db.prepare('SELECT * FROM files WHERE state IN (SELECT value FROM json_each(?)) ORDER BY id'),
    accountFilesInStates: db.prepare(`SELECT f.* FROM files f JOIN batches b ON b.id = f.batch_id
      WHERE b.profile_id = ? AND f.state IN (SELECT value FROM json_each(?)) ORDER BY f.id`),
    findDuplicate: db.prepare(`SELECT * FROM files WHERE size = ? AND fingerprint = ? AND id != ?
      AND state NOT IN ('canceled', 'skipped', 'failed') ORDER BY (state = 'done') DESC, id LIMIT 1`),
    latestByPath: db.prepare('SELECT * FROM files WHERE path = ? ORDER BY id DESC LIMIT 1'),
    setDuplicateOf: db.prepare('UPDATE files SET duplicate_of = ?, updated_at = ? WHERE id = ?'),
    // A video's token or a caption's: either is in use.
    tokensInUse: db.prepare(`SELECT token_id AS id FROM files WHERE token_id IN (SELECT value FROM json_each(@ids))
      UNION SELECT token_id AS id FROM captions WHERE token_id IN (SELECT value FROM json_each(@ids))`),
    entriesInUse: db.prepare('SELECT DISTINCT entry_id AS id FROM files WHERE entry_id IN (SELECT value FROM json_each(?))'),
    chunkSending: db.prepare(`INSERT INTO chunks (file_id, token_id, offset, length, state, updated_at)
      VALUES (?, ?, ?, ?, 'sending', ?) ON CONFLICT (file_id, offset)
      DO UPDATE SET token_id = excluded.token_id, length = excluded.length, state = 'sending', updated_at = excluded.updated_at`),
    chunkAcked: db.prepare(`UPDATE chunks SET state = 'acked', updated_at = ? WHERE file_id = ? AND offset = ?`),
    chunksFor: db.prepare('SELECT offset, length, state, token_id AS tokenId FROM chunks WHERE file_id = ? ORDER BY offset'),
    dropChunksBelow: db.prepare('DELETE FROM chunks WHERE file_id = ? AND offset + length <= ?'),
    clearChunks: db.prepare('DELETE FROM chunks WHERE file_id = ?'),
    setConfirmed: db.prepare('UPDATE files SET confirmed_bytes = max(confirmed_bytes, ?), updated_at = ? WHERE id = ?'),
    upsertProfile: db.prepare(`INSERT INTO profiles (id, name, service_url, partner_id, user_id, auth_kind, app_token_id, role_id, created_at, updated_at)
      VALUES (@id, @name, @serviceUrl, @partnerId, @userId, @authKind, @appTokenId, @roleId, @now, @now) ON CONFLICT (id) DO UPDATE SET
      name = excluded.name, service_url = excluded.service_url, partner_id = excluded.partner_id,
      user_id = excluded.user_id, auth_kind = excluded.auth_kind, app_token_id = excluded.app_token_id, role_id = excluded.role_id, updated_at = excluded.updated_at`),
    getProfile: db.prepare('SELECT * FROM profiles WHERE id = ?'),
    allProfiles: db.prepare('SELECT * FROM profiles ORDER BY name'),
    deleteProfile: db.prepare('DELETE FROM profiles WHERE id = ?'),
    getSetting: db.prepare('SELECT value FROM settings WHERE key = ?'),
    setSetting: db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value'),
    dropSending: db.prepare(`DELETE FROM chunks WHERE file_id = ? AND state = 'sending'`),
    setConfirmedExact: db.prepare('UPDATE files SET confirmed_bytes = ?, updated_at = ? WHERE id = ?')
  }
}

type Statements = ReturnType<typeof prepareStatements>

const TERMINAL_STATES_JSON = JSON.stringify(TERMINAL_STATES)

export class Journal {
  private readonly patchStatements = new Map<string, Database.Statement>()
  private readonly s: Statements
  readonly chunkLimits: ChunkLimitStore
  readonly referenceIds: ReferenceIdSupport
  readonly captions: CaptionStore

  constructor(readonly db: Database.Database, private readonly now: () => number = Date.now) {
    this.s = prepareStatements(db)
    this.chunkLimits = new ChunkLimitStore(db, now)
    this.referenceIds = new ReferenceIdSupport(db, now)
    this.captions = new CaptionStore(db, now)
  }

  close(): void {
    this.db.close()
  }

  // Batches and files

  createBatch(batch: { profileId: string; metadata: BatchMetadata; duplicatePolicy: DuplicatePolicy }): number {
    const r = this.s.insertBatch.run(batch.profileId, this.now(), JSON.stringify(batch.metadata), batch.duplicatePolicy)
    return Number(r.lastInsertRowid)
  }

  getBatch(id: number): BatchRow | undefined {
    const r = this.s.getBatch.get(id) as
      | { id: number; profile_id: string; created_at: number; metadata: string; duplicate_policy: DuplicatePolicy }
      | undefined
    if (!r) return undefined
    return {
      id: r.id,
      profileId: r.profile_id,
      createdAt: r.created_at,
      metadata: JSON.parse(r.metadata) as BatchMetadata,
      duplicatePolicy: r.duplicate_policy
    }
  }

  /** Adds files to a batch in one transaction; returns their ids in order. */
  addFiles(batchId: number, files: readonly NewFile[]): number[] {
    const now = this.now()
    return this.db.transaction(() =>
      files.map((f) => {
        const { path, name, relativePath, kind, size, mtimeMs, ino, dev, fingerprint, referenceId, state } = f
        const values = [batchId, path, name, relativePath, kind, size, mtimeMs, ino, dev, fingerprint, referenceId, state]
        const id = Number(this.s.insertFile.run(...values, f.duplicateOf ?? null, f.notice ?? null, entryFieldsJson(f.entryFields), now, now).lastInsertRowid)
        if (f.captions) this.captions.add(id, f.captions)
        return id
      })
    )()
  }

  getFile(id: number): FileRow | undefined {
    const r = this.s.getFile.get(id) as RawFile | undefined
    return r && toFileRow(r)
  }

  /** Several files in one query, in the order asked (a missing one is left out): a batch handed to the engine. */
  filesByIds(ids: readonly number[]): FileRow[] {
    return (this.s.filesByIds.all(JSON.stringify(ids)) as RawFile[]).map(toFileRow)
  }

  allFiles(): FileRow[] {
    return (this.s.allFiles.all() as RawFile[]).map(toFileRow)
  }

  /** Files shown in the list: everything not archived by "clear finished". */
  visibleFiles(): FileRow[] {
    return (this.s.visibleFiles.all() as RawFile[]).map(toFileRow)
  }

  /** Per state among listed files: how many, their bytes, and bytes the server confirmed. */
  stateCounts(): Array<{ state: FileState; files: number; bytes: number; confirmed: number }> {
    return this.s.stateCounts.all() as Array<{ state: FileState; files: number; bytes: number; confirmed: number }>
  }

  batchStateCounts(batchId: number): Array<{ state: FileState; files: number }> {
    return this.s.batchStateCounts.all(batchId) as Array<{ state: FileState; files: number }>
  }

  /** A file's state alone: a cheap look at one row. */
  fileState(id: number): FileState | undefined {
    return this.s.fileState.get(id) as FileState | undefined
  }

  /** The bytes the server confirmed for a file, alone: the chunk sender reads it after every acknowledgement. */
  confirmedBytes(id: number): number | undefined {
    return this.s.confirmedBytes.get(id) as number | undefined
  }

  /** The whole file is on the server: uploaded, every byte confirmed, no chunk left to remember, in one transaction. */
  markUploaded(id: number): void {
    this.db.transaction(() => {
      this.s.markUploaded.run(this.now(), id)
      this.s.clearChunks.run(id)
    })()
  }

  /** The newest file of the batch not yet done, failed, canceled or skipped, if there is one. */
  newestOpenFile(batchId: number): number | undefined {
    return this.s.newestOpenFile.get(batchId, TERMINAL_STATES_JSON) as number | undefined
  }

  /** Takes finished files out of the list; they stay in the journal for duplicate detection. */
  archiveFinished(): void {
    this.s.archiveFinished.run()
  }

  /** Takes these files out of the list, whatever their state; they stay in the journal as history. */
  archiveFiles(ids: readonly number[]): void {
    this.db.transaction(() => {
      for (const id of ids) this.s.archiveFile.run(id)
    })()
  }

  filesInStates(states: readonly FileState[]): FileRow[] {
    return (this.s.filesInStates.all(JSON.stringify(states)) as RawFile[]).map(toFileRow)
  }

  /** The files of one account's batches in these states. */
  accountFilesInStates(profileId: string, states: readonly FileState[]): FileRow[] {
    return (this.s.accountFilesInStates.all(profileId, JSON.stringify(states)) as RawFile[]).map(toFileRow)
  }

  /** Another live or finished file with the same size and content fingerprint, done ones first. */
  findDuplicate(size: number, fingerprint: string, excludeId = -1): FileRow | undefined {
    const r = this.s.findDuplicate.get(size, fingerprint, excludeId) as RawFile | undefined
    return r && toFileRow(r)
  }

  /** The most recent file journaled from this path, if any. */
  /** Which of these upload token ids some file of the journal holds. */
  tokensInUse(ids: readonly string[]): Set<string> {
    return new Set((this.s.tokensInUse.all({ ids: JSON.stringify(ids) }) as Array<{ id: string }>).map((r) => r.id))
  }

  /** Which of these entry ids some file of the journal holds. */
  entriesInUse(ids: readonly string[]): Set<string> {
    return new Set((this.s.entriesInUse.all(JSON.stringify(ids)) as Array<{ id: string }>).map((r) => r.id))
  }

  latestByPath(path: string): FileRow | undefined {
    const r = this.s.latestByPath.get(path) as RawFile | undefined
    return r && toFileRow(r)
  }

  /** The earlier file a file duplicates, learnt when its content was read after Start. */
  setDuplicateOf(id: number, ofFileId: number): void {
    this.s.setDuplicateOf.run(ofFileId, this.now(), id)
  }

  /** Runs journal writes as one transaction: what a run of late reads found, with the states it changes, together. */
  transaction(write: () => void): void {
    this.db.transaction(write)()
  }

  updateFile(id: number, patch: FilePatch): void {
    this.patch(id, patch)
  }

  /** Writes new states with their patches in one transaction. Only engine/stateChanges.ts calls this. */
  writeStates(changes: ReadonlyArray<readonly [number, FilePatch & { state: FileState }]>): void {
    // One UPDATE is a transaction of its own; BEGIN and COMMIT around it would only cost two more statements.
    if (changes.length === 1) {
      const [id, patch] = changes[0]!
      this.patch(id, patch)
      return
    }
    this.db.transaction(() => {
      for (const [id, patch] of changes) this.patch(id, patch)
    })()
  }

  private patch(id: number, patch: FilePatch & { state?: FileState }): void {
    const keys = (Object.keys(patch) as (keyof typeof patch)[]).filter((k) => patch[k] !== undefined).sort()
    if (keys.length === 0) return
    const signature = keys.join(',')
    let stmt = this.patchStatements.get(signature)
    if (!stmt) {
      const sets = keys.flatMap((k) =>
        k === 'error' ? ['error_kind = @error_kind', 'error_code = @error_code', 'error_message = @error_message'] : [`${PATCH_COLUMNS[k]} = @${k}`]
      )
      stmt = this.db.prepare(`UPDATE files SET ${sets.join(', ')}, updated_at = @updated_at WHERE id = @id`)
      this.patchStatements.set(signature, stmt)
    }
    const params: Record<string, SqlValue> = { id, updated_at: this.now() }
    for (const k of keys) {
      if (k === 'entryFields') {
        params[k] = entryFieldsJson(patch.entryFields)
      } else if (k === 'error') {
        params['error_kind'] = patch.error?.kind ?? null
        params['error_code'] = patch.error?.code ?? null
        params['error_message'] = patch.error?.message ?? null
      } else {
        const v = patch[k]
        params[k] = typeof v === 'boolean' ? (v ? 1 : 0) : (v as SqlValue)
      }
    }
    stmt.run(params)
  }

  // Chunks: written before a chunk leaves and after the server acknowledges it.

  chunkSending(fileId: number, tokenId: string, offset: number, length: number): void {
    this.s.chunkSending.run(fileId, tokenId, offset, length, this.now())
  }

  /** Marks a chunk acknowledged and records the server's contiguous offset, in one transaction. */
  chunkAcked(fileId: number, offset: number, serverOffset: number): void {
    const now = this.now()
    this.db.transaction(() => {
      this.s.chunkAcked.run(now, fileId, offset)
      this.s.setConfirmed.run(serverOffset, now, fileId)
      this.s.dropChunksBelow.run(fileId, serverOffset)
    })()
  }

  chunksFor(fileId: number): ChunkRow[] {
    return this.s.chunksFor.all(fileId) as ChunkRow[]
  }

  /** After the server reports its offset: forget chunks below it and everything still marked sending. */
  resetChunks(fileId: number, serverOffset: number, keepAcked: boolean): void {
    const now = this.now()
    this.db.transaction(() => {
      if (keepAcked) {
        this.s.dropChunksBelow.run(fileId, serverOffset)
        this.s.dropSending.run(fileId)
      } else {
        this.s.clearChunks.run(fileId)
      }
      this.s.setConfirmedExact.run(serverOffset, now, fileId)
    })()
  }

  // Profiles (never secrets: those live in the SecretStore)

  saveProfile(p: Omit<ProfileRow, 'createdAt' | 'updatedAt' | 'appTokenId' | 'roleId'> & { appTokenId?: string | null; roleId?: string | null }): void {
    this.s.upsertProfile.run({ ...p, appTokenId: p.appTokenId ?? null, roleId: p.roleId ?? null, now: this.now() })
  }

  getProfile(id: string): ProfileRow | undefined {
    const r = this.s.getProfile.get(id) as RawProfile | undefined
    return r && toProfileRow(r)
  }

  allProfiles(): ProfileRow[] {
    return (this.s.allProfiles.all() as RawProfile[]).map(toProfileRow)
  }

  deleteProfile(id: string): void {
    this.s.deleteProfile.run(id)
  }

  // Settings

  settings(): Settings {
    const r = this.s.getSetting.get('settings') as { value: string } | undefined
    return { ...DEFAULT_SETTINGS, ...(r ? (JSON.parse(r.value) as Partial<Settings>) : {}) }
  }

  saveSettings(settings: Settings): void {
    this.s.setSetting.run('settings', JSON.stringify(settings))
  }
}
