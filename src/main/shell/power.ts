// Electron's power events and keep-awake behind the engine's ports.
import { powerMonitor, powerSaveBlocker } from 'electron'
import type { KeepAwake, PowerEvents } from '../engine/ports'

export const electronPowerEvents: PowerEvents = {
  onSuspend(listener) {
    powerMonitor.on('suspend', listener)
    return () => powerMonitor.off('suspend', listener)
  },
  onResume(listener) {
    powerMonitor.on('resume', listener)
    powerMonitor.on('unlock-screen', listener)
    return () => {
      powerMonitor.off('resume', listener)
      powerMonitor.off('unlock-screen', listener)
    }
  }
}

/** Keeps the system (not the display) awake while uploads run. */
export function createKeepAwake(): KeepAwake {
  let blocker: number | null = null
  return {
    setActive(active) {
      if (active && blocker === null) blocker = powerSaveBlocker.start('prevent-app-suspension')
      if (!active && blocker !== null) {
        powerSaveBlocker.stop(blocker)
        blocker = null
      }
    }
  }
}
