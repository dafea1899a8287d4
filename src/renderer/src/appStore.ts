// The renderer's app-level state: what main reported about itself.
import { create } from 'zustand'
import type { AppInfo } from '../../shared/ipc-contract'

interface AppState {
  info: AppInfo | null
  connected: boolean
  load(): Promise<void>
}

export const useAppStore = create<AppState>((set) => ({
  info: null,
  connected: false,
  async load() {
    const api = window.uploader
    if (!api) return
    set({ info: await api.appInfo(), connected: true })
  }
}))
