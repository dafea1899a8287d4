// Persistence of token and entry records under dataDir: one small JSON file each, written atomically, loaded at start.
import { randomBytes } from 'node:crypto'
import { mkdir, readdir, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { ChainedWrites, readJson } from './jsonFiles'

export interface TokenRecord {
  id: string
  partnerId: number
  /** KS user that created the token; '' for a session without a user. */
  userId: string
  status: number
  fileName?: string
  fileSize?: number
  autoFinalize?: boolean
  /** What the API reports; lags dataLength after CANNOT_MATCH_EXPECTED_SIZE, like the real DB column. */
  uploadedFileSize?: number
  /** Contiguous bytes actually assembled in the data file. */
  dataLength: number
  /** Unix seconds. */
  createdAt: number
  updatedAt: number
  /** Insertion order, for stable listing. */
  seq: number
  attachedEntryId?: string
  attachedObjectType?: string
  attachedObjectId?: string
  bytesReceived: number
  uploadRequests: number
}

export interface EntryRecord {
  id: string
  partnerId: number
  name: string
  description?: string
  tags?: string
  categories?: string
  referenceId?: string
  userId?: string
  mediaType: number
  status: number
  /** entryModerationStatus (alpha/lib/enums/entryModerationStatus.php); absent on records from before it was kept. */
  moderationStatus?: number
  createdAt: number
  updatedAt: number
  tokenId?: string
  /** Server-clock ms when content arrived (processing started). */
  contentAtMs?: number
  getCallsSinceContent: number
  size?: number
  sha256?: string
}

export class Store {
  readonly tokens = new Map<string, TokenRecord>()
  readonly entries = new Map<string, EntryRecord>()
  readonly tmpDir: string
  private readonly tokensDir: string
  private readonly entriesDir: string
  private readonly writes = new ChainedWrites()
  private nextSeq = 1

  private constructor(dataDir: string) {
    this.tokensDir = join(dataDir, 'tokens')
    this.entriesDir = join(dataDir, 'entries')
    this.tmpDir = join(dataDir, 'tmp')
  }

  static async open(dataDir: string): Promise<Store> {
    const store = new Store(dataDir)
    await rm(store.tmpDir, { recursive: true, force: true })
    await Promise.all([store.tokensDir, store.entriesDir, store.tmpDir].map((dir) => mkdir(dir, { recursive: true })))
    const tokenIds = await readdir(store.tokensDir)
    const tokens = await Promise.all(tokenIds.map((id) => readJson<TokenRecord>(join(store.tokensDir, id, 'meta.json'))))
    for (const token of tokens.filter((t): t is TokenRecord => t !== undefined).sort((a, b) => a.seq - b.seq)) {
      store.tokens.set(token.id, token)
      store.nextSeq = Math.max(store.nextSeq, token.seq + 1)
    }
    const entryFiles = (await readdir(store.entriesDir)).filter((name) => name.endsWith('.json'))
    const entries = await Promise.all(entryFiles.map((name) => readJson<EntryRecord>(join(store.entriesDir, name))))
    for (const entry of entries.filter((e): e is EntryRecord => e !== undefined).sort((a, b) => a.createdAt - b.createdAt)) {
      store.entries.set(entry.id, entry)
    }
    return store
  }

  takeSeq(): number {
    return this.nextSeq++
  }

  tokenDir(tokenId: string): string {
    return join(this.tokensDir, tokenId)
  }

  async createTokenDir(tokenId: string): Promise<void> {
    await mkdir(this.tokenDir(tokenId), { recursive: true })
  }

  saveToken(token: TokenRecord): Promise<void> {
    return this.writes.write(join(this.tokenDir(token.id), 'meta.json'), () => JSON.stringify(token))
  }

  saveEntry(entry: EntryRecord): Promise<void> {
    return this.writes.write(join(this.entriesDir, `${entry.id}.json`), () => JSON.stringify(entry))
  }

  /** A fresh path in the scratch directory (same filesystem as the data, so rename works). */
  scratchPath(): string {
    return join(this.tmpDir, randomBytes(12).toString('hex'))
  }

  /** Waits for every queued write. */
  flush(): Promise<void> {
    return this.writes.flush()
  }

}
