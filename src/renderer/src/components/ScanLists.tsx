// The scan summary's lists: the duplicates found before Start (by kind, with what
// the chosen policy does to them, filling in while the files are read), and what was skipped, counted by reason with
// examples.
import { formatCount } from '../../../shared/format'
import type { ScanSummary } from '../../../shared/ipc-contract'
import type { DuplicatePolicy } from '../../../shared/uploads'
import { duplicateCheckText, duplicatesTotal, labelDuplicates, labelSkipped, skippedTotal } from '../scanSummaryText'
import { plural } from '../words'
import '../styles/actions.css'

export function SkippedList({ summary }: { summary: ScanSummary }): React.JSX.Element | null {
  if (summary.skipped.length === 0) return null
  return (
    <details className="scan-section">
      <summary>Skipped {plural(skippedTotal(summary.skipped), 'item', 'items')}</summary>
      {labelSkipped(summary.skipped).map((group) => (
        <details key={group.reason} className="skip-group">
          <summary>
            {group.label} ({formatCount(group.count)})
          </summary>
          <ul className="skip-items" aria-label={group.label} tabIndex={0}>
            {group.examples.map((item, i) => (
              <li key={`${item.path}-${i}`}>
                <span className="scan-path">{item.path}</span>
                <span className="muted">{item.message}</span>
              </li>
            ))}
          </ul>
          {group.notShown > 0 && <p className="muted">…and {formatCount(group.notShown)} more like these.</p>}
        </details>
      ))}
    </details>
  )
}

export function DuplicateList({ summary, policy }: { summary: ScanSummary; policy: DuplicatePolicy }): React.JSX.Element | null {
  const total = duplicatesTotal(summary.duplicates)
  const check = duplicateCheckText(summary)
  if (total === 0 && !check) return null
  return (
    <details className="scan-section scan-duplicates" open>
      <summary>Duplicates: {plural(total, 'file', 'files')}</summary>
      {check && (
        <p className="muted" role="status" aria-label="Duplicate check">
          {check}
        </p>
      )}
      {labelDuplicates(summary.duplicates, policy).map((group) => (
        <section key={group.key} aria-label={group.label}>
          <p>
            <strong>
              {group.label} ({formatCount(group.count)})
            </strong>{' '}
            <span className="muted">{group.outcome}</span>
          </p>
          <ul className="dup-list">
            {group.examples.map((d, i) => (
              <li key={`${d.relativePath}-${i}`}>
                <span className="scan-path">{d.relativePath}</span> <span className="dup-of">= {d.of}</span>
              </li>
            ))}
          </ul>
          {group.notShown > 0 && <p className="muted">…and {formatCount(group.notShown)} more like these.</p>}
        </section>
      ))}
    </details>
  )
}
