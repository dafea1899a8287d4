// Messages at the top of the window: request failures (alerts), news (status), and the batch-finished banner.
import { useEffect } from 'react'
import type { BatchFinished } from '../../../shared/ipc-contract'
import { batchFinishedText } from '../fileStatus'
import { useUploaderStore } from '../store/appStore'
import type { Notice } from '../store/notices'

/** Good news fades after a while; failures and warnings stay until dismissed. */
const SUCCESS_LINGERS_MS = 8000

function NoticeItem({ notice }: { notice: Notice }): React.JSX.Element {
  const dismiss = useUploaderStore((s) => s.dismissNotice)
  useEffect(() => {
    if (notice.tone !== 'success' || notice.details) return
    const timer = setTimeout(() => dismiss(notice.id), SUCCESS_LINGERS_MS)
    return () => clearTimeout(timer)
  }, [notice, dismiss])
  return (
    <div className={`banner banner-${notice.tone}`} role={notice.tone === 'error' ? 'alert' : 'status'}>
      <span className="banner-glyph" aria-hidden="true">
        {notice.tone === 'error' ? '!' : notice.tone === 'success' ? '✓' : 'i'}
      </span>
      <div className="banner-text">
        <p>{notice.text}</p>
        {notice.details && notice.details.length > 0 && (
          <details>
            <summary>Show {notice.details.length} details</summary>
            <ul className="banner-details">
              {notice.details.map((d, i) => (
                <li key={i}>{d}</li>
              ))}
            </ul>
          </details>
        )}
      </div>
      <button type="button" className="banner-dismiss" onClick={() => dismiss(notice.id)}>
        Dismiss
      </button>
    </div>
  )
}

function BatchFinishedBanner({ finished }: { finished: BatchFinished }): React.JSX.Element {
  const failed = (finished.summary.failed ?? 0) > 0
  // Offered only while failures remain in the queue: a retried or cleared batch has none left to show.
  const failedNow = useUploaderStore((s) => (s.totals.byState.failed ?? 0) > 0)
  const setView = useUploaderStore((s) => s.setView)
  return (
    <div className={`banner ${failed ? 'banner-error' : 'banner-success'}`} role="status">
      <span className="banner-glyph" aria-hidden="true">
        {failed ? '!' : '✓'}
      </span>
      <div className="banner-text">
        <p>{batchFinishedText(finished)}</p>
      </div>
      {failed && failedNow && (
        <button type="button" className="banner-action" onClick={() => setView({ group: 'failed', search: '' })}>
          Show failed
        </button>
      )}
      <button type="button" className="banner-dismiss" onClick={() => useUploaderStore.setState({ batchFinished: null })}>
        Dismiss
      </button>
    </div>
  )
}

export function NoticeArea(): React.JSX.Element | null {
  const notices = useUploaderStore((s) => s.notices)
  const finished = useUploaderStore((s) => s.batchFinished)
  if (notices.length === 0 && !finished) return null
  return (
    <div className="notices">
      {finished && <BatchFinishedBanner finished={finished} />}
      {notices.map((n) => (
        <NoticeItem key={n.id} notice={n} />
      ))}
    </div>
  )
}
