// Words for a scan summary: media kinds counted, and skipped items grouped by reason, largest group first.
import { formatCount } from '../../shared/format'
import type { ScanSummary, SkippedItem, SkipReason } from '../../shared/ipc-contract'
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

interface SkippedGroup {
  reason: SkipReason
  label: string
  items: SkippedItem[]
}

export function groupSkipped(skipped: readonly SkippedItem[]): SkippedGroup[] {
  const groups = new Map<SkipReason, SkippedItem[]>()
  for (const item of skipped) {
    const list = groups.get(item.reason)
    if (list) list.push(item)
    else groups.set(item.reason, [item])
  }
  return [...groups.entries()]
    .map(([reason, items]) => ({ reason, label: REASON_LABEL[reason], items }))
    .sort((a, b) => b.items.length - a.items.length || a.label.localeCompare(b.label))
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
