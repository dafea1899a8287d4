// Main's side of the one action rule (shared/fileStates.ts refusalOf): splits the files a command names into those
// it may act on and those it leaves, counting the reasons, so every refused file is explained to the user.
import type { FileRow } from '../journal/journal'
import { refusalOf, type ActionFacts, type ActionReport, type FileAction } from '../../shared/fileStates'

export type FactsOf = (row: FileRow) => ActionFacts

export function sortByRule(action: FileAction, rows: readonly FileRow[], factsOf: FactsOf): { allowed: FileRow[]; report: ActionReport } {
  const allowed: FileRow[] = []
  const reasons = new Map<string, number>()
  for (const row of rows) {
    const reason = refusalOf(action, factsOf(row))
    if (reason === null) allowed.push(row)
    else reasons.set(reason, (reasons.get(reason) ?? 0) + 1)
  }
  return { allowed, report: { done: allowed.length, refused: [...reasons].map(([reason, count]) => ({ reason, count })) } }
}

/** A report for ids the journal does not have (cleared, or never there). */
export function withMissing(report: ActionReport, missing: number): ActionReport {
  if (missing === 0) return report
  return { ...report, refused: [...report.refused, { reason: 'It is no longer in the list.', count: missing }] }
}
