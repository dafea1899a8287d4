// The metadata sheets the scan found (kaltura-metadata.csv): how many files each gives details, and every line it
// refused, by number, so the user can fix the sheet and drop the folder again.
import type { ScanSummary } from '../../../shared/ipc-contract'
import { plural } from '../words'

export function sheetProblemCount(summary: ScanSummary): number {
  return summary.sheets.reduce((n, s) => n + s.problems.length, 0)
}

export function SheetReport({ summary }: { summary: ScanSummary }): React.JSX.Element | null {
  if (summary.sheets.length === 0 && summary.captions.matched === 0 && summary.captions.skipped.length === 0) return null
  const problems = sheetProblemCount(summary)
  return (
    <details className="scan-section" open={problems > 0}>
      <summary>
        {plural(summary.sheets.length, 'metadata sheet', 'metadata sheets')}
        {problems > 0 ? ` · ${plural(problems, 'problem', 'problems')}` : ''}
        {summary.captions.matched > 0 ? ` · ${plural(summary.captions.matched, 'caption file', 'caption files')}` : ''}
      </summary>
      {summary.sheets.map((sheet) => (
        <section key={sheet.relativePath} className="sheet" aria-label={`Sheet ${sheet.relativePath}`}>
          <p>
            <span className="scan-path">{sheet.relativePath}</span>{' '}
            <span className="muted">gives details to {plural(sheet.applied, 'file', 'files')}</span>
          </p>
          {sheet.problems.length > 0 && (
            <ul className="skip-items sheet-problems" aria-label={`Problems in ${sheet.relativePath}`} tabIndex={0}>
              {sheet.problems.map((p, i) => (
                <li key={`${p.line}-${i}`}>
                  <span className="field-error">{p.message}</span>
                </li>
              ))}
            </ul>
          )}
        </section>
      ))}
      {summary.captions.skipped.length > 0 && (
        <ul className="skip-items" aria-label="Caption files left out" tabIndex={0}>
          {summary.captions.skipped.map((c) => (
            <li key={c.relativePath}>
              <span className="scan-path">{c.relativePath}</span>
              <span className="muted">{c.reason}</span>
            </li>
          ))}
        </ul>
      )}
    </details>
  )
}
