// Where an account's secret lives, by profile id: never the journal. The app keeps secrets in sealed files
// (secretFiles.ts); tests hold them in memory.

/** Secrets by profile id; never the journal. */
export interface SecretStore {
  get(profileId: string): Promise<string | null>
  set(profileId: string, secret: string): Promise<void>
  delete(profileId: string): Promise<void>
}
