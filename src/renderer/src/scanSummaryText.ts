// Words for a scan summary: media kinds counted, and skipped items' groups labelled, largest group first.
import { formatCount } from '../../shared/format'
import type { ScanSummary, SkippedGroup, SkipReason } from '../../shared/ipc-contract'
import type { MediaKind } from '../../shared/uploads'

// Every reason needs a label: a reason the scanner gains fails the build here until it has one.
const REASON_LABEL: Readonly<Record<SkipReason, string>> = {
  hidden: 'Hidden',
  system: 'System files and folders',
  'not-media': 'Not video, audio or images',
  'kind-not-selected': 'Kinds not selected in Settings',
  empty: 'Empty files',
  unreadable: 'Could not be read',
  'symlink-loop': 'Link loops',
  'broken-link': 'Broken links',
  'link-outside': 'Links to folders outside the drop',
  'not-regular': 'Not regular files',
  duplicate: 'Listed twice',
  missing: 'No longer there'
}

const KIND_WORDS: Readonly<Record<MediaKind, [string, string]>> = {
  video: ['video', 'videos'],
  audio: ['audio file', 'audio files'],
  image: ['image', 'images']
}

export interface LabelledSkips extends SkippedGroup {
  label: string
  /** How many items of the group the examples leave out. */
  notShown: number
}

export function labelSkipped(groups: readonly SkippedGroup[]): LabelledSkips[] {
  return groups
    .map((group) => ({ ...group, label: REASON_LABEL[group.reason], notShown: group.count - group.examples.length }))
    .sort((a, b) => b.count - a.count || a.label.localeCompare(b.label))
}

export function skippedTotal(groups: readonly SkippedGroup[]): number {
  return groups.reduce((sum, group) => sum + group.count, 0)
}

/** "118 videos, 2 audio files". */
export function kindsText(byKind: ScanSummary['byKind']): string {
  return (Object.keys(KIND_WORDS) as MediaKind[])
    .filter((k) => (byKind[k] ?? 0) > 0)
    .map((k) => {
      const n = byKind[k] ?? 0
      return `${formatCount(n)} ${KIND_WORDS[k][n === 1 ? 0 : 1]}`
    })
    .join(', ')
}
