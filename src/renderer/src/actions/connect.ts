// The bridge from main to the store: subscribes to events and loads what main knows, once at start.
import { useUploaderStore } from '../store/appStore'
import { ask, uploader } from '../uploader'
import { firstTimeFor, rememberedProfileId } from './remembered'

/** Wires events into the store and loads the first state; returns the unsubscribe for the effect's cleanup. */
export function connect(): () => void {
  const api = uploader()
  const store = useUploaderStore
  if (!api) {
    store.setState({ connection: 'absent' })
    return () => undefined
  }
  const offUpdate = api.onEvent('files:update', ({ files, totals }) => store.getState().applyUpdate(files, totals))
  const offFinished = api.onEvent('batch:finished', (finished) => store.setState({ batchFinished: finished }))
  const offRemoved = api.onEvent('files:removed', ({ ids }) => store.getState().removeFiles(ids))
  const offDuplicates = api.onEvent('scan:duplicates', (found) => store.getState().duplicatesFound(found))
  void loadAll()
  return () => {
    offUpdate()
    offFinished()
    offRemoved()
    offDuplicates()
  }
}

async function loadAll(): Promise<void> {
  const store = useUploaderStore.getState()
  const [info, profiles, settings, files] = await Promise.all([
    ask((u) => u['app:info']()),
    ask((u) => u['profiles:list']()),
    ask((u) => u['settings:get']()),
    ask((u) => u['files:list']())
  ])
  useUploaderStore.setState({ connection: 'connected' })
  if (info.ok) {
    useUploaderStore.setState({ info: info.value })
    const notice = info.value.journalNotice
    if (notice && firstTimeFor(notice)) store.notify('info', notice)
  } else store.notify('error', info.message)
  if (profiles.ok) store.setProfiles(profiles.value, rememberedProfileId())
  else store.notify('error', `Accounts could not be loaded: ${profiles.message}`)
  if (settings.ok) useUploaderStore.setState({ settings: settings.value })
  else store.notify('error', `Settings could not be loaded: ${settings.message}`)
  if (files.ok) store.replaceAll(files.value.files, files.value.totals)
  else store.notify('error', `The upload list could not be loaded: ${files.message}`)
}
