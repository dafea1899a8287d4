// A secret store in memory, standing in for the keychain-backed one in handler and browser tests.
import type { SecretStore } from '../../../src/main/accounts/secretStore'

/** Secrets held in memory only, for tests that drive the handlers without a keychain. */
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
