// The caption files that go with each video: journaled with the file, then sent as caption assets of its entry.
// The only SQL for the captions table.
import type Database from 'better-sqlite3'
import type { CaptionPatch, CaptionRow, CaptionState, NewCaption } from './rows'

interface RawCaption {
  id: number
  file_id: number
  path: string
  language: string
  format: NewCaption['format']
  size: number
  mtime_ms: number
  state: CaptionState
  entry_id: string | null
  asset_id: string | null
  token_id: string | null
  token_add_sent_at: number | null
  add_sent_at: number | null
  message: string | null
  updated_at: number
}

const PATCH_COLUMNS = {
  state: 'state',
  entryId: 'entry_id',
  assetId: 'asset_id',
  tokenId: 'token_id',
  tokenAddSentAt: 'token_add_sent_at',
  addSentAt: 'add_sent_at',
  message: 'message'
} as const satisfies Record<keyof CaptionPatch, string>

/** One caption's language and state, as a row of the list shows it. */
export interface CaptionBadge {
  fileId: number
  language: string
  state: CaptionState
}

export class CaptionStore {
  private readonly insert: Database.Statement
  private readonly ofFile: Database.Statement
  private readonly one: Database.Statement
  private readonly listed: Database.Statement
  private readonly patches = new Map<string, Database.Statement>()
  private writes = 0

  constructor(private readonly db: Database.Database, private readonly now: () => number) {
    this.insert = db.prepare(`INSERT INTO captions (file_id, path, language, format, size, mtime_ms, updated_at)
      VALUES (@fileId, @path, @language, @format, @size, @mtimeMs, @now)`)
    this.ofFile = db.prepare('SELECT * FROM captions WHERE file_id = ? ORDER BY id')
    this.one = db.prepare('SELECT * FROM captions WHERE id = ?')
    this.listed = db.prepare(`SELECT c.file_id AS fileId, c.language, c.state FROM captions c JOIN files f ON f.id = c.file_id
      WHERE f.archived = 0 ORDER BY c.file_id, c.id`)
  }

  /** Counts this store's writes: a reader holding what it read at one count knows it is current while the count is. */
  get revision(): number {
    return this.writes
  }

  /** The languages and states of every listed (not archived) file's captions, in one query. */
  badgesOfListedFiles(): CaptionBadge[] {
    return this.listed.all() as CaptionBadge[]
  }

  /** Journals a file's caption files; called inside the transaction that adds the file. */
  add(fileId: number, captions: readonly NewCaption[]): void {
    const now = this.now()
    for (const c of captions) this.insert.run({ ...c, fileId, now })
    this.writes++
  }

  of(fileId: number): CaptionRow[] {
    return (this.ofFile.all(fileId) as RawCaption[]).map(toCaptionRow)
  }

  get(id: number): CaptionRow | undefined {
    const r = this.one.get(id) as RawCaption | undefined
    return r && toCaptionRow(r)
  }

  update(id: number, patch: CaptionPatch): void {
    const keys = (Object.keys(patch) as (keyof CaptionPatch)[]).filter((k) => patch[k] !== undefined).sort()
    if (keys.length === 0) return
    const signature = keys.join(',')
    let stmt = this.patches.get(signature)
    if (!stmt) {
      stmt = this.db.prepare(`UPDATE captions SET ${keys.map((k) => `${PATCH_COLUMNS[k]} = @${k}`).join(', ')}, updated_at = @updatedAt WHERE id = @id`)
      this.patches.set(signature, stmt)
    }
    stmt.run({ ...Object.fromEntries(keys.map((k) => [k, patch[k]])), id, updatedAt: this.now() })
    this.writes++
  }
}

function toCaptionRow(r: RawCaption): CaptionRow {
  return {
    id: r.id,
    fileId: r.file_id,
    path: r.path,
    language: r.language,
    format: r.format,
    size: r.size,
    mtimeMs: r.mtime_ms,
    state: r.state,
    entryId: r.entry_id,
    assetId: r.asset_id,
    tokenId: r.token_id,
    tokenAddSentAt: r.token_add_sent_at,
    addSentAt: r.add_sent_at,
    message: r.message,
    updatedAt: r.updated_at
  }
}
