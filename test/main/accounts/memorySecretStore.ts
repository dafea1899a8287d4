// A secret store in memory, sealed like the real one, standing in for the keychain in handler and browser tests.
import { sealKey, type AccountSeal } from '../../../src/shared/accounts'
import type { SecretPersistence, SecretStore } from '../../../src/main/accounts/secretStore'

export class MemorySecretStore implements SecretStore {
  private readonly secrets = new Map<string, { seal: string; secret: string }>()

  async get(profileId: string, seal: AccountSeal): Promise<string | null> {
    const held = this.secrets.get(profileId)
    return held && held.seal === sealKey(seal) ? held.secret : null
  }

  async set(profileId: string, secret: string, seal: AccountSeal): Promise<void> {
    this.secrets.set(profileId, { seal: sealKey(seal), secret })
  }

  async delete(profileId: string): Promise<void> {
    this.secrets.delete(profileId)
  }

  async persistence(): Promise<SecretPersistence> {
    return 'keychain'
  }
}
