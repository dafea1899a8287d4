// The first thing a new user sees: no account yet, so the account form takes the stage.
import { useUploaderStore } from '../store/appStore'
import { ProfileForm } from './ProfileForm'

export function FirstRunSetup(): React.JSX.Element {
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
