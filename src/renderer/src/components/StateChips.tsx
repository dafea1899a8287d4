// The files-per-group chips of the totals bar; each is a toggle that filters the queue to its group.
import { formatCount } from '../../../shared/format'
import type { FileState } from '../../../shared/uploads'
import { STATE_LOOK } from '../fileStatus'
import { useUploaderStore } from '../store/appStore'
import { GROUP_ORDER, GROUP_STATES, type StateGroup } from '../store/queueView'
import { plural } from '../words'

const GROUP_LOOK: Readonly<Record<StateGroup, { label: string; state: FileState }>> = {
  active: { label: 'Active', state: 'uploading' },
  waiting: { label: 'Waiting', state: 'queued' },
  failed: { label: 'Failed', state: 'failed' },
  done: { label: 'Done', state: 'done' },
  stopped: { label: 'Not uploaded', state: 'canceled' }
}

export function StateChips(): React.JSX.Element {
  const totals = useUploaderStore((s) => s.totals)
  const chosen = useUploaderStore((s) => s.view.group)
  const setView = useUploaderStore((s) => s.setView)
  const counts = GROUP_ORDER.map((g) => [g, GROUP_STATES[g].reduce((n, s) => n + (totals.byState[s] ?? 0), 0)] as const)
  return (
    <ul className="totals-states" aria-label="Files by state">
      <li className="state-count">{plural(totals.files, 'file', 'files')}</li>
      {counts
        // A chosen chip stays even at zero, so the user can always turn its filter off where they turned it on.
        .filter(([g, n]) => n > 0 || g === chosen)
        .map(([g, n]) => {
          const look = STATE_LOOK[GROUP_LOOK[g].state]
          return (
            <li key={g}>
              <button
                type="button"
                className={`state-count state-chip state-${look.tone}`}
                aria-pressed={chosen === g}
                title={`Show only ${GROUP_LOOK[g].label.toLowerCase()} files`}
                onClick={() => setView({ group: chosen === g ? null : g })}
              >
                <span aria-hidden="true">{look.glyph}</span> {GROUP_LOOK[g].label} {formatCount(n)}
              </button>
            </li>
          )
        })}
    </ul>
  )
}
