// Where an account's secret lives, by profile id: never the journal. The app keeps secrets in sealed files
// (secretFiles.ts); the headless command and tests hold them in memory.

/** Secrets by profile id; never the journal. */
export interface SecretStore {
  get(profileId: string): Promise<string | null>
  set(profileId: string, secret: string): Promise<void>
  delete(profileId: string): Promise<void>
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
