// Where an account's secret lives, by profile id: never the journal. Each secret is sealed to the account it was
// entered for (service URL, partner id, way in, token id): asked for under any other seal, it is not there, so a
// stored secret can never be sent to an address, partner or kind of sign-in the user did not enter it for.
import type { AccountSeal } from '../../shared/accounts'

/** How secrets are kept: in the operating system's keychain, or (without one) in memory for this session only. */
export type SecretPersistence = 'keychain' | 'session-only'

export interface SecretStore {
  /** The secret, only when it was stored under this very seal; null otherwise. */
  get(profileId: string, seal: AccountSeal): Promise<string | null>
  set(profileId: string, secret: string, seal: AccountSeal): Promise<void>
  delete(profileId: string): Promise<void>
  persistence(): Promise<SecretPersistence>
}
