// Persistence of categories, category-entry assignments and caption assets under dataDir/catalog: one small JSON file
// each (atomic tmp+rename, writes chained per file), caption content beside its record, all loaded at start.
import { mkdir, readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { ChainedWrites, readJson } from './jsonFiles'

export interface CategoryRecord {
  id: number
  partnerId: number
  /** 0 at the root. */
  parentId: number
  depth: number
  name: string
  /** Names from the root, joined by ">" (categoryPeer::CATEGORY_SEPARATOR). */
  fullName: string
  /** Ids from the root, joined by ">". */
  fullIds: string
  description?: string
  tags?: string
  referenceId?: string
  /** KalturaCategoryStatus: 2 ACTIVE, 3 DELETED. */
  status: number
  createdAt: number
  updatedAt: number
}

export interface CategoryEntryRecord {
  categoryId: number
  entryId: string
  partnerId: number
  /** KalturaCategoryEntryStatus: 1 PENDING, 2 ACTIVE, 3 DELETED, 4 REJECTED. */
  status: number
  creatorUserId: string
  createdAt: number
  updatedAt: number
  /** Assignment order, for stable listing. */
  seq: number
}

export interface CaptionRecord {
  id: string
  entryId: string
  partnerId: number
  /** A KalturaLanguage value ("English"). */
  language?: string
  label?: string
  isDefault: boolean
  /** KalturaCaptionType: 1 SRT, 2 DFXP, 3 WEBVTT, 4 CAP, 5 SCC. */
  format: number
  /** KalturaAssetStatus: -1 ERROR, 0 QUEUED, 2 READY, 7 IMPORTING. */
  status: number
  version: number
  fileExt?: string
  size?: number
  sha256?: string
  tags?: string
  /** The upload token waiting to fill this asset (status IMPORTING). */
  tokenId?: string
  createdAt: number
  updatedAt: number
  seq: number
}

export class CatalogStore {
  readonly categories = new Map<number, CategoryRecord>()
  /** Keyed by `${entryId} ${categoryId}` (categoryEntryPeer::retrieveByCategoryIdAndEntryId). */
  readonly categoryEntries = new Map<string, CategoryEntryRecord>()
  readonly captions = new Map<string, CaptionRecord>()
  private readonly writes = new ChainedWrites()
  private nextCategoryId = 1
  private nextSeq = 1

  private constructor(private readonly root: string) {}

  static async open(dataDir: string): Promise<CatalogStore> {
    const store = new CatalogStore(join(dataDir, 'catalog'))
    await Promise.all(['categories', 'categoryEntries', 'captions'].map((dir) => mkdir(join(store.root, dir), { recursive: true })))
    for (const category of await store.load<CategoryRecord>('categories')) {
      store.categories.set(category.id, category)
      store.nextCategoryId = Math.max(store.nextCategoryId, category.id + 1)
    }
    for (const assignment of await store.load<CategoryEntryRecord>('categoryEntries')) {
      store.categoryEntries.set(assignmentKey(assignment.entryId, assignment.categoryId), assignment)
      store.nextSeq = Math.max(store.nextSeq, assignment.seq + 1)
    }
    for (const caption of await store.load<CaptionRecord>('captions')) {
      store.captions.set(caption.id, caption)
      store.nextSeq = Math.max(store.nextSeq, caption.seq + 1)
    }
    return store
  }

  takeCategoryId(): number {
    return this.nextCategoryId++
  }

  takeSeq(): number {
    return this.nextSeq++
  }

  saveCategory(category: CategoryRecord): Promise<void> {
    return this.writes.write(join(this.root, 'categories', `${category.id}.json`), () => JSON.stringify(category))
  }

  saveCategoryEntry(assignment: CategoryEntryRecord): Promise<void> {
    const name = `${assignment.entryId}_${assignment.categoryId}.json`
    return this.writes.write(join(this.root, 'categoryEntries', name), () => JSON.stringify(assignment))
  }

  saveCaption(caption: CaptionRecord): Promise<void> {
    return this.writes.write(join(this.root, 'captions', `${caption.id}.json`), () => JSON.stringify(caption))
  }

  /** Where a caption asset's content lives once set. */
  captionContentPath(captionId: string): string {
    return join(this.root, 'captions', `${captionId}.content`)
  }

  private async load<T>(dir: string): Promise<T[]> {
    const names = (await readdir(join(this.root, dir))).filter((name) => name.endsWith('.json'))
    const records: Array<T | undefined> = await Promise.all(names.map((name) => readJson<T>(join(this.root, dir, name))))
    return records.filter((record): record is T => record !== undefined)
  }

  /** Waits for every queued write. */
  flush(): Promise<void> {
    return this.writes.flush()
  }
}

export function assignmentKey(entryId: string, categoryId: number): string {
  return `${entryId} ${categoryId}`
}
