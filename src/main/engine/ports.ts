// What the engine needs from the desktop (or a test, or the terminal): power events and keeping the machine
// awake. The Electron shell provides real ones; tests drive their own.

export interface PowerEvents {
  /** Returns an unsubscribe function. */
  onSuspend(listener: () => void): () => void
  onResume(listener: () => void): () => void
}

export interface KeepAwake {
  /** Idempotent: called when uploads start and stop. */
  setActive(active: boolean): void
}

/** Power events that tests fire by hand. */
export class ManualPowerEvents implements PowerEvents {
  private readonly suspend = new Set<() => void>()
  private readonly resume = new Set<() => void>()

  onSuspend(listener: () => void): () => void {
    this.suspend.add(listener)
    return () => this.suspend.delete(listener)
  }

  onResume(listener: () => void): () => void {
    this.resume.add(listener)
    return () => this.resume.delete(listener)
  }

  fireSuspend(): void {
    for (const l of this.suspend) l()
  }

  fireResume(): void {
    for (const l of this.resume) l()
  }
}
