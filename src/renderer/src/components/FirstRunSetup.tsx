// The first thing a new user sees: no account yet, so the account form takes the stage.
import { useEffect } from 'react'
import { useUploaderStore } from '../store/appStore'
import { ProfileForm } from './ProfileForm'

export function FirstRunSetup(): React.JSX.Element {
  // Saving the first account takes this card away, and the focused Save button with it: the next step, adding a
  // folder, gets the focus rather than the page's body.
  useEffect(
    () => () => {
      if (document.activeElement === document.body || document.activeElement === null) document.querySelector<HTMLElement>('.drop-zone button:not(:disabled)')?.focus()
    },
    []
  )
  return (
    <section className="first-run" aria-labelledby="first-run-title">
      <h2 id="first-run-title">Set up your Kaltura account</h2>
      <p className="muted">
        Uploads go to one Kaltura account. Ask your Kaltura administrator for an application token; the partner ID is in the
        Management Console under Settings → Integration Settings.
      </p>
      <ProfileForm profile={null} onSaved={(p) => useUploaderStore.getState().notify('success', `Account “${p.name}” saved. Drop folders of videos to upload.`)} />
    </section>
  )
}
