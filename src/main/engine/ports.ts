// What the engine needs from the desktop (or a test, or the terminal): power events, keeping the machine awake,
// and secret storage. The Electron shell provides real ones; tests drive their own.

export interface PowerEvents {
  /** Returns an unsubscribe function. */
  onSuspend(listener: () => void): () => void
  onResume(listener: () => void): () => void
}

export interface KeepAwake {
  /** Idempotent: called when uploads start and stop. */
  setActive(active: boolean): void
}

/** Secrets by profile id; never the journal. */
export interface SecretStore {
  get(profileId: string): Promise<string | null>
  set(profileId: string, secret: string): Promise<void>
  delete(profileId: string): Promise<void>
}

/** Power events that tests (and the headless command) fire by hand. */
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

/** Secrets held in memory only: for the headless command (from flags or environment) and for tests. */
export class MemorySecretStore implements SecretStore {
  private readonly secrets = new Map<string, string>()

  async get(profileId: string): Promise<string | null> {
    return this.secrets.get(profileId) ?? null
  }

  async set(profileId: string, secret: string): Promise<void> {
    this.secrets.set(profileId, secret)
  }

  async delete(profileId: string): Promise<void> {
    this.secrets.delete(profileId)
  }
}

export const noKeepAwake: KeepAwake = { setActive() {} }
