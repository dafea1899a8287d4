// The window's root: header, window-wide banners and messages, first-run setup, the drop zone, totals and the queue,
// and the dialogs. It fits the window from 800×600 up: only the queue scrolls, never the page.
import { useEffect } from 'react'
import { connect } from './actions/connect'
import { AccountsDialog } from './components/AccountsDialog'
import { DragOverlay, DropZone } from './components/DropZone'
import { FileDetailsDialog } from './components/FileDetailsDialog'
import { FirstRunSetup } from './components/FirstRunSetup'
import { Header } from './components/Header'
import { NoticeArea } from './components/NoticeArea'
import { QueueControls } from './components/QueueControls'
import { QueueTable } from './components/QueueTable'
import { ScanDialog } from './components/ScanDialog'
import { SettingsDialog } from './components/SettingsDialog'
import { TotalsBar } from './components/TotalsBar'
import { WindowBanners } from './components/WindowBanners'
import { useWindowDrop } from './hooks/useWindowDrop'
import { useUploaderStore } from './store/appStore'

export function App(): React.JSX.Element {
  useEffect(() => connect(), [])
  useWindowDrop()
  const hasFiles = useUploaderStore((s) => s.order.length > 0)
  const dialog = useUploaderStore((s) => s.dialog)
  const needsAccount = useUploaderStore((s) => s.connection === 'connected' && s.profilesLoaded && s.profiles.length === 0)
  const closeDialog = (): void => useUploaderStore.setState({ dialog: 'none' })
  return (
    <div className="app">
      <Header />
      <main className="app-main">
        {/* Banners and messages keep a ceiling and scroll inside it, so the queue always keeps its room. */}
        <div className="messages">
          <WindowBanners />
          <NoticeArea />
        </div>
        {needsAccount && dialog !== 'accounts' && <FirstRunSetup />}
        <DropZone compact={hasFiles || needsAccount} />
        {hasFiles && (
          <>
            <TotalsBar />
            <QueueControls />
            <QueueTable />
          </>
        )}
      </main>
      <ScanDialog />
      {dialog === 'accounts' && <AccountsDialog onClose={closeDialog} />}
      {dialog === 'settings' && <SettingsDialog onClose={closeDialog} />}
      <FileDetailsDialog />
      <DragOverlay />
    </div>
  )
}
