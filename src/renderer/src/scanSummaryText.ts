// Words for a scan summary: media kinds counted, skipped items' groups labelled, largest group first, and the
// duplicates the batch would have, with what the chosen policy does to them; and what a Start queued.
import { formatCount } from '../../shared/format'
import type { DuplicateGroup, ScanDuplicates, ScanDuplicatesFound, ScanSummary, SkippedGroup, SkipReason, StartBatchResult } from '../../shared/ipc-contract'
import type { DuplicatePolicy, MediaKind } from '../../shared/uploads'
import { plural } from './words'

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

export interface LabelledDuplicates extends DuplicateGroup {
  key: keyof ScanDuplicates
  /** "Already uploaded (12)". */
  label: string
  /** What Start does to them under the chosen policy. */
  outcome: string
  notShown: number
}

const DUPLICATE_LABEL: Readonly<Record<keyof ScanDuplicates, string>> = {
  uploaded: 'Already uploaded',
  queued: 'Already in the queue',
  inBatch: 'Identical files in this selection'
}

function duplicateOutcome(key: keyof ScanDuplicates, policy: DuplicatePolicy): string {
  if (key === 'inBatch') return policy === 'skip' ? 'The first of each is uploaded; the copies are skipped.' : 'Every copy is uploaded, as chosen below.'
  if (key === 'queued') return policy === 'skip' ? 'The same files continue where they are; copies under other names are skipped.' : 'The same files continue where they are; copies under other names are uploaded as well.'
  return policy === 'skip' ? 'Skipped, as chosen below.' : 'Uploaded again, as chosen below.'
}

/** The kinds of duplicate the scan found, in a fixed order, with what Start will do to them. */
export function labelDuplicates(duplicates: ScanDuplicates, policy: DuplicatePolicy): LabelledDuplicates[] {
  return (Object.keys(DUPLICATE_LABEL) as Array<keyof ScanDuplicates>)
    .filter((key) => duplicates[key].count > 0)
    .map((key) => ({ ...duplicates[key], key, label: DUPLICATE_LABEL[key], outcome: duplicateOutcome(key, policy), notShown: duplicates[key].count - duplicates[key].examples.length }))
}

/** The summary with its duplicate check as far as the latest event says (the summary alone when none came yet). */
export function withDuplicateCheck(summary: ScanSummary, found: ScanDuplicatesFound | undefined): ScanSummary {
  if (!found || found.scanId !== summary.scanId) return summary
  return { ...summary, duplicates: found.duplicates, duplicateCheck: { checked: found.checked, total: found.total } }
}

/**
 * "Checking for duplicates… 1,200 of 10,000" while main reads the files, then "Checked 10,000 files for duplicates."
 * (the line stays, so the Start button below it does not jump when the check ends); null when there was no check.
 */
export function duplicateCheckText(summary: ScanSummary): string | null {
  const check = summary.duplicateCheck
  if (!check) return null
  if (check.checked < check.total) return `Checking for duplicates… ${formatCount(check.checked)} of ${formatCount(check.total)}`
  return `Checked ${plural(check.total, 'file', 'files')} for duplicates.`
}

export function duplicatesTotal(duplicates: ScanDuplicates): number {
  return duplicates.uploaded.count + duplicates.queued.count + duplicates.inBatch.count
}

/** "3 files queued, 2 skipped as already uploaded, 1 identical file in this batch skipped." */
export function startedText(result: StartBatchResult, policy: DuplicatePolicy): string {
  const parts = [`${plural(result.queued, 'file', 'files')} queued`]
  if (result.duplicates > 0) parts.push(`${formatCount(result.duplicates)} ${policy === 'skip' ? 'skipped as already uploaded or queued' : 'uploaded before, uploading again'}`)
  if (result.identicalInBatch > 0) parts.push(`${plural(result.identicalInBatch, 'identical copy', 'identical copies')} in this batch ${policy === 'skip' ? 'skipped' : 'uploaded as well'}`)
  const notRetried = result.notRetried.reduce((n, r) => n + r.count, 0)
  if (notRetried > 0) parts.push(`${plural(notRetried, 'failed file', 'failed files')} not tried again`)
  if (result.rejected.length > 0) parts.push(`${result.rejected.length} rejected`)
  return `${parts.join(', ')}.`
}
