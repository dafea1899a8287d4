// A file's own entry details over its batch's: what its entry is called and carries. One rule for which value wins
// (an edit in the window over the metadata sheet, the sheet over a mirrored folder, any of them over the batch) and
// for the default title (the file name without its extension).
import type { BatchMetadata } from './uploads'

/** Values one file gives its entry; a field left out takes the batch's (the title: the file name without extension). */
export interface EntryFields {
  title?: string
  description?: string
  /** Comma-separated, as Kaltura's `tags` field takes them. */
  tags?: string
  /** Comma-separated full names ("Lectures>2026,Physics"), as the batch's. */
  categories?: string
  /** The entry's referenceId as the user gave it (a metadata sheet); absent: the batch's prefix plus an id of its own. */
  referenceId?: string
}

/** What a file's entry gets once the batch's defaults are filled in. */
export interface ResolvedEntryFields {
  title: string
  description: string
  tags: string
  categories: string
}

export const ENTRY_FIELD_NAMES = ['title', 'description', 'tags', 'categories', 'referenceId'] as const satisfies ReadonlyArray<keyof EntryFields>

/** The title a file gets when nothing names it: its name without the extension ("talk.mp4" → "talk"). */
export function defaultTitle(fileName: string): string {
  const dot = fileName.lastIndexOf('.')
  return dot > 0 ? fileName.slice(0, dot) : fileName
}

/** Later layers win, field by field; a field a layer leaves out (undefined) keeps the earlier value. */
export function layerEntryFields(...layers: ReadonlyArray<EntryFields | null | undefined>): EntryFields {
  const out: EntryFields = {}
  for (const layer of layers) {
    if (!layer) continue
    for (const name of ENTRY_FIELD_NAMES) {
      const value = layer[name]
      if (value !== undefined) out[name] = value
    }
  }
  return out
}

/** The file's own values over the batch's. */
export function resolveEntryFields(batch: BatchMetadata, fileName: string, own: EntryFields | null | undefined): ResolvedEntryFields {
  return {
    title: own?.title?.trim() || defaultTitle(fileName),
    description: own?.description ?? batch.description ?? '',
    tags: own?.tags ?? batch.tags ?? '',
    categories: own?.categories ?? batch.categories ?? ''
  }
}
