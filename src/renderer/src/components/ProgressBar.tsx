// A progress bar announced as role=progressbar with the percent the server confirmed; bytes still in flight show as
// a lighter part ahead of it, never in the number. The fills are scaled, so a tick only repaints.
import type { BarParts } from '../fileStatus'

interface ProgressBarProps {
  label: string
  parts: BarParts
  tone?: string
}

export function ProgressBar({ label, parts, tone }: ProgressBarProps): React.JSX.Element {
  return (
    <div
      className={tone ? `progress progress-${tone}` : 'progress'}
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={parts.percent}
      aria-valuetext={`${parts.percent}% confirmed`}
    >
      {/* CSSOM transforms, not style attributes: allowed under style-src 'self'. */}
      <div className="progress-ahead" style={{ transform: `scaleX(${parts.ahead})` }} />
      <div className="progress-fill" style={{ transform: `scaleX(${parts.confirmed})` }} />
    </div>
  )
}
