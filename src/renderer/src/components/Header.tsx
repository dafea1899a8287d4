// The window's title bar: the app's name, which account uploads go to, and the Accounts and Settings buttons.
import { useId } from 'react'
import { selectProfile } from '../actions/accountActions'
import { useUploaderStore } from '../store/appStore'

export function Header(): React.JSX.Element {
  const info = useUploaderStore((s) => s.info)
  const connected = useUploaderStore((s) => s.connection === 'connected')
  const profiles = useUploaderStore((s) => s.profiles)
  const activeId = useUploaderStore((s) => s.activeProfileId)
  const accountId = useId()
  const open = (dialog: 'accounts' | 'settings'): void => useUploaderStore.setState({ dialog })
  return (
    <header className="app-header">
      <h1>Kaltura Batch Uploader</h1>
      <span className="app-version">{info ? `v${info.version}` : ''}</span>
      {connected && (
        <div className="app-header-tools">
          {profiles.length > 0 && (
            <div className="header-account">
              <label htmlFor={accountId}>Account</label>
              <select id={accountId} value={activeId ?? ''} onChange={(e) => selectProfile(e.target.value)}>
                {profiles.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.name}
                  </option>
                ))}
              </select>
            </div>
          )}
          <button type="button" onClick={() => open('accounts')}>
            Accounts…
          </button>
          <button type="button" onClick={() => open('settings')}>
            Settings…
          </button>
        </div>
      )}
    </header>
  )
}
