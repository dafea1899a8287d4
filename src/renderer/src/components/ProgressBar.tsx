// A progress bar announced as role=progressbar with its percent; the fill is scaled, so a tick only repaints.
interface ProgressBarProps {
  label: string
  percent: number
  tone?: string
}

export function ProgressBar({ label, percent, tone }: ProgressBarProps): React.JSX.Element {
  return (
    <div
      className={tone ? `progress progress-${tone}` : 'progress'}
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={percent}
      aria-valuetext={`${percent}%`}
    >
      {/* A CSSOM transform, not a style attribute: allowed under style-src 'self'. */}
      <div className="progress-fill" style={{ transform: `scaleX(${percent / 100})` }} />
    </div>
  )
}
