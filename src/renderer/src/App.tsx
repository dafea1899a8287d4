// The window's root: header and the drop zone where folders of videos arrive.
import { useEffect } from 'react'
import { useAppStore } from './appStore'

export function App(): React.JSX.Element {
  const { info, connected, load } = useAppStore()
  useEffect(() => {
    void load()
  }, [load])
  return (
    <main className="app">
      <header className="app-header">
        <h1>Kaltura Batch Uploader</h1>
        <span className="app-version">{info ? `v${info.version}` : ''}</span>
      </header>
      <section className="drop-zone" aria-label="Drop zone">
        <p>Drop folders of videos here</p>
        {!connected && <p className="notice" role="status">Not connected to the uploader engine.</p>}
      </section>
    </main>
  )
}
