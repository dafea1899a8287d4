// The files a scan keeps beside the media rather than skipping: metadata sheets (kaltura-metadata.csv) and caption
// files (talk.en.srt). The walk only names them; batchIntake.ts reads and matches them.
import { isCaptionFile } from './captionFiles'
import { METADATA_SHEET_NAME } from './metadataSheet'

export type CompanionKind = 'sheet' | 'caption'

export interface Companion {
  kind: CompanionKind
  /** Absolute, as the walk reached it. */
  path: string
  /** From the dropped item's parent, '/'-separated, like a ScannedFile's. */
  relativePath: string
}

/**
 * What a file name makes of an item, before any stat. The sheet's name is compared without case: Windows and macOS
 * volumes do, and a user who typed "Kaltura-Metadata.csv" means the sheet.
 */
export function companionKindOf(name: string): CompanionKind | null {
  if (name.toLowerCase() === METADATA_SHEET_NAME) return 'sheet'
  if (isCaptionFile(name)) return 'caption'
  return null
}

/** One entry per path (overlapping drops may meet a folder's companions twice), in the order of their paths. */
export function orderCompanions(companions: readonly Companion[], compare: (a: string, b: string) => number): Companion[] {
  const unique = new Map<string, Companion>()
  for (const companion of companions) if (!unique.has(companion.path)) unique.set(companion.path, companion)
  return [...unique.values()].sort((a, b) => compare(a.relativePath, b.relativePath) || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
}
