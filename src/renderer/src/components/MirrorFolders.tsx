// "Mirror folders as categories": each file's folder under what was dropped becomes a category under a chosen parent,
// previewed folder by folder before Start, with the folders Kaltura cannot take as category names and why.
import { categoryForFolder } from '../../../shared/folderCategories'
import type { ScanSummary } from '../../../shared/ipc-contract'
import { plural } from '../words'
import { CategoryPicker } from './CategoryPicker'
import { Toggle } from './Field'

/** Enough rows to check the mapping; the rest are counted. */
const SHOWN_FOLDERS = 100

export interface MirrorChoice {
  on: boolean
  /** The parent's full name; "" mirrors at the root. */
  parent: string
}

export function MirrorFolders({ summary, choice, onChange }: { summary: ScanSummary; choice: MirrorChoice; onChange(choice: MirrorChoice): void }): React.JSX.Element {
  const rows = summary.folders.map((folder) => ({ folder, result: categoryForFolder(choice.parent, folder) }))
  const refused = rows.filter((r) => !r.result.ok).length
  return (
    <fieldset className="mirror">
      <legend>Folders as categories</legend>
      <Toggle label="Mirror folders as categories under" checked={choice.on} onChange={(on) => onChange({ ...choice, on })} />
      {choice.on && (
        <>
          <CategoryPicker
            label="Parent category"
            single
            value={choice.parent ? [choice.parent] : []}
            onChange={(names) => onChange({ ...choice, parent: names[0] ?? '' })}
            placeholder="None: the folders become top-level categories"
            hint="Each file also goes into its folder's category, besides the batch's; a sheet's or an edit's categories replace both."
          />
          <ul className="scan-preview mirror-preview" aria-label="Folder to category" tabIndex={0}>
            {rows.slice(0, SHOWN_FOLDERS).map(({ folder, result }) => (
              <li key={folder} className={result.ok ? undefined : 'mirror-refused'}>
                <span className="scan-path">{folder === '' ? '(top of the selection)' : folder}</span>
                <span className="mirror-arrow" aria-hidden="true">
                  →
                </span>
                <span className="scan-path mirror-target">
                  {result.ok ? result.fullName || 'no category' : (
                    <>
                      <span aria-hidden="true">! </span>
                      {result.message}; its files get no folder category
                    </>
                  )}
                </span>
              </li>
            ))}
          </ul>
          {rows.length > SHOWN_FOLDERS && <p className="muted">…and {plural(rows.length - SHOWN_FOLDERS, 'more folder', 'more folders')}.</p>}
          {refused > 0 && (
            <p className="field-error">
              <span aria-hidden="true">! </span>
              {plural(refused, 'folder', 'folders')} cannot be a category as named; rename {refused === 1 ? 'it' : 'them'} and drop again, or upload without their folder category.
            </p>
          )}
        </>
      )}
    </fieldset>
  )
}
