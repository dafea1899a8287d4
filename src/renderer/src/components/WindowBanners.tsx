// The window-wide banners, from main's totals: one for an outage or a busy server (a countdown to the next attempt,
// Retry now, the technical detail behind Details) and one per account Kaltura refused (Edit account). Rows only say
// they wait; the why is said here, once. One polite live region announces each banner as it comes and goes.
import { useEffect, useState } from 'react'
import type { HeldAccount, Outage } from '../../../shared/uploads'
import { outageText } from '../fileStatus'
import { useUploaderStore } from '../store/appStore'
import { ask } from '../uploader'

const NO_HELD: HeldAccount[] = []

/** Seconds until `at`, counted down once a second while a banner shows it. */
function useSecondsUntil(at: number | null): number | null {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    if (at === null) return
    setNow(Date.now())
    const timer = setInterval(() => setNow(Date.now()), 1000)
    return () => clearInterval(timer)
  }, [at])
  return at === null ? null : Math.max(0, Math.ceil((at - now) / 1000))
}

function OutageBanner({ outage }: { outage: Outage }): React.JSX.Element {
  const seconds = useSecondsUntil(outage.nextAttemptAt)
  const [failure, setFailure] = useState<string | null>(null)
  const text = outageText(outage)
  const retryNow = async (): Promise<void> => {
    const result = await ask((u) => u['files:retryNow']())
    setFailure(result.ok ? null : result.message)
  }
  return (
    <section className="banner banner-warn" aria-label={text.title}>
      <span className="banner-glyph" aria-hidden="true">
        !
      </span>
      <div className="banner-text">
        <p>
          <strong>{text.title}</strong> {text.body}
        </p>
        <p className="banner-countdown">{seconds === null || seconds === 0 ? 'Trying again now…' : `Next try in ${seconds} s.`}</p>
        <details className="banner-more">
          <summary>Details</summary>
          <p>
            Since {new Date(outage.since).toLocaleTimeString()}: <code>{outage.detail}</code>
          </p>
        </details>
        {failure && <p className="field-error">{failure}</p>}
      </div>
      <button type="button" className="banner-action" onClick={() => void retryNow()}>
        Retry now
      </button>
    </section>
  )
}

function HeldAccountBanner({ held }: { held: HeldAccount }): React.JSX.Element {
  const edit = (): void => useUploaderStore.setState({ dialog: 'accounts', accountToEdit: held.profileId })
  return (
    <section className="banner banner-error" aria-label={`Kaltura refused the account ${held.name}`}>
      <span className="banner-glyph" aria-hidden="true">
        !
      </span>
      <div className="banner-text">
        <p>
          <strong>Kaltura refused the account “{held.name}”:</strong> {held.message}
        </p>
        <p>Its files wait, paused, and go on by themselves once the account is saved again.</p>
      </div>
      <button type="button" className="banner-action" onClick={edit}>
        Edit account
      </button>
    </section>
  )
}

export function WindowBanners(): React.JSX.Element {
  const outage = useUploaderStore((s) => s.totals.outage ?? null)
  const held = useUploaderStore((s) => s.totals.heldAccounts ?? NO_HELD)
  // What the live region says: the banners' headlines only, so a countdown never chatters.
  const headline = [outage ? `${outageText(outage).title} ${outageText(outage).body}` : '', ...held.map((h) => `Kaltura refused the account ${h.name}.`)]
    .filter(Boolean)
    .join(' ')
  return (
    <>
      <div className="visually-hidden" aria-live="polite" aria-atomic="true">
        {headline}
      </div>
      {(outage || held.length > 0) && (
        <div className="window-banners">
          {outage && <OutageBanner outage={outage} />}
          {held.map((h) => (
            <HeldAccountBanner key={h.profileId} held={h} />
          ))}
        </div>
      )}
    </>
  )
}
